// The store's contract as one suite, run against every dialect (sqlite.test.ts, postgres.test.ts):
// what passes here passes on every database Tessera supports. A dialect-specific behaviour is
// asked of the capability flags, never of the database's name.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { SqlDialect } from './dialect.js';
import { StoreConflict, StoreInvalidMarker, StoreLimitExceeded, StoreNotFound } from './errors.js';
import { MIGRATIONS, migrate } from './migrations/index.js';
import type { Store, StoreTx } from './port.js';
import { KEPT_TABLES, RESET_TABLES } from './schema.js';
import { createSqlStore } from './sql-store.js';
import { pageAll, raceWrites } from './test-helpers.js';
import type { AccessKey, Group, InstanceProfile, NewAccessKey, NewManagedPolicy, Role, TagOwner, User } from './types.js';

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

function group(name: string, options: { accountId?: string; path?: string } = {}): Group {
  const accountId = options.accountId ?? ACCOUNT;
  const path = options.path ?? '/';
  return { accountId, groupId: id('AGPA'), name, path, arn: `arn:aws:iam::${accountId}:group${path}${name}`, createDate: T0 };
}

function role(name: string, options: { accountId?: string; path?: string } = {}): Role {
  const accountId = options.accountId ?? ACCOUNT;
  const path = options.path ?? '/';
  return {
    accountId,
    roleId: id('AROA'),
    name,
    path,
    arn: `arn:aws:iam::${accountId}:role${path}${name}`,
    createDate: T0,
    assumeRolePolicyDocument: '{"Statement":[]}',
    maxSessionDuration: 3600,
  };
}

function managedPolicy(name: string, options: { accountId?: string; path?: string; description?: string } = {}): NewManagedPolicy {
  const accountId = options.accountId ?? ACCOUNT;
  const path = options.path ?? '/';
  return {
    accountId,
    policyId: id('ANPA'),
    name,
    path,
    arn: `arn:aws:iam::${accountId}:policy${path}${name}`,
    createDate: T0,
    ...(options.description !== undefined && { description: options.description }),
  };
}

function instanceProfile(name: string, options: { accountId?: string; path?: string } = {}): InstanceProfile {
  const accountId = options.accountId ?? ACCOUNT;
  const path = options.path ?? '/';
  return { accountId, instanceProfileId: id('AIPA'), name, path, arn: `arn:aws:iam::${accountId}:instance-profile${path}${name}`, createDate: T0 };
}

