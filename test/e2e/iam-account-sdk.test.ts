// The account through the SDK: its alias, its STS token preference, GetAccountSummary's counts and
// quotas, GetAccountAuthorizationDetails' filters and pages, managed-policy tags (with
// aws:ResourceTag in authorization), ListPoliciesGrantingServiceAccess, the partner-only
// delegation operations, and who may call all of these.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateAccountAliasCommand,
  CreateDelegationRequestCommand,
  CreateGroupCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateVirtualMFADeviceCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccountAliasCommand,
  DeletePolicyCommand,
  DetachRolePolicyCommand,
  EnableMFADeviceCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  GetDelegationRequestCommand,
  GetHumanReadableSummaryCommand,
  GetPolicyCommand,
  ListAccountAliasesCommand,
  ListDelegationRequestsCommand,
  ListPoliciesGrantingServiceAccessCommand,
  ListPolicyTagsCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetSecurityTokenServicePreferencesCommand,
  TagPolicyCommand,
  UntagPolicyCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { accessDeniedMessage, awsCli, awsCliMissing, boto3, boto3Missing, policy, rejectsWith, serverFixture, userWithKey } from './helpers.js';

const fx = serverFixture();
const { iam: client } = fx;

const trust = JSON.stringify(policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }));
const doc = (action: string) => JSON.stringify(policy({ Effect: 'Allow', Action: action, Resource: '*' }));

