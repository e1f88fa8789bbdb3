// Instance profiles through the SDK: lifecycle, the one role a profile may hold, DeleteConflict
// both ways (a profile with a role, a role in a profile), paging, tags (case-sensitive keys) and
// aws:ResourceTag conditions, the 1,000-per-account quota, iam:PassRole for
// AddRoleToInstanceProfile, and AWS's AccessDenied wording on instance-profile ARNs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  ListRolesCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  UntagInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { uniqueId } from '../../src/lib/ids.js';
import { accessDeniedMessage, awsCli, awsCliMissing, policy, rejectsWith, serverFixture, userWithKey } from './helpers.js';

const fx = serverFixture();

const trust = JSON.stringify(policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }));
const profileArn = (pathAndName: string) => `arn:aws:iam::${fx.ts.accountId}:instance-profile${pathAndName}`;

test('instance profile lifecycle: create, get, add a role, list for role, remove, delete', async () => {
  const created = (await fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'Web', Path: '/app/' }))).InstanceProfile!;
  assert.match(created.InstanceProfileId!, /^AIPA[A-Z2-7]{17}$/);
  assert.equal(created.Arn, profileArn('/app/Web'));
  assert.equal(created.Path, '/app/');
  assert.deepEqual(created.Roles, []);
  assert.equal(created.Tags, undefined);
  assert.ok(created.CreateDate instanceof Date);

  await rejectsWith(fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'WEB' })), {
    code: 'EntityAlreadyExists',
    status: 409,
    message: 'Instance Profile WEB already exists.',
  });
  await rejectsWith(fx.root.send(new GetInstanceProfileCommand({ InstanceProfileName: 'nope' })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'Instance Profile nope cannot be found.',
  });

  const role = (await fx.root.send(new CreateRoleCommand({ RoleName: 'WebRole', Path: '/svc/', AssumeRolePolicyDocument: trust, Description: 'web' }))).Role!;
  await fx.root.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'webrole' }));
  const got = (await fx.root.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))).InstanceProfile!;
  assert.equal(got.InstanceProfileName, 'Web');
  assert.equal(got.Roles!.length, 1);
  const r = got.Roles![0]!;
  assert.equal(r.RoleName, 'WebRole');
  assert.equal(r.RoleId, role.RoleId);
  assert.equal(r.Arn, role.Arn);
  assert.equal(r.Path, '/svc/');
  assert.deepEqual(JSON.parse(decodeURIComponent(r.AssumeRolePolicyDocument!)), JSON.parse(trust));

  // At most one role: another, or the same again, is over the quota.
  await fx.root.send(new CreateRoleCommand({ RoleName: 'Other', AssumeRolePolicyDocument: trust }));
  for (const name of ['Other', 'WebRole']) {
    await rejectsWith(fx.root.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Web', RoleName: name })), {
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
    });
  }
  await rejectsWith(fx.root.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Web', RoleName: 'ghost' })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'The role with name ghost cannot be found.',
  });
  await rejectsWith(fx.root.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'ghost', RoleName: 'Other' })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'Instance Profile ghost cannot be found.',
  });

  // A role may be in several profiles.
  await fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'Batch' }));
  await fx.root.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Batch', RoleName: 'WebRole' }));
  const forRole = await fx.root.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'WebRole' }));
  assert.deepEqual(forRole.InstanceProfiles!.map((p) => p.InstanceProfileName), ['Batch', 'Web']);
  assert.equal(forRole.IsTruncated, false);
  assert.equal(forRole.InstanceProfiles![0]!.Roles![0]!.RoleName, 'WebRole');
  const firstPage = await fx.root.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'WebRole', MaxItems: 1 }));
  assert.deepEqual(firstPage.InstanceProfiles!.map((p) => p.InstanceProfileName), ['Batch']);
  assert.equal(firstPage.IsTruncated, true);
  const secondPage = await fx.root.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'WebRole', Marker: firstPage.Marker }));
  assert.deepEqual(secondPage.InstanceProfiles!.map((p) => p.InstanceProfileName), ['Web']);
  assert.deepEqual((await fx.root.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'Other' }))).InstanceProfiles, []);
  await rejectsWith(fx.root.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'ghost' })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'The role with name ghost cannot be found.',
  });

  // GetRole and ListRoles do not list profiles.
  const gotRole = (await fx.root.send(new GetRoleCommand({ RoleName: 'WebRole' }))).Role! as unknown as Record<string, unknown>;
  assert.equal(gotRole.InstanceProfileList, undefined);

  // DeleteConflict both ways.
  await rejectsWith(fx.root.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'Web' })), {
    code: 'DeleteConflict',
    status: 409,
    message: 'Cannot delete entity, must remove roles from instance profile first.',
  });
  await rejectsWith(fx.root.send(new DeleteRoleCommand({ RoleName: 'WebRole' })), {
    code: 'DeleteConflict',
    status: 409,
    message: 'Cannot delete entity, must remove roles from instance profile first.',
  });

  await fx.root.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'Web', RoleName: 'WebRole' }));
  assert.deepEqual((await fx.root.send(new GetInstanceProfileCommand({ InstanceProfileName: 'Web' }))).InstanceProfile!.Roles, []);
  await rejectsWith(fx.root.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'Web', RoleName: 'WebRole' })), {
    code: 'NoSuchEntity',
    status: 404,
  });
  await rejectsWith(fx.root.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'Web', RoleName: 'ghost' })), { code: 'NoSuchEntity', status: 404 });
  await rejectsWith(fx.root.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'ghost', RoleName: 'WebRole' })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'Instance Profile ghost cannot be found.',
  });
  // Now a different role fits.
  await fx.root.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'Web', RoleName: 'Other' }));
  await fx.root.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'Web', RoleName: 'Other' }));
  await fx.root.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'Batch', RoleName: 'WebRole' }));

  await fx.root.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'Web' }));
  await fx.root.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'Batch' }));
  await rejectsWith(fx.root.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'Web' })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'Instance Profile Web cannot be found.',
  });
  await fx.root.send(new DeleteRoleCommand({ RoleName: 'WebRole' }));
  await fx.root.send(new DeleteRoleCommand({ RoleName: 'Other' }));
  assert.deepEqual((await fx.root.send(new ListRolesCommand({}))).Roles, []);
});

