// Permissions boundaries through the SDK: Put/Delete{User,Role}PermissionsBoundary and the
// PermissionsBoundary parameter of CreateUser/CreateRole, how GetUser/GetRole/ListUsers/ListRoles
// show them, AWS's errors for a boundary that is not a usable policy, DeleteConflict on a policy in
// use as a boundary, the iam:PermissionsBoundary condition key (a delegated admin who may create
// users only with one boundary), enforcement (a boundary caps what identity policies grant), and
// the simulator over users, groups and roles with their boundaries.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  PutUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteUserCommand,
  DeleteUserPermissionsBoundaryCommand,
  GetContextKeysForPrincipalPolicyCommand,
  GetPolicyCommand,
  GetRoleCommand,
  GetUserCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { boto3, boto3Missing, policy, rejectsWith, serverFixture, userWithKey } from './helpers.js';

const fx = serverFixture();

const trust = JSON.stringify(policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }));
const doc = (...statements: Record<string, unknown>[]) => JSON.stringify(policy(...statements));
const arnOf = (kind: string, name: string) => `arn:aws:iam::${fx.ts.accountId}:${kind}/${name}`;

async function createPolicy(name: string, document: string): Promise<string> {
  return (await fx.root.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: document }))).Policy!.Arn!;
}

test('user boundaries: create with one, show it, replace it, remove it; ListUsers leaves it out', async () => {
  const b1 = await createPolicy('ub-one', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
  const b2 = await createPolicy('ub-two', doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }));
  const created = (await fx.root.send(new CreateUserCommand({ UserName: 'bounded', Path: '/b/', PermissionsBoundary: b1 }))).User!;
  assert.deepEqual(created.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: b1 });
  const got = (await fx.root.send(new GetUserCommand({ UserName: 'bounded' }))).User!;
  assert.deepEqual(got.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: b1 });
  const listed = (await fx.root.send(new ListUsersCommand({ PathPrefix: '/b/' }))).Users!;
  assert.deepEqual(listed.map((u) => u.UserName), ['bounded']);
  assert.equal(listed[0]!.PermissionsBoundary, undefined);

  assert.equal((await fx.root.send(new GetPolicyCommand({ PolicyArn: b1 }))).Policy!.PermissionsBoundaryUsageCount, 1);
  await fx.root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: b2 }));
  assert.equal((await fx.root.send(new GetUserCommand({ UserName: 'bounded' }))).User!.PermissionsBoundary!.PermissionsBoundaryArn, b2);
  assert.equal((await fx.root.send(new GetPolicyCommand({ PolicyArn: b1 }))).Policy!.PermissionsBoundaryUsageCount, 0);

  // AWS-managed policies may be boundaries too.
  const managed = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
  await fx.root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: managed }));
  assert.equal((await fx.root.send(new GetUserCommand({ UserName: 'bounded' }))).User!.PermissionsBoundary!.PermissionsBoundaryArn, managed);

  await fx.root.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'bounded' }));
  assert.equal((await fx.root.send(new GetUserCommand({ UserName: 'bounded' }))).User!.PermissionsBoundary, undefined);
  // Removing a boundary that is not there changes nothing.
  await fx.root.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'bounded' }));

  await rejectsWith(fx.root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'ghost', PermissionsBoundary: b1 })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'The user with name ghost cannot be found.',
  });
  await rejectsWith(fx.root.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'ghost' })), { code: 'NoSuchEntity', status: 404 });
  await fx.root.send(new DeleteUserCommand({ UserName: 'bounded' }));
  await fx.root.send(new DeletePolicyCommand({ PolicyArn: b1 }));
  await fx.root.send(new DeletePolicyCommand({ PolicyArn: b2 }));
});

