// Groups through the SDK: lifecycle, membership, group inline policies granting their members
// permissions (evaluated with the user's own), quotas and AWS's DeleteConflict rules.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteUserCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-iam';
import { policy, rejectsWith, serverFixture, userWithKey } from './helpers.js';

const fx = serverFixture();

test('group lifecycle: create, get, rename, list with paths and pages, delete', async () => {
  const created = await fx.root.send(new CreateGroupCommand({ GroupName: 'devs', Path: '/eng/' }));
  assert.match(created.Group!.GroupId!, /^AGPA[A-Z2-7]{17}$/);
  assert.equal(created.Group!.Arn, `arn:aws:iam::${fx.ts.accountId}:group/eng/devs`);
  await rejectsWith(fx.root.send(new CreateGroupCommand({ GroupName: 'DEVS' })), { code: 'EntityAlreadyExists', status: 409, message: 'Group with name DEVS already exists.' });
  for (const n of ['ops', 'qa', 'sec']) await fx.root.send(new CreateGroupCommand({ GroupName: n }));
  const first = await fx.root.send(new ListGroupsCommand({ MaxItems: 2 }));
  assert.deepEqual(first.Groups!.map((g) => g.GroupName), ['devs', 'ops']);
  assert.equal(first.IsTruncated, true);
  const rest = await fx.root.send(new ListGroupsCommand({ Marker: first.Marker }));
  assert.deepEqual(rest.Groups!.map((g) => g.GroupName), ['qa', 'sec']);
  const eng = await fx.root.send(new ListGroupsCommand({ PathPrefix: '/eng/' }));
  assert.deepEqual(eng.Groups!.map((g) => g.GroupName), ['devs']);
  await fx.root.send(new UpdateGroupCommand({ GroupName: 'sec', NewGroupName: 'security', NewPath: '/sec/' }));
  const renamed = await fx.root.send(new GetGroupCommand({ GroupName: 'security' }));
  assert.equal(renamed.Group!.Arn, `arn:aws:iam::${fx.ts.accountId}:group/sec/security`);
  await fx.root.send(new DeleteGroupCommand({ GroupName: 'security' }));
  await rejectsWith(fx.root.send(new GetGroupCommand({ GroupName: 'security' })), { code: 'NoSuchEntity', status: 404, message: 'The group with name security cannot be found.' });
});

test("a group's inline policy grants its members, and stops when they leave", async () => {
  await fx.root.send(new CreateGroupCommand({ GroupName: 'readers' }));
  const carol = fx.iam(await userWithKey(fx.root, 'carol'));
  await rejectsWith(carol.send(new ListUsersCommand({})), { code: 'AccessDenied', status: 403 });
  await fx.root.send(new PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'list', PolicyDocument: JSON.stringify(policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' })) }));
  await fx.root.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'carol' }));
  await fx.root.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'carol' })); // idempotent
  const listed = await carol.send(new ListUsersCommand({}));
  assert.ok(listed.Users!.some((u) => u.UserName === 'carol'));
  const group = await fx.root.send(new GetGroupCommand({ GroupName: 'readers' }));
  assert.deepEqual(group.Users!.map((u) => u.UserName), ['carol']);
  const forUser = await fx.root.send(new ListGroupsForUserCommand({ UserName: 'carol' }));
  assert.deepEqual(forUser.Groups!.map((g) => g.GroupName), ['readers']);
  const got = await fx.root.send(new GetGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'list' }));
  assert.deepEqual(JSON.parse(decodeURIComponent(got.PolicyDocument!)), policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }));
  assert.deepEqual((await fx.root.send(new ListGroupPoliciesCommand({ GroupName: 'readers' }))).PolicyNames, ['list']);

  await rejectsWith(fx.root.send(new DeleteGroupCommand({ GroupName: 'readers' })), { code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must remove users from group first.' });
  await rejectsWith(fx.root.send(new DeleteUserCommand({ UserName: 'carol' })), { code: 'DeleteConflict', status: 409 });
  await fx.root.send(new RemoveUserFromGroupCommand({ GroupName: 'readers', UserName: 'carol' }));
  await rejectsWith(carol.send(new ListUsersCommand({})), { code: 'AccessDenied', status: 403 });
  await rejectsWith(fx.root.send(new DeleteGroupCommand({ GroupName: 'readers' })), { code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must delete policies first.' });
  await fx.root.send(new DeleteGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'list' }));
  await fx.root.send(new DeleteGroupCommand({ GroupName: 'readers' }));
});

test('a user is in at most 10 groups', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'joiner' }));
  for (let i = 0; i < 10; i++) {
    await fx.root.send(new CreateGroupCommand({ GroupName: `g${i}` }));
    await fx.root.send(new AddUserToGroupCommand({ GroupName: `g${i}`, UserName: 'joiner' }));
  }
  await fx.root.send(new CreateGroupCommand({ GroupName: 'g10' }));
  await rejectsWith(fx.root.send(new AddUserToGroupCommand({ GroupName: 'g10', UserName: 'joiner' })), { code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for GroupsPerUser: 10' });
});

test('group calls are authorized on the group ARN', async () => {
  await fx.root.send(new CreateGroupCommand({ GroupName: 'guarded', Path: '/team/' }));
  const dave = fx.iam(await userWithKey(fx.root, 'dave', { g: policy({ Effect: 'Allow', Action: 'iam:GetGroup', Resource: `arn:aws:iam::${fx.ts.accountId}:group/team/*` }) }));
  const got = await dave.send(new GetGroupCommand({ GroupName: 'guarded' }));
  assert.equal(got.Group!.GroupName, 'guarded');
  await rejectsWith(dave.send(new GetGroupCommand({ GroupName: 'g0' })), {
    code: 'AccessDenied',
    status: 403,
    message: `User: arn:aws:iam::${fx.ts.accountId}:user/dave is not authorized to perform: iam:GetGroup on resource: arn:aws:iam::${fx.ts.accountId}:group/g0 because no identity-based policy allows the iam:GetGroup action`,
  });
});
