// The store's contract as one suite, run against every dialect (sqlite.test.ts, postgres.test.ts):
// what passes here passes on every database Tessera supports. A dialect-specific behaviour is
// asked of the capability flags, never of the database's name.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { SqlDialect } from './dialect.js';
import { StoreConflict, StoreLimitExceeded, StoreNotFound } from './errors.js';
import { MIGRATIONS, migrate } from './migrations/index.js';
import type { Store, StoreTx } from './port.js';
import { KEPT_TABLES, RESET_TABLES } from './schema.js';
import { createSqlStore } from './sql-store.js';
import type { AccessKey, NewAccessKey, TagOwner, User } from './types.js';

/** A database of the suite's own (a temporary file, a fresh schema, memory). */
export interface TestDatabase {
  /** A new dialect on this database; where the data is durable, every one sees the same data. */
  openDialect(): SqlDialect;
  /** Removes the database. */
  destroy(): Promise<void>;
}

export interface StoreSuiteOptions {
  /** Skips the whole suite, saying why (e.g. no database to run it on). */
  readonly skip?: string | false;
}

const ACCOUNT = '123456789012';
const OTHER_ACCOUNT = '210987654321';
const T0 = new Date('2024-05-06T07:08:09.123Z');

function id(prefix: string): string {
  return prefix + randomBytes(8).toString('hex').toUpperCase();
}

function user(name: string, options: { accountId?: string; path?: string; userId?: string } = {}): User {
  const accountId = options.accountId ?? ACCOUNT;
  const path = options.path ?? '/';
  return {
    accountId,
    userId: options.userId ?? id('AIDA'),
    name,
    path,
    arn: `arn:aws:iam::${accountId}:user${path}${name}`,
    createDate: T0,
  };
}

function accessKey(userName: string | null, options: { accountId?: string; createDate?: Date } = {}): NewAccessKey {
  return {
    accessKeyId: id('AKIA'),
    accountId: options.accountId ?? ACCOUNT,
    userName,
    status: 'Active',
    secretCiphertext: new Uint8Array(randomBytes(48)),
    createDate: options.createDate ?? T0,
  };
}

function userTags(u: User): TagOwner {
  return { resourceType: 'user', resourceKey: u.userId };
}

async function seedAccounts(tx: StoreTx): Promise<void> {
  await tx.accounts.create({ id: ACCOUNT, createdAt: T0 });
  await tx.accounts.create({ id: OTHER_ACCOUNT, createdAt: T0 });
}