test('a boundary must be an existing, attachable managed policy', async () => {
  const missing = arnOf('policy', 'nope');
  const cases: Array<{ arn: string; code: string; status: number; message: string }> = [
    { arn: missing, code: 'NoSuchEntity', status: 404, message: `Policy ${missing} does not exist or is not attachable.` },
    { arn: 'arn:aws:iam::aws:policy/NoSuchAwsPolicy', code: 'NoSuchEntity', status: 404, message: 'Policy arn:aws:iam::aws:policy/NoSuchAwsPolicy does not exist or is not attachable.' },
    { arn: 'arn:aws:iam::111122223333:policy/theirs', code: 'NoSuchEntity', status: 404, message: 'Policy arn:aws:iam::111122223333:policy/theirs does not exist or is not attachable.' },
    { arn: 'this-is-not-an-arn-at-all', code: 'InvalidInput', status: 400, message: 'ARN this-is-not-an-arn-at-all is not valid.' },
    { arn: arnOf('user', 'someone'), code: 'InvalidInput', status: 400, message: `ARN ${arnOf('user', 'someone')} is not valid.` },
    { arn: 'arn:aws:s3:::bucket/policy/x', code: 'InvalidInput', status: 400, message: 'ARN arn:aws:s3:::bucket/policy/x is not valid.' },
    {
      arn: 'arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy',
      code: 'PolicyNotAttachable',
      status: 400,
      message: 'Cannot attach a Service Role Policy to a Customer Role.',
    },
  ];
  await fx.root.send(new CreateUserCommand({ UserName: 'target' }));
  await fx.root.send(new CreateRoleCommand({ RoleName: 'target', AssumeRolePolicyDocument: trust }));
  for (const c of cases) {
    const expected = { code: c.code, status: c.status, message: c.message };
    await rejectsWith(fx.root.send(new CreateUserCommand({ UserName: 'never', PermissionsBoundary: c.arn })), expected);
    await rejectsWith(fx.root.send(new CreateRoleCommand({ RoleName: 'never', AssumeRolePolicyDocument: trust, PermissionsBoundary: c.arn })), expected);
    await rejectsWith(fx.root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'target', PermissionsBoundary: c.arn })), expected);
    await rejectsWith(fx.root.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'target', PermissionsBoundary: c.arn })), expected);
  }
  // Nothing was created or changed.
  await rejectsWith(fx.root.send(new GetUserCommand({ UserName: 'never' })), { code: 'NoSuchEntity', status: 404 });
  await rejectsWith(fx.root.send(new GetRoleCommand({ RoleName: 'never' })), { code: 'NoSuchEntity', status: 404 });
  assert.equal((await fx.root.send(new GetUserCommand({ UserName: 'target' }))).User!.PermissionsBoundary, undefined);
  await fx.root.send(new DeleteUserCommand({ UserName: 'target' }));
  await fx.root.send(new DeleteRoleCommand({ RoleName: 'target' }));
});

test('role boundaries: create with one, GetRole shows it, ListRoles does not; put, delete; DeletePolicy refuses a boundary in use', async () => {
  const b = await createPolicy('rb', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
  const created = (await fx.root.send(new CreateRoleCommand({ RoleName: 'rb-role', Path: '/rb/', AssumeRolePolicyDocument: trust, PermissionsBoundary: b }))).Role!;
  assert.deepEqual(created.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: b });
  assert.equal((await fx.root.send(new GetRoleCommand({ RoleName: 'rb-role' }))).Role!.PermissionsBoundary!.PermissionsBoundaryArn, b);
  const listed = (await fx.root.send(new ListRolesCommand({ PathPrefix: '/rb/' }))).Roles!;
  assert.equal(listed[0]!.PermissionsBoundary, undefined);

  await rejectsWith(fx.root.send(new DeletePolicyCommand({ PolicyArn: b })), {
    code: 'DeleteConflict',
    status: 409,
    message: 'Cannot delete a policy used as a permissions boundary.',
  });
  await fx.root.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'rb-role' }));
  assert.equal((await fx.root.send(new GetRoleCommand({ RoleName: 'rb-role' }))).Role!.PermissionsBoundary, undefined);
  await fx.root.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'rb-role', PermissionsBoundary: b }));
  assert.equal((await fx.root.send(new GetRoleCommand({ RoleName: 'rb-role' }))).Role!.PermissionsBoundary!.PermissionsBoundaryArn, b);
  await rejectsWith(fx.root.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'ghost', PermissionsBoundary: b })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'The role with name ghost cannot be found.',
  });
  await rejectsWith(fx.root.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'ghost' })), { code: 'NoSuchEntity', status: 404 });
  // The role goes, its boundary with it; then the policy may go.
  await fx.root.send(new DeleteRoleCommand({ RoleName: 'rb-role' }));
  await fx.root.send(new DeletePolicyCommand({ PolicyArn: b }));
});