/** A TOTP code (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) for a Base32 seed at a time. */
function totpCode(base32: string, atMs: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

async function summary(c: IAMClient = fx.root): Promise<Record<string, number>> {
  return (await c.send(new GetAccountSummaryCommand({}))).SummaryMap as Record<string, number>;
}

test('account alias: create, replace, list, delete, AWS’s rules', async () => {
  assert.deepEqual((await fx.root.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
  await fx.root.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp' }));
  const listed = await fx.root.send(new ListAccountAliasesCommand({ MaxItems: 1 }));
  assert.deepEqual(listed.AccountAliases, ['example-corp']);
  assert.equal(listed.IsTruncated, false);
  // Creating it again is a no-op; another alias replaces it (one alias per account).
  await fx.root.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp' }));
  await fx.root.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp-2' }));
  assert.deepEqual((await fx.root.send(new ListAccountAliasesCommand({}))).AccountAliases, ['example-corp-2']);

  for (const bad of ['ab', 'Example', '-corp', 'corp-', 'ex--corp', 'ex_corp', 'a'.repeat(64)]) {
    await rejectsWith(fx.root.send(new CreateAccountAliasCommand({ AccountAlias: bad })), { code: 'ValidationError', status: 400 });
  }
  await rejectsWith(fx.root.send(new CreateAccountAliasCommand({ AccountAlias: '123456789012' })), { code: 'InvalidInput', status: 400 });
  await rejectsWith(fx.root.send(new DeleteAccountAliasCommand({ AccountAlias: 'example-corp' })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'The account alias example-corp cannot be found.',
  });
  await rejectsWith(fx.root.send(new ListAccountAliasesCommand({ Marker: 'bogus' })), { code: 'InvalidInput', status: 400, message: 'Invalid Marker.' });
  await fx.root.send(new DeleteAccountAliasCommand({ AccountAlias: 'example-corp-2' }));
  assert.deepEqual((await fx.root.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
});

test('STS preference: v1Token by default, v2Token once set, reported by GetAccountSummary', async () => {
  assert.equal((await summary()).GlobalEndpointTokenVersion, 1);
  await fx.root.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v2Token' }));
  assert.equal((await summary()).GlobalEndpointTokenVersion, 2);
  await fx.root.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v1Token' }));
  assert.equal((await summary()).GlobalEndpointTokenVersion, 1);
  await rejectsWith(fx.root.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v3Token' as 'v1Token' })), {
    code: 'ValidationError',
    status: 400,
  });
});

test('GetAccountSummary: every key, real counts, IAM’s quotas', async () => {
  const before = await summary();
  assert.deepEqual(Object.keys(before).sort(), [
    'AccessKeysPerUserQuota',
    'AccountAccessKeysPresent',
    'AccountMFAEnabled',
    'AccountSigningCertificatesPresent',
    'AssumeRolePolicySizeQuota',
    'AttachedPoliciesPerGroupQuota',
    'AttachedPoliciesPerRoleQuota',
    'AttachedPoliciesPerUserQuota',
    'GlobalEndpointTokenVersion',
    'GroupPolicySizeQuota',
    'Groups',
    'GroupsPerUserQuota',
    'GroupsQuota',
    'InstanceProfiles',
    'InstanceProfilesQuota',
    'MFADevices',
    'MFADevicesInUse',
    'Policies',
    'PoliciesQuota',
    'PolicySizeQuota',
    'PolicyVersionsInUse',
    'PolicyVersionsInUseQuota',
    'Providers',
    'RolePolicySizeQuota',
    'Roles',
    'RolesQuota',
    'ServerCertificates',
    'ServerCertificatesQuota',
    'SigningCertificatesPerUserQuota',
    'UserPolicySizeQuota',
    'Users',
    'UsersQuota',
    'VersionsPerPolicyQuota',
  ]);
  assert.equal(before.UsersQuota, 5000);
  assert.equal(before.GroupsQuota, 300);
  assert.equal(before.RolesQuota, 1000);
  assert.equal(before.PoliciesQuota, 1500);
  assert.equal(before.PolicySizeQuota, 6144);
  assert.equal(before.AccountAccessKeysPresent, 1, 'the root user has its bootstrap key');
  assert.equal(before.AccountMFAEnabled, 0);

  await fx.root.send(new CreateUserCommand({ UserName: 'summary-user' }));
  await fx.root.send(new CreateGroupCommand({ GroupName: 'summary-group' }));
  await fx.root.send(new CreateRoleCommand({ RoleName: 'summary-role', AssumeRolePolicyDocument: trust }));
  const created = await fx.root.send(new CreatePolicyCommand({ PolicyName: 'summary-policy', PolicyDocument: doc('s3:GetObject') }));
  const arn = created.Policy!.Arn!;
  await fx.root.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:PutObject'), SetAsDefault: true }));
  await fx.root.send(new AttachRolePolicyCommand({ RoleName: 'summary-role', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));

  const after = await summary();
  assert.equal(after.Users, before.Users! + 1);
  assert.equal(after.Groups, before.Groups! + 1);
  assert.equal(after.Roles, before.Roles! + 1);
  assert.equal(after.Policies, before.Policies! + 1);
  // Two versions of the new policy, and one AWS managed policy newly in use.
  assert.equal(after.PolicyVersionsInUse, before.PolicyVersionsInUse! + 3);

  await fx.root.send(new DetachRolePolicyCommand({ RoleName: 'summary-role', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  assert.equal((await summary()).PolicyVersionsInUse, before.PolicyVersionsInUse! + 2);
});

test('GetAccountSummary counts server certificates, identity providers and the root user’s signing certificates', async () => {
  const fixture = (name: string) => readFileSync(new URL(`../fixtures/certs/${name}`, import.meta.url), 'utf8');
  const before = await summary();
  assert.equal(before.AccountSigningCertificatesPresent, 0);
  await fx.root.send(new UploadServerCertificateCommand({ ServerCertificateName: 'web', CertificateBody: fixture('server.pem'), PrivateKey: fixture('server.key') }));
  await fx.root.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.example.com', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['a'.repeat(40)] }));
  // No UserName: the certificate is the calling root user's.
  await fx.root.send(new UploadSigningCertificateCommand({ CertificateBody: fixture('signing-1.pem') }));
  const after = await summary();
  assert.equal(after.ServerCertificates, before.ServerCertificates! + 1);
  assert.equal(after.Providers, before.Providers! + 1);
  assert.equal(after.AccountSigningCertificatesPresent, 1);
});

test('GetAccountSummary counts virtual MFA devices and those in use', async () => {
  const before = await summary();
  const created = await fx.root.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'summary-mfa' }));
  await fx.root.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'summary-mfa-spare' }));
  const device = created.VirtualMFADevice!;
  let after = await summary();
  assert.equal(after.MFADevices, before.MFADevices! + 2);
  assert.equal(after.MFADevicesInUse, before.MFADevicesInUse);

  await fx.root.send(new CreateUserCommand({ UserName: 'mfa-holder' }));
  const seed = new TextDecoder().decode(device.Base32StringSeed);
  const now = Date.now();
  await fx.root.send(
    new EnableMFADeviceCommand({
      UserName: 'mfa-holder',
      SerialNumber: device.SerialNumber!,
      AuthenticationCode1: totpCode(seed, now - 30_000),
      AuthenticationCode2: totpCode(seed, now),
    }),
  );
  after = await summary();
  assert.equal(after.MFADevices, before.MFADevices! + 2);
  assert.equal(after.MFADevicesInUse, before.MFADevicesInUse! + 1);
  assert.equal(after.AccountMFAEnabled, 0, 'the root user has no MFA device');
});

test('managed policy tags: tag, list, untag, the 50-tag limit, AWS managed policies refused', async () => {
  const arn = (await fx.root.send(new CreatePolicyCommand({ PolicyName: 'tagged', PolicyDocument: doc('s3:GetObject'), Tags: [{ Key: 'team', Value: 'red' }] }))).Policy!.Arn!;
  await fx.root.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'cost', Value: '42' }, { Key: 'team', Value: 'blue' }] }));
  const listed = await fx.root.send(new ListPolicyTagsCommand({ PolicyArn: arn }));
  assert.deepEqual(listed.Tags, [
    { Key: 'cost', Value: '42' },
    { Key: 'team', Value: 'blue' },
  ]);
  assert.equal(listed.IsTruncated, false);
  assert.deepEqual((await fx.root.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.Tags, listed.Tags);

  // Paging through the tags.
  const first = await fx.root.send(new ListPolicyTagsCommand({ PolicyArn: arn, MaxItems: 1 }));
  assert.equal(first.IsTruncated, true);
  const second = await fx.root.send(new ListPolicyTagsCommand({ PolicyArn: arn, MaxItems: 1, Marker: first.Marker! }));
  assert.deepEqual([...first.Tags!, ...second.Tags!], listed.Tags);

  await fx.root.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['cost', 'absent'] }));
  assert.deepEqual((await fx.root.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags, [{ Key: 'team', Value: 'blue' }]);

  // 49 more fit (50 in all); one past that does not, and nothing of that call is written.
  const many = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  await fx.root.send(new TagPolicyCommand({ PolicyArn: arn, Tags: many }));
  assert.equal((await fx.root.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags!.length, 50);
  await rejectsWith(fx.root.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'one-more', Value: 'v' }] })), {
    code: 'LimitExceeded',
    status: 409,
    message: 'The number of tags has reached the maximum limit of 50.',
  });
  // Replacing the value of a key it has stays within the limit.
  await fx.root.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'k0', Value: 'changed' }] }));
  await rejectsWith(fx.root.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'aws:team', Value: 'x' }] })), { code: 'InvalidInput', status: 400 });

  await rejectsWith(fx.root.send(new TagPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', Tags: [{ Key: 'a', Value: 'b' }] })), {
    code: 'InvalidInput',
    status: 400,
  });
  assert.deepEqual((await fx.root.send(new ListPolicyTagsCommand({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }))).Tags, []);
  const missing = `arn:aws:iam::${fx.ts.accountId}:policy/absent`;
  await rejectsWith(fx.root.send(new TagPolicyCommand({ PolicyArn: missing, Tags: [{ Key: 'a', Value: 'b' }] })), {
    code: 'NoSuchEntity',
    status: 404,
    message: `Policy ${missing} was not found.`,
  });
  await rejectsWith(fx.root.send(new ListPolicyTagsCommand({ PolicyArn: missing })), { code: 'NoSuchEntity', status: 404 });
});