test('ListInstanceProfiles pages in name order, case-insensitively, under a path prefix; without tags', async () => {
  for (const n of ['ip-b', 'IP-a', 'ip-d', 'ip-C']) {
    await fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: n, Path: '/pg/', Tags: [{ Key: 'k', Value: n }] }));
  }
  await fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'elsewhere', Path: '/other/' }));
  const first = await fx.root.send(new ListInstanceProfilesCommand({ PathPrefix: '/pg/', MaxItems: 3 }));
  assert.deepEqual(first.InstanceProfiles!.map((p) => p.InstanceProfileName), ['IP-a', 'ip-b', 'ip-C']);
  assert.equal(first.IsTruncated, true);
  for (const p of first.InstanceProfiles!) {
    assert.equal(p.Tags, undefined);
    assert.deepEqual(p.Roles, []);
  }
  const rest = await fx.root.send(new ListInstanceProfilesCommand({ PathPrefix: '/pg/', Marker: first.Marker }));
  assert.deepEqual(rest.InstanceProfiles!.map((p) => p.InstanceProfileName), ['ip-d']);
  assert.equal(rest.IsTruncated, false);
  assert.equal(rest.Marker, undefined);
  const all = await fx.root.send(new ListInstanceProfilesCommand({}));
  assert.deepEqual(all.InstanceProfiles!.map((p) => p.InstanceProfileName), ['elsewhere', 'IP-a', 'ip-b', 'ip-C', 'ip-d']);
  await rejectsWith(fx.root.send(new ListInstanceProfilesCommand({ Marker: 'garbage' })), { code: 'InvalidInput', status: 400, message: 'Invalid Marker.' });
  for (const n of ['ip-b', 'IP-a', 'ip-d', 'ip-C', 'elsewhere']) await fx.root.send(new DeleteInstanceProfileCommand({ InstanceProfileName: n }));
});