/** Registers the store suite; `openDatabase` gives a fresh, empty database each time it is called. */
export function storeSuite(label: string, openDatabase: () => Promise<TestDatabase>, options: StoreSuiteOptions = {}): void {
  describe(`store contract: ${label}`, { skip: options.skip ?? false }, () => {
    let database: TestDatabase;
    let dialect: SqlDialect;
    let store: Store;

    before(async () => {
      database = await openDatabase();
      dialect = database.openDialect();
      store = await createSqlStore(dialect);
    });

    after(async () => {
      await store?.close();
      await database?.destroy();
    });

    beforeEach(async () => {
      await store.reset();
      await store.write(seedAccounts);
    });

    test('declares a way to keep quotas exact', () => {
      assert.ok(store.capabilities.serializedWrites || store.capabilities.rowLocks);
    });

    describe('schema', () => {
      test('every table is either emptied by reset() or kept on purpose', async () => {
        const tables = (await dialect.db.introspection.getTables()).map((t) => t.name).sort();
        assert.deepEqual(tables, [...RESET_TABLES, ...KEPT_TABLES].sort());
      });

      test('a second migration run applies nothing', async () => {
        assert.deepEqual(await migrate(dialect), []);
      });

      test('refuses a database whose schema is newer than this code', async () => {
        const future = MIGRATIONS.length + 1;
        await dialect.db.insertInto('schema_migrations').values({ version: future, name: 'future', applied_at: T0.toISOString() }).execute();
        try {
          await assert.rejects(migrate(dialect), /newer than this Tessera knows/);
        } finally {
          await dialect.db.deleteFrom('schema_migrations').where('version', '=', future).execute();
        }
      });
    });

    describe('accounts', () => {
      test('create, get, list; a second create of the same id conflicts', async () => {
        assert.deepEqual(await store.read((tx) => tx.accounts.get(ACCOUNT)), { id: ACCOUNT, createdAt: T0 });
        assert.equal(await store.read((tx) => tx.accounts.get('000000000000')), undefined);
        assert.deepEqual(
          (await store.read((tx) => tx.accounts.list())).map((a) => a.id),
          [ACCOUNT, OTHER_ACCOUNT],
        );
        await assert.rejects(
          store.write((tx) => tx.accounts.create({ id: ACCOUNT, createdAt: T0 })),
          (e) => e instanceof StoreConflict && e.entity === 'account',
        );
        assert.deepEqual(await store.write((tx) => tx.accounts.getForUpdate(ACCOUNT)), { id: ACCOUNT, createdAt: T0 });
      });
    });

    describe('users', () => {
      test('create and get, by name in any case and by id; the name keeps its case', async () => {
        const alice = user('Alice', { path: '/eng/' });
        assert.deepEqual(await store.write((tx) => tx.users.create(alice)), alice);
        assert.deepEqual(await store.read((tx) => tx.users.get(ACCOUNT, 'Alice')), alice);
        assert.deepEqual(await store.read((tx) => tx.users.get(ACCOUNT, 'aLICE')), alice);
        assert.deepEqual(await store.read((tx) => tx.users.getById(alice.userId)), alice);
        assert.deepEqual(await store.write((tx) => tx.users.getForUpdate(ACCOUNT, 'ALICE')), alice);
        assert.equal(await store.read((tx) => tx.users.get(OTHER_ACCOUNT, 'Alice')), undefined);
        assert.equal(await store.read((tx) => tx.users.get(ACCOUNT, 'Bob')), undefined);
      });

      test('names are unique per account regardless of case; another account may reuse one', async () => {
        await store.write((tx) => tx.users.create(user('Alice')));
        await assert.rejects(
          store.write((tx) => tx.users.create(user('ALICE'))),
          (e) => e instanceof StoreConflict && e.entity === 'user' && e.key === 'ALICE',
        );
        await store.write((tx) => tx.users.create(user('alice', { accountId: OTHER_ACCOUNT })));
        assert.equal(await store.read((tx) => tx.users.count(ACCOUNT)), 1);
        assert.equal(await store.read((tx) => tx.users.count(OTHER_ACCOUNT)), 1);
      });

      test('a conflict on create leaves the transaction usable', async () => {
        await store.write((tx) => tx.users.create(user('Alice')));
        await store.write(async (tx) => {
          await assert.rejects(tx.users.create(user('alice')), StoreConflict);
          await tx.users.create(user('Bob'));
        });
        assert.ok(await store.read((tx) => tx.users.get(ACCOUNT, 'bob')));
      });

      test('a user of an unknown account is refused', async () => {
        await assert.rejects(
          store.write((tx) => tx.users.create(user('Alice', { accountId: '999999999999' }))),
          (e) => e instanceof StoreNotFound && e.entity === 'account',
        );
      });

      test('createWithLimit: of 8 parallel creates at a limit of 3 users, exactly 3 succeed', async () => {
        await store.write((tx) => tx.users.create(user('Existing')));
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            store.write(async (tx) => {
              const created = await tx.users.createWithLimit(user(`racer-${i}`), 3);
              await new Promise((resolve) => setImmediate(resolve));
              return created;
            }),
          ),
        );
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        for (const r of lost) assert.ok(r.reason instanceof StoreLimitExceeded && r.reason.entity === 'user', String(r.reason));
        assert.equal(results.length - lost.length, 2);
        assert.equal(await store.read((tx) => tx.users.count(ACCOUNT)), 3);
        await assert.rejects(
          store.write((tx) => tx.users.createWithLimit(user('Late', { accountId: '999999999999' }), 3)),
          StoreNotFound,
        );
      });

      test('update changes what the patch names; null clears an optional member', async () => {
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        const boundary = 'arn:aws:iam::aws:policy/PowerUserAccess';
        const used = new Date('2024-06-01T00:00:00.000Z');
        const updated = await store.write((tx) =>
          tx.users.update(ACCOUNT, 'alice', { path: '/ops/', arn: `arn:aws:iam::${ACCOUNT}:user/ops/Alice`, permissionsBoundaryArn: boundary, passwordLastUsed: used }),
        );
        const expected: User = { ...alice, path: '/ops/', arn: `arn:aws:iam::${ACCOUNT}:user/ops/Alice`, permissionsBoundaryArn: boundary, passwordLastUsed: used };
        assert.deepEqual(updated, expected);
        assert.deepEqual(await store.read((tx) => tx.users.get(ACCOUNT, 'Alice')), expected);

        const cleared = await store.write((tx) => tx.users.update(ACCOUNT, 'Alice', { permissionsBoundaryArn: null, passwordLastUsed: null }));
        assert.deepEqual(cleared, { ...alice, path: '/ops/', arn: `arn:aws:iam::${ACCOUNT}:user/ops/Alice` });
        assert.deepEqual(await store.read((tx) => tx.users.get(ACCOUNT, 'Alice')), cleared);
        assert.deepEqual(await store.write((tx) => tx.users.update(ACCOUNT, 'Alice', {})), cleared);
        assert.equal(await store.write((tx) => tx.users.update(ACCOUNT, 'Nobody', { path: '/x/' })), undefined);
      });

      test('a rename carries the access keys, inline policies and tags along', async () => {
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        const keys = [accessKey('Alice'), accessKey('alice', { createDate: new Date(T0.getTime() + 1000) })];
        await store.write(async (tx) => {
          for (const key of keys) await tx.accessKeys.create(key);
          await tx.userPolicies.put({ accountId: ACCOUNT, userName: 'Alice', policyName: 'Read', document: '{"r":1}' });
          await tx.userPolicies.put({ accountId: ACCOUNT, userName: 'Alice', policyName: 'Write', document: '{"w":1}' });
          await tx.tags.put(userTags(alice), [{ key: 'team', value: 'blue' }]);
        });

        const renamed = await store.write((tx) =>
          tx.users.update(ACCOUNT, 'ALICE', { name: 'Alicia', path: '/new/', arn: `arn:aws:iam::${ACCOUNT}:user/new/Alicia` }),
        );
        assert.deepEqual(renamed, { ...alice, name: 'Alicia', path: '/new/', arn: `arn:aws:iam::${ACCOUNT}:user/new/Alicia` });

        await store.read(async (tx) => {
          assert.equal(await tx.users.get(ACCOUNT, 'Alice'), undefined);
          assert.equal((await tx.users.get(ACCOUNT, 'alicia'))?.userId, alice.userId);
          const listed = await tx.accessKeys.listForUser(ACCOUNT, 'Alicia');
          assert.deepEqual(
            listed.map((k) => [k.accessKeyId, k.userName]),
            keys.map((k) => [k.accessKeyId, 'Alicia']),
          );
          assert.equal((await tx.accessKeys.get(keys[0]!.accessKeyId))?.userName, 'Alicia');
          assert.deepEqual(await tx.accessKeys.listForUser(ACCOUNT, 'Alice'), []);
          assert.deepEqual(
            (await tx.userPolicies.listAll(ACCOUNT, 'Alicia')).map((p) => [p.userName, p.policyName]),
            [
              ['Alicia', 'Read'],
              ['Alicia', 'Write'],
            ],
          );
          assert.deepEqual(await tx.userPolicies.listAll(ACCOUNT, 'Alice'), []);
          assert.deepEqual(await tx.tags.listAll(userTags(alice)), [{ ...userTags(alice), key: 'team', value: 'blue' }]);
        });
      });

      test('a rename onto another user name (in any case) conflicts; a change of case alone does not', async () => {
        await store.write(async (tx) => {
          await tx.users.create(user('Alice'));
          await tx.users.create(user('Bob'));
        });
        await assert.rejects(
          store.write((tx) => tx.users.update(ACCOUNT, 'Alice', { name: 'BOB' })),
          (e) => e instanceof StoreConflict && e.entity === 'user',
        );
        assert.ok(await store.read((tx) => tx.users.get(ACCOUNT, 'Alice')));
        const recased = await store.write((tx) => tx.users.update(ACCOUNT, 'Alice', { name: 'ALICE' }));
        assert.equal(recased?.name, 'ALICE');
        assert.equal((await store.read((tx) => tx.users.get(ACCOUNT, 'alice')))?.name, 'ALICE');
      });

      test('delete takes the keys, inline policies and tags along', async () => {
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        const key = accessKey('Alice');
        await store.write(async (tx) => {
          await tx.accessKeys.create(key);
          await tx.userPolicies.put({ accountId: ACCOUNT, userName: 'Alice', policyName: 'P', document: '{}' });
          await tx.tags.put(userTags(alice), [{ key: 'k', value: 'v' }]);
        });
        assert.equal(await store.write((tx) => tx.users.delete(ACCOUNT, 'ALICE')), true);
        assert.equal(await store.write((tx) => tx.users.delete(ACCOUNT, 'Alice')), false);
        await store.read(async (tx) => {
          assert.equal(await tx.users.get(ACCOUNT, 'Alice'), undefined);
          assert.equal(await tx.accessKeys.get(key.accessKeyId), undefined);
          assert.equal(await tx.tags.count(userTags(alice)), 0);
        });
        // A new user of the same name starts with nothing.
        await store.write((tx) => tx.users.create(user('Alice')));
        assert.deepEqual(await store.read((tx) => tx.userPolicies.listAll(ACCOUNT, 'Alice')), []);
      });

      test('list pages through all users in case-insensitive name order', async () => {
        const names = Array.from({ length: 23 }, (_, i) => (i % 3 === 0 ? `USER-${String(i).padStart(2, '0')}` : `user-${String(i).padStart(2, '0')}`));
        names.push('_first', 'Zed', 'alpha', 'Beta');
        await store.write(async (tx) => {
          for (const name of names) await tx.users.create(user(name));
          await tx.users.create(user('elsewhere', { accountId: OTHER_ACCOUNT }));
        });
        const expected = [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));

        const seen: string[] = [];
        const pages: boolean[] = [];
        let marker: string | undefined;
        do {
          const page = await store.read((tx) => tx.users.list(ACCOUNT, { maxItems: 10, ...(marker !== undefined && { marker }) }));
          assert.ok(page.items.length <= 10);
          assert.equal(page.marker !== undefined, page.isTruncated);
          seen.push(...page.items.map((u) => u.name));
          pages.push(page.isTruncated);
          marker = page.marker;
        } while (marker !== undefined);
        assert.deepEqual(seen, expected);
        assert.deepEqual(pages, [true, true, false]);

        const all = await store.read((tx) => tx.users.list(ACCOUNT));
        assert.equal(all.isTruncated, false);
        assert.equal(all.marker, undefined);
        assert.equal(all.items.length, names.length);
      });

      test('a page boundary exactly at the end is not truncated', async () => {
        await store.write(async (tx) => {
          for (const name of ['a', 'b', 'c', 'd']) await tx.users.create(user(name));
        });
        const first = await store.read((tx) => tx.users.list(ACCOUNT, { maxItems: 2 }));
        assert.deepEqual([first.items.map((u) => u.name), first.isTruncated], [['a', 'b'], true]);
        const second = await store.read((tx) => tx.users.list(ACCOUNT, { maxItems: 2, marker: first.marker! }));
        assert.deepEqual([second.items.map((u) => u.name), second.isTruncated, second.marker], [['c', 'd'], false, undefined]);
        await assert.rejects(
          store.read((tx) => tx.users.list(ACCOUNT, { maxItems: 0 })),
          TypeError,
        );
      });

      test('list filters by path prefix, case-sensitively, and pages within it', async () => {
        await store.write(async (tx) => {
          await tx.users.create(user('a', { path: '/eng/' }));
          await tx.users.create(user('b', { path: '/eng/web/' }));
          await tx.users.create(user('c', { path: '/ENG/' }));
          await tx.users.create(user('d', { path: '/engineering/' }));
          await tx.users.create(user('e', { path: '/ops/' }));
          await tx.users.create(user('f'));
        });
        const names = async (pathPrefix: string) =>
          (await store.read((tx) => tx.users.list(ACCOUNT, { pathPrefix }))).items.map((u) => u.name);
        assert.deepEqual(await names('/eng/'), ['a', 'b']);
        assert.deepEqual(await names('/eng'), ['a', 'b', 'd']);
        assert.deepEqual(await names('/ENG/'), ['c']);
        assert.deepEqual(await names('/'), ['a', 'b', 'c', 'd', 'e', 'f']);
        assert.deepEqual(await names('/nothing/'), []);
        const first = await store.read((tx) => tx.users.list(ACCOUNT, { pathPrefix: '/eng', maxItems: 2 }));
        const rest = await store.read((tx) => tx.users.list(ACCOUNT, { pathPrefix: '/eng', maxItems: 2, marker: first.marker! }));
        assert.deepEqual([...first.items, ...rest.items].map((u) => u.name), ['a', 'b', 'd']);
        assert.equal(rest.isTruncated, false);
      });
    });

    describe('access keys', () => {
      test('create, get, list and count per user and for the root user', async () => {
        await store.write((tx) => tx.users.create(user('Alice')));
        const k1 = accessKey('Alice');
        const k2 = accessKey('Alice', { createDate: new Date(T0.getTime() + 1) });
        const root = accessKey(null);
        await store.write(async (tx) => {
          for (const key of [k2, root, k1]) await tx.accessKeys.create(key);
        });
        await store.read(async (tx) => {
          const got = await tx.accessKeys.get(k1.accessKeyId);
          assert.deepEqual(got, k1);
          assert.ok(got && Object.getPrototypeOf(got.secretCiphertext) === Uint8Array.prototype);
          assert.deepEqual(await tx.accessKeys.get(root.accessKeyId), root);
          assert.equal(await tx.accessKeys.get('AKIANOTHERE'), undefined);
          assert.deepEqual(
            (await tx.accessKeys.listForUser(ACCOUNT, 'ALICE')).map((k) => k.accessKeyId),
            [k1.accessKeyId, k2.accessKeyId],
          );
          assert.deepEqual(await tx.accessKeys.listForUser(ACCOUNT, null), [root]);
          assert.deepEqual(await tx.accessKeys.listForUser(OTHER_ACCOUNT, null), []);
          assert.equal(await tx.accessKeys.countForUser(ACCOUNT, 'alice'), 2);
          assert.equal(await tx.accessKeys.countForUser(ACCOUNT, null), 1);
          assert.equal(await tx.accessKeys.countForUser(ACCOUNT, 'nobody'), 0);
        });
      });

      test('a duplicate id conflicts; an unknown owner is refused', async () => {
        await store.write((tx) => tx.users.create(user('Alice')));
        const key = accessKey('Alice');
        await store.write((tx) => tx.accessKeys.create(key));
        await assert.rejects(
          store.write((tx) => tx.accessKeys.create({ ...key, userName: null })),
          (e) => e instanceof StoreConflict && e.entity === 'accessKey',
        );
        await assert.rejects(
          store.write((tx) => tx.accessKeys.create(accessKey('Nobody'))),
          (e) => e instanceof StoreNotFound && e.entity === 'user',
        );
        await assert.rejects(
          store.write((tx) => tx.accessKeys.create(accessKey(null, { accountId: '999999999999' }))),
          (e) => e instanceof StoreNotFound && e.entity === 'account',
        );
      });

      test('status, last use and delete', async () => {
        const key = accessKey(null);
        await store.write((tx) => tx.accessKeys.create(key));
        const used = new Date('2024-07-01T12:00:00.000Z');
        await store.write(async (tx) => {
          assert.equal(await tx.accessKeys.setStatus(key.accessKeyId, 'Inactive'), true);
          assert.equal(await tx.accessKeys.recordKeyUse(key.accessKeyId, used, 'iam', 'us-east-1'), true);
          assert.equal(await tx.accessKeys.setStatus('AKIANOTHERE', 'Inactive'), false);
          assert.equal(await tx.accessKeys.recordKeyUse('AKIANOTHERE', used, 'iam', 'us-east-1'), false);
        });
        assert.deepEqual(await store.read((tx) => tx.accessKeys.get(key.accessKeyId)), {
          ...key,
          status: 'Inactive',
          lastUsedDate: used,
          lastUsedService: 'iam',
          lastUsedRegion: 'us-east-1',
        });
        assert.equal(await store.write((tx) => tx.accessKeys.delete(key.accessKeyId)), true);
        assert.equal(await store.write((tx) => tx.accessKeys.delete(key.accessKeyId)), false);
        assert.equal(await store.read((tx) => tx.accessKeys.get(key.accessKeyId)), undefined);
      });

      test('createWithLimit stops at the limit', async () => {
        await store.write((tx) => tx.users.create(user('Alice')));
        await store.write((tx) => tx.accessKeys.createWithLimit(accessKey('Alice'), 2));
        await store.write((tx) => tx.accessKeys.createWithLimit(accessKey('alice'), 2));
        await assert.rejects(
          store.write((tx) => tx.accessKeys.createWithLimit(accessKey('Alice'), 2)),
          (e) => e instanceof StoreLimitExceeded && e.limit === 2,
        );
        await assert.rejects(
          store.write((tx) => tx.accessKeys.createWithLimit(accessKey('Nobody'), 2)),
          StoreNotFound,
        );
        assert.equal(await store.read((tx) => tx.accessKeys.countForUser(ACCOUNT, 'Alice')), 2);
      });

      /** Races `attempts` creates for one owner at a limit of 2 across `stores`: exactly 2 may win. */
      async function race(stores: Store[], userName: string | null, attempts: number): Promise<void> {
        const results = await Promise.allSettled(
          Array.from({ length: attempts }, (_, i) =>
            stores[i % stores.length]!.write(async (tx) => {
              const key = await tx.accessKeys.createWithLimit(accessKey(userName), 2);
              // Hold the transaction across a turn of the event loop, so that the racers overlap.
              await new Promise((resolve) => setImmediate(resolve));
              return key;
            }),
          ),
        );
        const won = results.filter((r): r is PromiseFulfilledResult<AccessKey> => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        for (const r of lost) assert.ok(r.reason instanceof StoreLimitExceeded, String(r.reason));
        assert.equal(won.length, 2);
        assert.equal(await store.read((tx) => tx.accessKeys.countForUser(ACCOUNT, userName)), 2);
      }

      test('10 parallel createWithLimit(limit 2) for one user: exactly 2 succeed', async () => {
        await store.write((tx) => tx.users.create(user('Racer')));
        await race([store], 'Racer', 10);
      });

      test('10 parallel createWithLimit(limit 2) for the root user: exactly 2 succeed', async () => {
        await race([store], null, 10);
      });

      test('the race holds across several stores on one database (multi-node)', async (t) => {
        if (!store.capabilities.multiNode) return t.skip('the store is not shared by several processes');
        const second = await createSqlStore(database.openDialect());
        try {
          await store.write((tx) => tx.users.create(user('Racer')));
          await race([store, second], 'Racer', 12);
          await race([store, second], null, 12);
        } finally {
          await second.close();
        }
      });
    });

    describe('inline user policies', () => {
      test('put, get in any case, replace, list, delete', async () => {
        await store.write((tx) => tx.users.create(user('Alice')));
        await store.write(async (tx) => {
          await tx.userPolicies.put({ accountId: ACCOUNT, userName: 'alice', policyName: 'ReadOnly', document: '{"v":1}' });
          await tx.userPolicies.put({ accountId: ACCOUNT, userName: 'Alice', policyName: 'admin', document: '{"v":2}' });
        });
        assert.deepEqual(await store.read((tx) => tx.userPolicies.get(ACCOUNT, 'ALICE', 'readonly')), {
          accountId: ACCOUNT,
          userName: 'Alice',
          policyName: 'ReadOnly',
          document: '{"v":1}',
        });
        // A put under the same name in another case replaces the policy, taking the new case.
        await store.write((tx) => tx.userPolicies.put({ accountId: ACCOUNT, userName: 'Alice', policyName: 'READONLY', document: '{"v":3}' }));
        assert.deepEqual(
          (await store.read((tx) => tx.userPolicies.listAll(ACCOUNT, 'Alice'))).map((p) => [p.policyName, p.document]),
          [
            ['admin', '{"v":2}'],
            ['READONLY', '{"v":3}'],
          ],
        );
        assert.equal(await store.write((tx) => tx.userPolicies.delete(ACCOUNT, 'Alice', 'Admin')), true);
        assert.equal(await store.write((tx) => tx.userPolicies.delete(ACCOUNT, 'Alice', 'Admin')), false);
        assert.equal(await store.write((tx) => tx.userPolicies.delete(ACCOUNT, 'Nobody', 'Admin')), false);
        assert.equal(await store.read((tx) => tx.userPolicies.get(ACCOUNT, 'Alice', 'admin')), undefined);
        await assert.rejects(
          store.write((tx) => tx.userPolicies.put({ accountId: ACCOUNT, userName: 'Nobody', policyName: 'P', document: '{}' })),
          (e) => e instanceof StoreNotFound && e.entity === 'user',
        );
      });

      test('list pages in case-insensitive name order', async () => {
        const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo'];
        await store.write(async (tx) => {
          await tx.users.create(user('Alice'));
          for (const policyName of names) await tx.userPolicies.put({ accountId: ACCOUNT, userName: 'Alice', policyName, document: '{}' });
        });
        const first = await store.read((tx) => tx.userPolicies.list(ACCOUNT, 'Alice', { maxItems: 3 }));
        assert.equal(first.isTruncated, true);
        const second = await store.read((tx) => tx.userPolicies.list(ACCOUNT, 'alice', { maxItems: 3, marker: first.marker! }));
        assert.equal(second.isTruncated, false);
        assert.deepEqual(
          [...first.items, ...second.items].map((p) => p.policyName),
          ['Alpha', 'Bravo', 'charlie', 'delta', 'echo'],
        );
        assert.deepEqual((await store.read((tx) => tx.userPolicies.list(ACCOUNT, 'Nobody'))).items, []);
      });
    });

    describe('tags', () => {
      test('put adds and replaces; user tag keys ignore case and take the newest case', async () => {
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        const owner = userTags(alice);
        await store.write((tx) =>
          tx.tags.put(owner, [
            { key: 'Department', value: 'finance' },
            { key: 'team', value: 'blue' },
          ]),
        );
        await store.write((tx) =>
          tx.tags.put(owner, [
            { key: 'department', value: 'hr' },
            { key: 'cost', value: '1' },
            { key: 'COST', value: '2' },
          ]),
        );
        assert.deepEqual(
          (await store.read((tx) => tx.tags.listAll(owner))).map((t) => [t.key, t.value]),
          [
            ['COST', '2'],
            ['department', 'hr'],
            ['team', 'blue'],
          ],
        );
        assert.equal(await store.read((tx) => tx.tags.count(owner)), 3);
        await store.write((tx) => tx.tags.put(owner, []));
        assert.equal(await store.write((tx) => tx.tags.remove(owner, ['TEAM', 'absent', 'team'])), 1);
        assert.equal(await store.write((tx) => tx.tags.remove(owner, [])), 0);
        assert.deepEqual(
          (await store.read((tx) => tx.tags.listAll(owner))).map((t) => t.key),
          ['COST', 'department'],
        );
        assert.equal(await store.write((tx) => tx.tags.removeAll(owner)), 2);
        assert.equal(await store.read((tx) => tx.tags.count(owner)), 0);
      });

      test('tags of different resources stay apart; list pages by key', async () => {
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        const bob = await store.write((tx) => tx.users.create(user('Bob')));
        await store.write(async (tx) => {
          await tx.tags.put(userTags(alice), ['e', 'b', 'd', 'a', 'c'].map((key) => ({ key, value: key.toUpperCase() })));
          await tx.tags.put(userTags(bob), [{ key: 'a', value: 'bob' }]);
        });
        const first = await store.read((tx) => tx.tags.list(userTags(alice), { maxItems: 2 }));
        const second = await store.read((tx) => tx.tags.list(userTags(alice), { maxItems: 2, marker: first.marker! }));
        const third = await store.read((tx) => tx.tags.list(userTags(alice), { maxItems: 2, marker: second.marker! }));
        assert.deepEqual(
          [first, second, third].map((p) => [p.items.map((t) => t.key).join(''), p.isTruncated]),
          [
            ['ab', true],
            ['cd', true],
            ['e', false],
          ],
        );
        assert.deepEqual(await store.read((tx) => tx.tags.listAll(userTags(bob))), [{ ...userTags(bob), key: 'a', value: 'bob' }]);
      });
    });

    describe('meta', () => {
      test('get, set, overwrite, delete', async () => {
        await store.write(async (tx) => {
          assert.equal(await tx.meta.get('master-key-check'), undefined);
          await tx.meta.set('master-key-check', 'one');
          await tx.meta.set('master-key-check', 'two');
        });
        assert.equal(await store.read((tx) => tx.meta.get('master-key-check')), 'two');
        assert.equal(await store.write((tx) => tx.meta.delete('master-key-check')), true);
        assert.equal(await store.write((tx) => tx.meta.delete('master-key-check')), false);
      });
    });

    describe('transactions', () => {
      test('an exception rolls back everything the write did, and comes out unchanged', async () => {
        const boom = new Error('boom');
        await store.write((tx) => tx.users.create(user('Keep')));
        await assert.rejects(
          store.write(async (tx) => {
            const alice = await tx.users.create(user('Alice'));
            await tx.accessKeys.create(accessKey('Alice'));
            await tx.tags.put(userTags(alice), [{ key: 'k', value: 'v' }]);
            await tx.users.update(ACCOUNT, 'Keep', { name: 'Renamed' });
            await tx.meta.set('x', 'y');
            assert.equal(await tx.users.count(ACCOUNT), 2); // the write sees its own changes
            throw boom;
          }),
          (e) => e === boom,
        );
        await store.read(async (tx) => {
          assert.deepEqual((await tx.users.list(ACCOUNT)).items.map((u) => u.name), ['Keep']);
          assert.equal(await tx.accessKeys.countForUser(ACCOUNT, 'Alice'), 0);
          assert.equal(await tx.meta.get('x'), undefined);
        });
      });

      test('a conflict that ends the write rolls back the rest of it', async () => {
        await store.write((tx) => tx.users.create(user('Alice')));
        await assert.rejects(
          store.write(async (tx) => {
            await tx.users.create(user('Bob'));
            await tx.users.create(user('ALICE'));
          }),
          StoreConflict,
        );
        assert.equal(await store.read((tx) => tx.users.get(ACCOUNT, 'Bob')), undefined);
      });

      test('read() refuses to write', async () => {
        await assert.rejects(store.read((tx) => tx.users.create(user('Alice'))));
        assert.equal(await store.read((tx) => tx.users.get(ACCOUNT, 'Alice')), undefined);
        // The connection is fit for writing again afterwards.
        await store.write((tx) => tx.users.create(user('Alice')));
      });

      test('a read sees one snapshot while writes go on', async () => {
        await store.write((tx) => tx.users.create(user('Alice')));
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let reading!: () => void;
        const started = new Promise<void>((resolve) => (reading = resolve));
        const counts = store.read(async (tx) => {
          const first = await tx.users.count(ACCOUNT);
          reading();
          await gate;
          return [first, await tx.users.count(ACCOUNT)];
        });
        await started;
        // Where writes wait for the reader (one connection), the write lands after the read.
        const written = store.write((tx) => tx.users.create(user('Bob')));
        await new Promise((resolve) => setTimeout(resolve, 20));
        release();
        assert.deepEqual(await counts, [1, 1]);
        await written;
        assert.equal(await store.read((tx) => tx.users.count(ACCOUNT)), 2);
      });

      test('a store call nested in a transaction is refused (it would deadlock or escape the transaction)', async () => {
        await assert.rejects(
          store.write(async () => store.read((tx) => tx.users.count(ACCOUNT))),
          TypeError,
        );
        // After the transaction, work started inside it may use the store again.
        let later: Promise<number> | undefined;
        await store.write(async () => {
          later = new Promise((resolve) => setTimeout(resolve, 5)).then(() => store.read((tx) => tx.users.count(ACCOUNT)));
        });
        assert.equal(await later, 0);
      });

      test('a transaction object is dead once its function has settled', async () => {
        const leaked = await store.read(async (tx) => tx);
        await assert.rejects(leaked.users.get(ACCOUNT, 'Alice'), TypeError);
      });
    });

    describe('reset', () => {
      test('deletes every entity and keeps the settings', async () => {
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        await store.write(async (tx) => {
          await tx.accessKeys.create(accessKey('Alice'));
          await tx.accessKeys.create(accessKey(null));
          await tx.userPolicies.put({ accountId: ACCOUNT, userName: 'Alice', policyName: 'P', document: '{}' });
          await tx.tags.put(userTags(alice), [{ key: 'k', value: 'v' }]);
          await tx.meta.set('master-key-check', 'kept');
        });
        await store.reset();
        for (const table of RESET_TABLES) {
          const rows = await dialect.db.selectFrom(table).selectAll().execute();
          assert.deepEqual(rows, [], table);
        }
        assert.equal(await store.read((tx) => tx.meta.get('master-key-check')), 'kept');
        await store.write(seedAccounts); // usable again, from scratch
        await store.write((tx) => tx.users.create(user('Alice')));
      });
    });

    describe('lifecycle', () => {
      test('data survives close and reopen', async (t) => {
        if (!store.capabilities.durable) return t.skip('the store keeps nothing (in memory)');
        const key = accessKey('Alice');
        await store.write(async (tx) => {
          await tx.users.create(user('Alice'));
          await tx.accessKeys.create(key);
          await tx.meta.set('check', 'value');
        });
        await store.close();
        await assert.rejects(store.read((tx) => tx.meta.get('check')), TypeError);
        dialect = database.openDialect();
        store = await createSqlStore(dialect);
        await store.read(async (tx) => {
          assert.equal((await tx.users.get(ACCOUNT, 'alice'))?.name, 'Alice');
          assert.deepEqual(await tx.accessKeys.get(key.accessKeyId), key);
          assert.equal(await tx.meta.get('check'), 'value');
        });
      });

      test('close waits for running transactions', async () => {
        const second = await createSqlStore(database.openDialect());
        let finished = false;
        const running = second.write(async (tx) => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          await tx.meta.set('late', 'yes');
          finished = true;
        });
        await second.close();
        assert.equal(finished, true);
        await running;
      });

      test('several stores opening a fresh database at once migrate it once', async (t) => {
        if (!store.capabilities.multiNode) return t.skip('the store is not shared by several processes');
        const fresh = await openDatabase();
        try {
          const stores = await Promise.all(Array.from({ length: 4 }, () => createSqlStore(fresh.openDialect())));
          await stores[0]!.write((tx) => tx.accounts.create({ id: ACCOUNT, createdAt: T0 }));
          for (const s of stores) assert.ok(await s.read((tx) => tx.accounts.get(ACCOUNT)));
          await Promise.all(stores.map((s) => s.close()));
        } finally {
          await fresh.destroy();
        }
      });
    });
  });
}

