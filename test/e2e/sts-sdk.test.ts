// STS through the SDK: AssumeRole within and across accounts (trust policy, ExternalId, both
// sides' policies), session policies, session tags as aws:PrincipalTag, role chaining (one-hour
// cap, transitive tags), expiry with an injected clock, tampered and misplaced tokens,
// GetSessionToken and GetFederationToken with what each kind of session may not call.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, test } from 'node:test';
import {
  CreateRoleCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetRoleCommand,
  GetUserCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  type Credentials as StsCredentials,
} from '@aws-sdk/client-sts';
import { ManualClock } from '../../src/lib/clock.js';
import { base32Decode, totp } from '../../src/lib/totp.js';
import { secretAccessKey, accessKeyId as newAccessKeyId } from '../../src/lib/ids.js';
import { sealSecret } from '../../src/iam/access-keys.js';
import { loadMasterKey } from '../../src/server/keys.js';
import { policy, rejectsWith, serverFixture, userWithKey, type Credentials } from './helpers.js';

const clock = new ManualClock(Date.now());
const fx = serverFixture({ clock });
const { iam, sts } = fx;
let alice: Credentials;
const OTHER_ACCOUNT = '222233334444';
let other: Credentials;

function creds(c: StsCredentials | undefined): Credentials {
  assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken);
  assert.match(c.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}
const roleArn = (name: string, account = fx.ts.accountId) => `arn:aws:iam::${account}:role/${name}`;
const trust = (...statements: Record<string, unknown>[]) => JSON.stringify(policy(...statements));

