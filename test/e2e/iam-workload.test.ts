// A workload, written as a platform team would script it: a small organization's IAM (developers
// and operators in groups with customer managed policies of several versions, service roles with
// trust and inline policies and an instance profile, a delegated administrator held in by a
// permissions boundary), then the whole result read back with GetAccountAuthorizationDetails,
// every page of it, and GetAccountSummary.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  ListUsersCommand,
  TagUserCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  type GroupDetail,
  type IAMClient,
  type ManagedPolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import { policy, rejectsWith, serverFixture, userWithKey } from './helpers.js';

const fx = serverFixture();
let admin: IAMClient | undefined;

const allow = (action: string | string[], resource: string | string[] = '*', extra: Record<string, unknown> = {}) =>
  JSON.stringify(policy({ Effect: 'Allow', Action: action, Resource: resource, ...extra }));
const trustOf = (principal: Record<string, unknown>) => JSON.stringify(policy({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }));
const decoded = (text: string | undefined): unknown => JSON.parse(decodeURIComponent(text!));

interface Built {
  account: string;
  arn: (kind: string, name: string) => string;
  developerPolicy: string;
  operatorPolicy: string;
  boundary: string;
}

async function build(): Promise<Built> {
  const account = fx.ts.accountId;
  const arn = (kind: string, name: string) => `arn:aws:iam::${account}:${kind}/${name}`;

  // Customer managed policies, each revised a few times.
  const developerPolicy = (
    await fx.root.send(new CreatePolicyCommand({ PolicyName: 'DeveloperAccess', Path: '/team/', Description: 'what developers may do', PolicyDocument: allow('s3:GetObject') }))
  ).Policy!.Arn!;
  await fx.root.send(new CreatePolicyVersionCommand({ PolicyArn: developerPolicy, PolicyDocument: allow(['s3:GetObject', 's3:PutObject']), SetAsDefault: true }));
  await fx.root.send(new CreatePolicyVersionCommand({ PolicyArn: developerPolicy, PolicyDocument: allow(['s3:*']), SetAsDefault: false }));
  const operatorPolicy = (await fx.root.send(new CreatePolicyCommand({ PolicyName: 'OperatorAccess', PolicyDocument: allow('ec2:Describe*') }))).Policy!.Arn!;
  await fx.root.send(new CreatePolicyVersionCommand({ PolicyArn: operatorPolicy, PolicyDocument: allow(['ec2:Describe*', 'ec2:RebootInstances']), SetAsDefault: true }));
  const boundary = (
    await fx.root.send(new CreatePolicyCommand({ PolicyName: 'DelegatedBoundary', PolicyDocument: allow(['s3:*', 'ec2:Describe*', 'iam:Get*', 'iam:List*']) }))
  ).Policy!.Arn!;

  // Groups with their policies, and the people in them.
  await fx.root.send(new CreateGroupCommand({ GroupName: 'developers' }));
  await fx.root.send(new AttachGroupPolicyCommand({ GroupName: 'developers', PolicyArn: developerPolicy }));
  await fx.root.send(new PutGroupPolicyCommand({ GroupName: 'developers', PolicyName: 'read-logs', PolicyDocument: allow('logs:GetLogEvents') }));
  await fx.root.send(new CreateGroupCommand({ GroupName: 'operators', Path: '/ops/' }));
  await fx.root.send(new AttachGroupPolicyCommand({ GroupName: 'operators', PolicyArn: operatorPolicy }));
  await fx.root.send(new AttachGroupPolicyCommand({ GroupName: 'operators', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  for (const [name, groups, tags] of [
    ['alice', ['developers'], [{ Key: 'team', Value: 'web' }]],
    ['bob', ['developers', 'operators'], []],
    ['carol', ['operators'], [{ Key: 'team', Value: 'sre' }, { Key: 'oncall', Value: 'yes' }]],
  ] as const) {
    await fx.root.send(new CreateUserCommand({ UserName: name, ...(tags.length > 0 ? { Tags: [...tags] } : {}) }));
    for (const g of groups) await fx.root.send(new AddUserToGroupCommand({ GroupName: g, UserName: name }));
  }
  await fx.root.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'pager', PolicyDocument: allow('sns:Publish', 'arn:aws:sns:*:*:pager') }));
  await fx.root.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: operatorPolicy }));

  // Roles for services: trust policies, inline and attached policies, an instance profile.
  await fx.root.send(
    new CreateRoleCommand({
      RoleName: 'web-server',
      Path: '/service/',
      AssumeRolePolicyDocument: trustOf({ Service: 'ec2.amazonaws.com' }),
      Description: 'the web fleet',
      Tags: [{ Key: 'tier', Value: 'web' }],
    }),
  );
  await fx.root.send(new PutRolePolicyCommand({ RoleName: 'web-server', PolicyName: 'assets', PolicyDocument: allow('s3:GetObject', 'arn:aws:s3:::assets/*') }));
  await fx.root.send(new AttachRolePolicyCommand({ RoleName: 'web-server', PolicyArn: developerPolicy }));
  await fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web-server-profile' }));
  await fx.root.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-server-profile', RoleName: 'web-server' }));
  await fx.root.send(new CreateRoleCommand({ RoleName: 'queue-worker', AssumeRolePolicyDocument: trustOf({ Service: 'lambda.amazonaws.com' }), MaxSessionDuration: 7200 }));
  await fx.root.send(new PutRolePolicyCommand({ RoleName: 'queue-worker', PolicyName: 'queue', PolicyDocument: allow(['sqs:ReceiveMessage', 'sqs:DeleteMessage']) }));
  await fx.root.send(new PutRolePolicyCommand({ RoleName: 'queue-worker', PolicyName: 'table', PolicyDocument: allow('dynamodb:PutItem') }));
  await fx.root.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: trustOf({ AWS: `arn:aws:iam::${account}:root` }) }));
  await fx.root.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'deployer', PermissionsBoundary: boundary }));

  // A delegated administrator: may create users only with the boundary on them, and is itself
  // held in by that boundary.
  const adminCreds = await userWithKey(fx.root, 'dana', {
    'delegated-admin': policy(
      { Sid: 'CreateBoundedUsers', Effect: 'Allow', Action: ['iam:CreateUser', 'iam:PutUserPermissionsBoundary'], Resource: '*', Condition: { StringEquals: { 'iam:PermissionsBoundary': boundary } } },
      { Sid: 'ReadIam', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
      { Sid: 'NotInBoundary', Effect: 'Allow', Action: ['sqs:*', 'iam:TagUser'], Resource: '*' },
    ),
  }, [{ Key: 'role', Value: 'delegated-admin' }]);
  // The boundary must hold CreateUser for dana to use it: a second version adds it.
  await fx.root.send(
    new CreatePolicyVersionCommand({
      PolicyArn: boundary,
      PolicyDocument: JSON.stringify(
        policy(
          { Effect: 'Allow', Action: ['s3:*', 'ec2:Describe*', 'iam:Get*', 'iam:List*'], Resource: '*' },
          { Effect: 'Allow', Action: ['iam:CreateUser', 'iam:PutUserPermissionsBoundary'], Resource: `arn:aws:iam::${account}:user/*` },
        ),
      ),
      SetAsDefault: true,
    }),
  );
  await fx.root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'dana', PermissionsBoundary: boundary }));
  admin = fx.iam(adminCreds);
  await admin.send(new CreateUserCommand({ UserName: 'erin', PermissionsBoundary: boundary }));
  await rejectsWith(admin.send(new CreateUserCommand({ UserName: 'frank' })), { code: 'AccessDenied', status: 403 });
  await rejectsWith(admin.send(new CreateUserCommand({ UserName: 'frank', PermissionsBoundary: operatorPolicy })), { code: 'AccessDenied', status: 403 });

  return { account, arn, developerPolicy, operatorPolicy, boundary };
}

