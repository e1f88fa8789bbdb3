// What a SQLite data dir keeps across restarts, and what it must never keep: users, keys and
// policies survive a restart and old keys still sign; no secret access key is stored in clear in
// the database files; the root-credentials and master.key files are private (0600); a different
// master key on the same data is refused at start.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ConfigError, startServer } from '../../src/server/index.js';
import { silentLogger } from '../../src/server/log.js';
import { iamClient, policy, readRootCredentials, startTestServer, stsClient, tempDir, testConfig, type Credentials, type TestServer } from './helpers.js';

const DB_FILES = ['tessera.db', 'tessera.db-wal', 'tessera.db-shm'];

/** Which of the data dir's files hold `needle` (as UTF-8 bytes, or base64 of them). */
function filesHolding(dir: string, needle: string, only?: readonly string[]): string[] {
  const forms = [Buffer.from(needle, 'utf8'), Buffer.from(Buffer.from(needle, 'utf8').toString('base64'), 'utf8'), Buffer.from(needle, 'utf16le')];
  return readdirSync(dir)
    .filter((f) => (only ? only.includes(f) : true) && statSync(join(dir, f)).isFile())
    .filter((f) => {
      const bytes = readFileSync(join(dir, f));
      return forms.some((form) => bytes.includes(form));
    });
}

const mode = (file: string) => statSync(file).mode & 0o777;

describe('a SQLite data dir across restarts', () => {
  const dataDir = tempDir();
  let first: TestServer | undefined;
  let second: TestServer | undefined;
  let accountId: string;
  let rootCreds: Credentials;
  let userKey: Credentials;
  const doc = JSON.stringify(policy({ Sid: 'Who', Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListUsers'], Resource: '*' }), null, 2);

  before(async () => {
    first = await startTestServer({ dataDir, keepDataDir: true });
    accountId = first.accountId;
    rootCreds = first.root;
  });
  after(async () => {
    await first?.close();
    await second?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the generated root key is written to root-credentials (0600) and works', async () => {
    const file = join(dataDir, 'root-credentials');
    assert.equal(first!.server.credentialsFile, file);
    assert.equal(mode(file), 0o600);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^\[tessera\]$/m);
    assert.match(rootCreds.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.match(rootCreds.secretAccessKey, /^[A-Za-z0-9+/]{40}$/);
    const sts = stsClient(first!.url, readRootCredentials(file));
    try {
      const who = await sts.send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, `arn:aws:iam::${accountId}:root`);
    } finally {
      sts.destroy();
    }
  });

  test('the master key file is created with mode 0600', () => {
    const file = join(dataDir, 'master.key');
    assert.ok(existsSync(file));
    assert.equal(mode(file), 0o600);
  });

  test('users, keys and policies are made; no secret access key is in the database files', async () => {
    const iam = iamClient(first!.url, rootCreds);
    try {
      await iam.send(new CreateUserCommand({ UserName: 'keeper', Path: '/kept/', Tags: [{ Key: 'team', Value: 'red' }] }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'keeper', PolicyName: 'who', PolicyDocument: doc }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'keeper' }))).AccessKey!;
      userKey = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
      // Use the key so last-used data is written too.
      const asKeeper = iamClient(first!.url, userKey);
      try {
        await asKeeper.send(new GetUserCommand({}));
      } finally {
        asKeeper.destroy();
      }
    } finally {
      iam.destroy();
    }
    await first!.drain();

    assert.ok(existsSync(join(dataDir, 'tessera.db')));
    // While running (the WAL holds the recent writes)...
    assert.deepEqual(filesHolding(dataDir, userKey.secretAccessKey, DB_FILES), []);
    assert.deepEqual(filesHolding(dataDir, rootCreds.secretAccessKey, DB_FILES), []);
    // ...the key id is there (so the search does find what is stored in clear).
    assert.notDeepEqual(filesHolding(dataDir, userKey.accessKeyId, DB_FILES), []);

    await first!.close();
    first = undefined;
    // ...and after close (checkpointed into the main file).
    assert.deepEqual(filesHolding(dataDir, userKey.secretAccessKey), []);
    assert.deepEqual(filesHolding(dataDir, rootCreds.secretAccessKey), ['root-credentials']);
  });

  test('after a restart on the same data dir everything is there and old keys still work', async () => {
    await first?.close();
    first = undefined;
    second = await startTestServer({ dataDir, keepDataDir: true });
    assert.equal(second.accountId, accountId, 'same account');
    assert.equal(second.server.credentialsFile, undefined, 'no new root key is generated');
    assert.deepEqual(second.root, rootCreds, 'root-credentials is unchanged');

    const iam = iamClient(second.url, rootCreds);
    const asKeeper = iamClient(second.url, userKey);
    const sts = stsClient(second.url, userKey);
    try {
      const u = (await iam.send(new GetUserCommand({ UserName: 'keeper' }))).User!;
      assert.equal(u.Arn, `arn:aws:iam::${accountId}:user/kept/keeper`);
      assert.deepEqual(u.Tags, [{ Key: 'team', Value: 'red' }]);
      const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'keeper' }));
      assert.deepEqual(keys.AccessKeyMetadata!.map((m) => [m.AccessKeyId, m.Status]), [[userKey.accessKeyId, 'Active']]);
      const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: userKey.accessKeyId }));
      assert.deepEqual([used.AccessKeyLastUsed!.ServiceName, used.AccessKeyLastUsed!.Region], ['iam', 'us-east-1'], 'last use survives too');
      assert.ok(used.AccessKeyLastUsed!.LastUsedDate instanceof Date);
      const p = await iam.send(new GetUserPolicyCommand({ UserName: 'keeper', PolicyName: 'who' }));
      assert.equal(decodeURIComponent(p.PolicyDocument!), doc);

      // The old key signs, and its policy still authorizes.
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, u.Arn);
      assert.ok((await asKeeper.send(new ListUsersCommand({}))).Users!.some((x) => x.UserName === 'keeper'));
    } finally {
      iam.destroy();
      asKeeper.destroy();
      sts.destroy();
    }
    await second.close();
    second = undefined;
  });

  test('a different TESSERA_MASTER_KEY on the same data is refused at start (ConfigError)', async () => {
    await second?.close();
    second = undefined;
    const other = randomBytes(32).toString('base64');
    await assert.rejects(
      startServer(testConfig(dataDir, { env: { TESSERA_MASTER_KEY: other } }), { logger: silentLogger }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError, String(e));
        assert.match(e.message, /master key does not match/);
        return true;
      },
    );
    await assert.rejects(startServer(testConfig(dataDir, { env: { TESSERA_MASTER_KEY: 'not-a-key' } }), { logger: silentLogger }), ConfigError);
    // The refused starts changed nothing: the right key (the file) still opens the data.
    second = await startTestServer({ dataDir, keepDataDir: true });
    const sts = stsClient(second.url, userKey);
    try {
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, accountId);
    } finally {
      sts.destroy();
    }
  });
});

