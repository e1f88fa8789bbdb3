// Roles through the SDK: lifecycle, trust policy validation, MaxSessionDuration bounds, pages,
// tags and aws:ResourceTag conditions, inline policies and their 10,240 aggregate, DeleteConflict,
// the protection of service-linked roles, and AWS's AccessDenied wording on role ARNs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
} from '@aws-sdk/client-iam';
import { accessDeniedMessage, policy, rejectsWith, serverFixture, userWithKey } from './helpers.js';

const fx = serverFixture();

const trust = JSON.stringify(policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }));
const allowAll = (sid: string) => JSON.stringify(policy({ Sid: sid, Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }));

test('role lifecycle: create, get, update, describe, change trust, list, delete', async () => {
  const created = await fx.root.send(new CreateRoleCommand({ RoleName: 'Builder', Path: '/app/', AssumeRolePolicyDocument: trust, Description: 'builds' }));
  const role = created.Role!;
  assert.match(role.RoleId!, /^AROA[A-Z2-7]{17}$/);
  assert.equal(role.Arn, `arn:aws:iam::${fx.ts.accountId}:role/app/Builder`);
  assert.equal(role.Path, '/app/');
  assert.equal(role.MaxSessionDuration, 3600);
  assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)), JSON.parse(trust));

  await rejectsWith(fx.root.send(new CreateRoleCommand({ RoleName: 'BUILDER', AssumeRolePolicyDocument: trust })), {
    code: 'EntityAlreadyExists',
    status: 409,
    message: 'Role with name BUILDER already exists.',
  });

  const got = (await fx.root.send(new GetRoleCommand({ RoleName: 'builder' }))).Role!;
  assert.equal(got.RoleName, 'Builder');
  assert.equal(got.Description, 'builds');
  assert.deepEqual(got.RoleLastUsed, {});
  assert.equal(got.Tags, undefined);

  await fx.root.send(new UpdateRoleCommand({ RoleName: 'Builder', MaxSessionDuration: 7200, Description: 'builds more' }));
  const updated = (await fx.root.send(new GetRoleCommand({ RoleName: 'Builder' }))).Role!;
  assert.equal(updated.MaxSessionDuration, 7200);
  assert.equal(updated.Description, 'builds more');

  const described = await fx.root.send(new UpdateRoleDescriptionCommand({ RoleName: 'Builder', Description: 'the builder' }));
  assert.equal(described.Role!.Description, 'the builder');
  assert.equal(described.Role!.RoleId, role.RoleId);

  const lambdaTrust = JSON.stringify(policy({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }));
  await fx.root.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Builder', PolicyDocument: lambdaTrust }));
  const retrusted = (await fx.root.send(new GetRoleCommand({ RoleName: 'Builder' }))).Role!;
  assert.deepEqual(JSON.parse(decodeURIComponent(retrusted.AssumeRolePolicyDocument!)), JSON.parse(lambdaTrust));

  const listed = (await fx.root.send(new ListRolesCommand({ PathPrefix: '/app/' }))).Roles!;
  assert.deepEqual(listed.map((r) => r.RoleName), ['Builder']);
  // ListRoles leaves out RoleLastUsed, Tags and PermissionsBoundary.
  assert.equal(listed[0]!.RoleLastUsed, undefined);
  assert.equal(listed[0]!.MaxSessionDuration, 7200);

  await fx.root.send(new DeleteRoleCommand({ RoleName: 'BUILDER' }));
  await rejectsWith(fx.root.send(new GetRoleCommand({ RoleName: 'Builder' })), { code: 'NoSuchEntity', status: 404, message: 'The role with name Builder cannot be found.' });
  await rejectsWith(fx.root.send(new DeleteRoleCommand({ RoleName: 'Builder' })), { code: 'NoSuchEntity', status: 404 });
});

test('trust policies are validated as trust policies', async () => {
  const withResource = JSON.stringify(policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }));
  const noPrincipal = JSON.stringify(policy({ Effect: 'Allow', Action: 'sts:AssumeRole' }));
  await rejectsWith(fx.root.send(new CreateRoleCommand({ RoleName: 'bad1', AssumeRolePolicyDocument: withResource })), {
    code: 'MalformedPolicyDocument',
    status: 400,
    message: 'Has prohibited field Resource',
  });
  await rejectsWith(fx.root.send(new CreateRoleCommand({ RoleName: 'bad2', AssumeRolePolicyDocument: noPrincipal })), {
    code: 'MalformedPolicyDocument',
    status: 400,
    message: 'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!',
  });
  await rejectsWith(fx.root.send(new CreateRoleCommand({ RoleName: 'bad3', AssumeRolePolicyDocument: '{not json' })), { code: 'MalformedPolicyDocument', status: 400 });
  await rejectsWith(fx.root.send(new GetRoleCommand({ RoleName: 'bad1' })), { code: 'NoSuchEntity', status: 404 });

  await fx.root.send(new CreateRoleCommand({ RoleName: 'trusty', AssumeRolePolicyDocument: trust }));
  await rejectsWith(fx.root.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'trusty', PolicyDocument: withResource })), { code: 'MalformedPolicyDocument', status: 400 });
  await fx.root.send(new DeleteRoleCommand({ RoleName: 'trusty' }));
});