test('service-linked roles take no boundary', async () => {
  const b = await createPolicy('slr-b', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
  await fx.ts.server.store.write((tx) =>
    tx.roles.create({
      accountId: fx.ts.accountId,
      roleId: 'AROASERVICELINKEDBND1',
      name: 'AWSServiceRoleForBoundaryTest',
      path: '/aws-service-role/test.amazonaws.com/',
      arn: arnOf('role', 'aws-service-role/test.amazonaws.com/AWSServiceRoleForBoundaryTest'),
      createDate: new Date(),
      assumeRolePolicyDocument: trust,
      maxSessionDuration: 3600,
    }),
  );
  const expected = { code: 'UnmodifiableEntity', status: 400, message: /protected role 'AWSServiceRoleForBoundaryTest'/ };
  await rejectsWith(fx.root.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'AWSServiceRoleForBoundaryTest', PermissionsBoundary: b })), expected);
  await rejectsWith(fx.root.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'AWSServiceRoleForBoundaryTest' })), expected);
  await fx.ts.server.store.write((tx) => tx.roles.delete(fx.ts.accountId, 'AWSServiceRoleForBoundaryTest'));
  await fx.root.send(new DeletePolicyCommand({ PolicyArn: b }));
});

test('a delegated admin may create users only with this permissions boundary', async () => {
  const allowed = await createPolicy('DelegatedBoundary', doc({ Effect: 'Allow', Action: ['s3:*', 'iam:Get*'], Resource: '*' }));
  const other = await createPolicy('OtherBoundary', doc({ Effect: 'Allow', Action: '*', Resource: '*' }));
  const admin = fx.iam(
    await userWithKey(fx.root, 'delegated-admin', {
      create: policy(
        {
          Sid: 'CreateOrChangeOnlyWithBoundary',
          Effect: 'Allow',
          Action: ['iam:CreateUser', 'iam:PutUserPermissionsBoundary', 'iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
          Resource: '*',
          Condition: { StringEquals: { 'iam:PermissionsBoundary': allowed } },
        },
        { Sid: 'Read', Effect: 'Allow', Action: ['iam:GetUser', 'iam:GetRole'], Resource: '*' },
        // May not take the boundary off what it made.
        { Sid: 'NoBoundaryDelete', Effect: 'Deny', Action: ['iam:DeleteUserPermissionsBoundary', 'iam:DeleteRolePermissionsBoundary'], Resource: '*' },
      ),
    }),
  );
  const adminArn = arnOf('user', 'delegated-admin');

  // With the boundary: allowed.
  const made = (await admin.send(new CreateUserCommand({ UserName: 'made-by-admin', PermissionsBoundary: allowed }))).User!;
  assert.equal(made.PermissionsBoundary!.PermissionsBoundaryArn, allowed);
  await admin.send(new CreateRoleCommand({ RoleName: 'made-by-admin', AssumeRolePolicyDocument: trust, PermissionsBoundary: allowed }));

  // Without one, or with another: the condition key is absent or different, so no statement allows.
  const denied = (resource: string, action: string) => ({
    code: 'AccessDenied',
    status: 403,
    message: `User: ${adminArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
  });
  await rejectsWith(admin.send(new CreateUserCommand({ UserName: 'unbounded' })), denied(arnOf('user', 'unbounded'), 'iam:CreateUser'));
  await rejectsWith(admin.send(new CreateUserCommand({ UserName: 'wide', PermissionsBoundary: other })), denied(arnOf('user', 'wide'), 'iam:CreateUser'));
  await rejectsWith(
    admin.send(new CreateRoleCommand({ RoleName: 'wide', AssumeRolePolicyDocument: trust, PermissionsBoundary: other })),
    denied(arnOf('role', 'wide'), 'iam:CreateRole'),
  );
  await rejectsWith(
    admin.send(new PutUserPermissionsBoundaryCommand({ UserName: 'made-by-admin', PermissionsBoundary: other })),
    denied(arnOf('user', 'made-by-admin'), 'iam:PutUserPermissionsBoundary'),
  );
  await admin.send(new PutUserPermissionsBoundaryCommand({ UserName: 'made-by-admin', PermissionsBoundary: allowed }));
  await rejectsWith(admin.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'made-by-admin' })), {
    code: 'AccessDenied',
    status: 403,
    message: `User: ${adminArn} is not authorized to perform: iam:DeleteUserPermissionsBoundary on resource: ${arnOf('user', 'made-by-admin')} with an explicit deny in an identity-based policy`,
  });
  assert.equal((await fx.root.send(new GetUserCommand({ UserName: 'unbounded' })).catch(() => undefined)), undefined);

  // iam:PermissionsBoundary on an existing role names the boundary it has (GetRole lists the key).
  const reader = fx.iam(
    await userWithKey(fx.root, 'bounded-reader', {
      p: policy({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'iam:PermissionsBoundary': allowed } } }),
    }),
  );
  await fx.root.send(new CreateRoleCommand({ RoleName: 'no-boundary', AssumeRolePolicyDocument: trust }));
  assert.equal((await reader.send(new GetRoleCommand({ RoleName: 'made-by-admin' }))).Role!.RoleName, 'made-by-admin');
  await rejectsWith(reader.send(new GetRoleCommand({ RoleName: 'no-boundary' })), { code: 'AccessDenied', status: 403 });
});

test('iam:PermissionsBoundary on attaching and putting policies names the identity\'s current boundary', async () => {
  const bound = await createPolicy('AttachBoundary', doc({ Effect: 'Allow', Action: 'iam:List*', Resource: '*' }));
  const grant = await createPolicy('AttachGrant', doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }));
  await fx.root.send(new CreateUserCommand({ UserName: 'attach-bounded', PermissionsBoundary: bound }));
  await fx.root.send(new CreateUserCommand({ UserName: 'attach-unbounded' }));
  const admin = fx.iam(
    await userWithKey(fx.root, 'attach-admin', {
      p: policy({
        Effect: 'Allow',
        Action: ['iam:AttachUserPolicy', 'iam:DetachUserPolicy', 'iam:PutUserPolicy', 'iam:DeleteUserPolicy'],
        Resource: '*',
        Condition: { StringEquals: { 'iam:PermissionsBoundary': bound } },
      }),
    }),
  );
  await admin.send(new AttachUserPolicyCommand({ UserName: 'attach-bounded', PolicyArn: grant }));
  await admin.send(new DetachUserPolicyCommand({ UserName: 'attach-bounded', PolicyArn: grant }));
  await admin.send(new PutUserPolicyCommand({ UserName: 'attach-bounded', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }));
  await admin.send(new DeleteUserPolicyCommand({ UserName: 'attach-bounded', PolicyName: 'p' }));
  await rejectsWith(admin.send(new AttachUserPolicyCommand({ UserName: 'attach-unbounded', PolicyArn: grant })), { code: 'AccessDenied', status: 403 });
  await rejectsWith(
    admin.send(new PutUserPolicyCommand({ UserName: 'attach-unbounded', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) })),
    { code: 'AccessDenied', status: 403 },
  );
});

test('a boundary caps what identity policies grant, and its explicit deny wins', async () => {
  // The identity policy allows all of IAM's reads; the boundary only GetUser and ListUsers.
  const boundary = await createPolicy(
    'ReadUsersOnly',
    doc({ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListUsers', 'iam:ListRoles'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:ListRoles', Resource: '*' }),
  );
  const creds = await userWithKey(fx.root, 'capped', { wide: policy({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }) });
  const capped = fx.iam(creds);
  // Before the boundary, the identity policy decides alone.
  await capped.send(new ListRolesCommand({}));
  await capped.send(new GetPolicyCommand({ PolicyArn: boundary }));

  await fx.root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'capped', PermissionsBoundary: boundary }));
  assert.equal((await capped.send(new GetUserCommand({ UserName: 'capped' }))).User!.UserName, 'capped');
  await capped.send(new ListUsersCommand({}));
  const me = arnOf('user', 'capped');
  await rejectsWith(capped.send(new GetPolicyCommand({ PolicyArn: boundary })), {
    code: 'AccessDenied',
    status: 403,
    message: `User: ${me} is not authorized to perform: iam:GetPolicy on resource: ${boundary} because no permissions boundary allows the iam:GetPolicy action`,
  });
  await rejectsWith(capped.send(new ListRolesCommand({})), {
    code: 'AccessDenied',
    status: 403,
    message: /explicit deny in a permissions boundary/,
  });
  // The boundary grants nothing on its own: a user with only a boundary may do nothing.
  const bare = fx.iam(await userWithKey(fx.root, 'bare'));
  await fx.root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bare', PermissionsBoundary: boundary }));
  await rejectsWith(bare.send(new GetUserCommand({ UserName: 'bare' })), { code: 'AccessDenied', status: 403 });

  // Off again: the identity policy decides alone again.
  await fx.root.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'capped' }));
  await capped.send(new GetPolicyCommand({ PolicyArn: boundary }));
  await capped.send(new ListRolesCommand({}));
});

test('SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy cover groups, roles and boundaries', async () => {
  const boundary = await createPolicy('SimBoundary', doc({ Effect: 'Allow', Action: ['s3:*', 'ec2:*'], Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }));
  const groupManaged = await createPolicy('SimGroupManaged', doc({ Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }));
  await fx.root.send(new CreateUserCommand({ UserName: 'sim-user', PermissionsBoundary: boundary }));
  await fx.root.send(new CreateGroupCommand({ GroupName: 'sim-group' }));
  await fx.root.send(new AddUserToGroupCommand({ GroupName: 'sim-group', UserName: 'sim-user' }));
  await fx.root.send(
    new PutGroupPolicyCommand({
      GroupName: 'sim-group',
      PolicyName: 'group-inline',
      PolicyDocument: doc({ Effect: 'Allow', Action: ['s3:GetObject', 'sqs:SendMessage'], Resource: '*', Condition: { StringEquals: { 's3:prefix': 'home/' } } }),
    }),
  );
  await fx.root.send(new AttachGroupPolicyCommand({ GroupName: 'sim-group', PolicyArn: groupManaged }));

  const sim = async (source: string, actions: string[], extra: Record<string, unknown> = {}) =>
    (await fx.root.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: source, ActionNames: actions, ...extra }))).EvaluationResults!;

  // The user: its group's policies grant, its boundary caps (sqs is outside it).
  const user = await sim(arnOf('user', 'sim-user'), ['s3:GetObject', 'ec2:DescribeInstances', 'sqs:SendMessage'], {
    ContextEntries: [
      { ContextKeyName: 's3:prefix', ContextKeyValues: ['home/'], ContextKeyType: 'string' },
      { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['true'], ContextKeyType: 'boolean' },
      { ContextKeyName: 'aws:RequestedRegion', ContextKeyValues: ['us-east-1'], ContextKeyType: 'string' },
    ],
  });
  const byAction = new Map(user.map((r) => [r.EvalActionName, r]));
  assert.equal(byAction.get('s3:GetObject')!.EvalDecision, 'allowed');
  assert.ok(byAction.get('s3:GetObject')!.MatchedStatements!.some((m) => m.SourcePolicyId === 'group-inline'));
  assert.equal(byAction.get('ec2:DescribeInstances')!.EvalDecision, 'allowed');
  assert.ok(byAction.get('ec2:DescribeInstances')!.MatchedStatements!.some((m) => m.SourcePolicyId === groupManaged));
  assert.equal(byAction.get('sqs:SendMessage')!.EvalDecision, 'implicitDeny');
  assert.deepEqual(byAction.get('sqs:SendMessage')!.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
  assert.deepEqual(byAction.get('s3:GetObject')!.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
  for (const r of user) for (const m of r.MatchedStatements ?? []) assert.notEqual(m.SourcePolicyId, 'PermissionsBoundaryPolicyInputList.1');

  // Outside the boundary's region condition, the boundary denies even what the group allows.
  const elsewhere = await sim(arnOf('user', 'sim-user'), ['s3:GetObject'], {
    ContextEntries: [
      { ContextKeyName: 's3:prefix', ContextKeyValues: ['home/'], ContextKeyType: 'string' },
      { ContextKeyName: 'aws:RequestedRegion', ContextKeyValues: ['eu-west-1'], ContextKeyType: 'string' },
    ],
  });
  assert.equal(elsewhere[0]!.EvalDecision, 'implicitDeny');
  // A boundary passed in replaces the user's own.
  const replaced = await sim(arnOf('user', 'sim-user'), ['sqs:SendMessage'], {
    PermissionsBoundaryPolicyInputList: [doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' })],
    ContextEntries: [{ ContextKeyName: 's3:prefix', ContextKeyValues: ['home/'], ContextKeyType: 'string' }],
  });
  assert.equal(replaced[0]!.EvalDecision, 'allowed');

  // An AWS-managed boundary larger than a customer policy may be (ReadOnlyAccess) simulates too.
  await fx.root.send(new CreateUserCommand({ UserName: 'sim-readonly', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  await fx.root.send(new AddUserToGroupCommand({ GroupName: 'sim-group', UserName: 'sim-readonly' }));
  const readOnly = await sim(arnOf('user', 'sim-readonly'), ['ec2:DescribeInstances', 'sqs:SendMessage'], {
    ContextEntries: [
      { ContextKeyName: 's3:prefix', ContextKeyValues: ['home/'], ContextKeyType: 'string' },
      { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['true'], ContextKeyType: 'boolean' },
    ],
  });
  assert.deepEqual(
    readOnly.map((r) => [r.EvalActionName, r.EvalDecision, r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary]),
    [
      ['ec2:DescribeInstances', 'allowed', true],
      ['sqs:SendMessage', 'implicitDeny', false],
    ],
  );

  // The group alone: its inline and attached policies, no boundary.
  const group = await sim(arnOf('group', 'sim-group'), ['sqs:SendMessage'], {
    ContextEntries: [{ ContextKeyName: 's3:prefix', ContextKeyValues: ['home/'], ContextKeyType: 'string' }],
  });
  assert.equal(group[0]!.EvalDecision, 'allowed');
  assert.equal(group[0]!.PermissionsBoundaryDecisionDetail, undefined);

  // A role: inline and attached, and its boundary.
  await fx.root.send(new CreateRoleCommand({ RoleName: 'sim-role', AssumeRolePolicyDocument: trust, PermissionsBoundary: boundary }));
  await fx.root.send(new PutRolePolicyCommand({ RoleName: 'sim-role', PolicyName: 'role-inline', PolicyDocument: doc({ Effect: 'Allow', Action: ['s3:PutObject', 'sqs:*'], Resource: '*' }) }));
  await fx.root.send(new AttachRolePolicyCommand({ RoleName: 'sim-role', PolicyArn: groupManaged }));
  const role = await sim(arnOf('role', 'sim-role'), ['s3:PutObject', 'sqs:SendMessage', 'iam:GetUser'], {
    ContextEntries: [{ ContextKeyName: 'aws:RequestedRegion', ContextKeyValues: ['us-east-1'], ContextKeyType: 'string' }],
  });
  const roleBy = new Map(role.map((r) => [r.EvalActionName, r.EvalDecision]));
  assert.deepEqual(Object.fromEntries(roleBy), { 's3:PutObject': 'allowed', 'sqs:SendMessage': 'implicitDeny', 'iam:GetUser': 'implicitDeny' });
  await rejectsWith(fx.root.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arnOf('role', 'ghost'), ActionNames: ['s3:GetObject'] })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'The role with name ghost cannot be found.',
  });
  await rejectsWith(fx.root.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arnOf('group', 'ghost'), ActionNames: ['s3:GetObject'] })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'The group with name ghost cannot be found.',
  });

  // Context keys: the user's groups' policies and its boundary count.
  const keys = (await fx.root.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: arnOf('user', 'sim-user') }))).ContextKeyNames!;
  assert.deepEqual([...keys].map((k) => k.toLowerCase()).sort(), ['aws:requestedregion', 'aws:securetransport', 's3:prefix']);
  const roleKeys = (await fx.root.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: arnOf('role', 'sim-role') }))).ContextKeyNames!;
  assert.deepEqual([...roleKeys].map((k) => k.toLowerCase()).sort(), ['aws:requestedregion', 'aws:securetransport']);
  const groupKeys = (await fx.root.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: arnOf('group', 'sim-group') }))).ContextKeyNames!;
  assert.deepEqual([...groupKeys].map((k) => k.toLowerCase()).sort(), ['aws:securetransport', 's3:prefix']);
});

test('boto3: put_user_permissions_boundary, get_user, delete_user_permissions_boundary, and a missing policy', { skip: boto3Missing() }, async () => {
  const b = await createPolicy('py-boundary', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
  await fx.root.send(new CreateUserCommand({ UserName: 'py-user' }));
  const { out } = await boto3(
    fx.ts.url,
    fx.ts.root,
    `
iam.put_user_permissions_boundary(UserName='py-user', PermissionsBoundary=V['b'])
out['set'] = iam.get_user(UserName='py-user')['User'].get('PermissionsBoundary')
iam.delete_user_permissions_boundary(UserName='py-user')
out['cleared'] = iam.get_user(UserName='py-user')['User'].get('PermissionsBoundary')
out['missing'] = err(iam.put_user_permissions_boundary, UserName='py-user', PermissionsBoundary=V['missing'])
`,
    { b, missing: arnOf('policy', 'py-missing') },
  );
  assert.deepEqual(out.set, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: b });
  assert.equal(out.cleared, null);
  assert.deepEqual(out.missing, { code: 'NoSuchEntity', message: `Policy ${arnOf('policy', 'py-missing')} does not exist or is not attachable.`, status: 404 });
});