before(async () => {
  await fx.ready();
  alice = await userWithKey(fx.root, 'alice', {
    assume: policy({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:GetFederationToken', 'sts:GetAccessKeyInfo'], Resource: '*' }),
    read: policy({ Effect: 'Allow', Action: ['iam:ListUsers', 'iam:GetUser'], Resource: '*' }),
  });
  const account = { AWS: `arn:aws:iam::${fx.ts.accountId}:root` };
  await fx.root.send(
    new CreateRoleCommand({
      RoleName: 'Deployer',
      AssumeRolePolicyDocument: trust(
        { Effect: 'Allow', Principal: account, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } } },
        { Effect: 'Allow', Principal: account, Action: 'sts:TagSession' },
      ),
      MaxSessionDuration: 7200,
    }),
  );
  await fx.root.send(
    new PutRolePolicyCommand({
      RoleName: 'Deployer',
      PolicyName: 'work',
      PolicyDocument: JSON.stringify(
        policy(
          { Effect: 'Allow', Action: ['iam:ListUsers', 'iam:GetRole', 'sts:AssumeRole', 'sts:TagSession'], Resource: '*' },
          { Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } },
        ),
      ),
    }),
  );
  await fx.root.send(
    new CreateRoleCommand({
      RoleName: 'Chained',
      AssumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { AWS: roleArn('Deployer') }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
    }),
  );
  await fx.root.send(
    new PutRolePolicyCommand({
      RoleName: 'Chained',
      PolicyName: 'tagged',
      PolicyDocument: JSON.stringify(policy({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/project': 'apollo' } } })),
    }),
  );

  // A second account, made through the store (the Organizations issue makes them through the API).
  const sealing = loadMasterKey({ dataDir: fx.ts.dataDir, persistent: true });
  other = { accessKeyId: newAccessKeyId(), secretAccessKey: secretAccessKey() };
  await fx.ts.server.store.write(async (tx) => {
    await tx.accounts.create({ id: OTHER_ACCOUNT, createdAt: new Date() });
    await tx.accessKeys.create({
      accessKeyId: other.accessKeyId,
      accountId: OTHER_ACCOUNT,
      userName: null,
      status: 'Active',
      secretCiphertext: sealSecret(sealing, other.accessKeyId, other.secretAccessKey),
      createDate: new Date(),
    });
  });
  fx.ts.server.app.invalidate();
  const otherRoot = iam(other);
  await otherRoot.send(
    new CreateRoleCommand({
      RoleName: 'CrossReader',
      AssumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${fx.ts.accountId}:root` }, Action: 'sts:AssumeRole' }),
    }),
  );
  await otherRoot.send(
    new PutRolePolicyCommand({ RoleName: 'CrossReader', PolicyName: 'read', PolicyDocument: JSON.stringify(policy({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' })) }),
  );
});

describe('AssumeRole', () => {
  test('ExternalId: missing and wrong are denied with AWS message, right is allowed', async () => {
    const a = sts(alice);
    const denied = `User: arn:aws:iam::${fx.ts.accountId}:user/alice is not authorized to perform: sts:AssumeRole on resource: ${roleArn('Deployer')}`;
    await rejectsWith(a.send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 's1' })), { code: 'AccessDenied', status: 403, message: new RegExp(`^${denied.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`) });
    await rejectsWith(a.send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 's1', ExternalId: 'nope' })), { code: 'AccessDenied', status: 403 });
    const out = await a.send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 's1', ExternalId: 'ext-123' }));
    const session = creds(out.Credentials);
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${fx.ts.accountId}:assumed-role/Deployer/s1`);
    assert.match(out.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z2-7]{17}:s1$/);
    assert.ok(out.Credentials?.Expiration instanceof Date);
    assert.ok(Math.abs(out.Credentials.Expiration.getTime() - clock.now().getTime() - 3600_000) < 2000);

    const who = await sts(session).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, out.AssumedRoleUser?.Arn);
    assert.equal(who.UserId, out.AssumedRoleUser?.AssumedRoleId);
    assert.equal(who.Account, fx.ts.accountId);

    // The role's permissions, not alice's.
    await iam(session).send(new ListUsersCommand({}));
    await iam(session).send(new GetRoleCommand({ RoleName: 'Deployer' }));
    await rejectsWith(iam(session).send(new GetUserCommand({ UserName: 'alice' })), {
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:sts::${fx.ts.accountId}:assumed-role/Deployer/s1 is not authorized to perform: iam:GetUser on resource: arn:aws:iam::${fx.ts.accountId}:user/alice because no identity-based policy allows the iam:GetUser action`,
    });
    // RoleLastUsed is recorded.
    const role = await fx.root.send(new GetRoleCommand({ RoleName: 'Deployer' }));
    assert.ok(role.Role?.RoleLastUsed?.LastUsedDate instanceof Date);
    assert.equal(role.Role?.RoleLastUsed?.Region, 'us-east-1');
  });

  test('a role that does not exist, and the root user, are refused', async () => {
    await rejectsWith(sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn('Nope'), RoleSessionName: 'ss' })), { code: 'AccessDenied', status: 403 });
    await rejectsWith(sts(fx.ts.root).send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 'ss', ExternalId: 'ext-123' })), {
      code: 'AccessDenied',
      status: 403,
      message: 'Roles may not be assumed by root accounts.',
    });
  });

  test('DurationSeconds up to the role MaxSessionDuration', async () => {
    const a = sts(alice);
    const ok = await a.send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 'long', ExternalId: 'ext-123', DurationSeconds: 7200 }));
    assert.ok(Math.abs((ok.Credentials?.Expiration?.getTime() ?? 0) - clock.now().getTime() - 7200_000) < 2000);
    await rejectsWith(a.send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 'long', ExternalId: 'ext-123', DurationSeconds: 7201 })), {
      code: 'ValidationError',
      status: 400,
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });

  test('a session policy narrows the role', async () => {
    const out = await sts(alice).send(
      new AssumeRoleCommand({
        RoleArn: roleArn('Deployer'),
        RoleSessionName: 'narrow',
        ExternalId: 'ext-123',
        Policy: JSON.stringify(policy({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' })),
      }),
    );
    assert.equal(typeof out.PackedPolicySize, 'number');
    const s = iam(creds(out.Credentials));
    await s.send(new GetRoleCommand({ RoleName: 'Deployer' }));
    await rejectsWith(s.send(new ListUsersCommand({})), { code: 'AccessDenied', status: 403, message: /because no session policy allows the iam:ListUsers action/ });
  });

  test('a malformed session policy is MalformedPolicyDocument', async () => {
    await rejectsWith(
      sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 'bad', ExternalId: 'ext-123', Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}' })),
      { code: 'MalformedPolicyDocument', status: 400 },
    );
  });

  test('session tags are aws:PrincipalTag; tagging needs sts:TagSession in the trust policy', async () => {
    const a = sts(alice);
    const tagged = creds(
      (await a.send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 'blue', ExternalId: 'ext-123', Tags: [{ Key: 'team', Value: 'blue' }] }))).Credentials,
    );
    await iam(tagged).send(new ListRolesCommand({}));
    const plain = creds((await a.send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 'plain', ExternalId: 'ext-123' }))).Credentials);
    await rejectsWith(iam(plain).send(new ListRolesCommand({})), { code: 'AccessDenied', status: 403 });
    // Chained trusts Deployer for AssumeRole and TagSession; CrossReader's trust has no TagSession.
    await rejectsWith(
      a.send(new AssumeRoleCommand({ RoleArn: roleArn('CrossReader', OTHER_ACCOUNT), RoleSessionName: 'tt', Tags: [{ Key: 'team', Value: 'blue' }] })),
      { code: 'AccessDenied', status: 403, message: /sts:TagSession/ },
    );
  });

  test('too many or too large session tags are PackedPolicyTooLarge', async () => {
    // Random text, as real tag values are: it does not pack away.
    const tags = Array.from({ length: 50 }, (_, i) => ({ Key: `key-${i}-${randomBytes(40).toString('hex')}`, Value: randomBytes(120).toString('hex') }));
    const err = await rejectsWith(sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 'big', ExternalId: 'ext-123', Tags: tags })), {
      code: 'PackedPolicyTooLarge',
      status: 400,
    });
    assert.match(err.message, /^Packed policy consumes \d+% of allotted space, please use smaller policy\.$/);
  });

  test('role chaining: capped at one hour, transitive tags carried', async () => {
    const first = creds(
      (
        await sts(alice).send(
          new AssumeRoleCommand({
            RoleArn: roleArn('Deployer'),
            RoleSessionName: 'hop1',
            ExternalId: 'ext-123',
            Tags: [{ Key: 'project', Value: 'apollo' }, { Key: 'team', Value: 'blue' }],
            TransitiveTagKeys: ['project'],
          }),
        )
      ).Credentials,
    );
    const hop = sts(first);
    await rejectsWith(hop.send(new AssumeRoleCommand({ RoleArn: roleArn('Chained'), RoleSessionName: 'hop2', DurationSeconds: 3601 })), {
      code: 'ValidationError',
      status: 400,
      message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    const second = creds((await hop.send(new AssumeRoleCommand({ RoleArn: roleArn('Chained'), RoleSessionName: 'hop2' }))).Credentials);
    // project=apollo came through; Chained's policy requires it.
    await iam(second).send(new ListRolesCommand({}));
    const who = await sts(second).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:sts::${fx.ts.accountId}:assumed-role/Chained/hop2`);
    // Role credentials cannot ask for session or federation tokens.
    await rejectsWith(sts(second).send(new GetSessionTokenCommand({})), { code: 'AccessDenied', status: 403 });
  });

  test('cross-account: the trust policy and the caller identity policy must both allow', async () => {
    const out = await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn('CrossReader', OTHER_ACCOUNT), RoleSessionName: 'xx' }));
    const s = creds(out.Credentials);
    const who = await sts(s).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, OTHER_ACCOUNT);
    assert.equal(who.Arn, `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/CrossReader/xx`);
    await iam(s).send(new ListRolesCommand({}));
    // bob has no identity policy allowing sts:AssumeRole: the trust policy alone is not enough across accounts.
    const bob = await userWithKey(fx.root, 'bob', {});
    await rejectsWith(sts(bob).send(new AssumeRoleCommand({ RoleArn: roleArn('CrossReader', OTHER_ACCOUNT), RoleSessionName: 'xx' })), {
      code: 'AccessDenied',
      status: 403,
      message: /no identity-based policy allows the sts:AssumeRole action/,
    });
  });
});