test('instance profile tags: create with tags, tag, untag, list; keys are case-sensitive; aws:ResourceTag conditions', async () => {
  const created = await fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'tagged', Tags: [{ Key: 'team', Value: 'red' }] }));
  assert.deepEqual(created.InstanceProfile!.Tags, [{ Key: 'team', Value: 'red' }]);
  await fx.root.send(new TagInstanceProfileCommand({ InstanceProfileName: 'tagged', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'TEAM', Value: 'blue' }] }));
  const tags = (await fx.root.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'tagged' }))).Tags!;
  assert.deepEqual(
    [...tags].sort((a, b) => a.Key!.localeCompare(b.Key!)),
    [
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'red' },
      { Key: 'TEAM', Value: 'blue' },
    ],
  );
  assert.equal((await fx.root.send(new GetInstanceProfileCommand({ InstanceProfileName: 'tagged' }))).InstanceProfile!.Tags!.length, 3);
  const paged = await fx.root.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'tagged', MaxItems: 2 }));
  assert.equal(paged.Tags!.length, 2);
  assert.equal(paged.IsTruncated, true);
  const restTags = await fx.root.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'tagged', Marker: paged.Marker }));
  assert.equal(restTags.Tags!.length, 1);

  await rejectsWith(fx.root.send(new TagInstanceProfileCommand({ InstanceProfileName: 'tagged', Tags: [{ Key: 'aws:x', Value: 'y' }] })), { code: 'InvalidInput', status: 400 });
  // 3 now; 47 more make 50, 48 more make 51.
  await rejectsWith(
    fx.root.send(new TagInstanceProfileCommand({ InstanceProfileName: 'tagged', Tags: Array.from({ length: 48 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) })),
    { code: 'LimitExceeded', status: 409, message: 'The number of tags has reached the maximum limit of 50.' },
  );
  await fx.root.send(new TagInstanceProfileCommand({ InstanceProfileName: 'tagged', Tags: Array.from({ length: 47 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }));
  assert.equal((await fx.root.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'tagged' }))).Tags!.length, 50);
  await fx.root.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'tagged', TagKeys: Array.from({ length: 47 }, (_, i) => `k${i}`) }));
  await fx.root.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'tagged', TagKeys: ['TEAM', 'absent'] }));
  const after1 = (await fx.root.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'tagged' }))).Tags!;
  assert.deepEqual([...after1].sort((a, b) => a.Key!.localeCompare(b.Key!)), [
    { Key: 'env', Value: 'prod' },
    { Key: 'team', Value: 'red' },
  ]);
  for (const call of [
    new TagInstanceProfileCommand({ InstanceProfileName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] }),
    new UntagInstanceProfileCommand({ InstanceProfileName: 'ghost', TagKeys: ['a'] }),
    new ListInstanceProfileTagsCommand({ InstanceProfileName: 'ghost' }),
  ]) {
    await rejectsWith(fx.root.send(call as never), { code: 'NoSuchEntity', status: 404, message: 'Instance Profile ghost cannot be found.' });
  }

  await fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'untagged' }));
  const reader = fx.iam(
    await userWithKey(fx.root, 'red-reader', {
      p: policy({ Effect: 'Allow', Action: 'iam:GetInstanceProfile', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'red' } } }),
    }),
  );
  assert.equal((await reader.send(new GetInstanceProfileCommand({ InstanceProfileName: 'tagged' }))).InstanceProfile!.InstanceProfileName, 'tagged');
  await rejectsWith(reader.send(new GetInstanceProfileCommand({ InstanceProfileName: 'untagged' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(`arn:aws:iam::${fx.ts.accountId}:user/red-reader`, 'iam:GetInstanceProfile', profileArn('/untagged'), 'implicit'),
  });
  const tagger = fx.iam(
    await userWithKey(fx.root, 'green-tagger', {
      p: policy({ Effect: 'Allow', Action: ['iam:TagInstanceProfile', 'iam:CreateInstanceProfile'], Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'green' } } }),
    }),
  );
  await tagger.send(new TagInstanceProfileCommand({ InstanceProfileName: 'untagged', Tags: [{ Key: 'team', Value: 'green' }] }));
  await rejectsWith(tagger.send(new TagInstanceProfileCommand({ InstanceProfileName: 'untagged', Tags: [{ Key: 'team', Value: 'red' }] })), { code: 'AccessDenied', status: 403 });
  await tagger.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'green-made', Tags: [{ Key: 'team', Value: 'green' }] }));
  await rejectsWith(tagger.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'plain-made' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(`arn:aws:iam::${fx.ts.accountId}:user/green-tagger`, 'iam:CreateInstanceProfile', profileArn('/plain-made'), 'implicit'),
  });
  for (const n of ['tagged', 'untagged', 'green-made']) await fx.root.send(new DeleteInstanceProfileCommand({ InstanceProfileName: n }));
});

