// The store contract for the other credentials of IAM users, SSH public keys and
// service-specific credentials, run on every dialect: lifecycle, renames, paging, cascades on
// user delete, and the per-user quotas under concurrency (exactly the limit's worth of racers win).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { StoreConflict, StoreInvalidMarker, StoreLimitExceeded, StoreNotFound } from './errors.js';
import type { StoreSuiteOptions, TestDatabase } from './store-suite.js';
import { useSuiteStore } from './test-harness.js';
import { pageAll, raceWrites } from './test-helpers.js';
import type { ServiceSpecificCredential, SshPublicKey, User } from './types.js';

const ACCOUNT = '123456789012';
const OTHER = '210987654321';
const T0 = new Date('2024-05-06T07:08:09.123Z');

const hex = (n: number) => randomBytes(n).toString('hex').toUpperCase();

function user(name: string, accountId = ACCOUNT): User {
  return { accountId, userId: `AIDA${hex(8)}`, name, path: '/', arn: `arn:aws:iam::${accountId}:user/${name}`, createDate: T0 };
}

function sshKey(userName: string, options: { accountId?: string; fingerprint?: string; uploadDate?: Date } = {}): SshPublicKey {
  const fingerprint = options.fingerprint ?? randomBytes(16).toString('hex').replace(/(..)(?!$)/g, '$1:');
  return {
    sshPublicKeyId: `APKA${hex(8)}`,
    accountId: options.accountId ?? ACCOUNT,
    userName,
    body: `ssh-rsa ${randomBytes(32).toString('base64')}`,
    fingerprint,
    status: 'Active',
    uploadDate: options.uploadDate ?? T0,
  };
}

function credential(
  userName: string,
  serviceName = 'codecommit.amazonaws.com',
  options: { accountId?: string; createDate?: Date; expirationDate?: Date; alias?: string } = {},
): ServiceSpecificCredential {
  const accountId = options.accountId ?? ACCOUNT;
  return {
    serviceSpecificCredentialId: `ACCA${hex(8)}`,
    accountId,
    userName,
    serviceName,
    serviceUserName: `${userName}-at-${accountId}`,
    ...(options.alias !== undefined && { serviceCredentialAlias: options.alias }),
    secretCiphertext: new Uint8Array(randomBytes(60)),
    status: 'Active',
    createDate: options.createDate ?? T0,
    ...(options.expirationDate !== undefined && { expirationDate: options.expirationDate }),
  };
}

