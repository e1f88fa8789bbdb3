// Managed policies through the SDK: customer-managed policies with versions, the AWS-managed
// catalogue served read-only, attachments to users and groups taking effect in authorization,
// quotas and DeleteConflict rules.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListUsersCommand,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { policy, rejectsWith, serverFixture, userWithKey } from './helpers.js';

const fx = serverFixture();

const doc = (action: string) => JSON.stringify(policy({ Effect: 'Allow', Action: action, Resource: '*' }));

test('customer-managed policy: create, versions (at most 5), default, delete rules', async () => {
  const { Policy } = await fx.root.send(new CreatePolicyCommand({ PolicyName: 'list-users', Path: '/team/', PolicyDocument: doc('iam:ListUsers'), Description: 'lists' }));
  assert.equal(Policy!.Arn, `arn:aws:iam::${fx.ts.accountId}:policy/team/list-users`);
  assert.match(Policy!.PolicyId!, /^ANPA[A-Z2-7]{17}$/);
  assert.equal(Policy!.DefaultVersionId, 'v1');
  assert.equal(Policy!.AttachmentCount, 0);
  await rejectsWith(fx.root.send(new CreatePolicyCommand({ PolicyName: 'LIST-USERS', PolicyDocument: doc('iam:ListUsers') })), { code: 'EntityAlreadyExists', status: 409 });
  await rejectsWith(fx.root.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}' })), { code: 'MalformedPolicyDocument', status: 400 });
  const arn = Policy!.Arn;
  for (let i = 2; i <= 5; i++) {
    const v = await fx.root.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('iam:GetUser'), SetAsDefault: i === 3 }));
    assert.equal(v.PolicyVersion!.VersionId, `v${i}`);
  }
  await rejectsWith(fx.root.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('iam:GetUser') })), { code: 'LimitExceeded', status: 409 });
  assert.equal((await fx.root.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v3');
  const versions = await fx.root.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
  assert.deepEqual(versions.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v5', false], ['v4', false], ['v3', true], ['v2', false], ['v1', false]]);
  await rejectsWith(fx.root.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })), { code: 'DeleteConflict', status: 409, message: 'Cannot delete the default version of a policy.' });
  await fx.root.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
  const v1 = await fx.root.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
  assert.equal(v1.PolicyVersion!.IsDefaultVersion, true);
  assert.deepEqual(JSON.parse(decodeURIComponent(v1.PolicyVersion!.Document!)), JSON.parse(doc('iam:ListUsers')));
  await rejectsWith(fx.root.send(new DeletePolicyCommand({ PolicyArn: arn })), { code: 'DeleteConflict', status: 409 });
  for (const v of ['v2', 'v3', 'v4', 'v5']) await fx.root.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
  const v6 = await fx.root.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('iam:GetUser') }));
  assert.equal(v6.PolicyVersion!.VersionId, 'v6', 'version numbers are never reused');
  await fx.root.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }));
  await fx.root.send(new DeletePolicyCommand({ PolicyArn: arn }));
  await rejectsWith(fx.root.send(new GetPolicyCommand({ PolicyArn: arn })), { code: 'NoSuchEntity', status: 404 });
});

test('AWS-managed policies are listed, fetched with their versions, and read-only', async () => {
  const ro = await fx.root.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  assert.equal(ro.Policy!.PolicyName, 'ReadOnlyAccess');
  const v = await fx.root.send(new GetPolicyVersionCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', VersionId: 'v1' }));
  assert.deepEqual((JSON.parse(decodeURIComponent(v.PolicyVersion!.Document!)) as { Statement: unknown }).Statement, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const page = await fx.root.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/job-function/', MaxItems: 5 }));
  assert.equal(page.Policies!.length, 5);
  assert.ok(page.Policies!.every((p) => p.Path === '/job-function/'));
  assert.equal(page.IsTruncated, true);
  const rest = await fx.root.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/job-function/', Marker: page.Marker }));
  assert.equal(page.Policies!.length + rest.Policies!.length, 11);
  await rejectsWith(fx.root.send(new DeletePolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })), { code: 'InvalidInput', status: 400 });
  await rejectsWith(fx.root.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/NoSuchThing' })), { code: 'NoSuchEntity', status: 404 });
});

test('attached policies (own and through groups, AWS-managed and customer) take effect', async () => {
  const erin = fx.iam(await userWithKey(fx.root, 'erin'));
  await rejectsWith(erin.send(new ListUsersCommand({})), { code: 'AccessDenied', status: 403 });
  await fx.root.send(new AttachUserPolicyCommand({ UserName: 'erin', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
  assert.ok((await erin.send(new ListUsersCommand({}))).Users!.length > 0);
  const attached = await fx.root.send(new ListAttachedUserPoliciesCommand({ UserName: 'erin' }));
  assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'IAMReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }]);
  const ro = await fx.root.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
  assert.equal(ro.Policy!.AttachmentCount, 1);
  await fx.root.send(new DetachUserPolicyCommand({ UserName: 'erin', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
  await rejectsWith(erin.send(new ListUsersCommand({})), { code: 'AccessDenied', status: 403 });

  const { Policy } = await fx.root.send(new CreatePolicyCommand({ PolicyName: 'lister', PolicyDocument: doc('iam:ListUsers') }));
  await fx.root.send(new CreateGroupCommand({ GroupName: 'listers' }));
  await fx.root.send(new AttachGroupPolicyCommand({ GroupName: 'listers', PolicyArn: Policy!.Arn! }));
  await fx.root.send(new AddUserToGroupCommand({ GroupName: 'listers', UserName: 'erin' }));
  assert.ok((await erin.send(new ListUsersCommand({}))).Users!.length > 0);
  const entities = await fx.root.send(new ListEntitiesForPolicyCommand({ PolicyArn: Policy!.Arn! }));
  assert.deepEqual(entities.PolicyGroups!.map((g) => g.GroupName), ['listers']);
  await rejectsWith(fx.root.send(new DeletePolicyCommand({ PolicyArn: Policy!.Arn! })), { code: 'DeleteConflict', status: 409, message: 'Cannot delete a policy attached to entities.' });
  // A new default version changes what the group's members may do.
  await fx.root.send(new CreatePolicyVersionCommand({ PolicyArn: Policy!.Arn!, PolicyDocument: doc('iam:GetUser'), SetAsDefault: true }));
  await rejectsWith(erin.send(new ListUsersCommand({})), { code: 'AccessDenied', status: 403 });
});

test('attachment quota and unknown policies', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'collector' }));
  const aws = (await fx.root.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 11 }))).Policies!;
  for (const p of aws.slice(0, 10)) await fx.root.send(new AttachUserPolicyCommand({ UserName: 'collector', PolicyArn: p.Arn! }));
  await rejectsWith(fx.root.send(new AttachUserPolicyCommand({ UserName: 'collector', PolicyArn: aws[10]!.Arn! })), {
    code: 'LimitExceeded',
    status: 409,
    message: 'Cannot exceed quota for PoliciesPerUser: 10',
  });
  await rejectsWith(fx.root.send(new AttachUserPolicyCommand({ UserName: 'collector', PolicyArn: `arn:aws:iam::${fx.ts.accountId}:policy/nope` })), {
    code: 'NoSuchEntity',
    status: 404,
    message: `Policy arn:aws:iam::${fx.ts.accountId}:policy/nope does not exist or is not attachable.`,
  });
});