test('MaxSessionDuration must lie within 3600..43200 seconds', async () => {
  await rejectsWith(fx.root.send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: trust, MaxSessionDuration: 3599 })), {
    code: 'ValidationError',
    status: 400,
    message: /maxSessionDuration.*greater than or equal to 3600/,
  });
  await rejectsWith(fx.root.send(new CreateRoleCommand({ RoleName: 'long', AssumeRolePolicyDocument: trust, MaxSessionDuration: 43201 })), {
    code: 'ValidationError',
    status: 400,
    message: /maxSessionDuration.*less than or equal to 43200/,
  });
  const ok = await fx.root.send(new CreateRoleCommand({ RoleName: 'long', AssumeRolePolicyDocument: trust, MaxSessionDuration: 43200 }));
  assert.equal(ok.Role!.MaxSessionDuration, 43200);
  await rejectsWith(fx.root.send(new UpdateRoleCommand({ RoleName: 'long', MaxSessionDuration: 100 })), { code: 'ValidationError', status: 400 });
  await fx.root.send(new DeleteRoleCommand({ RoleName: 'long' }));
});

test('CreateRole refuses the service-linked path and an unattachable boundary', async () => {
  await rejectsWith(fx.root.send(new CreateRoleCommand({ RoleName: 'sneaky', Path: '/aws-service-role/x.amazonaws.com/', AssumeRolePolicyDocument: trust })), {
    code: 'InvalidInput',
    status: 400,
    message: "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles",
  });
  const boundary = `arn:aws:iam::${fx.ts.accountId}:policy/nope`;
  await rejectsWith(fx.root.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: trust, PermissionsBoundary: boundary })), {
    code: 'NoSuchEntity',
    status: 404,
    message: `Policy ${boundary} does not exist or is not attachable.`,
  });
});

test('ListRoles pages in name order, case-insensitively', async () => {
  for (const n of ['pg-b', 'PG-a', 'pg-d', 'pg-C']) await fx.root.send(new CreateRoleCommand({ RoleName: n, Path: '/pg/', AssumeRolePolicyDocument: trust }));
  const first = await fx.root.send(new ListRolesCommand({ PathPrefix: '/pg/', MaxItems: 3 }));
  assert.deepEqual(first.Roles!.map((r) => r.RoleName), ['PG-a', 'pg-b', 'pg-C']);
  assert.equal(first.IsTruncated, true);
  const rest = await fx.root.send(new ListRolesCommand({ PathPrefix: '/pg/', Marker: first.Marker }));
  assert.deepEqual(rest.Roles!.map((r) => r.RoleName), ['pg-d']);
  assert.equal(rest.IsTruncated, false);
  await rejectsWith(fx.root.send(new ListRolesCommand({ Marker: 'garbage' })), { code: 'InvalidInput', status: 400, message: 'Invalid Marker.' });
  for (const n of ['pg-b', 'PG-a', 'pg-d', 'pg-C']) await fx.root.send(new DeleteRoleCommand({ RoleName: n }));
});