test('authorization: an unprivileged user is denied; a scoped policy allows exactly what it names; AddRoleToInstanceProfile needs iam:PassRole', async () => {
  await fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'scoped', Path: '/team/' }));
  await fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'outside' }));
  await fx.root.send(new CreateRoleCommand({ RoleName: 'passable', AssumeRolePolicyDocument: trust }));
  await fx.root.send(new CreateRoleCommand({ RoleName: 'unpassable', AssumeRolePolicyDocument: trust }));

  const nobody = fx.iam(await userWithKey(fx.root, 'ip-nobody'));
  const nobodyArn = `arn:aws:iam::${fx.ts.accountId}:user/ip-nobody`;
  await rejectsWith(nobody.send(new ListInstanceProfilesCommand({})), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(nobodyArn, 'iam:ListInstanceProfiles', profileArn('/'), 'implicit'),
  });
  await rejectsWith(nobody.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'scoped' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(nobodyArn, 'iam:DeleteInstanceProfile', profileArn('/team/scoped'), 'implicit'),
  });
  await rejectsWith(nobody.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'passable' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(nobodyArn, 'iam:ListInstanceProfilesForRole', `arn:aws:iam::${fx.ts.accountId}:role/passable`, 'implicit'),
  });

  const ops = fx.iam(
    await userWithKey(fx.root, 'ip-ops', {
      p: policy(
        { Effect: 'Allow', Action: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:GetInstanceProfile'], Resource: profileArn('/team/*') },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${fx.ts.accountId}:role/passable` },
      ),
    }),
  );
  const opsArn = `arn:aws:iam::${fx.ts.accountId}:user/ip-ops`;
  await ops.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'scoped', RoleName: 'passable' }));
  assert.equal((await ops.send(new GetInstanceProfileCommand({ InstanceProfileName: 'scoped' }))).InstanceProfile!.Roles![0]!.RoleName, 'passable');
  await ops.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'scoped', RoleName: 'passable' }));
  await rejectsWith(ops.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'scoped', RoleName: 'unpassable' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(opsArn, 'iam:PassRole', `arn:aws:iam::${fx.ts.accountId}:role/unpassable`, 'implicit'),
  });
  assert.deepEqual((await fx.root.send(new GetInstanceProfileCommand({ InstanceProfileName: 'scoped' }))).InstanceProfile!.Roles, []);
  await rejectsWith(ops.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'outside', RoleName: 'passable' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(opsArn, 'iam:AddRoleToInstanceProfile', profileArn('/outside'), 'implicit'),
  });
  await rejectsWith(ops.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'scoped' })), { code: 'AccessDenied', status: 403 });

  await fx.root.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'scoped' }));
  await fx.root.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'outside' }));
  await fx.root.send(new DeleteRoleCommand({ RoleName: 'passable' }));
  await fx.root.send(new DeleteRoleCommand({ RoleName: 'unpassable' }));
});

test('at most 1,000 instance profiles per account', async () => {
  // 998 through the store, then the 999th and 1,000th through the API, and one past the quota.
  await fx.ts.server.store.write(async (tx) => {
    for (let i = 0; i < 998; i++) {
      const name = `bulk-${String(i).padStart(4, '0')}`;
      await tx.instanceProfiles.create({
        accountId: fx.ts.accountId,
        instanceProfileId: uniqueId('AIPA'),
        name,
        path: '/bulk/',
        arn: profileArn(`/bulk/${name}`),
        createDate: new Date(),
      });
    }
  });
  await fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'the-999th' }));
  await fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'the-1000th' }));
  await rejectsWith(fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'one-too-many' })), {
    code: 'LimitExceeded',
    status: 409,
    message: 'Cannot exceed quota for InstanceProfilesPerAccount: 1000',
  });
  await rejectsWith(fx.root.send(new GetInstanceProfileCommand({ InstanceProfileName: 'one-too-many' })), { code: 'NoSuchEntity', status: 404 });
  // Deleting one makes room again.
  await fx.root.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'the-1000th' }));
  await fx.root.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'one-too-many' }));
  // Pages of 100 walk them all.
  let marker: string | undefined;
  let seen = 0;
  do {
    const page = await fx.root.send(new ListInstanceProfilesCommand({ PathPrefix: '/bulk/', ...(marker ? { Marker: marker } : {}) }));
    seen += page.InstanceProfiles!.length;
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  assert.equal(seen, 998);
  await fx.ts.server.store.write(async (tx) => {
    for (let i = 0; i < 998; i++) await tx.instanceProfiles.delete(fx.ts.accountId, `bulk-${String(i).padStart(4, '0')}`);
  });
  await fx.root.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'the-999th' }));
  await fx.root.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'one-too-many' }));
});

test('aws-cli: create-instance-profile, add-role-to-instance-profile, get-instance-profile', { skip: awsCliMissing() }, async () => {
  await fx.root.send(new CreateRoleCommand({ RoleName: 'cli-role', AssumeRolePolicyDocument: trust }));
  const created = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'create-instance-profile', '--instance-profile-name', 'cli-profile', '--path', '/cli/']);
  assert.equal(created.code, 0, created.stderr);
  assert.equal((created.json as { InstanceProfile: { Arn: string } }).InstanceProfile.Arn, profileArn('/cli/cli-profile'));
  const added = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'add-role-to-instance-profile', '--instance-profile-name', 'cli-profile', '--role-name', 'cli-role']);
  assert.equal(added.code, 0, added.stderr);
  const got = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'get-instance-profile', '--instance-profile-name', 'cli-profile']);
  assert.equal(got.code, 0, got.stderr);
  const profile = (got.json as { InstanceProfile: { Roles: Array<{ RoleName: string; AssumeRolePolicyDocument: unknown }> } }).InstanceProfile;
  assert.equal(profile.Roles[0]!.RoleName, 'cli-role');
  // The CLI decodes the URL-encoded trust policy into JSON.
  assert.deepEqual(profile.Roles[0]!.AssumeRolePolicyDocument, JSON.parse(trust));
  const deleted = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'delete-instance-profile', '--instance-profile-name', 'cli-profile']);
  assert.notEqual(deleted.code, 0);
  assert.match(deleted.stderr, /DeleteConflict/);
});