export function userCredentialsSuite(label: string, openDatabase: () => Promise<TestDatabase>, options: StoreSuiteOptions = {}): void {
  describe(`store contract (user credentials): ${label}`, { skip: options.skip ?? false }, () => {
    const { store, openStore } = useSuiteStore(openDatabase, async (tx) => {
      await tx.accounts.create({ id: ACCOUNT, createdAt: T0 });
      await tx.accounts.create({ id: OTHER, createdAt: T0 });
    });

    describe('SSH public keys', () => {
      test('create, get, set status, delete; the user name follows a rename', async () => {
        await store.write((tx) => tx.users.create(user('Alice')));
        const key = sshKey('alice');
        await store.write((tx) => tx.sshPublicKeys.create(key));
        assert.deepEqual(await store.read((tx) => tx.sshPublicKeys.get(key.sshPublicKeyId)), { ...key, userName: 'Alice' });
        assert.equal(await store.write((tx) => tx.sshPublicKeys.setStatus(key.sshPublicKeyId, 'Inactive')), true);
        assert.equal(await store.write((tx) => tx.sshPublicKeys.setStatus('APKANOSUCHKEY0000000', 'Inactive')), false);
        await store.write((tx) => tx.users.update(ACCOUNT, 'Alice', { name: 'Alicia' }));
        const got = await store.read((tx) => tx.sshPublicKeys.get(key.sshPublicKeyId));
        assert.equal(got?.userName, 'Alicia');
        assert.equal(got?.status, 'Inactive');
        assert.equal(await store.read((tx) => tx.sshPublicKeys.countForUser(ACCOUNT, 'ALICIA')), 1);
        assert.equal(await store.write((tx) => tx.sshPublicKeys.delete(key.sshPublicKeyId)), true);
        assert.equal(await store.write((tx) => tx.sshPublicKeys.delete(key.sshPublicKeyId)), false);
        assert.equal(await store.read((tx) => tx.sshPublicKeys.get(key.sshPublicKeyId)), undefined);
      });

      test('a user holds a fingerprint once; another user may hold it too', async () => {
        await store.write(async (tx) => {
          await tx.users.create(user('Alice'));
          await tx.users.create(user('Bob'));
        });
        const key = sshKey('Alice');
        await store.write((tx) => tx.sshPublicKeys.create(key));
        await assert.rejects(
          store.write((tx) => tx.sshPublicKeys.create(sshKey('Alice', { fingerprint: key.fingerprint }))),
          (e) => e instanceof StoreConflict && e.entity === 'sshPublicKey',
        );
        await store.write((tx) => tx.sshPublicKeys.create(sshKey('Bob', { fingerprint: key.fingerprint })));
        await assert.rejects(store.write((tx) => tx.sshPublicKeys.create(sshKey('Nobody'))), StoreNotFound);
        // The transaction goes on after a conflict.
        await store.write(async (tx) => {
          await assert.rejects(tx.sshPublicKeys.create(sshKey('Alice', { fingerprint: key.fingerprint })), StoreConflict);
          await tx.sshPublicKeys.create(sshKey('Alice'));
        });
        assert.equal(await store.read((tx) => tx.sshPublicKeys.countForUser(ACCOUNT, 'alice')), 2);
        assert.equal(await store.read((tx) => tx.sshPublicKeys.countForUser(ACCOUNT, 'Nobody')), 0);
      });

      test('listForUser pages oldest first, and a marker it did not hand out is refused', async () => {
        await store.write(async (tx) => {
          await tx.users.create(user('Alice'));
          await tx.users.create(user('Bob'));
        });
        const keys = [3, 1, 4, 0, 2].map((m) => sshKey('Alice', { uploadDate: new Date(T0.getTime() + m * 60_000) }));
        await store.write(async (tx) => {
          for (const k of keys) await tx.sshPublicKeys.create(k);
          await tx.sshPublicKeys.create(sshKey('Bob'));
        });
        const expected = [...keys].sort((a, b) => a.uploadDate.getTime() - b.uploadDate.getTime()).map((k) => k.sshPublicKeyId);
        for (const size of [1, 2, 5, 100]) {
          const all = await pageAll(size, (r) => store.read((tx) => tx.sshPublicKeys.listForUser(ACCOUNT, 'ALICE', r)));
          assert.deepEqual(all.map((k) => k.sshPublicKeyId), expected, `pages of ${size}`);
        }
        assert.deepEqual((await store.read((tx) => tx.sshPublicKeys.listForUser(OTHER, 'Alice'))).items, []);
        await assert.rejects(store.read((tx) => tx.sshPublicKeys.listForUser(ACCOUNT, 'Alice', { marker: 'bogus' })), StoreInvalidMarker);
      });

      test('createWithLimit stops at the limit; racers for the last slots: exactly the limit wins', async () => {
        await store.write((tx) => tx.users.create(user('Racer')));
        await store.write((tx) => tx.sshPublicKeys.createWithLimit(sshKey('Racer'), 5));
        const { won, lost } = await raceWrites([store], 10, (tx) => tx.sshPublicKeys.createWithLimit(sshKey('Racer'), 5));
        assert.equal(won.length, 4);
        for (const e of lost) assert.ok(e instanceof StoreLimitExceeded && e.limit === 5, String(e));
        assert.equal(await store.read((tx) => tx.sshPublicKeys.countForUser(ACCOUNT, 'Racer')), 5);
        await assert.rejects(store.write((tx) => tx.sshPublicKeys.createWithLimit(sshKey('Nobody'), 5)), StoreNotFound);
      });

      test('the race holds across several stores on one database (multi-node)', async (t) => {
        if (!store.capabilities.multiNode) return t.skip('the store is not shared by several processes');
        const second = await openStore();
        try {
          await store.write((tx) => tx.users.create(user('Racer')));
          const { won } = await raceWrites([store, second], 12, (tx) => tx.sshPublicKeys.createWithLimit(sshKey('Racer'), 5));
          assert.equal(won.length, 5);
        } finally {
          await second.close();
        }
      });

      test('deleting the user takes its keys along', async () => {
        await store.write((tx) => tx.users.create(user('Alice')));
        const key = sshKey('Alice');
        await store.write((tx) => tx.sshPublicKeys.create(key));
        await store.write((tx) => tx.users.delete(ACCOUNT, 'Alice'));
        assert.equal(await store.read((tx) => tx.sshPublicKeys.get(key.sshPublicKeyId)), undefined);
      });
    });

    describe('service-specific credentials', () => {
      test('create, get, set status, replace the secret, delete; the user name follows a rename', async () => {
        await store.write((tx) => tx.users.create(user('Alice')));
        const expires = new Date(T0.getTime() + 86_400_000);
        const cred = credential('alice', 'bedrock.amazonaws.com', { alias: 'Alice-at-123456789012', expirationDate: expires });
        await store.write((tx) => tx.serviceCredentials.create(cred));
        assert.deepEqual(await store.read((tx) => tx.serviceCredentials.get(cred.serviceSpecificCredentialId)), { ...cred, userName: 'Alice' });
        const plain = credential('Alice');
        await store.write((tx) => tx.serviceCredentials.create(plain));
        const gotPlain = await store.read((tx) => tx.serviceCredentials.get(plain.serviceSpecificCredentialId));
        assert.equal(gotPlain?.serviceCredentialAlias, undefined);
        assert.equal(gotPlain?.expirationDate, undefined);

        assert.equal(await store.write((tx) => tx.serviceCredentials.setStatus(cred.serviceSpecificCredentialId, 'Inactive')), true);
        const secret = new Uint8Array(randomBytes(60));
        assert.equal(await store.write((tx) => tx.serviceCredentials.setSecret(cred.serviceSpecificCredentialId, secret)), true);
        assert.equal(await store.write((tx) => tx.serviceCredentials.setSecret('ACCANOSUCHCREDENTIAL1', secret)), false);
        await store.write((tx) => tx.users.update(ACCOUNT, 'Alice', { name: 'Alicia' }));
        const got = await store.read((tx) => tx.serviceCredentials.get(cred.serviceSpecificCredentialId));
        assert.equal(got?.userName, 'Alicia');
        assert.equal(got?.status, 'Inactive');
        assert.deepEqual(got?.secretCiphertext, secret);
        assert.equal(await store.read((tx) => tx.serviceCredentials.countForUser(ACCOUNT, 'alicia')), 2);
        assert.equal(await store.read((tx) => tx.serviceCredentials.countForUser(ACCOUNT, 'alicia', 'bedrock.amazonaws.com')), 1);
        assert.equal(await store.write((tx) => tx.serviceCredentials.delete(cred.serviceSpecificCredentialId)), true);
        assert.equal(await store.write((tx) => tx.serviceCredentials.delete(cred.serviceSpecificCredentialId)), false);
        await assert.rejects(store.write((tx) => tx.serviceCredentials.create(credential('Nobody'))), StoreNotFound);
        await assert.rejects(store.write((tx) => tx.serviceCredentials.create({ ...plain, userName: 'Alicia' })), (e) => e instanceof StoreConflict && e.entity === 'serviceCredential');
      });

      test('listing by user or by account, filtered by service, paged oldest first', async () => {
        await store.write(async (tx) => {
          await tx.users.create(user('Alice'));
          await tx.users.create(user('Bob'));
          await tx.users.create(user('Carol', OTHER));
        });
        const at = (m: number) => new Date(T0.getTime() + m * 60_000);
        const creds = [
          credential('Alice', 'codecommit.amazonaws.com', { createDate: at(2) }),
          credential('Bob', 'codecommit.amazonaws.com', { createDate: at(0) }),
          credential('Alice', 'cassandra.amazonaws.com', { createDate: at(1) }),
          credential('Bob', 'bedrock.amazonaws.com', { createDate: at(3) }),
          credential('Alice', 'codecommit.amazonaws.com', { createDate: at(4) }),
          credential('Carol', 'codecommit.amazonaws.com', { accountId: OTHER, createDate: at(0) }),
        ];
        await store.write(async (tx) => {
          for (const c of creds) await tx.serviceCredentials.create(c);
        });
        const ids = (...i: number[]) => i.map((n) => creds[n]!.serviceSpecificCredentialId);
        for (const size of [1, 2, 100]) {
          const alice = await pageAll(size, (r) => store.read((tx) => tx.serviceCredentials.listForUser(ACCOUNT, 'alice', r)));
          assert.deepEqual(alice.map((c) => c.serviceSpecificCredentialId), ids(2, 0, 4));
          const codecommit = await pageAll(size, (r) =>
            store.read((tx) => tx.serviceCredentials.listForUser(ACCOUNT, 'Alice', { ...r, serviceName: 'codecommit.amazonaws.com' })),
          );
          assert.deepEqual(codecommit.map((c) => c.serviceSpecificCredentialId), ids(0, 4));
          const account = await pageAll(size, (r) => store.read((tx) => tx.serviceCredentials.listForAccount(ACCOUNT, r)));
          assert.deepEqual(account.map((c) => c.serviceSpecificCredentialId), ids(1, 2, 0, 3, 4));
          const accountCodecommit = await pageAll(size, (r) =>
            store.read((tx) => tx.serviceCredentials.listForAccount(ACCOUNT, { ...r, serviceName: 'codecommit.amazonaws.com' })),
          );
          assert.deepEqual(accountCodecommit.map((c) => c.serviceSpecificCredentialId), ids(1, 0, 4));
        }
        await assert.rejects(store.read((tx) => tx.serviceCredentials.listForAccount(ACCOUNT, { marker: 'bogus' })), StoreInvalidMarker);
      });

      test('the limit counts per user and service; racers for the last slot: exactly the limit wins', async () => {
        await store.write(async (tx) => {
          await tx.users.create(user('Racer'));
          await tx.users.create(user('Other'));
        });
        await store.write((tx) => tx.serviceCredentials.createWithLimit(credential('Racer', 'cassandra.amazonaws.com'), 2));
        await store.write((tx) => tx.serviceCredentials.createWithLimit(credential('Racer', 'cassandra.amazonaws.com'), 2));
        await assert.rejects(
          store.write((tx) => tx.serviceCredentials.createWithLimit(credential('Racer', 'cassandra.amazonaws.com'), 2)),
          (e) => e instanceof StoreLimitExceeded && e.limit === 2,
        );
        // Another service, another user: their own slots.
        await store.write((tx) => tx.serviceCredentials.createWithLimit(credential('Other', 'cassandra.amazonaws.com'), 2));
        const { won, lost } = await raceWrites([store], 10, (tx) => tx.serviceCredentials.createWithLimit(credential('Racer', 'codecommit.amazonaws.com'), 2));
        assert.equal(won.length, 2);
        for (const e of lost) assert.ok(e instanceof StoreLimitExceeded, String(e));
        assert.equal(await store.read((tx) => tx.serviceCredentials.countForUser(ACCOUNT, 'Racer', 'codecommit.amazonaws.com')), 2);
        assert.equal(await store.read((tx) => tx.serviceCredentials.countForUser(ACCOUNT, 'Racer')), 4);
      });

      test('the race holds across several stores on one database (multi-node)', async (t) => {
        if (!store.capabilities.multiNode) return t.skip('the store is not shared by several processes');
        const second = await openStore();
        try {
          await store.write((tx) => tx.users.create(user('Racer')));
          const { won } = await raceWrites([store, second], 12, (tx) => tx.serviceCredentials.createWithLimit(credential('Racer'), 2));
          assert.equal(won.length, 2);
        } finally {
          await second.close();
        }
      });

      test('deleting the user takes its credentials along', async () => {
        await store.write((tx) => tx.users.create(user('Alice')));
        const cred = credential('Alice');
        await store.write((tx) => tx.serviceCredentials.create(cred));
        await store.write((tx) => tx.users.delete(ACCOUNT, 'Alice'));
        assert.equal(await store.read((tx) => tx.serviceCredentials.get(cred.serviceSpecificCredentialId)), undefined);
      });
    });
  });
}
