import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openStore } from '../store/index.js';
import type { Store } from '../store/port.js';
import { boundaryContext, boundaryDocument, checkBoundaryArn } from './boundaries.js';
import { IamError } from './errors.js';
import type { Caller } from './operation.js';

const ACCOUNT = '123456789012';
const caller: Caller = {
  principal: { type: 'root', account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` },
  accountId: ACCOUNT,
  accessKeyId: 'AKIAEXAMPLEEXAMPLE00',
  region: 'us-east-1',
  partition: 'aws',
};
const OWN = `arn:aws:iam::${ACCOUNT}:policy/team/Boundary`;
const OWN_DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';

let store: Store;
before(async () => {
  store = await openStore({ kind: 'sqlite-memory' });
  await store.write(async (tx) => {
    await tx.accounts.create({ id: ACCOUNT, createdAt: new Date(0) });
    await tx.managedPolicies.create({ accountId: ACCOUNT, policyId: 'ANPAEXAMPLEEXAMPLE001', name: 'Boundary', path: '/team/', arn: OWN, createDate: new Date(0) }, OWN_DOC);
  });
});
after(() => store?.close());

test('checkBoundaryArn: which ARNs may be a boundary, and AWS’s error for the others', async () => {
  const cases: Array<[string, 'ok' | 'InvalidInput' | 'NoSuchEntity' | 'PolicyNotAttachable']> = [
    [OWN, 'ok'],
    ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'ok'],
    ['arn:aws:iam::aws:policy/job-function/ViewOnlyAccess', 'ok'],
    [`arn:aws:iam::${ACCOUNT}:policy/team/Missing`, 'NoSuchEntity'],
    [`arn:aws:iam::${ACCOUNT}:policy/Boundary`, 'NoSuchEntity'], // the path is part of the ARN
    ['arn:aws:iam::210987654321:policy/team/Boundary', 'NoSuchEntity'],
    ['arn:aws:iam::aws:policy/NotAnAwsPolicy', 'NoSuchEntity'],
    ['arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy', 'PolicyNotAttachable'],
    ['not-an-arn-but-long-enough', 'InvalidInput'],
    [`arn:aws:iam::${ACCOUNT}:role/team/Boundary`, 'InvalidInput'],
    [`arn:aws:iam::${ACCOUNT}:policy/`, 'InvalidInput'],
    [`arn:aws:iam:us-east-1:${ACCOUNT}:policy/team/Boundary`, 'InvalidInput'],
    ['arn:aws:s3:::bucket/policy/x', 'InvalidInput'],
    [`arn:aws:iam:${ACCOUNT}`, 'InvalidInput'],
  ];
  await store.read(async (tx) => {
    for (const [arn, want] of cases) {
      if (want === 'ok') {
        assert.equal(await checkBoundaryArn(tx, caller, arn), arn, arn);
      } else {
        await assert.rejects(checkBoundaryArn(tx, caller, arn), (e: unknown) => e instanceof IamError && e.code === want, arn);
      }
    }
  });
});

test('boundaryDocument: the default version of a customer policy, the AWS policy’s document', async () => {
  await store.read(async (tx) => {
    assert.equal(await boundaryDocument(tx, OWN), OWN_DOC);
    const aws = await boundaryDocument(tx, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
    assert.ok(aws && (JSON.parse(aws) as { Statement: unknown[] }).Statement.length > 0);
    assert.equal(await boundaryDocument(tx, `arn:aws:iam::${ACCOUNT}:policy/gone`), undefined);
  });
});

test('boundaryContext: iam:PermissionsBoundary only when there is a boundary', () => {
  assert.deepEqual(boundaryContext(OWN), [['iam:PermissionsBoundary', OWN]]);
  assert.deepEqual(boundaryContext(undefined), []);
});