test('aws:ResourceTag of a managed policy decides calls on it', async () => {
  const red = (await fx.root.send(new CreatePolicyCommand({ PolicyName: 'red-policy', PolicyDocument: doc('s3:GetObject'), Tags: [{ Key: 'team', Value: 'red' }] }))).Policy!.Arn!;
  const blue = (await fx.root.send(new CreatePolicyCommand({ PolicyName: 'blue-policy', PolicyDocument: doc('s3:GetObject'), Tags: [{ Key: 'team', Value: 'blue' }] }))).Policy!.Arn!;
  const creds = await userWithKey(fx.root, 'red-admin', {
    red: policy({ Effect: 'Allow', Action: ['iam:GetPolicy', 'iam:TagPolicy', 'iam:DeletePolicy'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'red' } } }),
  });
  const redAdmin = client(creds);
  const me = `arn:aws:iam::${fx.ts.accountId}:user/red-admin`;
  assert.equal((await redAdmin.send(new GetPolicyCommand({ PolicyArn: red }))).Policy!.PolicyName, 'red-policy');
  await rejectsWith(redAdmin.send(new GetPolicyCommand({ PolicyArn: blue })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(me, 'iam:GetPolicy', blue, 'implicit'),
  });
  await redAdmin.send(new TagPolicyCommand({ PolicyArn: red, Tags: [{ Key: 'owner', Value: 'me' }] }));
  await rejectsWith(redAdmin.send(new TagPolicyCommand({ PolicyArn: blue, Tags: [{ Key: 'team', Value: 'red' }] })), { code: 'AccessDenied', status: 403 });
  // Retagging its own policy away from red takes the policy out of its reach.
  await fx.root.send(new TagPolicyCommand({ PolicyArn: red, Tags: [{ Key: 'team', Value: 'green' }] }));
  await rejectsWith(redAdmin.send(new DeletePolicyCommand({ PolicyArn: red })), { code: 'AccessDenied', status: 403 });
});