/** Every page of GetAccountAuthorizationDetails, three entries at a time, put together. */
async function allDetails(client: IAMClient): Promise<{ pages: GetAccountAuthorizationDetailsCommandOutput[]; users: UserDetail[]; groups: GroupDetail[]; roles: RoleDetail[]; policies: ManagedPolicyDetail[] }> {
  const pages: GetAccountAuthorizationDetailsCommandOutput[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 3, ...(marker ? { Marker: marker } : {}) }));
    pages.push(page);
    marker = page.IsTruncated ? page.Marker : undefined;
    assert.ok(!page.IsTruncated || marker, 'a truncated page carries a marker');
  } while (marker);
  return {
    pages,
    users: pages.flatMap((p) => p.UserDetailList ?? []),
    groups: pages.flatMap((p) => p.GroupDetailList ?? []),
    roles: pages.flatMap((p) => p.RoleDetailList ?? []),
    policies: pages.flatMap((p) => p.Policies ?? []),
  };
}

test('a small organization, read back whole', async () => {
  const b = await build();
  const d = await allDetails(admin!);

  // 5 users + 2 groups + 3 roles + 3 customer policies + 1 AWS policy in use = 14 entries, 3 a page.
  const sizes = d.pages.map((p) => (p.UserDetailList?.length ?? 0) + (p.GroupDetailList?.length ?? 0) + (p.RoleDetailList?.length ?? 0) + (p.Policies?.length ?? 0));
  assert.deepEqual(sizes, [3, 3, 3, 3, 2]);

  // Users.
  assert.deepEqual(d.users.map((u) => u.UserName), ['alice', 'bob', 'carol', 'dana', 'erin']);
  const user = (name: string) => d.users.find((u) => u.UserName === name)!;
  assert.deepEqual(user('alice').GroupList, ['developers']);
  assert.deepEqual(user('bob').GroupList, ['developers', 'operators']);
  assert.deepEqual(user('alice').AttachedManagedPolicies, [{ PolicyName: 'OperatorAccess', PolicyArn: b.operatorPolicy }]);
  assert.deepEqual(user('alice').Tags, [{ Key: 'team', Value: 'web' }]);
  assert.equal(user('bob').Tags, undefined);
  assert.deepEqual(user('carol').UserPolicyList!.map((p) => [p.PolicyName, decoded(p.PolicyDocument)]), [
    ['pager', JSON.parse(allow('sns:Publish', 'arn:aws:sns:*:*:pager'))],
  ]);
  assert.deepEqual(user('dana').PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: b.boundary });
  assert.deepEqual(user('dana').Tags, [{ Key: 'role', Value: 'delegated-admin' }]);
  assert.deepEqual(user('erin').PermissionsBoundary?.PermissionsBoundaryArn, b.boundary);
  assert.deepEqual(user('erin').GroupList, []);
  assert.equal(user('erin').Arn, b.arn('user', 'erin'));

  // Groups.
  assert.deepEqual(
    d.groups.map((g) => [g.GroupName, g.Path, g.Arn]),
    [
      ['developers', '/', b.arn('group', 'developers')],
      ['operators', '/ops/', `arn:aws:iam::${b.account}:group/ops/operators`],
    ],
  );
  const developers = d.groups[0]!;
  assert.deepEqual(developers.GroupPolicyList!.map((p) => [p.PolicyName, decoded(p.PolicyDocument)]), [['read-logs', JSON.parse(allow('logs:GetLogEvents'))]]);
  assert.deepEqual(developers.AttachedManagedPolicies, [{ PolicyName: 'DeveloperAccess', PolicyArn: b.developerPolicy }]);
  assert.deepEqual(
    d.groups[1]!.AttachedManagedPolicies!.map((p) => p.PolicyName),
    ['OperatorAccess', 'ReadOnlyAccess'],
  );

  // Roles.
  assert.deepEqual(d.roles.map((r) => r.RoleName), ['deployer', 'queue-worker', 'web-server']);
  const role = (name: string) => d.roles.find((r) => r.RoleName === name)!;
  const web = role('web-server');
  assert.equal(web.Path, '/service/');
  assert.deepEqual(decoded(web.AssumeRolePolicyDocument), JSON.parse(trustOf({ Service: 'ec2.amazonaws.com' })));
  assert.deepEqual(web.InstanceProfileList!.map((p) => [p.InstanceProfileName, p.Roles!.map((r) => r.RoleName)]), [['web-server-profile', ['web-server']]]);
  assert.deepEqual(web.RolePolicyList!.map((p) => p.PolicyName), ['assets']);
  assert.deepEqual(web.AttachedManagedPolicies, [{ PolicyName: 'DeveloperAccess', PolicyArn: b.developerPolicy }]);
  assert.deepEqual(web.Tags, [{ Key: 'tier', Value: 'web' }]);
  assert.deepEqual(web.RoleLastUsed, {});
  assert.deepEqual(role('queue-worker').RolePolicyList!.map((p) => [p.PolicyName, decoded(p.PolicyDocument)]), [
    ['queue', JSON.parse(allow(['sqs:ReceiveMessage', 'sqs:DeleteMessage']))],
    ['table', JSON.parse(allow('dynamodb:PutItem'))],
  ]);
  assert.deepEqual(role('queue-worker').InstanceProfileList, []);
  assert.deepEqual(role('deployer').PermissionsBoundary?.PermissionsBoundaryArn, b.boundary);

  // Policies: every version of the account's own, and of AWS's only the one in use.
  assert.deepEqual(d.policies.map((p) => p.PolicyName), ['DelegatedBoundary', 'DeveloperAccess', 'OperatorAccess', 'ReadOnlyAccess']);
  const pol = (name: string) => d.policies.find((p) => p.PolicyName === name)!;
  const dev = pol('DeveloperAccess');
  assert.equal(dev.Path, '/team/');
  assert.equal(dev.Description, 'what developers may do');
  assert.equal(dev.DefaultVersionId, 'v2');
  assert.equal(dev.AttachmentCount, 2);
  assert.deepEqual(
    dev.PolicyVersionList!.map((v) => [v.VersionId, v.IsDefaultVersion, (decoded(v.Document) as { Statement: { Action: unknown }[] }).Statement[0]!.Action]),
    [
      ['v3', false, ['s3:*']],
      ['v2', true, ['s3:GetObject', 's3:PutObject']],
      ['v1', false, 's3:GetObject'],
    ],
  );
  assert.equal(pol('OperatorAccess').AttachmentCount, 2);
  assert.equal(pol('DelegatedBoundary').AttachmentCount, 0);
  assert.equal(pol('DelegatedBoundary').PermissionsBoundaryUsageCount, 3);
  const readOnly = pol('ReadOnlyAccess');
  assert.equal(readOnly.Arn, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
  assert.equal(readOnly.AttachmentCount, 1);
  assert.ok(readOnly.PolicyVersionList!.some((v) => v.IsDefaultVersion && v.VersionId === readOnly.DefaultVersionId));

  // The filtered views agree with the whole.
  const onlyPolicies = await fx.root.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy'] }));
  assert.deepEqual(onlyPolicies.Policies!.map((p) => p.PolicyName), ['DelegatedBoundary', 'DeveloperAccess', 'OperatorAccess']);
  const awsOnly = await fx.root.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['AWSManagedPolicy'] }));
  assert.deepEqual(awsOnly.Policies!.map((p) => p.PolicyName), ['ReadOnlyAccess']);
  const people = await fx.root.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Group'] }));
  assert.deepEqual([people.UserDetailList!.length, people.GroupDetailList!.length, people.RoleDetailList!.length, people.Policies!.length], [5, 2, 0, 0]);

  // The summary counts what was built.
  const summary = (await admin!.send(new GetAccountSummaryCommand({}))).SummaryMap!;
  assert.equal(summary.Users, 5);
  assert.equal(summary.Groups, 2);
  assert.equal(summary.Roles, 3);
  assert.equal(summary.Policies, 3);
  assert.equal(summary.InstanceProfiles, 1);
  // Versions of the account's policies (3 + 2 + 2) and the AWS managed policy in use.
  assert.equal(summary.PolicyVersionsInUse, 8);
  assert.equal(summary.MFADevices, 0);
  assert.equal(summary.AccountAccessKeysPresent, 1);

  // The delegated administrator's own boundary keeps it from what its policy alone allows.
  assert.equal((await admin!.send(new ListUsersCommand({}))).Users!.length, 5);
  await rejectsWith(admin!.send(new TagUserCommand({ UserName: 'erin', Tags: [{ Key: 'k', Value: 'v' }] })), {
    code: 'AccessDenied',
    status: 403,
    message: /because no permissions boundary allows the iam:TagUser action/,
  });
});
