import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PrincipalSpec } from '../policy/types.js';
import { compilePrincipal, strongest, type PrincipalMatch } from './principal.js';
import type { Principal } from './types.js';

const ORDER: PrincipalMatch[] = ['none', 'account', 'identity', 'direct'];

test('strongest: none < account < identity < direct, either way round', () => {
  for (const [i, a] of ORDER.entries()) {
    for (const [j, b] of ORDER.entries()) assert.equal(strongest(a, b), ORDER[Math.max(i, j)], `${a} vs ${b}`);
  }
});

const ACCOUNT = '111122223333';
const alice: Principal = { type: 'user', account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice`, userId: 'AIDAALICE' };
const session: Principal = {
  type: 'assumed-role',
  account: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Dev/s1`,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/Dev`,
  userId: 'AROADEV:s1',
} as Principal;
const root: Principal = { type: 'root', account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` };
const service: Principal = { type: 'service', service: 'ec2.amazonaws.com' };

test('Principal matching: the strongest kind any value grants', () => {
  const cases: Array<[PrincipalSpec, Principal, PrincipalMatch]> = [
    ['*', alice, 'direct'],
    [{ AWS: ['*'] }, service, 'direct'],
    [{ AWS: [alice.arn] }, alice, 'direct'],
    [{ AWS: [ACCOUNT] }, alice, 'account'],
    [{ AWS: [`arn:aws:iam::${ACCOUNT}:root`] }, alice, 'account'],
    [{ AWS: [`arn:aws:iam::${ACCOUNT}:root`] }, root, 'direct'],
    [{ AWS: [`arn:aws-cn:iam::${ACCOUNT}:root`] }, alice, 'none'],
    [{ AWS: [`arn:aws:iam::${ACCOUNT}:root`, alice.arn] }, alice, 'direct'],
    [{ AWS: [alice.arn, `arn:aws:iam::${ACCOUNT}:root`] }, alice, 'direct'],
    [{ AWS: [`arn:aws:iam::${ACCOUNT}:role/Dev`] }, session, 'identity'],
    [{ AWS: [`arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${ACCOUNT}:role/Dev`] }, session, 'identity'],
    [{ AWS: [`arn:aws:iam::${ACCOUNT}:role/Dev`, `arn:aws:sts::${ACCOUNT}:assumed-role/Dev/s1`] }, session, 'direct'],
    [{ AWS: ['999988887777'] }, alice, 'none'],
    [{ Service: ['ec2.amazonaws.com'] }, service, 'direct'],
    [{ Service: ['ec2.amazonaws.com'] }, alice, 'none'],
    [{ AWS: [alice.arn] }, service, 'none'],
  ];
  for (const [spec, p, want] of cases) assert.equal(compilePrincipal(spec)(p), want, `${JSON.stringify(spec)} / ${JSON.stringify(p)}`);
});