test('GetAccountAuthorizationDetails: filters, pages across the lists, bad markers', async () => {
  const all = await fx.root.send(new GetAccountAuthorizationDetailsCommand({}));
  assert.equal(all.IsTruncated, false);
  const userNames = all.UserDetailList!.map((u) => u.UserName);
  assert.ok(userNames.includes('summary-user'));
  assert.ok(all.GroupDetailList!.some((g) => g.GroupName === 'summary-group'));
  assert.ok(all.RoleDetailList!.some((r) => r.RoleName === 'summary-role'));
  const local = all.Policies!.find((p) => p.PolicyName === 'summary-policy')!;
  assert.deepEqual(
    local.PolicyVersionList!.map((v) => [v.VersionId, v.IsDefaultVersion, (JSON.parse(decodeURIComponent(v.Document!)) as { Statement: { Action: string }[] }).Statement[0]!.Action]),
    [
      ['v2', true, 's3:PutObject'],
      ['v1', false, 's3:GetObject'],
    ],
  );

  const onlyRoles = await fx.root.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
  assert.deepEqual([onlyRoles.UserDetailList, onlyRoles.GroupDetailList, onlyRoles.Policies], [[], [], []]);
  assert.equal(onlyRoles.RoleDetailList!.length, all.RoleDetailList!.length);

  // One entry per page, across users, groups, roles and policies, in that order.
  const seen: string[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await fx.root.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1, ...(marker ? { Marker: marker } : {}) }));
    const entries = [
      ...page.UserDetailList!.map((u) => `user:${u.UserName}`),
      ...page.GroupDetailList!.map((g) => `group:${g.GroupName}`),
      ...page.RoleDetailList!.map((r) => `role:${r.RoleName}`),
      ...page.Policies!.map((p) => `policy:${p.Arn}`),
    ];
    assert.equal(entries.length, 1);
    seen.push(...entries);
    marker = page.IsTruncated ? page.Marker : undefined;
    pages++;
  } while (marker);
  const expected = [
    ...all.UserDetailList!.map((u) => `user:${u.UserName}`),
    ...all.GroupDetailList!.map((g) => `group:${g.GroupName}`),
    ...all.RoleDetailList!.map((r) => `role:${r.RoleName}`),
    ...all.Policies!.map((p) => `policy:${p.Arn}`),
  ];
  assert.deepEqual(seen, expected);
  assert.equal(pages, expected.length);

  await rejectsWith(fx.root.send(new GetAccountAuthorizationDetailsCommand({ Marker: 'not-a-marker' })), { code: 'InvalidInput', status: 400, message: 'Invalid Marker.' });
  await rejectsWith(fx.root.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Robot' as 'User'] })), { code: 'ValidationError', status: 400 });
});

