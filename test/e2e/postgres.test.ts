// A short user + key + policy lifecycle against a server on PostgreSQL, in a database of its own
// (created from TESSERA_TEST_DATABASE_URL, dropped at the end), including a restart on the same
// database. Without TESSERA_TEST_DATABASE_URL (CI sets it) the suite is skipped, saying so.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, GetUserCommand, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import pg from 'pg';
import { accessDeniedMessage, iamClient, policy, rejectsWith, startTestServer, stsClient, tempDir, type Credentials, type TestServer } from './helpers.js';

const baseUrl = process.env.TESSERA_TEST_DATABASE_URL;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('PostgreSQL', { skip: baseUrl ? false : 'TESSERA_TEST_DATABASE_URL not set: PostgreSQL end-to-end suite skipped' }, () => {
  const database = `tessera_e2e_${randomBytes(6).toString('hex')}`;
  const dataDir = tempDir();
  let databaseUrl: string;
  let ts: TestServer | undefined;
  let key: Credentials;
  const accountId = '210987654321';

  before(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${database}`));
    const u = new URL(baseUrl!);
    u.pathname = `/${database}`;
    databaseUrl = u.toString();
  });
  after(async () => {
    await ts?.close();
    rmSync(dataDir, { recursive: true, force: true });
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  test('users, keys and policies: deny, then allow', async () => {
    ts = await startTestServer({ dataDir, keepDataDir: true, databaseUrl, accountId });
    assert.equal(ts.accountId, accountId);
    const iam = iamClient(ts.url, ts.root);
    try {
      const created = (await iam.send(new CreateUserCommand({ UserName: 'pg-user', Path: '/pg/', Tags: [{ Key: 'db', Value: 'postgres' }] }))).User!;
      assert.equal(created.Arn, `arn:aws:iam::${accountId}:user/pg/pg-user`);
      await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'PG-USER' })), {
        code: 'EntityAlreadyExists',
        status: 409,
        message: 'User with name PG-USER already exists.',
      });
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'pg-user' }))).AccessKey!;
      key = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };

      const asUser = iamClient(ts.url, key);
      try {
        await rejectsWith(asUser.send(new ListUsersCommand({})), {
          code: 'AccessDenied',
          status: 403,
          message: accessDeniedMessage(created.Arn, 'iam:ListUsers', `arn:aws:iam::${accountId}:user/`, 'implicit'),
        });
        await iam.send(
          new PutUserPolicyCommand({ UserName: 'pg-user', PolicyName: 'list', PolicyDocument: JSON.stringify(policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' })) }),
        );
        const listed = await asUser.send(new ListUsersCommand({ PathPrefix: '/pg/' }));
        assert.deepEqual(listed.Users!.map((u) => u.UserName), ['pg-user']);
      } finally {
        asUser.destroy();
      }
    } finally {
      iam.destroy();
    }
  });

  test('after a restart on the same database, the user and its key are still there', async () => {
    await ts?.close();
    ts = undefined;
    ts = await startTestServer({ dataDir, keepDataDir: true, databaseUrl });
    assert.equal(ts.accountId, accountId);
    const iam = iamClient(ts.url, ts.root);
    const sts = stsClient(ts.url, key);
    try {
      const u = (await iam.send(new GetUserCommand({ UserName: 'pg-user' }))).User!;
      assert.deepEqual(u.Tags, [{ Key: 'db', Value: 'postgres' }]);
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, u.Arn);
    } finally {
      iam.destroy();
      sts.destroy();
    }
  });
});