test('role tags: create with tags, tag, untag, list, and aws:ResourceTag conditions', async () => {
  const created = await fx.root.send(new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'team', Value: 'red' }] }));
  assert.deepEqual(created.Role!.Tags, [{ Key: 'team', Value: 'red' }]);
  await fx.root.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'TEAM', Value: 'blue' }] }));
  const tags = (await fx.root.send(new ListRoleTagsCommand({ RoleName: 'tagged' }))).Tags!;
  assert.deepEqual(
    [...tags].sort((a, b) => a.Key!.localeCompare(b.Key!)),
    [
      { Key: 'env', Value: 'prod' },
      { Key: 'TEAM', Value: 'blue' },
    ],
  );
  const got = (await fx.root.send(new GetRoleCommand({ RoleName: 'tagged' }))).Role!;
  assert.equal(got.Tags!.length, 2);
  await rejectsWith(fx.root.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'aws:x', Value: 'y' }] })), { code: 'InvalidInput', status: 400 });
  const many = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  await rejectsWith(fx.root.send(new TagRoleCommand({ RoleName: 'tagged', Tags: many })), {
    code: 'LimitExceeded',
    status: 409,
    message: 'The number of tags has reached the maximum limit of 50.',
  });
  await fx.root.send(new UntagRoleCommand({ RoleName: 'tagged', TagKeys: ['ENV'] }));
  assert.deepEqual((await fx.root.send(new ListRoleTagsCommand({ RoleName: 'tagged' }))).Tags, [{ Key: 'TEAM', Value: 'blue' }]);

  await fx.root.send(new CreateRoleCommand({ RoleName: 'untagged', AssumeRolePolicyDocument: trust }));
  const reader = fx.iam(
    await userWithKey(fx.root, 'blue-reader', {
      p: policy({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } }),
    }),
  );
  assert.equal((await reader.send(new GetRoleCommand({ RoleName: 'tagged' }))).Role!.RoleName, 'tagged');
  await rejectsWith(reader.send(new GetRoleCommand({ RoleName: 'untagged' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(`arn:aws:iam::${fx.ts.accountId}:user/blue-reader`, 'iam:GetRole', `arn:aws:iam::${fx.ts.accountId}:role/untagged`, 'implicit'),
  });

  const tagger = fx.iam(
    await userWithKey(fx.root, 'red-tagger', {
      p: policy({ Effect: 'Allow', Action: 'iam:TagRole', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'red' } } }),
    }),
  );
  await tagger.send(new TagRoleCommand({ RoleName: 'untagged', Tags: [{ Key: 'team', Value: 'red' }] }));
  await rejectsWith(tagger.send(new TagRoleCommand({ RoleName: 'untagged', Tags: [{ Key: 'team', Value: 'green' }] })), { code: 'AccessDenied', status: 403 });
});