describe('a master key from TESSERA_MASTER_KEY', () => {
  const dataDir = tempDir();
  const masterKey = randomBytes(32).toString('hex');
  let ts: TestServer | undefined;
  after(async () => {
    await ts?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('is used instead of a key file, and is needed again to open the data', async () => {
    ts = await startTestServer({ dataDir, keepDataDir: true, env: { TESSERA_MASTER_KEY: masterKey } });
    assert.equal(existsSync(join(dataDir, 'master.key')), false, 'no key file is written when the key comes from the environment');
    const iam: IAMClient = iamClient(ts.url, ts.root);
    let key: Credentials;
    try {
      await iam.send(new CreateUserCommand({ UserName: 'env-keyed' }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'env-keyed' }))).AccessKey!;
      key = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    } finally {
      iam.destroy();
    }
    await ts.close();
    ts = undefined;

    // Without the variable a new key file would be made, which does not open this data.
    await assert.rejects(startServer(testConfig(dataDir), { logger: silentLogger }), ConfigError);
    rmSync(join(dataDir, 'master.key'), { force: true });

    ts = await startTestServer({ dataDir, keepDataDir: true, env: { TESSERA_MASTER_KEY: masterKey } });
    const sts = stsClient(ts.url, key);
    try {
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${ts.accountId}:user/env-keyed`);
    } finally {
      sts.destroy();
    }
  });
});
