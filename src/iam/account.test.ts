import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCOUNT_QUOTAS, checkAlias } from './account.js';
import { IamError } from './errors.js';

test('account aliases: AWS’s pattern, and no 12-digit number', () => {
  const cases: [string, 'ok' | 'ValidationError' | 'InvalidInput'][] = [
    ['abc', 'ok'],
    ['example-corp', 'ok'],
    ['a1-b2-c3', 'ok'],
    ['a'.repeat(63), 'ok'],
    ['1234567890123', 'ok'], // 13 digits: not an account id
    ['12345678901', 'ok'],
    ['123456789012', 'InvalidInput'],
    ['ab', 'ValidationError'],
    ['a'.repeat(64), 'ValidationError'],
    ['-abc', 'ValidationError'],
    ['abc-', 'ValidationError'],
    ['ab--cd', 'ValidationError'],
    ['Example', 'ValidationError'],
    ['ex_ample', 'ValidationError'],
    ['ex.ample', 'ValidationError'],
  ];
  for (const [alias, want] of cases) {
    if (want === 'ok') {
      assert.doesNotThrow(() => checkAlias(alias), alias);
    } else {
      assert.throws(() => checkAlias(alias), (e: unknown) => e instanceof IamError && e.code === want, alias);
    }
  }
});

test('the quotas GetAccountSummary reports are IAM’s', () => {
  assert.deepEqual(ACCOUNT_QUOTAS, {
    UsersQuota: 5000,
    GroupsQuota: 300,
    RolesQuota: 1000,
    PoliciesQuota: 1500,
    InstanceProfilesQuota: 1000,
    ServerCertificatesQuota: 20,
    GroupsPerUserQuota: 10,
    AccessKeysPerUserQuota: 2,
    SigningCertificatesPerUserQuota: 2,
    AttachedPoliciesPerUserQuota: 10,
    AttachedPoliciesPerGroupQuota: 10,
    AttachedPoliciesPerRoleQuota: 10,
    UserPolicySizeQuota: 2048,
    GroupPolicySizeQuota: 5120,
    RolePolicySizeQuota: 10240,
    PolicySizeQuota: 6144,
    AssumeRolePolicySizeQuota: 2048,
    VersionsPerPolicyQuota: 5,
    PolicyVersionsInUseQuota: 10000,
  });
});
