// IAM users, access keys and inline user policies through the AWS SDK for JavaScript v3 against a
// started server: shapes, pagination, AWS's error codes, statuses and messages, and limits.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListUserPoliciesCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  UpdateUserCommand,
  type User,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { attempt, iamClient, policy, rejectsWith, serverFixture, stsClient, userWithKey, type AwsError, type Credentials } from './helpers.js';

const fx = serverFixture();

const arn = (path: string, name: string) => `arn:aws:iam::${fx.ts.accountId}:user${path}${name}`;
const ALLOW_ALL = policy({ Effect: 'Allow', Action: '*', Resource: '*' });

describe('users', () => {
  test('CreateUser with a path and tags, then GetUser', async () => {
    const created = await fx.root.send(
      new CreateUserCommand({ UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'red' }, { Key: 'cost-center', Value: '42' }] }),
    );
    const u = created.User!;
    assert.equal(u.UserName, 'alice');
    assert.equal(u.Path, '/eng/');
    assert.equal(u.Arn, arn('/eng/', 'alice'));
    assert.match(u.UserId!, /^AIDA[A-Z2-7]{17}$/);
    assert.ok(u.CreateDate instanceof Date && Math.abs(u.CreateDate.getTime() - Date.now()) < 60_000, 'CreateDate is now');
    assert.deepEqual(u.Tags, [{ Key: 'team', Value: 'red' }, { Key: 'cost-center', Value: '42' }]);

    const got = (await fx.root.send(new GetUserCommand({ UserName: 'alice' }))).User!;
    assert.deepEqual(
      { ...got, Tags: [...(got.Tags ?? [])].sort((a, b) => a.Key!.localeCompare(b.Key!)) },
      { ...u, Tags: [{ Key: 'cost-center', Value: '42' }, { Key: 'team', Value: 'red' }] },
    );
  });

  test('names are unique case-insensitively: "Alice" after "alice" is EntityAlreadyExists', async () => {
    await rejectsWith(fx.root.send(new CreateUserCommand({ UserName: 'Alice' })), {
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'User with name Alice already exists.',
    });
    // Lookups ignore case too, and answer with the name as it was created.
    assert.equal((await fx.root.send(new GetUserCommand({ UserName: 'ALICE' }))).User!.UserName, 'alice');
  });

  test('GetUser of a user that does not exist is NoSuchEntity', async () => {
    await rejectsWith(fx.root.send(new GetUserCommand({ UserName: 'nobody' })), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user with name nobody cannot be found.',
    });
  });

  test('GetUser without UserName: the root user, and the calling IAM user', async () => {
    const rootSelf = (await fx.root.send(new GetUserCommand({}))).User!;
    assert.equal(rootSelf.UserId, fx.ts.accountId);
    assert.equal(rootSelf.Arn, `arn:aws:iam::${fx.ts.accountId}:root`);
    assert.ok(rootSelf.CreateDate instanceof Date);
    assert.equal(rootSelf.UserName, undefined);

    const creds = await userWithKey(fx.root, 'self-viewer', { self: ALLOW_ALL });
    const asUser = iamClient(fx.ts.url, creds);
    try {
      const me = (await asUser.send(new GetUserCommand({}))).User!;
      assert.equal(me.UserName, 'self-viewer');
      assert.equal(me.Arn, arn('/', 'self-viewer'));
      assert.match(me.UserId!, /^AIDA/);
    } finally {
      asUser.destroy();
    }
  });

  test('validation errors have AWS ValidationError shape', async () => {
    await rejectsWith(fx.root.send(new CreateUserCommand({ UserName: 'bad name' })), {
      code: 'ValidationError',
      status: 400,
      message: "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    });
    const long = 'a'.repeat(65);
    await rejectsWith(fx.root.send(new CreateUserCommand({ UserName: long })), {
      code: 'ValidationError',
      status: 400,
      message: `1 validation error detected: Value '${long}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    });
    // 64 characters is allowed.
    await fx.root.send(new CreateUserCommand({ UserName: 'b'.repeat(64) }));
    await fx.root.send(new DeleteUserCommand({ UserName: 'b'.repeat(64) }));
  });

  test('ListUsers with PathPrefix, and pagination over MaxItems=2 with Marker', async () => {
    const names = ['p1', 'p2', 'p3', 'p4', 'p5'];
    for (const n of names) await fx.root.send(new CreateUserCommand({ UserName: n, Path: '/pager/' }));
    await fx.root.send(new CreateUserCommand({ UserName: 'other', Path: '/pagerx/' }));

    const seen: User[] = [];
    const truncations: boolean[] = [];
    let marker: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await fx.root.send(new ListUsersCommand({ PathPrefix: '/pager/', MaxItems: 2, ...(marker ? { Marker: marker } : {}) }));
      assert.ok((page.Users ?? []).length <= 2);
      seen.push(...(page.Users ?? []));
      truncations.push(page.IsTruncated === true);
      if (page.IsTruncated) {
        assert.ok(page.Marker, 'a truncated page carries a Marker');
      } else {
        assert.equal(page.Marker, undefined, 'the last page has no Marker');
        break;
      }
      marker = page.Marker;
    }
    assert.deepEqual(truncations, [true, true, false]);
    assert.deepEqual(seen.map((u) => u.UserName).sort(), names);
    for (const u of seen) {
      assert.equal(u.Path, '/pager/');
      assert.equal(u.Arn, arn('/pager/', u.UserName!));
      assert.equal(u.Tags, undefined, 'ListUsers does not return tags');
    }

    // "/pager" (no trailing slash) is a prefix of both paths.
    const wide = await fx.root.send(new ListUsersCommand({ PathPrefix: '/pager' }));
    assert.deepEqual(wide.Users!.map((u) => u.UserName).sort(), [...names, 'other'].sort());
    assert.equal(wide.IsTruncated, false);

    // Everyone: the users of this file so far, across paths.
    const all = await fx.root.send(new ListUsersCommand({}));
    assert.ok(all.Users!.some((u) => u.UserName === 'alice' && u.Path === '/eng/'));

    for (const n of [...names, 'other']) await fx.root.send(new DeleteUserCommand({ UserName: n }));
  });

  test('UpdateUser renames and moves; keys, policies and tags follow the user', async () => {
    await fx.root.send(new CreateUserCommand({ UserName: 'carol', Tags: [{ Key: 'k', Value: 'v' }] }));
    const before = (await fx.root.send(new GetUserCommand({ UserName: 'carol' }))).User!;
    const key = (await fx.root.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!;
    await fx.root.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'all', PolicyDocument: JSON.stringify(ALLOW_ALL) }));

    await fx.root.send(new UpdateUserCommand({ UserName: 'carol', NewUserName: 'caroline', NewPath: '/ops/' }));
    await rejectsWith(fx.root.send(new GetUserCommand({ UserName: 'carol' })), { code: 'NoSuchEntity', status: 404, message: 'The user with name carol cannot be found.' });
    const after = (await fx.root.send(new GetUserCommand({ UserName: 'caroline' }))).User!;
    assert.equal(after.UserId, before.UserId, 'the unique id stays');
    assert.equal(after.Path, '/ops/');
    assert.equal(after.Arn, arn('/ops/', 'caroline'));
    assert.deepEqual(after.Tags, [{ Key: 'k', Value: 'v' }]);

    const keys = await fx.root.send(new ListAccessKeysCommand({ UserName: 'caroline' }));
    assert.deepEqual(keys.AccessKeyMetadata!.map((k) => [k.UserName, k.AccessKeyId]), [['caroline', key.AccessKeyId]]);
    assert.deepEqual((await fx.root.send(new ListUserPoliciesCommand({ UserName: 'caroline' }))).PolicyNames, ['all']);

    // The key still signs, and now speaks for the renamed user.
    const sts = stsClient(fx.ts.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    try {
      const who = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, arn('/ops/', 'caroline'));
    } finally {
      sts.destroy();
    }

    await rejectsWith(fx.root.send(new UpdateUserCommand({ UserName: 'caroline', NewUserName: 'ALICE' })), {
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'User with name ALICE already exists.',
    });
    await rejectsWith(fx.root.send(new UpdateUserCommand({ UserName: 'nobody', NewPath: '/x/' })), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user with name nobody cannot be found.',
    });
  });

  test('TagUser, ListUserTags, UntagUser', async () => {
    await fx.root.send(new CreateUserCommand({ UserName: 'tagged' }));
    await fx.root.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    // Tagging an existing key replaces its value.
    await fx.root.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'a', Value: 'one' }] }));
    const tags = await fx.root.send(new ListUserTagsCommand({ UserName: 'tagged' }));
    assert.deepEqual([...tags.Tags!].sort((x, y) => x.Key!.localeCompare(y.Key!)), [{ Key: 'a', Value: 'one' }, { Key: 'b', Value: '2' }]);
    assert.equal(tags.IsTruncated, false);

    await fx.root.send(new UntagUserCommand({ UserName: 'tagged', TagKeys: ['a'] }));
    assert.deepEqual((await fx.root.send(new ListUserTagsCommand({ UserName: 'tagged' }))).Tags, [{ Key: 'b', Value: '2' }]);

    await rejectsWith(fx.root.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'aws:x', Value: '1' }] })), {
      code: 'InvalidInput',
      status: 400,
    });
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await rejectsWith(fx.root.send(new TagUserCommand({ UserName: 'tagged', Tags: fifty })), {
      code: 'LimitExceeded',
      status: 409,
    });
    await rejectsWith(fx.root.send(new ListUserTagsCommand({ UserName: 'nobody' })), { code: 'NoSuchEntity', status: 404 });
  });

  test('DeleteUser refuses while keys or policies remain, in AWS words, then deletes', async () => {
    await fx.root.send(new CreateUserCommand({ UserName: 'dave' }));
    const key = (await fx.root.send(new CreateAccessKeyCommand({ UserName: 'dave' }))).AccessKey!;
    await fx.root.send(new PutUserPolicyCommand({ UserName: 'dave', PolicyName: 'p', PolicyDocument: JSON.stringify(ALLOW_ALL) }));

    await rejectsWith(fx.root.send(new DeleteUserCommand({ UserName: 'dave' })), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must delete access keys first.',
    });
    await fx.root.send(new DeleteAccessKeyCommand({ UserName: 'dave', AccessKeyId: key.AccessKeyId }));
    await rejectsWith(fx.root.send(new DeleteUserCommand({ UserName: 'dave' })), {
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must delete policies first.',
    });
    await fx.root.send(new DeleteUserPolicyCommand({ UserName: 'dave', PolicyName: 'p' }));
    await fx.root.send(new DeleteUserCommand({ UserName: 'dave' }));
    await rejectsWith(fx.root.send(new GetUserCommand({ UserName: 'dave' })), { code: 'NoSuchEntity', status: 404 });
    await rejectsWith(fx.root.send(new DeleteUserCommand({ UserName: 'dave' })), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user with name dave cannot be found.',
    });
  });

  test('a deleted and re-created user does not inherit the old tags', async () => {
    await fx.root.send(new CreateUserCommand({ UserName: 'phoenix', Tags: [{ Key: 'old', Value: 'yes' }] }));
    await fx.root.send(new DeleteUserCommand({ UserName: 'phoenix' }));
    const again = (await fx.root.send(new CreateUserCommand({ UserName: 'phoenix' }))).User!;
    assert.equal(again.Tags, undefined);
    assert.deepEqual((await fx.root.send(new ListUserTagsCommand({ UserName: 'phoenix' }))).Tags, []);
  });
});

describe('access keys', () => {
  let erin: Credentials;
  let second: Credentials;

  test('CreateAccessKey: AKIA id, 40-character secret, Active', async () => {
    await fx.root.send(new CreateUserCommand({ UserName: 'erin' }));
    await fx.root.send(new PutUserPolicyCommand({ UserName: 'erin', PolicyName: 'all', PolicyDocument: JSON.stringify(ALLOW_ALL) }));
    const k = (await fx.root.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey!;
    assert.match(k.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.match(k.SecretAccessKey!, /^[A-Za-z0-9+/]{40}$/);
    assert.equal(k.Status, 'Active');
    assert.equal(k.UserName, 'erin');
    assert.ok(k.CreateDate instanceof Date);
    erin = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  });

  test('ListAccessKeys shows metadata, never the secret', async () => {
    const k2 = (await fx.root.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey!;
    second = { accessKeyId: k2.AccessKeyId!, secretAccessKey: k2.SecretAccessKey! };
    const listed = await fx.root.send(new ListAccessKeysCommand({ UserName: 'erin' }));
    assert.equal(listed.IsTruncated, false);
    assert.deepEqual(listed.AccessKeyMetadata!.map((m) => m.AccessKeyId).sort(), [erin.accessKeyId, second.accessKeyId].sort());
    for (const m of listed.AccessKeyMetadata!) {
      assert.deepEqual(Object.keys(m).sort(), ['AccessKeyId', 'CreateDate', 'Status', 'UserName']);
    }
  });

  test('ListAccessKeys pages with MaxItems and Marker', async () => {
    const first = await fx.root.send(new ListAccessKeysCommand({ UserName: 'erin', MaxItems: 1 }));
    assert.equal(first.IsTruncated, true);
    assert.ok(first.Marker);
    const rest = await fx.root.send(new ListAccessKeysCommand({ UserName: 'erin', MaxItems: 1, Marker: first.Marker }));
    assert.equal(rest.IsTruncated, false);
    assert.equal(rest.Marker, undefined);
    assert.deepEqual(
      [...first.AccessKeyMetadata!, ...rest.AccessKeyMetadata!].map((m) => m.AccessKeyId).sort(),
      [erin.accessKeyId, second.accessKeyId].sort(),
    );
  });

  test('a third key is LimitExceeded', async () => {
    await rejectsWith(fx.root.send(new CreateAccessKeyCommand({ UserName: 'erin' })), {
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    });
  });

  test('GetAccessKeyLastUsed: N/A before use, then service iam and the region after', async () => {
    const fresh = await fx.root.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: second.accessKeyId }));
    assert.equal(fresh.UserName, 'erin');
    assert.deepEqual(fresh.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });

    const asErin = iamClient(fx.ts.url, second, 'us-west-2');
    try {
      await asErin.send(new ListUsersCommand({ MaxItems: 1 }));
    } finally {
      asErin.destroy();
    }
    await fx.ts.drain();
    const used = await fx.root.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: second.accessKeyId }));
    assert.equal(used.UserName, 'erin');
    assert.equal(used.AccessKeyLastUsed!.ServiceName, 'iam');
    assert.equal(used.AccessKeyLastUsed!.Region, 'us-west-2');
    assert.ok(used.AccessKeyLastUsed!.LastUsedDate instanceof Date);
    assert.ok(Math.abs(used.AccessKeyLastUsed!.LastUsedDate.getTime() - Date.now()) < 60_000);
  });

  test('an Inactive key is refused with InvalidClientTokenId; reactivated, it works again', async () => {
    const asErin = stsClient(fx.ts.url, erin);
    try {
      await asErin.send(new GetCallerIdentityCommand({}));
      await fx.root.send(new UpdateAccessKeyCommand({ UserName: 'erin', AccessKeyId: erin.accessKeyId, Status: 'Inactive' }));
      const listed = await fx.root.send(new ListAccessKeysCommand({ UserName: 'erin' }));
      assert.equal(listed.AccessKeyMetadata!.find((m) => m.AccessKeyId === erin.accessKeyId)!.Status, 'Inactive');
      await rejectsWith(asErin.send(new GetCallerIdentityCommand({})), {
        code: 'InvalidClientTokenId',
        status: 403,
        message: 'The security token included in the request is invalid.',
      });
      await fx.root.send(new UpdateAccessKeyCommand({ UserName: 'erin', AccessKeyId: erin.accessKeyId, Status: 'Active' }));
      const who = await asErin.send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, arn('/', 'erin'));
    } finally {
      asErin.destroy();
    }
  });

  test('a user manages its own keys without UserName', async () => {
    const asErin = iamClient(fx.ts.url, erin);
    try {
      const own = await asErin.send(new ListAccessKeysCommand({}));
      assert.deepEqual(own.AccessKeyMetadata!.map((m) => m.UserName), ['erin', 'erin']);
      await asErin.send(new UpdateAccessKeyCommand({ AccessKeyId: second.accessKeyId, Status: 'Inactive' }));
      await asErin.send(new UpdateAccessKeyCommand({ AccessKeyId: second.accessKeyId, Status: 'Active' }));
    } finally {
      asErin.destroy();
    }
  });

  test('another user\'s key id, or an unknown one, is NoSuchEntity', async () => {
    await fx.root.send(new CreateUserCommand({ UserName: 'frank' }));
    await rejectsWith(fx.root.send(new UpdateAccessKeyCommand({ UserName: 'frank', AccessKeyId: erin.accessKeyId, Status: 'Inactive' })), {
      code: 'NoSuchEntity',
      status: 404,
      message: `The Access Key with id ${erin.accessKeyId} cannot be found.`,
    });
    await rejectsWith(fx.root.send(new DeleteAccessKeyCommand({ UserName: 'erin', AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' })), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The Access Key with id AKIAAAAAAAAAAAAAAAAA cannot be found.',
    });
  });

  test('a deleted key is refused with InvalidClientTokenId', async () => {
    await fx.root.send(new DeleteAccessKeyCommand({ UserName: 'erin', AccessKeyId: second.accessKeyId }));
    const asSecond = stsClient(fx.ts.url, second);
    try {
      await rejectsWith(asSecond.send(new GetCallerIdentityCommand({})), {
        code: 'InvalidClientTokenId',
        status: 403,
        message: 'The security token included in the request is invalid.',
      });
    } finally {
      asSecond.destroy();
    }
    const left = await fx.root.send(new ListAccessKeysCommand({ UserName: 'erin' }));
    assert.deepEqual(left.AccessKeyMetadata!.map((m) => m.AccessKeyId), [erin.accessKeyId]);
    // Below the limit again.
    const again = (await fx.root.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey!;
    await fx.root.send(new DeleteAccessKeyCommand({ UserName: 'erin', AccessKeyId: again.AccessKeyId }));
  });
});

describe('inline user policies', () => {
  const doc = JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Sid: 'ReadIam', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*', Condition: { StringLike: { 'aws:UserAgent': '*a+b c%&=?*' } } }],
    },
    null,
    2,
  );

  test('PutUserPolicy, GetUserPolicy (URL-encoded, decodes to the same text), ListUserPolicies, DeleteUserPolicy', async () => {
    await fx.root.send(new CreateUserCommand({ UserName: 'gina' }));
    await fx.root.send(new PutUserPolicyCommand({ UserName: 'gina', PolicyName: 'read', PolicyDocument: doc }));
    await fx.root.send(new PutUserPolicyCommand({ UserName: 'gina', PolicyName: 'all', PolicyDocument: JSON.stringify(ALLOW_ALL) }));

    const got = await fx.root.send(new GetUserPolicyCommand({ UserName: 'gina', PolicyName: 'read' }));
    assert.equal(got.UserName, 'gina');
    assert.equal(got.PolicyName, 'read');
    assert.notEqual(got.PolicyDocument, doc, 'IAM returns the document URL-encoded');
    assert.equal(decodeURIComponent(got.PolicyDocument!), doc);

    const listed = await fx.root.send(new ListUserPoliciesCommand({ UserName: 'gina' }));
    assert.deepEqual([...listed.PolicyNames!].sort(), ['all', 'read']);
    assert.equal(listed.IsTruncated, false);

    // Putting the same name again replaces the document.
    await fx.root.send(new PutUserPolicyCommand({ UserName: 'gina', PolicyName: 'all', PolicyDocument: JSON.stringify(policy({ Effect: 'Deny', Action: 's3:*', Resource: '*' })) }));
    const replaced = await fx.root.send(new GetUserPolicyCommand({ UserName: 'gina', PolicyName: 'all' }));
    assert.equal((JSON.parse(decodeURIComponent(replaced.PolicyDocument!)) as { Statement: { Effect: string }[] }).Statement[0]!.Effect, 'Deny');

    await fx.root.send(new DeleteUserPolicyCommand({ UserName: 'gina', PolicyName: 'read' }));
    assert.deepEqual((await fx.root.send(new ListUserPoliciesCommand({ UserName: 'gina' }))).PolicyNames, ['all']);
    await rejectsWith(fx.root.send(new GetUserPolicyCommand({ UserName: 'gina', PolicyName: 'read' })), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user policy with name read cannot be found.',
    });
    await rejectsWith(fx.root.send(new DeleteUserPolicyCommand({ UserName: 'gina', PolicyName: 'read' })), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user policy with name read cannot be found.',
    });
    await rejectsWith(fx.root.send(new PutUserPolicyCommand({ UserName: 'nobody', PolicyName: 'p', PolicyDocument: JSON.stringify(ALLOW_ALL) })), {
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user with name nobody cannot be found.',
    });
  });

  test('the aggregate size of a user\'s inline policies is limited to 2,048 characters', async () => {
    await fx.root.send(new CreateUserCommand({ UserName: 'hank' }));
    // One statement with a long Sid: about 1,100 characters each, so two exceed 2,048 together.
    const big = (sid: string) => JSON.stringify(policy({ Sid: sid + 'X'.repeat(1000), Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }));
    await fx.root.send(new PutUserPolicyCommand({ UserName: 'hank', PolicyName: 'one', PolicyDocument: big('A') }));
    await rejectsWith(fx.root.send(new PutUserPolicyCommand({ UserName: 'hank', PolicyName: 'two', PolicyDocument: big('B') })), {
      code: 'LimitExceeded',
      status: 409,
      message: 'Maximum policy size of 2048 bytes exceeded for user hank',
    });
    assert.deepEqual((await fx.root.send(new ListUserPoliciesCommand({ UserName: 'hank' }))).PolicyNames, ['one']);
    // Replacing "one" with a document of the same size is fine: the old one no longer counts.
    await fx.root.send(new PutUserPolicyCommand({ UserName: 'hank', PolicyName: 'one', PolicyDocument: big('C') }));
  });

  test('white space outside strings does not count toward the 2,048', async () => {
    await fx.root.send(new CreateUserCommand({ UserName: 'spacey' }));
    const pad = '\n' + ' '.repeat(1000);
    const doc = `{${pad}"Version":${pad}"2012-10-17",${pad}"Statement":${pad}[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]${pad}}`;
    assert.ok(doc.length > 4000);
    await fx.root.send(new PutUserPolicyCommand({ UserName: 'spacey', PolicyName: 'airy', PolicyDocument: doc }));
    assert.equal(decodeURIComponent((await fx.root.send(new GetUserPolicyCommand({ UserName: 'spacey', PolicyName: 'airy' }))).PolicyDocument!), doc);
  });

  test('a malformed document is MalformedPolicyDocument', async () => {
    await rejectsWith(fx.root.send(new PutUserPolicyCommand({ UserName: 'hank', PolicyName: 'bad', PolicyDocument: '{"Version":"2012-10-17","Statement":[' })), {
      code: 'MalformedPolicyDocument',
      status: 400,
      message: 'Syntax errors in policy.',
    });
    await rejectsWith(
      fx.root.send(new PutUserPolicyCommand({ UserName: 'hank', PolicyName: 'bad', PolicyDocument: JSON.stringify(policy({ Effect: 'Allow', Action: 's3:GetObject' })) })),
      { code: 'MalformedPolicyDocument', status: 400, message: 'Policy statement must contain resources.' },
    );
    await rejectsWith(
      fx.root.send(new PutUserPolicyCommand({ UserName: 'hank', PolicyName: 'bad', PolicyDocument: JSON.stringify(policy({ Effect: 'Allow', Resource: '*' })) })),
      { code: 'MalformedPolicyDocument', status: 400, message: 'Policy statement must contain actions.' },
    );
    await rejectsWith(fx.root.send(new GetUserPolicyCommand({ UserName: 'hank', PolicyName: 'bad' })), { code: 'NoSuchEntity', status: 404 });
  });
});

describe('concurrent requests', () => {
  const outcomes = (results: (AwsError | undefined)[]) => results.map((r) => r?.code ?? 'ok').sort();

  test('ten CreateUser calls for one name: one succeeds, the rest are EntityAlreadyExists', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(fx.root.send(new CreateUserCommand({ UserName: i % 2 ? 'racer' : 'RACER' })))));
    assert.deepEqual(outcomes(results), [...Array<string>(9).fill('EntityAlreadyExists'), 'ok']);
    const listed = await fx.root.send(new ListUsersCommand({}));
    assert.equal(listed.Users!.filter((u) => u.UserName!.toLowerCase() === 'racer').length, 1);
  });

  test('six CreateAccessKey calls for one user: two succeed, four are LimitExceeded', async () => {
    await fx.root.send(new CreateUserCommand({ UserName: 'keyracer' }));
    const results = await Promise.all(Array.from({ length: 6 }, () => attempt(fx.root.send(new CreateAccessKeyCommand({ UserName: 'keyracer' })))));
    assert.deepEqual(outcomes(results), ['LimitExceeded', 'LimitExceeded', 'LimitExceeded', 'LimitExceeded', 'ok', 'ok']);
    assert.equal((await fx.root.send(new ListAccessKeysCommand({ UserName: 'keyracer' }))).AccessKeyMetadata!.length, 2);
  });

  test('concurrent PutUserPolicy calls cannot together exceed the 2,048 aggregate', async () => {
    await fx.root.send(new CreateUserCommand({ UserName: 'policyracer' }));
    const big = (sid: string) => JSON.stringify(policy({ Sid: sid + 'X'.repeat(1000), Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }));
    const results = await Promise.all(['A', 'B', 'C', 'D'].map((n) => attempt(fx.root.send(new PutUserPolicyCommand({ UserName: 'policyracer', PolicyName: n, PolicyDocument: big(n) })))));
    assert.deepEqual(outcomes(results), ['LimitExceeded', 'LimitExceeded', 'LimitExceeded', 'ok']);
    assert.equal((await fx.root.send(new ListUserPoliciesCommand({ UserName: 'policyracer' }))).PolicyNames!.length, 1);
  });
});