test('role inline policies: put, get, list, delete, and the 10,240 aggregate', async () => {
  await fx.root.send(new CreateRoleCommand({ RoleName: 'inline', AssumeRolePolicyDocument: trust }));
  await fx.root.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'Read', PolicyDocument: allowAll('Read') }));
  const got = await fx.root.send(new GetRolePolicyCommand({ RoleName: 'INLINE', PolicyName: 'read' }));
  assert.equal(got.RoleName, 'inline');
  assert.equal(got.PolicyName, 'Read');
  assert.deepEqual(JSON.parse(decodeURIComponent(got.PolicyDocument!)), JSON.parse(allowAll('Read')));
  assert.deepEqual((await fx.root.send(new ListRolePoliciesCommand({ RoleName: 'inline' }))).PolicyNames, ['Read']);
  await rejectsWith(fx.root.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'bad', PolicyDocument: '{"Version":"2012-10-17"}' })), {
    code: 'MalformedPolicyDocument',
    status: 400,
  });

  // One large policy near the limit, padded with white space that is not counted.
  const base = allowAll('x');
  const big = (n: number) => JSON.stringify(policy({ Sid: 'Big', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(n)}` }));
  const fill = 10240 - base.length - big(0).length;
  await fx.root.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'Read', PolicyDocument: base }));
  await fx.root.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'Big', PolicyDocument: `${big(fill)}\n${' '.repeat(500)}` }));
  await rejectsWith(fx.root.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'Big', PolicyDocument: big(fill + 1) })), {
    code: 'LimitExceeded',
    status: 409,
    message: 'Maximum policy size of 10240 bytes exceeded for role inline',
  });
  // Replacing a policy counts its new size only.
  await fx.root.send(new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'big', PolicyDocument: big(10) }));
  assert.deepEqual((await fx.root.send(new ListRolePoliciesCommand({ RoleName: 'inline' }))).PolicyNames, ['big', 'Read']);

  await rejectsWith(fx.root.send(new DeleteRoleCommand({ RoleName: 'inline' })), { code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must delete policies first.' });
  await fx.root.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'BIG' }));
  await fx.root.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'Read' }));
  await rejectsWith(fx.root.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'Read' })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'The role policy with name Read cannot be found.',
  });
  await rejectsWith(fx.root.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'Read' })), { code: 'NoSuchEntity', status: 404 });
  await fx.root.send(new DeleteRoleCommand({ RoleName: 'inline' }));
});

test('DeleteRole refuses while managed policies are attached or the role is in an instance profile', async () => {
  await fx.root.send(new CreateRoleCommand({ RoleName: 'busy', AssumeRolePolicyDocument: trust }));
  const role = (await fx.root.send(new GetRoleCommand({ RoleName: 'busy' }))).Role!;
  const managed = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
  await fx.ts.server.store.write((tx) => tx.policyAttachments.attach('role', role.RoleId!, managed));
  await rejectsWith(fx.root.send(new DeleteRoleCommand({ RoleName: 'busy' })), { code: 'DeleteConflict', status: 409, message: 'Cannot delete entity, must detach all policies first.' });
  await fx.ts.server.store.write((tx) => tx.policyAttachments.detach('role', role.RoleId!, managed));

  const profileId = 'AIPAAAAAAAAAAAAAAAAAA';
  await fx.ts.server.store.write(async (tx) => {
    await tx.instanceProfiles.create({
      accountId: fx.ts.accountId,
      instanceProfileId: profileId,
      name: 'busy-profile',
      path: '/',
      arn: `arn:aws:iam::${fx.ts.accountId}:instance-profile/busy-profile`,
      createDate: new Date(),
    });
    await tx.instanceProfiles.addRole(profileId, role.RoleId!);
  });
  await rejectsWith(fx.root.send(new DeleteRoleCommand({ RoleName: 'busy' })), {
    code: 'DeleteConflict',
    status: 409,
    message: 'Cannot delete entity, must remove roles from instance profile first.',
  });
  await fx.ts.server.store.write((tx) => tx.instanceProfiles.delete(fx.ts.accountId, 'busy-profile'));
  await fx.root.send(new DeleteRoleCommand({ RoleName: 'busy' }));
});

test('service-linked roles are only modifiable by AWS', async () => {
  // CreateRole refuses the path, so the role is put in place through the store, as AWS would.
  const name = 'AWSServiceRoleForTest';
  await fx.ts.server.store.write((tx) =>
    tx.roles.create({
      accountId: fx.ts.accountId,
      roleId: 'AROAAAAAAAAAAAAAAAAAA',
      name,
      path: '/aws-service-role/test.amazonaws.com/',
      arn: `arn:aws:iam::${fx.ts.accountId}:role/aws-service-role/test.amazonaws.com/${name}`,
      createDate: new Date(),
      assumeRolePolicyDocument: trust,
      maxSessionDuration: 3600,
    }),
  );
  const protectedRole = { code: 'UnmodifiableEntity', status: 400, message: `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS` };
  const got = (await fx.root.send(new GetRoleCommand({ RoleName: name }))).Role!;
  assert.equal(got.Path, '/aws-service-role/test.amazonaws.com/');
  await rejectsWith(fx.root.send(new UpdateRoleCommand({ RoleName: name, Description: 'x' })), protectedRole);
  await rejectsWith(fx.root.send(new UpdateRoleDescriptionCommand({ RoleName: name, Description: 'x' })), protectedRole);
  await rejectsWith(fx.root.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: trust })), protectedRole);
  await rejectsWith(fx.root.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: allowAll('p') })), protectedRole);
  await rejectsWith(fx.root.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'p' })), protectedRole);
  await rejectsWith(fx.root.send(new DeleteRoleCommand({ RoleName: name })), protectedRole);
  assert.deepEqual((await fx.root.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames, []);
});

test('a user allowed iam:GetRole on role/app/* is denied other roles, in AWS words', async () => {
  await fx.root.send(new CreateRoleCommand({ RoleName: 'web', Path: '/app/', AssumeRolePolicyDocument: trust }));
  await fx.root.send(new CreateRoleCommand({ RoleName: 'db', Path: '/data/', AssumeRolePolicyDocument: trust }));
  const user = fx.iam(
    await userWithKey(fx.root, 'app-reader', { p: policy({ Effect: 'Allow', Action: 'iam:GetRole', Resource: `arn:aws:iam::${fx.ts.accountId}:role/app/*` }) }),
  );
  assert.equal((await user.send(new GetRoleCommand({ RoleName: 'web' }))).Role!.RoleName, 'web');
  const me = `arn:aws:iam::${fx.ts.accountId}:user/app-reader`;
  await rejectsWith(user.send(new GetRoleCommand({ RoleName: 'db' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(me, 'iam:GetRole', `arn:aws:iam::${fx.ts.accountId}:role/data/db`, 'implicit'),
  });
  // A role that does not exist is named at the root path.
  await rejectsWith(user.send(new GetRoleCommand({ RoleName: 'ghost' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(me, 'iam:GetRole', `arn:aws:iam::${fx.ts.accountId}:role/ghost`, 'implicit'),
  });
  await rejectsWith(user.send(new ListRolesCommand({})), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(me, 'iam:ListRoles', `arn:aws:iam::${fx.ts.accountId}:role/`, 'implicit'),
  });
  await rejectsWith(user.send(new DeleteRoleCommand({ RoleName: 'web' })), { code: 'AccessDenied', status: 403 });
});