test('ListPoliciesGrantingServiceAccess: a user’s own and its groups’ policies, per service', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'grantee' }));
  await fx.root.send(new PutUserPolicyCommand({ UserName: 'grantee', PolicyName: 'reads-s3', PolicyDocument: doc('s3:Get*') }));
  await fx.root.send(new CreateGroupCommand({ GroupName: 'ec2-ops' }));
  await fx.root.send(new AddUserToGroupCommand({ GroupName: 'ec2-ops', UserName: 'grantee' }));
  const ec2 = (await fx.root.send(new CreatePolicyCommand({ PolicyName: 'runs-ec2', PolicyDocument: doc('ec2:RunInstances') }))).Policy!.Arn!;
  await fx.root.send(new AttachGroupPolicyCommand({ GroupName: 'ec2-ops', PolicyArn: ec2 }));
  await fx.root.send(new AttachGroupPolicyCommand({ GroupName: 'ec2-ops', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
  await fx.root.send(new CreateRoleCommand({ RoleName: 'denier', AssumeRolePolicyDocument: trust }));
  await fx.root.send(
    new PutRolePolicyCommand({ RoleName: 'denier', PolicyName: 'no-s3', PolicyDocument: JSON.stringify(policy({ Effect: 'Deny', Action: 's3:*', Resource: '*' })) }),
  );

  const userArn = `arn:aws:iam::${fx.ts.accountId}:user/grantee`;
  const got = await fx.root.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: userArn, ServiceNamespaces: ['s3', 'ec2', 'dynamodb'] }));
  assert.equal(got.IsTruncated, false);
  assert.deepEqual(got.PoliciesGrantingServiceAccess, [
    {
      ServiceNamespace: 's3',
      Policies: [
        { PolicyName: 'reads-s3', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'grantee' },
        { PolicyName: 'AmazonS3ReadOnlyAccess', PolicyType: 'MANAGED', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
      ],
    },
    { ServiceNamespace: 'ec2', Policies: [{ PolicyName: 'runs-ec2', PolicyType: 'MANAGED', PolicyArn: ec2 }] },
    { ServiceNamespace: 'dynamodb', Policies: [] },
  ]);
  // The group alone: its policies only.
  const group = await fx.root.send(
    new ListPoliciesGrantingServiceAccessCommand({ Arn: `arn:aws:iam::${fx.ts.accountId}:group/ec2-ops`, ServiceNamespaces: ['s3'] }),
  );
  assert.deepEqual(group.PoliciesGrantingServiceAccess![0]!.Policies!.map((p) => p.PolicyName), ['AmazonS3ReadOnlyAccess']);
  // A Deny grants nothing.
  const role = await fx.root.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: `arn:aws:iam::${fx.ts.accountId}:role/denier`, ServiceNamespaces: ['s3'] }));
  assert.deepEqual(role.PoliciesGrantingServiceAccess, [{ ServiceNamespace: 's3', Policies: [] }]);

  await rejectsWith(fx.root.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: `arn:aws:iam::${fx.ts.accountId}:user/nobody`, ServiceNamespaces: ['s3'] })), {
    code: 'NoSuchEntity',
    status: 404,
  });
  await rejectsWith(fx.root.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: 'arn:aws:s3:::some-bucket-name', ServiceNamespaces: ['s3'] })), {
    code: 'InvalidInput',
    status: 400,
  });
  const tooMany = Array.from({ length: 201 }, (_, i) => `svc${i}`);
  await rejectsWith(fx.root.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: userArn, ServiceNamespaces: tooMany })), { code: 'ValidationError', status: 400 });
});