describe('session tokens', () => {
  test('an altered token, or a token with another key id, is InvalidClientTokenId', async () => {
    const s = creds((await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 'tok', ExternalId: 'ext-123' }))).Credentials);
    const token = s.sessionToken ?? '';
    const flipped = token.slice(0, 40) + (token[40] === 'A' ? 'B' : 'A') + token.slice(41);
    await rejectsWith(sts({ ...s, sessionToken: flipped }).send(new GetCallerIdentityCommand({})), { code: 'InvalidClientTokenId', status: 403 });
    const otherSession = creds((await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 'tok2', ExternalId: 'ext-123' }))).Credentials);
    await rejectsWith(sts({ ...otherSession, sessionToken: token }).send(new GetCallerIdentityCommand({})), { code: 'InvalidClientTokenId', status: 403 });
    // A long-term key with a token that is not its own.
    await rejectsWith(sts({ ...alice, sessionToken: token }).send(new GetCallerIdentityCommand({})), { code: 'InvalidClientTokenId', status: 403 });
  });

  test('an expired session is ExpiredToken', async () => {
    // Issued on a server clock 14.5 minutes behind (inside the signing window), the 15-minute
    // session has ended once the clock is put right: the signatures stay in the window throughout.
    clock.set(Date.now() - 870_000);
    try {
      const out = await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 'exp', ExternalId: 'ext-123', DurationSeconds: 900 }));
      const s = creds(out.Credentials);
      await sts(s).send(new GetCallerIdentityCommand({}));
      clock.set(Date.now() + 31_000);
      await rejectsWith(iam(s).send(new ListUsersCommand({})), { code: 'ExpiredToken', status: 403, message: 'The security token included in the request is expired' });
    } finally {
      clock.set(Date.now());
    }
  });
});