const byLowerName = (a: string, b: string): number => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);

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

      test('a database at version 1 upgrades to the newest schema and keeps its data', async () => {
        const fresh = await openDatabase();
        try {
          const older = fresh.openDialect();
          assert.deepEqual(await migrate(older, MIGRATIONS.slice(0, 1)), [1]);
          await older.db.insertInto('accounts').values({ id: ACCOUNT, created_at: T0.toISOString() }).execute();
          const upgraded = await createSqlStore(older);
          try {
            for (const table of RESET_TABLES) await older.db.selectFrom(table).selectAll().execute();
            const versions = await older.db.selectFrom('schema_migrations').select('version').orderBy('version').execute();
            assert.deepEqual(versions.map((v) => Number(v.version)), MIGRATIONS.map((m) => m.version));
            assert.ok(await upgraded.read((tx) => tx.accounts.get(ACCOUNT)));
            await upgraded.write((tx) => tx.groups.create(group('Devs')));
          } finally {
            await upgraded.close();
          }
        } finally {
          await fresh.destroy();
        }
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

    describe('groups', () => {
      test('create and get, by name in any case and by id; names are unique per account regardless of case', async () => {
        const admins = group('Admins', { path: '/ops/' });
        assert.deepEqual(await store.write((tx) => tx.groups.create(admins)), admins);
        await store.read(async (tx) => {
          assert.deepEqual(await tx.groups.get(ACCOUNT, 'aDMINS'), admins);
          assert.deepEqual(await tx.groups.getById(admins.groupId), admins);
          assert.equal(await tx.groups.get(OTHER_ACCOUNT, 'Admins'), undefined);
          assert.equal(await tx.groups.getById('AGPANOTHERE'), undefined);
        });
        assert.deepEqual(await store.write((tx) => tx.groups.getForUpdate(ACCOUNT, 'admins')), admins);
        await assert.rejects(
          store.write((tx) => tx.groups.create(group('ADMINS'))),
          (e) => e instanceof StoreConflict && e.entity === 'group' && e.key === 'ADMINS',
        );
        await assert.rejects(
          store.write((tx) => tx.groups.create(group('Admins', { accountId: '999999999999' }))),
          (e) => e instanceof StoreNotFound && e.entity === 'account',
        );
        await store.write(async (tx) => {
          await assert.rejects(tx.groups.create({ ...group('Other'), groupId: admins.groupId }), StoreConflict);
          await tx.groups.create(group('admins', { accountId: OTHER_ACCOUNT }));
        });
        assert.deepEqual(await store.read(async (tx) => [await tx.groups.count(ACCOUNT), await tx.groups.count(OTHER_ACCOUNT)]), [1, 1]);
      });

      test('createWithLimit: of 6 parallel creates at a limit of 3 groups, exactly 2 succeed beside the one there', async () => {
        await store.write((tx) => tx.groups.create(group('Existing')));
        const { won, lost } = await raceWrites(store, 6, (tx, i) => tx.groups.createWithLimit(group(`racer-${i}`), 3));
        for (const reason of lost) assert.ok(reason instanceof StoreLimitExceeded && reason.entity === 'group', String(reason));
        assert.equal(won.length, 2);
        assert.equal(await store.read((tx) => tx.groups.count(ACCOUNT)), 3);
        await assert.rejects(
          store.write((tx) => tx.groups.createWithLimit(group('Late', { accountId: '999999999999' }), 3)),
          StoreNotFound,
        );
      });

      test('a rename carries members, inline and attached policies along; a taken name conflicts', async () => {
        const devs = await store.write((tx) => tx.groups.create(group('Devs')));
        await store.write((tx) => tx.groups.create(group('Ops')));
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
        await store.write(async (tx) => {
          await tx.groups.addMember(devs.groupId, alice.userId);
          await tx.inlinePolicies.put({ ownerType: 'group', ownerId: devs.groupId, policyName: 'Inline', document: '{}' });
          await tx.policyAttachments.attach('group', devs.groupId, arn);
        });
        const moved = { name: 'Developers', path: '/eng/', arn: `arn:aws:iam::${ACCOUNT}:group/eng/Developers` };
        assert.deepEqual(await store.write((tx) => tx.groups.update(ACCOUNT, 'DEVS', moved)), { ...devs, ...moved });
        await store.read(async (tx) => {
          assert.equal(await tx.groups.get(ACCOUNT, 'Devs'), undefined);
          assert.deepEqual(await tx.groups.get(ACCOUNT, 'developers'), { ...devs, ...moved });
          assert.deepEqual((await tx.groups.listMembers(devs.groupId)).items, [alice]);
          assert.deepEqual(
            (await tx.groups.listAllGroupsForUser(alice.userId)).map((g) => g.name),
            ['Developers'],
          );
          assert.equal((await tx.inlinePolicies.listAll('group', devs.groupId)).length, 1);
          assert.deepEqual(await tx.policyAttachments.listAllAttached('group', devs.groupId), [{ policyArn: arn, policyName: 'ReadOnlyAccess' }]);
        });
        await assert.rejects(
          store.write((tx) => tx.groups.update(ACCOUNT, 'Developers', { name: 'OPS' })),
          (e) => e instanceof StoreConflict && e.entity === 'group',
        );
        assert.equal((await store.write((tx) => tx.groups.update(ACCOUNT, 'developers', { name: 'DEVELOPERS' })))?.name, 'DEVELOPERS');
        assert.equal((await store.write((tx) => tx.groups.update(ACCOUNT, 'developers', {})))?.name, 'DEVELOPERS');
        assert.equal(await store.write((tx) => tx.groups.update(ACCOUNT, 'Nobody', { path: '/x/' })), undefined);
      });

      test('delete takes memberships, inline policies and attachments along; the users stay', async () => {
        const devs = await store.write((tx) => tx.groups.create(group('Devs')));
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        await store.write(async (tx) => {
          await tx.groups.addMember(devs.groupId, alice.userId);
          await tx.inlinePolicies.put({ ownerType: 'group', ownerId: devs.groupId, policyName: 'P', document: '{}' });
          await tx.policyAttachments.attach('group', devs.groupId, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
        });
        assert.equal(await store.write((tx) => tx.groups.delete(ACCOUNT, 'devs')), true);
        assert.equal(await store.write((tx) => tx.groups.delete(ACCOUNT, 'devs')), false);
        await store.read(async (tx) => {
          assert.equal(await tx.groups.getById(devs.groupId), undefined);
          assert.deepEqual(await tx.users.get(ACCOUNT, 'Alice'), alice);
          assert.equal(await tx.groups.countGroupsForUser(alice.userId), 0);
          assert.deepEqual(await tx.inlinePolicies.listAll('group', devs.groupId), []);
          assert.equal(await tx.policyAttachments.countAttached('group', devs.groupId), 0);
          assert.equal(await tx.policyAttachments.countAttachmentsForPolicy(ACCOUNT, 'arn:aws:iam::aws:policy/ReadOnlyAccess'), 0);
        });
      });

      test('list pages in case-insensitive name order and filters by path prefix', async () => {
        const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo', 'FOXTROT', '_under'];
        await store.write(async (tx) => {
          for (const [i, name] of names.entries()) await tx.groups.create(group(name, { path: i % 2 === 0 ? '/even/' : '/odd/' }));
          await tx.groups.create(group('elsewhere', { accountId: OTHER_ACCOUNT }));
        });
        const all = await pageAll(3, (request) => store.read((tx) => tx.groups.list(ACCOUNT, request)));
        assert.deepEqual(all.map((g) => g.name), [...names].sort(byLowerName));
        const even = await pageAll(2, (request) => store.read((tx) => tx.groups.list(ACCOUNT, { ...request, pathPrefix: '/even/' })));
        assert.deepEqual(even.map((g) => g.name), ['_under', 'charlie', 'delta', 'echo'].sort(byLowerName));
        assert.deepEqual((await store.read((tx) => tx.groups.list(ACCOUNT, { pathPrefix: '/EVEN/' }))).items, []);
      });

      test('members: add (idempotent), remove, list both ways, count; owners must exist in one account', async () => {
        const devs = await store.write((tx) => tx.groups.create(group('Devs')));
        const ops = await store.write((tx) => tx.groups.create(group('ops')));
        const users = await store.write(async (tx) => Promise.all(['carol', 'Alice', 'bob'].map((n) => tx.users.create(user(n)))));
        const [carol, alice, bob] = users as [User, User, User];
        const stranger = await store.write((tx) => tx.users.create(user('Stranger', { accountId: OTHER_ACCOUNT })));
        await store.write(async (tx) => {
          for (const u of users) assert.equal(await tx.groups.addMember(devs.groupId, u.userId), true);
          assert.equal(await tx.groups.addMember(devs.groupId, alice.userId), false);
          assert.equal(await tx.groups.addMember(ops.groupId, alice.userId), true);
          await assert.rejects(tx.groups.addMember('AGPANOTHERE', alice.userId), (e) => e instanceof StoreNotFound && e.entity === 'group');
          await assert.rejects(tx.groups.addMember(devs.groupId, 'AIDANOTHERE'), (e) => e instanceof StoreNotFound && e.entity === 'user');
          await assert.rejects(tx.groups.addMember(devs.groupId, stranger.userId), (e) => e instanceof StoreNotFound && e.entity === 'user');
        });
        await store.read(async (tx) => {
          const members = await pageAll(2, (request) => tx.groups.listMembers(devs.groupId, request));
          assert.deepEqual(members, [alice, bob, carol]);
          assert.equal(await tx.groups.countMembers(devs.groupId), 3);
          const groups = await pageAll(1, (request) => tx.groups.listGroupsForUser(alice.userId, request));
          assert.deepEqual(groups, [devs, ops]);
          assert.deepEqual(await tx.groups.listAllGroupsForUser(alice.userId), [devs, ops]);
          assert.equal(await tx.groups.countGroupsForUser(alice.userId), 2);
          assert.equal(await tx.groups.countGroupsForUser(bob.userId), 1);
          assert.deepEqual((await tx.groups.listGroupsForUser(stranger.userId)).items, []);
        });
        assert.equal(await store.write((tx) => tx.groups.removeMember(devs.groupId, bob.userId)), true);
        assert.equal(await store.write((tx) => tx.groups.removeMember(devs.groupId, bob.userId)), false);
        assert.deepEqual((await store.read((tx) => tx.groups.listMembers(devs.groupId))).items.map((u) => u.name), ['Alice', 'carol']);
      });

      test('deleting a user drops its memberships', async () => {
        const devs = await store.write((tx) => tx.groups.create(group('Devs')));
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        await store.write((tx) => tx.groups.addMember(devs.groupId, alice.userId));
        await store.write((tx) => tx.users.delete(ACCOUNT, 'Alice'));
        assert.equal(await store.read((tx) => tx.groups.countMembers(devs.groupId)), 0);
        const again = await store.write((tx) => tx.users.create(user('Alice')));
        assert.equal(await store.read((tx) => tx.groups.countGroupsForUser(again.userId)), 0);
      });

      test('addMemberWithLimit: of 6 parallel adds of one user at a limit of 2 groups, exactly 2 succeed', async () => {
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        const groups = await store.write(async (tx) => Promise.all(Array.from({ length: 6 }, (_, i) => tx.groups.create(group(`g${i}`)))));
        const { won, lost } = await raceWrites(store, 6, (tx, i) => tx.groups.addMemberWithLimit(groups[i]!.groupId, alice.userId, 2));
        for (const reason of lost) assert.ok(reason instanceof StoreLimitExceeded && reason.entity === 'groupMembership', String(reason));
        assert.deepEqual(won, [true, true]);
        assert.equal(await store.read((tx) => tx.groups.countGroupsForUser(alice.userId)), 2);
        // Adding an existing member needs no slot.
        const member = (await store.read((tx) => tx.groups.listAllGroupsForUser(alice.userId)))[0]!;
        assert.equal(await store.write((tx) => tx.groups.addMemberWithLimit(member.groupId, alice.userId, 2)), false);
        await assert.rejects(store.write((tx) => tx.groups.addMemberWithLimit(groups[0]!.groupId, 'AIDANOTHERE', 2)), StoreNotFound);
      });
    });

    describe('inline policies by owner id', () => {
      for (const ownerType of ['user', 'group', 'role'] as const) {
        test(`${ownerType}: put, get in any case, replace, list, delete; an unknown owner is refused`, async () => {
          const ownerId = await store.write(async (tx) => {
            if (ownerType === 'user') return (await tx.users.create(user('Owner'))).userId;
            if (ownerType === 'group') return (await tx.groups.create(group('Owner'))).groupId;
            return (await tx.roles.create(role('Owner'))).roleId;
          });
          const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo'];
          await store.write(async (tx) => {
            for (const policyName of names) await tx.inlinePolicies.put({ ownerType, ownerId, policyName, document: `{"n":"${policyName}"}` });
          });
          assert.deepEqual(await store.read((tx) => tx.inlinePolicies.get(ownerType, ownerId, 'ALPHA')), {
            ownerType,
            ownerId,
            policyName: 'Alpha',
            document: '{"n":"Alpha"}',
          });
          await store.write((tx) => tx.inlinePolicies.put({ ownerType, ownerId, policyName: 'ECHO', document: '{"v":2}' }));
          const listed = await pageAll(2, (request) => store.read((tx) => tx.inlinePolicies.list(ownerType, ownerId, request)));
          assert.deepEqual(
            listed.map((p) => [p.policyName, p.document]),
            [
              ['Alpha', '{"n":"Alpha"}'],
              ['Bravo', '{"n":"Bravo"}'],
              ['charlie', '{"n":"charlie"}'],
              ['delta', '{"n":"delta"}'],
              ['ECHO', '{"v":2}'],
            ],
          );
          assert.deepEqual(await store.read((tx) => tx.inlinePolicies.listAll(ownerType, ownerId)), listed);
          assert.equal(await store.write((tx) => tx.inlinePolicies.delete(ownerType, ownerId, 'bravo')), true);
          assert.equal(await store.write((tx) => tx.inlinePolicies.delete(ownerType, ownerId, 'bravo')), false);
          assert.equal(await store.read((tx) => tx.inlinePolicies.get(ownerType, ownerId, 'Bravo')), undefined);
          assert.equal((await store.read((tx) => tx.inlinePolicies.listAll(ownerType, ownerId))).length, 4);
          await assert.rejects(
            store.write((tx) => tx.inlinePolicies.put({ ownerType, ownerId: 'ANOTHERE', policyName: 'P', document: '{}' })),
            (e) => e instanceof StoreNotFound && e.entity === ownerType,
          );
          assert.deepEqual(await store.read((tx) => tx.inlinePolicies.listAll(ownerType, 'ANOTHERE')), []);
        });
      }

      test("a user's policies are the same by id and by name; owners of other types keep theirs apart", async () => {
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        const devs = await store.write((tx) => tx.groups.create(group('Alice')));
        await store.write(async (tx) => {
          await tx.userPolicies.put({ accountId: ACCOUNT, userName: 'Alice', policyName: 'ByName', document: '{"a":1}' });
          await tx.inlinePolicies.put({ ownerType: 'user', ownerId: alice.userId, policyName: 'ById', document: '{"b":1}' });
          await tx.inlinePolicies.put({ ownerType: 'group', ownerId: devs.groupId, policyName: 'GroupOnly', document: '{}' });
        });
        await store.read(async (tx) => {
          assert.deepEqual((await tx.userPolicies.listAll(ACCOUNT, 'Alice')).map((p) => p.policyName), ['ById', 'ByName']);
          assert.deepEqual((await tx.inlinePolicies.listAll('user', alice.userId)).map((p) => p.policyName), ['ById', 'ByName']);
          assert.deepEqual((await tx.inlinePolicies.listAll('group', devs.groupId)).map((p) => p.policyName), ['GroupOnly']);
          // The id of a group names no user.
          assert.deepEqual(await tx.inlinePolicies.listAll('user', devs.groupId), []);
        });
        await assert.rejects(
          store.write((tx) => tx.inlinePolicies.put({ ownerType: 'role', ownerId: alice.userId, policyName: 'P', document: '{}' })),
          StoreNotFound,
        );
      });
    });

    describe('managed policies', () => {
      test('create makes v1 the default; get by ARN and id; names are unique per account regardless of case and path', async () => {
        const p = managedPolicy('ReadS3', { path: '/data/', description: 'reads S3' });
        const created = await store.write((tx) => tx.managedPolicies.create(p, '{"v":1}'));
        const expected = { ...p, defaultVersionId: 'v1', updateDate: T0 };
        assert.deepEqual(created, expected);
        await store.read(async (tx) => {
          assert.deepEqual(await tx.managedPolicies.get(p.arn), expected);
          assert.deepEqual(await tx.managedPolicies.getById(p.policyId), expected);
          assert.equal(await tx.managedPolicies.get(`arn:aws:iam::${ACCOUNT}:policy/Nothing`), undefined);
          assert.deepEqual(await tx.managedPolicies.listVersions(p.arn), [
            { policyId: p.policyId, policyArn: p.arn, versionId: 'v1', document: '{"v":1}', isDefault: true, createDate: T0 },
          ]);
          assert.equal(await tx.managedPolicies.countVersions(p.arn), 1);
        });
        assert.deepEqual(await store.write((tx) => tx.managedPolicies.getForUpdate(p.arn)), expected);
        const plain = managedPolicy('Plain');
        assert.deepEqual(await store.write((tx) => tx.managedPolicies.create(plain, '{}')), { ...plain, defaultVersionId: 'v1', updateDate: T0 });
        await assert.rejects(
          store.write((tx) => tx.managedPolicies.create(managedPolicy('reads3', { path: '/other/' }), '{}')),
          (e) => e instanceof StoreConflict && e.entity === 'policy',
        );
        await assert.rejects(
          store.write((tx) => tx.managedPolicies.create(managedPolicy('X', { accountId: '999999999999' }), '{}')),
          (e) => e instanceof StoreNotFound && e.entity === 'account',
        );
        await store.write((tx) => tx.managedPolicies.create(managedPolicy('ReadS3', { accountId: OTHER_ACCOUNT }), '{}'));
        assert.equal(await store.read((tx) => tx.managedPolicies.count(ACCOUNT)), 2);
      });

      test('versions: numbered from a counter (never reused), exactly one default, newest first', async () => {
        const p = managedPolicy('P');
        await store.write((tx) => tx.managedPolicies.create(p, '{"v":1}'));
        const t = (s: number) => new Date(T0.getTime() + s * 1000);
        const v2 = await store.write((tx) => tx.managedPolicies.createVersion(p.arn, { document: '{"v":2}', createDate: t(2), setAsDefault: false }));
        assert.deepEqual(v2, { policyId: p.policyId, policyArn: p.arn, versionId: 'v2', document: '{"v":2}', isDefault: false, createDate: t(2) });
        const v3 = await store.write((tx) => tx.managedPolicies.createVersion(p.arn, { document: '{"v":3}', createDate: t(3), setAsDefault: true }));
        assert.equal(v3.isDefault, true);
        await store.read(async (tx) => {
          const policy = await tx.managedPolicies.get(p.arn);
          assert.equal(policy?.defaultVersionId, 'v3');
          assert.deepEqual(policy?.updateDate, t(3));
          assert.deepEqual(policy?.createDate, T0);
          assert.deepEqual(
            (await tx.managedPolicies.listVersions(p.arn)).map((v) => [v.versionId, v.isDefault]),
            [
              ['v3', true],
              ['v2', false],
              ['v1', false],
            ],
          );
          assert.deepEqual(await tx.managedPolicies.getVersion(p.arn, 'v2'), v2);
          assert.equal(await tx.managedPolicies.getVersion(p.arn, 'v9'), undefined);
        });

        assert.equal(await store.write((tx) => tx.managedPolicies.setDefault(p.arn, 'v1')), true);
        assert.equal(await store.write((tx) => tx.managedPolicies.setDefault(p.arn, 'v9')), false);
        assert.equal(await store.write((tx) => tx.managedPolicies.setDefault(`arn:aws:iam::${ACCOUNT}:policy/None`, 'v1')), false);
        assert.deepEqual(
          (await store.read((tx) => tx.managedPolicies.listVersions(p.arn))).filter((v) => v.isDefault).map((v) => v.versionId),
          ['v1'],
        );
        await assert.rejects(
          store.write((tx) => tx.managedPolicies.deleteVersion(p.arn, 'v1')),
          (e) => e instanceof StoreConflict && e.entity === 'policyVersion',
        );
        assert.equal(await store.write((tx) => tx.managedPolicies.deleteVersion(p.arn, 'v3')), true);
        assert.equal(await store.write((tx) => tx.managedPolicies.deleteVersion(p.arn, 'v3')), false);
        assert.equal(await store.write((tx) => tx.managedPolicies.deleteVersion(`arn:aws:iam::${ACCOUNT}:policy/None`, 'v3')), false);
        const v4 = await store.write((tx) => tx.managedPolicies.createVersion(p.arn, { document: '{"v":4}', createDate: t(4), setAsDefault: false }));
        assert.equal(v4.versionId, 'v4');
        assert.equal(await store.read((tx) => tx.managedPolicies.countVersions(p.arn)), 3);
        assert.equal(await store.read((tx) => tx.managedPolicies.countVersions(`arn:aws:iam::${ACCOUNT}:policy/None`)), 0);
        await assert.rejects(
          store.write((tx) => tx.managedPolicies.createVersion(`arn:aws:iam::${ACCOUNT}:policy/None`, { document: '{}', createDate: T0, setAsDefault: true })),
          (e) => e instanceof StoreNotFound && e.entity === 'policy',
        );
      });

      test('createVersionWithLimit: of 8 parallel creates at a limit of 5 versions, exactly 4 succeed, numbered apart', async () => {
        const p = managedPolicy('P');
        await store.write((tx) => tx.managedPolicies.create(p, '{}'));
        const { won, lost } = await raceWrites(store, 8, (tx, i) =>
          tx.managedPolicies.createVersionWithLimit(p.arn, { document: `{"i":${i}}`, createDate: T0, setAsDefault: i % 2 === 0 }, 5),
        );
        for (const reason of lost) assert.ok(reason instanceof StoreLimitExceeded && reason.entity === 'policyVersion', String(reason));
        assert.equal(won.length, 4);
        assert.deepEqual(won.map((v) => v.versionId).sort(), ['v2', 'v3', 'v4', 'v5']);
        const versions = await store.read((tx) => tx.managedPolicies.listVersions(p.arn));
        assert.equal(versions.length, 5);
        assert.equal(versions.filter((v) => v.isDefault).length, 1);
      });

      test('createWithLimit stops at the limit', async () => {
        await store.write((tx) => tx.managedPolicies.createWithLimit(managedPolicy('A'), '{}', 2));
        await store.write((tx) => tx.managedPolicies.createWithLimit(managedPolicy('B'), '{}', 2));
        await assert.rejects(
          store.write((tx) => tx.managedPolicies.createWithLimit(managedPolicy('C'), '{}', 2)),
          (e) => e instanceof StoreLimitExceeded && e.entity === 'policy',
        );
        assert.equal(await store.read((tx) => tx.managedPolicies.count(ACCOUNT)), 2);
      });

      test('list pages in name order, filters by path prefix and by attachment', async () => {
        const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo'];
        const policies = names.map((name, i) => managedPolicy(name, { path: i < 2 ? '/team/' : '/' }));
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        await store.write(async (tx) => {
          for (const p of policies) await tx.managedPolicies.create(p, '{}');
          await tx.managedPolicies.create(managedPolicy('other', { accountId: OTHER_ACCOUNT }), '{}');
          await tx.policyAttachments.attach('user', alice.userId, policies[2]!.arn); // charlie
          await tx.policyAttachments.attach('user', alice.userId, policies[1]!.arn); // Alpha
        });
        const all = await pageAll(2, (request) => store.read((tx) => tx.managedPolicies.list(ACCOUNT, request)));
        assert.deepEqual(all.map((p) => p.name), ['Alpha', 'Bravo', 'charlie', 'delta', 'echo']);
        const team = await store.read((tx) => tx.managedPolicies.list(ACCOUNT, { pathPrefix: '/team/' }));
        assert.deepEqual(team.items.map((p) => p.name), ['Alpha', 'delta']);
        const attached = await pageAll(1, (request) => store.read((tx) => tx.managedPolicies.list(ACCOUNT, { ...request, onlyAttached: true })));
        assert.deepEqual(attached.map((p) => p.name), ['Alpha', 'charlie']);
      });

      test('delete takes versions, tags and attachments along; getDefaultVersions finds customer policies only', async () => {
        const p = managedPolicy('P');
        const q = managedPolicy('Q');
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        await store.write(async (tx) => {
          await tx.managedPolicies.create(p, '{"p":1}');
          await tx.managedPolicies.create(q, '{"q":1}');
          await tx.managedPolicies.createVersion(q.arn, { document: '{"q":2}', createDate: T0, setAsDefault: true });
          await tx.tags.put({ resourceType: 'policy', resourceKey: p.policyId }, [{ key: 'k', value: 'v' }]);
          await tx.policyAttachments.attach('user', alice.userId, p.arn);
        });
        const defaults = await store.read((tx) => tx.managedPolicies.getDefaultVersions([p.arn, q.arn, q.arn, 'arn:aws:iam::aws:policy/ReadOnlyAccess']));
        assert.deepEqual(
          [...defaults.entries()].map(([arn, v]) => [arn, v.versionId, v.document]).sort(),
          [
            [p.arn, 'v1', '{"p":1}'],
            [q.arn, 'v2', '{"q":2}'],
          ].sort(),
        );
        assert.equal((await store.read((tx) => tx.managedPolicies.getDefaultVersions([]))).size, 0);

        assert.equal(await store.write((tx) => tx.managedPolicies.delete(p.arn)), true);
        assert.equal(await store.write((tx) => tx.managedPolicies.delete(p.arn)), false);
        await store.read(async (tx) => {
          assert.equal(await tx.managedPolicies.get(p.arn), undefined);
          assert.deepEqual(await tx.managedPolicies.listVersions(p.arn), []);
          assert.equal(await tx.tags.count({ resourceType: 'policy', resourceKey: p.policyId }), 0);
          assert.equal(await tx.policyAttachments.countAttached('user', alice.userId), 0);
          assert.ok(await tx.managedPolicies.get(q.arn));
        });
        // A new policy of the same name starts with v1 alone.
        await store.write((tx) => tx.managedPolicies.create(managedPolicy('P'), '{}'));
        assert.deepEqual((await store.read((tx) => tx.managedPolicies.listVersions(p.arn))).map((v) => v.versionId), ['v1']);
      });
    });

    describe('policy attachments', () => {
      const AWS_READ = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
      const AWS_SERVICE = 'arn:aws:iam::aws:policy/service-role/AWSLambdaRole';
      const customer = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;

      test('attach (idempotent), list in policy-name order with paging and path prefix, count, detach', async () => {
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        const arns = [AWS_READ, AWS_SERVICE, customer('readonlyaccess', '/mine/'), customer('Zeta'), customer('alpha')];
        await store.write(async (tx) => {
          for (const arn of arns) assert.equal(await tx.policyAttachments.attach('user', alice.userId, arn), true);
          assert.equal(await tx.policyAttachments.attach('user', alice.userId, AWS_READ), false);
        });
        const expected = [
          { policyArn: customer('alpha'), policyName: 'alpha' },
          { policyArn: AWS_SERVICE, policyName: 'AWSLambdaRole' },
          // Two policies of one name: ordered by ARN, byte-wise.
          { policyArn: customer('readonlyaccess', '/mine/'), policyName: 'readonlyaccess' },
          { policyArn: AWS_READ, policyName: 'ReadOnlyAccess' },
          { policyArn: customer('Zeta'), policyName: 'Zeta' },
        ];
        await store.read(async (tx) => {
          assert.deepEqual(await pageAll(1, (request) => tx.policyAttachments.listAttached('user', alice.userId, request)), expected);
          assert.deepEqual(await pageAll(2, (request) => tx.policyAttachments.listAttached('user', alice.userId, request)), expected);
          assert.deepEqual(await tx.policyAttachments.listAllAttached('user', alice.userId), expected);
          assert.equal(await tx.policyAttachments.countAttached('user', alice.userId), 5);
          assert.deepEqual(
            (await tx.policyAttachments.listAttached('user', alice.userId, { pathPrefix: '/service-role/' })).items.map((p) => p.policyName),
            ['AWSLambdaRole'],
          );
          assert.deepEqual(
            (await tx.policyAttachments.listAttached('user', alice.userId, { pathPrefix: '/mine' })).items.map((p) => p.policyName),
            ['readonlyaccess'],
          );
        });
        assert.equal(await store.write((tx) => tx.policyAttachments.detach('user', alice.userId, AWS_READ)), true);
        assert.equal(await store.write((tx) => tx.policyAttachments.detach('user', alice.userId, AWS_READ)), false);
        assert.equal(await store.read((tx) => tx.policyAttachments.countAttached('user', alice.userId)), 4);
        await assert.rejects(
          store.write((tx) => tx.policyAttachments.attach('role', 'AROANOTHERE', AWS_READ)),
          (e) => e instanceof StoreNotFound && e.entity === 'role',
        );
        await assert.rejects(
          store.write((tx) => tx.policyAttachments.attach('group', alice.userId, AWS_READ)),
          (e) => e instanceof StoreNotFound && e.entity === 'group',
        );
      });

      test('entities for a policy: users, groups and roles of the account, ordered, filtered, paged, counted', async () => {
        const [bob, alice] = await store.write(async (tx) => [await tx.users.create(user('bob', { path: '/eng/' })), await tx.users.create(user('Alice'))]);
        const devs = await store.write((tx) => tx.groups.create(group('Devs', { path: '/eng/' })));
        const [web, api] = await store.write(async (tx) => [await tx.roles.create(role('web')), await tx.roles.create(role('API', { path: '/eng/' }))]);
        const stranger = await store.write((tx) => tx.users.create(user('Stranger', { accountId: OTHER_ACCOUNT })));
        await store.write(async (tx) => {
          for (const u of [bob, alice]) await tx.policyAttachments.attach('user', u.userId, AWS_READ);
          await tx.policyAttachments.attach('group', devs.groupId, AWS_READ);
          for (const r of [web, api]) await tx.policyAttachments.attach('role', r.roleId, AWS_READ);
          await tx.policyAttachments.attach('user', stranger.userId, AWS_READ);
          await tx.policyAttachments.attach('user', alice.userId, AWS_SERVICE);
        });
        const entity = (entityType: 'user' | 'group' | 'role', entityId: string, name: string, path: string) => ({ entityType, entityId, name, path });
        const expected = [
          entity('group', devs.groupId, 'Devs', '/eng/'),
          entity('role', api.roleId, 'API', '/eng/'),
          entity('role', web.roleId, 'web', '/'),
          entity('user', alice.userId, 'Alice', '/'),
          entity('user', bob.userId, 'bob', '/eng/'),
        ];
        await store.read(async (tx) => {
          assert.deepEqual(await pageAll(2, (request) => tx.policyAttachments.listEntitiesForPolicy(ACCOUNT, AWS_READ, request)), expected);
          assert.deepEqual(
            await pageAll(1, (request) => tx.policyAttachments.listEntitiesForPolicy(ACCOUNT, AWS_READ, { ...request, entityType: 'role' })),
            expected.filter((e) => e.entityType === 'role'),
          );
          assert.deepEqual(
            (await tx.policyAttachments.listEntitiesForPolicy(ACCOUNT, AWS_READ, { pathPrefix: '/eng/' })).items,
            expected.filter((e) => e.path === '/eng/'),
          );
          assert.deepEqual((await tx.policyAttachments.listEntitiesForPolicy(OTHER_ACCOUNT, AWS_READ)).items, [
            entity('user', stranger.userId, 'Stranger', '/'),
          ]);
          assert.equal(await tx.policyAttachments.countAttachmentsForPolicy(ACCOUNT, AWS_READ), 5);
          assert.equal(await tx.policyAttachments.countAttachmentsForPolicy(OTHER_ACCOUNT, AWS_READ), 1);
          assert.equal(await tx.policyAttachments.countAttachmentsForPolicy(ACCOUNT, AWS_SERVICE), 1);
          assert.equal(await tx.policyAttachments.countAttachmentsForPolicy(ACCOUNT, customer('None')), 0);
        });
      });

      test('deleting a user, group or role drops its attachments', async () => {
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        const devs = await store.write((tx) => tx.groups.create(group('Devs')));
        const web = await store.write((tx) => tx.roles.create(role('web')));
        await store.write(async (tx) => {
          await tx.policyAttachments.attach('user', alice.userId, AWS_READ);
          await tx.policyAttachments.attach('group', devs.groupId, AWS_READ);
          await tx.policyAttachments.attach('role', web.roleId, AWS_READ);
        });
        await store.write((tx) => tx.users.delete(ACCOUNT, 'Alice'));
        assert.equal(await store.read((tx) => tx.policyAttachments.countAttachmentsForPolicy(ACCOUNT, AWS_READ)), 2);
        await store.write((tx) => tx.groups.delete(ACCOUNT, 'Devs'));
        await store.write((tx) => tx.roles.delete(ACCOUNT, 'web'));
        assert.equal(await store.read((tx) => tx.policyAttachments.countAttachmentsForPolicy(ACCOUNT, AWS_READ)), 0);
        const again = await store.write((tx) => tx.users.create(user('Alice')));
        assert.equal(await store.read((tx) => tx.policyAttachments.countAttached('user', again.userId)), 0);
      });

      test('attachWithLimit: of 6 parallel attaches to one role at a limit of 2, exactly 2 succeed', async () => {
        const web = await store.write((tx) => tx.roles.create(role('web')));
        const { won, lost } = await raceWrites(store, 6, (tx, i) => tx.policyAttachments.attachWithLimit('role', web.roleId, customer(`p${i}`), 2));
        for (const reason of lost) assert.ok(reason instanceof StoreLimitExceeded && reason.entity === 'policyAttachment', String(reason));
        assert.deepEqual(won, [true, true]);
        assert.equal(await store.read((tx) => tx.policyAttachments.countAttached('role', web.roleId)), 2);
        const attached = (await store.read((tx) => tx.policyAttachments.listAllAttached('role', web.roleId)))[0]!;
        assert.equal(await store.write((tx) => tx.policyAttachments.attachWithLimit('role', web.roleId, attached.policyArn, 2)), false);
        await assert.rejects(store.write((tx) => tx.policyAttachments.attachWithLimit('user', 'AIDANOTHERE', AWS_READ, 2)), StoreNotFound);
      });

      test('permissions boundary usage counts users and roles of the account', async () => {
        const boundary = customer('Boundary');
        await store.write(async (tx) => {
          await tx.users.create({ ...user('a'), permissionsBoundaryArn: boundary });
          await tx.users.create(user('b'));
          await tx.roles.create({ ...role('r'), permissionsBoundaryArn: boundary });
          await tx.users.create({ ...user('c', { accountId: OTHER_ACCOUNT }), permissionsBoundaryArn: boundary });
        });
        assert.equal(await store.read((tx) => tx.policyAttachments.countBoundaryUsage(ACCOUNT, boundary)), 2);
        await store.write((tx) => tx.roles.update(ACCOUNT, 'r', { permissionsBoundaryArn: null }));
        assert.equal(await store.read((tx) => tx.policyAttachments.countBoundaryUsage(ACCOUNT, boundary)), 1);
        assert.equal(await store.read((tx) => tx.policyAttachments.countBoundaryUsage(ACCOUNT, AWS_READ)), 0);
      });
    });

    describe('roles', () => {
      test('create and get, by name in any case and by id, with every optional member; unique names per account', async () => {
        const web = role('Web', { path: '/svc/' });
        const full: Role = {
          ...role('Full'),
          description: 'all of it',
          permissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
          lastUsedDate: new Date('2024-06-01T00:00:00.000Z'),
          lastUsedRegion: 'eu-west-1',
          maxSessionDuration: 43200,
        };
        await store.write(async (tx) => {
          assert.deepEqual(await tx.roles.create(web), web);
          assert.deepEqual(await tx.roles.create(full), full);
        });
        await store.read(async (tx) => {
          assert.deepEqual(await tx.roles.get(ACCOUNT, 'WEB'), web);
          assert.deepEqual(await tx.roles.getById(full.roleId), full);
          assert.equal(await tx.roles.get(OTHER_ACCOUNT, 'Web'), undefined);
          assert.equal(await tx.roles.getById('AROANOTHERE'), undefined);
        });
        assert.deepEqual(await store.write((tx) => tx.roles.getForUpdate(ACCOUNT, 'web')), web);
        await assert.rejects(
          store.write((tx) => tx.roles.create(role('wEB'))),
          (e) => e instanceof StoreConflict && e.entity === 'role',
        );
        await assert.rejects(
          store.write((tx) => tx.roles.create(role('X', { accountId: '999999999999' }))),
          (e) => e instanceof StoreNotFound && e.entity === 'account',
        );
        await store.write((tx) => tx.roles.create(role('web', { accountId: OTHER_ACCOUNT })));
        assert.equal(await store.read((tx) => tx.roles.count(ACCOUNT)), 2);
      });

      test('update changes what the patch names; null clears an optional member', async () => {
        const web = await store.write((tx) => tx.roles.create(role('Web')));
        const used = new Date('2024-07-01T00:00:00.000Z');
        const patched = await store.write((tx) =>
          tx.roles.update(ACCOUNT, 'web', {
            description: 'front end',
            maxSessionDuration: 7200,
            assumeRolePolicyDocument: '{"Statement":[{"Effect":"Allow"}]}',
            permissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
            lastUsed: { date: used, region: 'us-east-2' },
          }),
        );
        const expected: Role = {
          ...web,
          description: 'front end',
          maxSessionDuration: 7200,
          assumeRolePolicyDocument: '{"Statement":[{"Effect":"Allow"}]}',
          permissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
          lastUsedDate: used,
          lastUsedRegion: 'us-east-2',
        };
        assert.deepEqual(patched, expected);
        assert.deepEqual(await store.read((tx) => tx.roles.get(ACCOUNT, 'Web')), expected);
        const cleared = await store.write((tx) => tx.roles.update(ACCOUNT, 'Web', { description: null, permissionsBoundaryArn: null, lastUsed: null }));
        const expectedCleared: Role = { ...web, maxSessionDuration: 7200, assumeRolePolicyDocument: '{"Statement":[{"Effect":"Allow"}]}' };
        assert.deepEqual(cleared, expectedCleared);
        assert.deepEqual(await store.read((tx) => tx.roles.get(ACCOUNT, 'Web')), expectedCleared);
        assert.deepEqual(await store.write((tx) => tx.roles.update(ACCOUNT, 'Web', {})), expectedCleared);
        assert.equal(await store.write((tx) => tx.roles.update(ACCOUNT, 'Nobody', { description: 'x' })), undefined);
      });

      test('list pages in name order and filters by path prefix; createWithLimit stops at the limit', async () => {
        const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo'];
        await store.write(async (tx) => {
          for (const [i, name] of names.entries()) await tx.roles.createWithLimit(role(name, { path: i % 2 === 0 ? '/a/' : '/b/' }), 5);
        });
        await assert.rejects(
          store.write((tx) => tx.roles.createWithLimit(role('foxtrot'), 5)),
          (e) => e instanceof StoreLimitExceeded && e.entity === 'role',
        );
        const all = await pageAll(2, (request) => store.read((tx) => tx.roles.list(ACCOUNT, request)));
        assert.deepEqual(all.map((r) => r.name), ['Alpha', 'Bravo', 'charlie', 'delta', 'echo']);
        assert.deepEqual((await store.read((tx) => tx.roles.list(ACCOUNT, { pathPrefix: '/b/' }))).items.map((r) => r.name), ['Alpha', 'Bravo']);
      });

      test('role tag keys ignore case; customer managed policy and instance profile tag keys keep it', async () => {
        const web = await store.write((tx) => tx.roles.create(role('Web')));
        const roleOwner: TagOwner = { resourceType: 'role', resourceKey: web.roleId };
        const policyOwner: TagOwner = { resourceType: 'policy', resourceKey: 'ANPAEXAMPLE' };
        const profileOwner: TagOwner = { resourceType: 'instance-profile', resourceKey: 'AIPAEXAMPLE' };
        await store.write(async (tx) => {
          for (const owner of [roleOwner, policyOwner, profileOwner]) {
            await tx.tags.put(owner, [{ key: 'Team', value: 'a' }]);
            await tx.tags.put(owner, [{ key: 'team', value: 'b' }]);
          }
        });
        await store.read(async (tx) => {
          assert.deepEqual((await tx.tags.listAll(roleOwner)).map((t) => [t.key, t.value]), [['team', 'b']]);
          for (const owner of [policyOwner, profileOwner]) {
            assert.deepEqual(
              (await tx.tags.listAll(owner)).map((t) => [t.key, t.value]),
              [
                ['Team', 'a'],
                ['team', 'b'],
              ],
            );
          }
        });
      });

      test('delete takes inline policies, attachments and tags along, and empties its instance profiles', async () => {
        const web = await store.write((tx) => tx.roles.create(role('Web')));
        const profile = await store.write((tx) => tx.instanceProfiles.create(instanceProfile('WebProfile')));
        await store.write(async (tx) => {
          await tx.inlinePolicies.put({ ownerType: 'role', ownerId: web.roleId, policyName: 'P', document: '{}' });
          await tx.policyAttachments.attach('role', web.roleId, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
          await tx.tags.put({ resourceType: 'role', resourceKey: web.roleId }, [{ key: 'k', value: 'v' }]);
          await tx.instanceProfiles.addRole(profile.instanceProfileId, web.roleId);
        });
        assert.equal(await store.write((tx) => tx.roles.delete(ACCOUNT, 'WEB')), true);
        assert.equal(await store.write((tx) => tx.roles.delete(ACCOUNT, 'WEB')), false);
        await store.read(async (tx) => {
          assert.equal(await tx.roles.getById(web.roleId), undefined);
          assert.deepEqual(await tx.inlinePolicies.listAll('role', web.roleId), []);
          assert.equal(await tx.policyAttachments.countAttached('role', web.roleId), 0);
          assert.equal(await tx.tags.count({ resourceType: 'role', resourceKey: web.roleId }), 0);
          assert.deepEqual(await tx.instanceProfiles.getById(profile.instanceProfileId), profile);
          assert.equal(await tx.instanceProfiles.getRole(profile.instanceProfileId), undefined);
        });
        // The profile is free for another role.
        const api = await store.write((tx) => tx.roles.create(role('Api')));
        await store.write((tx) => tx.instanceProfiles.addRole(profile.instanceProfileId, api.roleId));
      });
    });

    describe('instance profiles', () => {
      test('create, get in any case and by id, list, count, delete; unique names per account', async () => {
        const names = ['delta', 'Alpha', 'charlie', 'Bravo'];
        const profiles = names.map((name, i) => instanceProfile(name, { path: i < 2 ? '/x/' : '/' }));
        await store.write(async (tx) => {
          for (const p of profiles) assert.deepEqual(await tx.instanceProfiles.create(p), p);
        });
        await store.read(async (tx) => {
          assert.deepEqual(await tx.instanceProfiles.get(ACCOUNT, 'ALPHA'), profiles[1]);
          assert.deepEqual(await tx.instanceProfiles.getById(profiles[0]!.instanceProfileId), profiles[0]);
          assert.equal(await tx.instanceProfiles.get(OTHER_ACCOUNT, 'Alpha'), undefined);
          assert.equal(await tx.instanceProfiles.count(ACCOUNT), 4);
          assert.deepEqual(
            (await pageAll(3, (request) => tx.instanceProfiles.list(ACCOUNT, request))).map((p) => p.name),
            ['Alpha', 'Bravo', 'charlie', 'delta'],
          );
          assert.deepEqual((await tx.instanceProfiles.list(ACCOUNT, { pathPrefix: '/x/' })).items.map((p) => p.name), ['Alpha', 'delta']);
        });
        await assert.rejects(
          store.write((tx) => tx.instanceProfiles.create(instanceProfile('DELTA'))),
          (e) => e instanceof StoreConflict && e.entity === 'instanceProfile',
        );
        await assert.rejects(
          store.write((tx) => tx.instanceProfiles.createWithLimit(instanceProfile('E'), 4)),
          (e) => e instanceof StoreLimitExceeded && e.entity === 'instanceProfile',
        );
        await store.write((tx) => tx.tags.put({ resourceType: 'instance-profile', resourceKey: profiles[0]!.instanceProfileId }, [{ key: 'k', value: 'v' }]));
        assert.equal(await store.write((tx) => tx.instanceProfiles.delete(ACCOUNT, 'Delta')), true);
        assert.equal(await store.write((tx) => tx.instanceProfiles.delete(ACCOUNT, 'Delta')), false);
        assert.equal(await store.read((tx) => tx.tags.count({ resourceType: 'instance-profile', resourceKey: profiles[0]!.instanceProfileId })), 0);
        assert.deepEqual(await store.write((tx) => tx.instanceProfiles.createWithLimit(instanceProfile('E'), 4)), (await store.read((tx) => tx.instanceProfiles.get(ACCOUNT, 'E')))!);
      });

      test('one role at most: add, get, list the profiles of a role, remove', async () => {
        const [web, api] = await store.write(async (tx) => [await tx.roles.create(role('web')), await tx.roles.create(role('api'))]);
        const [one, two] = await store.write(async (tx) => [
          await tx.instanceProfiles.create(instanceProfile('two')),
          await tx.instanceProfiles.create(instanceProfile('One')),
        ]);
        const foreign = await store.write((tx) => tx.roles.create(role('foreign', { accountId: OTHER_ACCOUNT })));
        await store.write(async (tx) => {
          await tx.instanceProfiles.addRole(one.instanceProfileId, web.roleId);
          await tx.instanceProfiles.addRole(two.instanceProfileId, web.roleId);
          for (const roleId of [web.roleId, api.roleId]) {
            await assert.rejects(
              tx.instanceProfiles.addRole(one.instanceProfileId, roleId),
              (e) => e instanceof StoreLimitExceeded && e.entity === 'instanceProfileRole' && e.limit === 1,
            );
          }
          await assert.rejects(tx.instanceProfiles.addRole('AIPANOTHERE', api.roleId), (e) => e instanceof StoreNotFound && e.entity === 'instanceProfile');
          await assert.rejects(tx.instanceProfiles.addRole(one.instanceProfileId, 'AROANOTHERE'), (e) => e instanceof StoreNotFound && e.entity === 'role');
          await assert.rejects(tx.instanceProfiles.addRole(one.instanceProfileId, foreign.roleId), (e) => e instanceof StoreNotFound && e.entity === 'role');
        });
        await store.read(async (tx) => {
          assert.deepEqual(await tx.instanceProfiles.getRole(one.instanceProfileId), web);
          assert.deepEqual(await pageAll(1, (request) => tx.instanceProfiles.listForRole(web.roleId, request)), [two, one]);
          assert.deepEqual((await tx.instanceProfiles.listForRole(api.roleId)).items, []);
        });
        assert.equal(await store.write((tx) => tx.instanceProfiles.removeRole(one.instanceProfileId, api.roleId)), false);
        assert.equal(await store.write((tx) => tx.instanceProfiles.removeRole(one.instanceProfileId, web.roleId)), true);
        assert.equal(await store.read((tx) => tx.instanceProfiles.getRole(one.instanceProfileId)), undefined);
        await store.write((tx) => tx.instanceProfiles.addRole(one.instanceProfileId, api.roleId));
        // Deleting a profile leaves its role.
        await store.write((tx) => tx.instanceProfiles.delete(ACCOUNT, 'one'));
        assert.deepEqual(await store.read((tx) => tx.roles.getById(api.roleId)), api);
      });

      test('of 6 parallel addRole calls to one profile, exactly one succeeds', async () => {
        const roles = await store.write(async (tx) => Promise.all(Array.from({ length: 6 }, (_, i) => tx.roles.create(role(`r${i}`)))));
        const profile = await store.write((tx) => tx.instanceProfiles.create(instanceProfile('P')));
        const { won, lost } = await raceWrites(store, 6, (tx, i) => tx.instanceProfiles.addRole(profile.instanceProfileId, roles[i]!.roleId));
        for (const reason of lost) assert.ok(reason instanceof StoreLimitExceeded, String(reason));
        assert.equal(won.length, 1);
        assert.ok(await store.read((tx) => tx.instanceProfiles.getRole(profile.instanceProfileId)));
      });
    });

    describe('markers', () => {
      test('a marker no listing handed out is refused as StoreInvalidMarker', async () => {
        const alice = await store.write((tx) => tx.users.create(user('Alice')));
        await assert.rejects(store.read((tx) => tx.users.list(ACCOUNT, { marker: '!!not a marker!!' })), StoreInvalidMarker);
        await assert.rejects(store.read((tx) => tx.groups.list(ACCOUNT, { marker: 'a b' })), StoreInvalidMarker);
        await assert.rejects(
          store.read((tx) => tx.policyAttachments.listAttached('user', alice.userId, { marker: Buffer.from('["x"]').toString('base64url') })),
          StoreInvalidMarker,
        );
        await assert.rejects(
          store.read((tx) => tx.policyAttachments.listEntitiesForPolicy(ACCOUNT, 'arn:aws:iam::aws:policy/X', { marker: Buffer.from('{').toString('base64url') })),
          StoreInvalidMarker,
        );
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
          const devs = await tx.groups.create(group('Devs'));
          await tx.groups.addMember(devs.groupId, alice.userId);
          await tx.inlinePolicies.put({ ownerType: 'group', ownerId: devs.groupId, policyName: 'P', document: '{}' });
          const web = await tx.roles.create(role('Web'));
          await tx.inlinePolicies.put({ ownerType: 'role', ownerId: web.roleId, policyName: 'P', document: '{}' });
          const p = await tx.managedPolicies.create(managedPolicy('P'), '{}');
          await tx.managedPolicies.createVersion(p.arn, { document: '{}', createDate: T0, setAsDefault: true });
          await tx.policyAttachments.attach('role', web.roleId, p.arn);
          const profile = await tx.instanceProfiles.create(instanceProfile('Web'));
          await tx.instanceProfiles.addRole(profile.instanceProfileId, web.roleId);
          await tx.accountAliases.set(ACCOUNT, 'reset-alias');
          await tx.accountSettings.set(ACCOUNT, 'setting', 'value');
          await tx.signingCertificates.createWithLimit({ accountId: ACCOUNT, certificateId: id('CERT'), userName: 'Alice', body: 'b', fingerprint: 'f', status: 'Active', uploadDate: T0 }, 2);
          await tx.serverCertificates.createWithLimit({ accountId: ACCOUNT, serverCertificateId: id('ASCA'), name: 'Web', path: '/', arn: `arn:aws:iam::${ACCOUNT}:server-certificate/Web`, body: 'b', privateKeyCiphertext: new Uint8Array(randomBytes(32)), uploadDate: T0, expiration: T0 }, 20);
          await tx.oidcProviders.createWithLimit({ accountId: ACCOUNT, providerId: id('OIDC'), arn: `arn:aws:iam::${ACCOUNT}:oidc-provider/idp.example.com`, url: 'idp.example.com', clientIds: [], thumbprints: [], createDate: T0 }, 100);
          await tx.samlProviders.createWithLimit({ accountId: ACCOUNT, providerId: id('SAML'), name: 'Idp', arn: `arn:aws:iam::${ACCOUNT}:saml-provider/Idp`, metadataDocument: '<m/>', createDate: T0, privateKeys: [{ keyId: id('KEY'), privateKeyCiphertext: new Uint8Array(randomBytes(32)), timestamp: T0 }] }, 100);
          await tx.sshPublicKeys.create({ sshPublicKeyId: id('APKA'), accountId: ACCOUNT, userName: 'Alice', body: 'ssh-rsa AAAA', fingerprint: 'f', status: 'Active', uploadDate: T0 });
          await tx.serviceCredentials.create({ serviceSpecificCredentialId: id('ACCA'), accountId: ACCOUNT, userName: 'Alice', serviceName: 'codecommit.amazonaws.com', serviceUserName: `Alice-at-${ACCOUNT}`, secretCiphertext: new Uint8Array(randomBytes(32)), status: 'Active', createDate: T0 });
          await tx.mfaDevices.create({ serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/Phone`, accountId: ACCOUNT, name: 'Phone', path: '/', seedCiphertext: new Uint8Array(randomBytes(32)), createDate: T0 });
          const org = 'o-resetreset';
          const orgArn = (rest: string): string => `arn:aws:organizations::${ACCOUNT}:${rest}`;
          await tx.organizations.create(
            { id: org, arn: orgArn(`organization/${org}`), featureSet: 'ALL', managementAccountId: ACCOUNT, createdAt: T0 },
            { id: 'r-rset', organizationId: org, parentId: undefined, name: 'Root', arn: orgArn(`root/${org}/r-rset`), createdAt: T0 },
            { accountId: ACCOUNT, organizationId: org, parentId: 'r-rset', name: 'm', email: 'm@example.com', arn: orgArn(`account/${org}/${ACCOUNT}`), status: 'ACTIVE', joinedMethod: 'INVITED', joinedAt: T0 },
            [{ organizationId: org, id: 'p-FullAWSAccess', type: 'SERVICE_CONTROL_POLICY', name: 'FullAWSAccess', description: '', content: '{}', arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', awsManaged: true, createdAt: T0 }],
          );
          await tx.organizations.setPolicyType('r-rset', 'SERVICE_CONTROL_POLICY', true);
          await tx.organizations.attach(org, 'p-FullAWSAccess', 'r-rset', T0);
          await tx.organizations.putCreateAccountRequest({ id: 'car-reset', organizationId: org, accountName: 'a', state: 'IN_PROGRESS', requestedAt: T0 });
          await tx.organizations.putTags(org, 'r-rset', [{ key: 'k', value: 'v' }]);
        });
        for (const table of RESET_TABLES) {
          if (table === 'meta') continue;
          const rows = await dialect.db.selectFrom(table).selectAll().execute();
          assert.notDeepEqual(rows, [], `${table} has rows before the reset`);
        }
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

