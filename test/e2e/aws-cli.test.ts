// The same flows through the real aws-cli (`aws --endpoint-url ...`): a user with tags and a key,
// an inline policy that turns a denial into an allow, a Deny that wins, pagination through the
// CLI's own paginator, and AWS's errors as the CLI prints them. Skipped when `aws` is missing.
// Each CLI call costs most of a second of start-up, so independent calls run side by side.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accessDeniedMessage, awsCli, awsCliMissing, startTestServer, type Credentials, type TestServer } from './helpers.js';

describe('aws-cli', { skip: awsCliMissing() }, () => {
  let ts: TestServer;
  before(async () => {
    ts = await startTestServer();
  });
  after(async () => {
    await ts?.close();
  });

  const root = (...args: string[]) => awsCli(ts.url, ts.root, args);
  const arn = (path: string, name: string) => `arn:aws:iam::${ts.accountId}:user${path}${name}`;

  test('a user with a key is denied, then allowed by an inline policy; AWS errors as the CLI prints them', async () => {
    // 1. A user with a path and a tag.
    const created = await root('iam', 'create-user', '--user-name', 'cli-bob', '--path', '/cli/', '--tags', 'Key=team,Value=red');
    assert.equal(created.code, 0, created.stderr);
    const user = (created.json as { User: Record<string, unknown> }).User;
    assert.equal(user.UserName, 'cli-bob');
    assert.equal(user.Arn, arn('/cli/', 'cli-bob'));
    assert.match(String(user.UserId), /^AIDA[A-Z2-7]{17}$/);
    assert.deepEqual(user.Tags, [{ Key: 'team', Value: 'red' }]);

    // 2. Its access key; a second user (for the paginator); a name that clashes case-insensitively;
    //    a name that breaks the pattern.
    const [keyOut, second, clash, bad] = await Promise.all([
      root('iam', 'create-access-key', '--user-name', 'cli-bob'),
      root('iam', 'create-user', '--user-name', 'cli-carol', '--path', '/cli/'),
      root('iam', 'create-user', '--user-name', 'CLI-BOB'),
      root('iam', 'create-user', '--user-name', 'bad name'),
    ]);
    assert.equal(keyOut.code, 0, keyOut.stderr);
    assert.equal(second.code, 0, second.stderr);
    assert.notEqual(clash.code, 0);
    assert.deepEqual(clash.error, { code: 'EntityAlreadyExists', operation: 'CreateUser', message: 'User with name CLI-BOB already exists.' });
    assert.deepEqual(bad.error, {
      code: 'ValidationError',
      operation: 'CreateUser',
      message: "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    });
    const k = (keyOut.json as { AccessKey: { AccessKeyId: string; SecretAccessKey: string; Status: string } }).AccessKey;
    assert.match(k.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(k.Status, 'Active');
    const bobKey: Credentials = { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
    const bob = (...args: string[]) => awsCli(ts.url, bobKey, args);

    // 3. Without a policy bob is denied; who he is he may always ask.
    const [denied, who] = await Promise.all([bob('iam', 'list-users'), bob('sts', 'get-caller-identity')]);
    assert.notEqual(denied.code, 0);
    assert.deepEqual(denied.error, {
      code: 'AccessDenied',
      operation: 'ListUsers',
      message: accessDeniedMessage(arn('/cli/', 'cli-bob'), 'iam:ListUsers', arn('/', ''), 'implicit'),
    });
    assert.equal(who.code, 0, who.stderr);
    assert.deepEqual(who.json, { UserId: user.UserId, Account: ts.accountId, Arn: arn('/cli/', 'cli-bob') });

    // 4. An inline policy allows it.
    const doc = { Version: '2012-10-17', Statement: [{ Sid: 'List', Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] };
    const put = await root('iam', 'put-user-policy', '--user-name', 'cli-bob', '--policy-name', 'list', '--policy-document', JSON.stringify(doc));
    assert.equal(put.code, 0, put.stderr);

    // 5. Now bob lists (the CLI's paginator walks the Marker one user per page), and the document
    //    comes back as it went in (botocore URL-decodes and parses it).
    const [allowed, got] = await Promise.all([
      bob('iam', 'list-users', '--path-prefix', '/cli/', '--page-size', '1'),
      root('iam', 'get-user-policy', '--user-name', 'cli-bob', '--policy-name', 'list'),
    ]);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.deepEqual(((allowed.json as { Users: { UserName: string }[] }).Users).map((u) => u.UserName).sort(), ['cli-bob', 'cli-carol']);
    assert.equal(got.code, 0, got.stderr);
    assert.deepEqual(got.json, { UserName: 'cli-bob', PolicyName: 'list', PolicyDocument: doc });
  });
});