describe('GetSessionToken and GetFederationToken', () => {
  test('GetSessionToken: the user itself; no IAM without MFA; STS only AssumeRole and GetCallerIdentity', async () => {
    const out = await sts(alice).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const s = creds(out.Credentials);
    const who = await sts(s).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:iam::${fx.ts.accountId}:user/alice`);
    await rejectsWith(iam(s).send(new ListUsersCommand({})), { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' });
    await rejectsWith(sts(s).send(new GetFederationTokenCommand({ Name: 'fed' })), {
      code: 'AccessDenied',
      status: 403,
      message: 'Cannot call GetFederationToken with session credentials',
    });
    // AssumeRole is allowed with session-token credentials.
    await sts(s).send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 'via-sts', ExternalId: 'ext-123' }));
  });

  test('GetFederationToken: the federated user has the intersection of the user and session policies', async () => {
    const out = await sts(alice).send(
      new GetFederationTokenCommand({ Name: 'fed-bob', Policy: JSON.stringify(policy({ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' })) }),
    );
    assert.equal(out.FederatedUser?.Arn, `arn:aws:sts::${fx.ts.accountId}:federated-user/fed-bob`);
    assert.equal(out.FederatedUser?.FederatedUserId, `${fx.ts.accountId}:fed-bob`);
    const s = creds(out.Credentials);
    const who = await sts(s).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, out.FederatedUser?.Arn);
    assert.equal(who.UserId, `${fx.ts.accountId}:fed-bob`);
    // No IAM at all, and of STS only GetCallerIdentity.
    await rejectsWith(iam(s).send(new ListUsersCommand({})), { code: 'InvalidClientTokenId', status: 403 });
    await rejectsWith(sts(s).send(new AssumeRoleCommand({ RoleArn: roleArn('Deployer'), RoleSessionName: 'ff', ExternalId: 'ext-123' })), { code: 'AccessDenied', status: 403 });
  });

  test('GetAccessKeyInfo names the account of a key: kept keys, session keys, any AWS-style id', async () => {
    const info = async (id: string) => (await sts(alice).send(new GetAccessKeyInfoCommand({ AccessKeyId: id }))).Account;
    assert.equal(await info(other.accessKeyId), OTHER_ACCOUNT);
    assert.equal(await info(alice.accessKeyId), fx.ts.accountId);
    const session = creds((await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn('CrossReader', OTHER_ACCOUNT), RoleSessionName: 'info' }))).Credentials);
    assert.equal(await info(session.accessKeyId), OTHER_ACCOUNT);
    // AWS's documented example id.
    assert.equal(await info('ASIAY34FZKBOKMUTVV7A'), '609629065308');
  });
});

describe('MFA', () => {
  test('a trust policy requiring MFA: refused without, allowed with a valid code, a replayed or wrong code refused; GetSessionToken with MFA may call IAM', async () => {
    const t0 = Date.now();
    clock.set(t0);
    try {
      const device = await fx.root.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-phone' }));
      const serial = device.VirtualMFADevice!.SerialNumber!;
      const seed = device.VirtualMFADevice!.Base32StringSeed!;
      // The SDK hands the seed over as the bytes of its Base32 text.
      const key = base32Decode(new TextDecoder().decode(seed))!;
      const code = (ms: number) => totp(key, ms);
      await fx.root.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: serial, AuthenticationCode1: code(t0 - 30_000), AuthenticationCode2: code(t0) }));

      const account = { AWS: `arn:aws:iam::${fx.ts.accountId}:root` };
      await fx.root.send(
        new CreateRoleCommand({
          RoleName: 'MfaOnly',
          AssumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: account, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
        }),
      );
      await fx.root.send(
        new PutRolePolicyCommand({
          RoleName: 'MfaOnly',
          PolicyName: 'fresh-mfa',
          PolicyDocument: JSON.stringify(policy({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } })),
        }),
      );
      const a = sts(alice);
      const arn = roleArn('MfaOnly');
      await rejectsWith(a.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'nomfa' })), { code: 'AccessDenied', status: 403 });

      clock.set(t0 + 30_000);
      const good = code(t0 + 30_000);
      const out = await a.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'mfa', SerialNumber: serial, TokenCode: good }));
      await iam(creds(out.Credentials)).send(new ListRolesCommand({}));
      const invalid = { code: 'AccessDenied', status: 403, message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.' };
      // The same code again (a replay), and a wrong one.
      await rejectsWith(a.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'mfa', SerialNumber: serial, TokenCode: good })), invalid);
      clock.set(t0 + 60_000);
      const wrong = String((Number(code(t0 + 60_000)) + 1) % 1_000_000).padStart(6, '0');
      await rejectsWith(a.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'mfa', SerialNumber: serial, TokenCode: wrong })), invalid);

      // GetSessionToken with MFA: IAM calls are allowed, with the user's own permissions.
      const session = creds((await a.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code(t0 + 60_000) }))).Credentials);
      await iam(session).send(new ListUsersCommand({}));
    } finally {
      clock.set(Date.now());
    }
  });
});
