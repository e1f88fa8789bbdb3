import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { evaluate, PolicyCache, type Principal } from '../evaluation/index.js';
import { RequestContext } from '../policy/context.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/port.js';
import type { Role, User } from '../store/types.js';
import { rolePolicySets, userPolicySets } from './authorization.js';

const ACCOUNT = '123456789012';
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/Boundary`;
const ATTACHED = `arn:aws:iam::${ACCOUNT}:policy/Attached`;
const doc = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

const role: Role = {
  accountId: ACCOUNT,
  roleId: 'AROAEXAMPLEEXAMPLE001',
  name: 'app',
  path: '/',
  arn: `arn:aws:iam::${ACCOUNT}:role/app`,
  createDate: new Date(0),
  assumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
  maxSessionDuration: 3600,
  permissionsBoundaryArn: BOUNDARY,
};
const user: User = { accountId: ACCOUNT, userId: 'AIDAEXAMPLEEXAMPLE001', name: 'u', path: '/', arn: `arn:aws:iam::${ACCOUNT}:user/u`, createDate: new Date(0) };

let store: Store;
before(async () => {
  store = await openStore({ kind: 'sqlite-memory' });
  await store.write(async (tx) => {
    await tx.accounts.create({ id: ACCOUNT, createdAt: new Date(0) });
    await tx.managedPolicies.create({ accountId: ACCOUNT, policyId: 'ANPAEXAMPLEEXAMPLE001', name: 'Boundary', path: '/', arn: BOUNDARY, createDate: new Date(0) }, doc(['s3:*', 'sqs:*']));
    await tx.managedPolicies.create({ accountId: ACCOUNT, policyId: 'ANPAEXAMPLEEXAMPLE002', name: 'Attached', path: '/', arn: ATTACHED, createDate: new Date(0) }, doc(['sqs:SendMessage']));
    await tx.roles.create(role);
    await tx.inlinePolicies.put({ ownerType: 'role', ownerId: role.roleId, policyName: 'inline', document: doc(['s3:GetObject', 'iam:GetUser']) });
    await tx.policyAttachments.attach('role', role.roleId, ATTACHED);
    await tx.users.create(user);
    await tx.userPolicies.put({ accountId: ACCOUNT, userName: 'u', policyName: 'p', document: doc(['s3:GetObject', 'iam:GetUser']) });
  });
});
after(() => store?.close());

test('rolePolicySets: inline and attached identity policies, capped by the boundary', async () => {
  const cache = new PolicyCache();
  const sets = await store.read((tx) => rolePolicySets(tx, cache, role));
  assert.deepEqual(sets.identity.map((r) => r.id), ['inline', ATTACHED]);
  assert.equal(sets.boundary?.id, BOUNDARY);
  const principal: Principal = { type: 'assumed-role', account: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s`, roleArn: role.arn };
  const cases: Array<[string, 'Allow' | 'ImplicitDeny', string | undefined]> = [
    ['s3:GetObject', 'Allow', undefined],
    ['sqs:SendMessage', 'Allow', undefined],
    ['iam:GetUser', 'ImplicitDeny', 'boundary'], // the identity policy allows it, the boundary does not
    ['s3:PutObject', 'ImplicitDeny', 'identity'], // the boundary allows it, no identity policy does
  ];
  for (const [action, outcome, deniedBy] of cases) {
    const d = evaluate({ principal, action, resource: '*', context: new RequestContext() }, sets);
    assert.equal(d.outcome, outcome, action);
    assert.equal(d.deniedBy, deniedBy, action);
  }
});

test('userPolicySets: no boundary set means no boundary policy type', async () => {
  const cache = new PolicyCache();
  const sets = await store.read((tx) => userPolicySets(tx, cache, user));
  assert.equal(sets.boundary, undefined);
  const withBoundary = await store.read((tx) => userPolicySets(tx, cache, { ...user, permissionsBoundaryArn: BOUNDARY }));
  assert.equal(withBoundary.boundary?.id, BOUNDARY);
  const principal: Principal = { type: 'user', account: ACCOUNT, arn: user.arn };
  assert.equal(evaluate({ principal, action: 'iam:GetUser', resource: '*', context: new RequestContext() }, sets).outcome, 'Allow');
  assert.equal(evaluate({ principal, action: 'iam:GetUser', resource: '*', context: new RequestContext() }, withBoundary).outcome, 'ImplicitDeny');
  // A boundary whose policy is gone allows nothing (fails closed).
  const gone = await store.read((tx) => userPolicySets(tx, cache, { ...user, permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/Gone` }));
  assert.equal(evaluate({ principal, action: 's3:GetObject', resource: '*', context: new RequestContext() }, gone).outcome, 'ImplicitDeny');
});