test('delegation requests: partner-only creation refused, none to find', async () => {
  const e = await rejectsWith(
    fx.root.send(
      new CreateDelegationRequestCommand({
        Description: 'deploy',
        Permissions: { PolicyTemplateArn: 'arn:aws:iam::aws:policy-template/Example' },
        RequestorWorkflowId: 'workflow-1',
        NotificationChannel: 'arn:aws:sns:us-east-1:123456789012:topic',
        SessionDuration: 3600,
      }),
    ),
    { code: 'AccessDenied', status: 403 },
  );
  assert.match(e.message, /not available for general use/);
  const id = 'delegation-request-0001';
  await rejectsWith(fx.root.send(new GetDelegationRequestCommand({ DelegationRequestId: id })), {
    code: 'NoSuchEntity',
    status: 404,
    message: `The delegation request with id ${id} cannot be found.`,
  });
  const listed = await fx.root.send(new ListDelegationRequestsCommand({}));
  assert.deepEqual(listed.DelegationRequests ?? [], []);
  await rejectsWith(fx.root.send(new GetHumanReadableSummaryCommand({ EntityArn: `arn:aws:iam::${fx.ts.accountId}:delegation-request/${id}` })), {
    code: 'NoSuchEntity',
    status: 404,
  });
});

test('authorization: an unprivileged user is denied; a narrow policy allows exactly what it names', async () => {
  const nobody = client(await userWithKey(fx.root, 'nobody-account'));
  const me = `arn:aws:iam::${fx.ts.accountId}:user/nobody-account`;
  await rejectsWith(nobody.send(new GetAccountSummaryCommand({})), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(me, 'iam:GetAccountSummary', '*', 'implicit'),
  });
  await rejectsWith(nobody.send(new GetAccountAuthorizationDetailsCommand({})), { code: 'AccessDenied', status: 403 });
  await rejectsWith(nobody.send(new CreateAccountAliasCommand({ AccountAlias: 'nobodys-alias' })), { code: 'AccessDenied', status: 403 });
  await rejectsWith(nobody.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v2Token' })), { code: 'AccessDenied', status: 403 });
  await rejectsWith(nobody.send(new ListDelegationRequestsCommand({})), { code: 'AccessDenied', status: 403 });

  const reader = client(await userWithKey(fx.root, 'alias-reader', { p: policy({ Effect: 'Allow', Action: ['iam:ListAccountAliases', 'iam:GetAccountSummary'], Resource: '*' }) }));
  assert.deepEqual((await reader.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
  assert.equal((await summary(reader)).UsersQuota, 5000);
  await rejectsWith(reader.send(new CreateAccountAliasCommand({ AccountAlias: 'readers-alias' })), { code: 'AccessDenied', status: 403 });
  await rejectsWith(reader.send(new GetAccountAuthorizationDetailsCommand({})), { code: 'AccessDenied', status: 403 });
});

test('aws-cli and boto3 read the summary map and the aliases', { skip: awsCliMissing() || boto3Missing() }, async () => {
  const created = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'create-account-alias', '--account-alias', 'cli-corp']);
  assert.equal(created.code, 0, created.stderr);
  const listed = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'list-account-aliases']);
  assert.deepEqual((listed.json as { AccountAliases: string[] }).AccountAliases, ['cli-corp']);
  const sdkSummary = await summary();
  const cliSummary = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'get-account-summary']);
  assert.deepEqual((cliSummary.json as { SummaryMap: Record<string, number> }).SummaryMap, sdkSummary);
  const py = await boto3(
    fx.ts.url,
    fx.ts.root,
    `
pages = list(iam.get_paginator('get_account_authorization_details').paginate(PaginationConfig={'PageSize': 2}))
out['users'] = [u['UserName'] for p in pages for u in p['UserDetailList']]
out['pages'] = len(pages)
out['summary'] = iam.get_account_summary()['SummaryMap']
out['missing'] = err(iam.delete_account_alias, AccountAlias='not-mine')
`,
  );
  assert.equal(py.code, 0, py.stderr);
  const all = await fx.root.send(new GetAccountAuthorizationDetailsCommand({}));
  assert.deepEqual(py.out.users, all.UserDetailList!.map((u) => u.UserName));
  assert.ok((py.out.pages as number) > 1);
  assert.deepEqual(py.out.summary, sdkSummary);
  assert.deepEqual(py.out.missing, { code: 'NoSuchEntity', message: 'The account alias not-mine cannot be found.', status: 404 });
  await fx.root.send(new DeleteAccountAliasCommand({ AccountAlias: 'cli-corp' }));
});
