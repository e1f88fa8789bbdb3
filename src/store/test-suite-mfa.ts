// The store contract for virtual MFA devices, run on every dialect: lifecycle, assignment and
// its per-user limit, the name-ordered listings and their filters, what user deletes and renames
// do, and the one-time acceptance of a code's step under concurrency (of N racers presenting the
// same step exactly one wins, across several stores on one database too).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { StoreConflict, StoreInvalidMarker, StoreLimitExceeded, StoreNotFound } from './errors.js';
import type { Store } from './port.js';
import { createSqlStore } from './sql-store.js';
import { pageAll, raceSettled } from './test-helpers.js';
import type { StoreSuiteOptions, TestDatabase } from './store-suite.js';
import type { NewMfaDevice, User } from './types.js';

const ACCOUNT = '123456789012';
const OTHER = '210987654321';
const T0 = new Date('2024-05-06T07:08:09.123Z');
const STEP = Math.floor(T0.getTime() / 30_000);

const hex = (n: number) => randomBytes(n).toString('hex').toUpperCase();

function user(name: string, accountId = ACCOUNT): User {
  return { accountId, userId: `AIDA${hex(8)}`, name, path: '/', arn: `arn:aws:iam::${accountId}:user/${name}`, createDate: T0 };
}

function device(name: string, options: { accountId?: string; path?: string } = {}): NewMfaDevice {
  const accountId = options.accountId ?? ACCOUNT;
  const path = options.path ?? '/';
  return {
    serialNumber: `arn:aws:iam::${accountId}:mfa${path}${name}`,
    accountId,
    name,
    path,
    seedCiphertext: new Uint8Array(randomBytes(77)),
    createDate: T0,
  };
}

const assignment = (u: User, step = STEP, driftSteps = 0) => ({ userId: u.userId, enableDate: T0, step, driftSteps });

const fulfilled = <T>(results: PromiseSettledResult<T>[]): T[] =>
  results.filter((r): r is PromiseFulfilledResult<T> => r.status === 'fulfilled').map((r) => r.value);

export function mfaDeviceSuite(label: string, openDatabase: () => Promise<TestDatabase>, options: StoreSuiteOptions = {}): void {
  describe(`store contract (MFA devices): ${label}`, { skip: options.skip ?? false }, () => {
    let database: TestDatabase;
    let store: Store;

    before(async () => {
      database = await openDatabase();
      store = await createSqlStore(database.openDialect());
    });
    after(async () => {
      await store?.close();
      await database?.destroy();
    });
    beforeEach(async () => {
      await store.reset();
      await store.write(async (tx) => {
        await tx.accounts.create({ id: ACCOUNT, createdAt: T0 });
        await tx.accounts.create({ id: OTHER, createdAt: T0 });
      });
    });

    test('create and get; names are unique per account in any case; the account must exist', async () => {
      const d = device('Phone', { path: '/team/' });
      assert.deepEqual(await store.write((tx) => tx.mfaDevices.create(d)), { ...d, driftSteps: 0 });
      assert.deepEqual(await store.read((tx) => tx.mfaDevices.get(ACCOUNT, d.serialNumber)), { ...d, driftSteps: 0 });
      assert.equal(await store.read((tx) => tx.mfaDevices.get(OTHER, d.serialNumber)), undefined);
      assert.equal(await store.read((tx) => tx.mfaDevices.get(ACCOUNT, `${d.serialNumber}x`)), undefined);
      await assert.rejects(
        store.write((tx) => tx.mfaDevices.create(device('PHONE'))),
        (e) => e instanceof StoreConflict && e.entity === 'mfaDevice',
      );
      await store.write((tx) => tx.mfaDevices.create(device('Phone', { accountId: OTHER })));
      await assert.rejects(store.write((tx) => tx.mfaDevices.create(device('x', { accountId: '999999999999' }))), StoreNotFound);
      // The transaction goes on after a conflict.
      await store.write(async (tx) => {
        await assert.rejects(tx.mfaDevices.create(device('phone')), StoreConflict);
        await tx.mfaDevices.create(device('Tablet'));
      });
      assert.deepEqual(await store.read((tx) => tx.mfaDevices.count(ACCOUNT)), { devices: 2, assigned: 0 });
    });

    test('assign, unassign; the user name follows a rename; counts', async () => {
      const alice = user('Alice');
      const d = device('phone');
      await store.write(async (tx) => {
        await tx.users.create(alice);
        await tx.mfaDevices.create(d);
      });
      assert.equal(await store.write((tx) => tx.mfaDevices.assignWithLimit(ACCOUNT, d.serialNumber, assignment(alice, STEP, -2), 8)), 'assigned');
      assert.deepEqual(await store.read((tx) => tx.mfaDevices.get(ACCOUNT, d.serialNumber)), {
        ...d,
        userId: alice.userId,
        userName: 'Alice',
        enableDate: T0,
        lastStep: STEP,
        driftSteps: -2,
      });
      const bob = user('Bob');
      await store.write((tx) => tx.users.create(bob));
      assert.equal(await store.write((tx) => tx.mfaDevices.assignWithLimit(ACCOUNT, d.serialNumber, assignment(bob, STEP + 5), 8)), 'in-use');
      assert.equal(await store.write((tx) => tx.mfaDevices.assignWithLimit(ACCOUNT, `${d.serialNumber}x`, assignment(bob), 8)), 'not-found');
      await assert.rejects(store.write((tx) => tx.mfaDevices.assignWithLimit(ACCOUNT, d.serialNumber, assignment(user('Nobody')), 8)), StoreNotFound);
      assert.deepEqual(await store.read((tx) => tx.mfaDevices.count(ACCOUNT)), { devices: 1, assigned: 1 });
      assert.equal(await store.read((tx) => tx.mfaDevices.countForUser(alice.userId)), 1);

      await store.write((tx) => tx.users.update(ACCOUNT, 'Alice', { name: 'Alicia' }));
      assert.equal((await store.read((tx) => tx.mfaDevices.get(ACCOUNT, d.serialNumber)))?.userName, 'Alicia');

      assert.equal(await store.write((tx) => tx.mfaDevices.unassign(ACCOUNT, d.serialNumber, bob.userId)), false);
      assert.equal(await store.write((tx) => tx.mfaDevices.unassign(ACCOUNT, d.serialNumber, alice.userId)), true);
      assert.equal(await store.write((tx) => tx.mfaDevices.unassign(ACCOUNT, d.serialNumber, alice.userId)), false);
      // Unassigned, the device keeps the last step it accepted: an old code does not enable it again.
      assert.deepEqual(await store.read((tx) => tx.mfaDevices.get(ACCOUNT, d.serialNumber)), { ...d, lastStep: STEP, driftSteps: 0 });
      assert.equal(await store.write((tx) => tx.mfaDevices.assignWithLimit(ACCOUNT, d.serialNumber, assignment(bob, STEP), 8)), 'replayed');
      assert.equal(await store.write((tx) => tx.mfaDevices.assignWithLimit(ACCOUNT, d.serialNumber, assignment(bob, STEP + 1), 8)), 'assigned');
      assert.equal((await store.read((tx) => tx.mfaDevices.get(ACCOUNT, d.serialNumber)))?.userName, 'Bob');
      assert.equal(await store.read((tx) => tx.mfaDevices.countForUser(alice.userId)), 0);
    });

    test('consumeStep accepts only a later step, of an assigned device; resync sets the drift', async () => {
      const alice = user('Alice');
      const d = device('phone');
      await store.write(async (tx) => {
        await tx.users.create(alice);
        await tx.mfaDevices.create(d);
      });
      assert.equal(await store.write((tx) => tx.mfaDevices.consumeStep(ACCOUNT, d.serialNumber, STEP)), false, 'unassigned');
      await store.write((tx) => tx.mfaDevices.assignWithLimit(ACCOUNT, d.serialNumber, assignment(alice, STEP), 8));
      const cases: Array<[number, boolean]> = [
        [STEP, false],
        [STEP - 1, false],
        [STEP + 1, true],
        [STEP + 1, false],
        [STEP + 3, true],
        [STEP + 2, false],
      ];
      for (const [step, ok] of cases) {
        assert.equal(await store.write((tx) => tx.mfaDevices.consumeStep(ACCOUNT, d.serialNumber, step)), ok, `step +${step - STEP}`);
      }
      assert.equal(await store.write((tx) => tx.mfaDevices.consumeStep(OTHER, d.serialNumber, STEP + 10)), false, 'other account');
      assert.equal(await store.write((tx) => tx.mfaDevices.consumeStep(ACCOUNT, d.serialNumber, STEP + 10, 7)), true);
      const got = await store.read((tx) => tx.mfaDevices.get(ACCOUNT, d.serialNumber));
      assert.equal(got?.lastStep, STEP + 10);
      assert.equal(got?.driftSteps, 7);
    });

    test('at most `limit` devices per user; of racers for the last slots exactly the limit wins', async () => {
      const alice = user('Alice');
      const devices = Array.from({ length: 12 }, (_, i) => device(`d${String(i).padStart(2, '0')}`));
      await store.write(async (tx) => {
        await tx.users.create(alice);
        for (const d of devices) await tx.mfaDevices.create(d);
      });
      assert.equal(await store.write((tx) => tx.mfaDevices.assignWithLimit(ACCOUNT, devices[0]!.serialNumber, assignment(alice), 8)), 'assigned');
      const results = await raceSettled([store], 11, (tx, i) => tx.mfaDevices.assignWithLimit(ACCOUNT, devices[i + 1]!.serialNumber, assignment(alice), 8));
      assert.equal(fulfilled(results).filter((r) => r === 'assigned').length, 7);
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof StoreLimitExceeded && r.reason.limit === 8, String(r.reason));
      assert.equal(await store.read((tx) => tx.mfaDevices.countForUser(alice.userId)), 8);
    });

    test('N parallel acceptances of one step: exactly one succeeds', async () => {
      const alice = user('Alice');
      const d = device('phone');
      await store.write(async (tx) => {
        await tx.users.create(alice);
        await tx.mfaDevices.create(d);
        await tx.mfaDevices.assignWithLimit(ACCOUNT, d.serialNumber, assignment(alice), 8);
      });
      for (const step of [STEP + 1, STEP + 2]) {
        const results = await raceSettled([store], 12, (tx) => tx.mfaDevices.consumeStep(ACCOUNT, d.serialNumber, step));
        assert.deepEqual(
          results.map((r) => r.status),
          results.map(() => 'fulfilled'),
        );
        assert.equal(fulfilled(results).filter(Boolean).length, 1, `step +${step - STEP}`);
      }
      // Racing enables with the same codes: one device, one winner.
      const e = device('enable-race');
      const users = Array.from({ length: 6 }, (_, i) => user(`racer${i}`));
      await store.write(async (tx) => {
        await tx.mfaDevices.create(e);
        for (const u of users) await tx.users.create(u);
      });
      const results = await raceSettled([store], 6, (tx, i) => tx.mfaDevices.assignWithLimit(ACCOUNT, e.serialNumber, assignment(users[i]!), 8));
      assert.deepEqual(fulfilled(results).sort(), ['assigned', 'in-use', 'in-use', 'in-use', 'in-use', 'in-use']);
    });

    test('the one-time step holds across several stores on one database (multi-node)', async (t) => {
      if (!store.capabilities.multiNode) return t.skip('the store is not shared by several processes');
      const second = await createSqlStore(database.openDialect());
      try {
        const alice = user('Alice');
        const d = device('phone');
        await store.write(async (tx) => {
          await tx.users.create(alice);
          await tx.mfaDevices.create(d);
          await tx.mfaDevices.assignWithLimit(ACCOUNT, d.serialNumber, assignment(alice), 8);
        });
        const results = await raceSettled([store, second], 16, (tx) => tx.mfaDevices.consumeStep(ACCOUNT, d.serialNumber, STEP + 1));
        assert.equal(fulfilled(results).filter(Boolean).length, 1);
      } finally {
        await second.close();
      }
    });

    test('listings: name order, assignment filter, pages, and a marker they did not hand out', async () => {
      const alice = user('Alice');
      const bob = user('Bob');
      const names = ['delta', 'Alpha', 'charlie', 'Echo', 'bravo'];
      await store.write(async (tx) => {
        await tx.users.create(alice);
        await tx.users.create(bob);
        for (const n of names) await tx.mfaDevices.create(device(n));
        await tx.mfaDevices.create(device('other', { accountId: OTHER }));
      });
      const serial = (n: string) => `arn:aws:iam::${ACCOUNT}:mfa/${n}`;
      await store.write(async (tx) => {
        await tx.mfaDevices.assignWithLimit(ACCOUNT, serial('delta'), assignment(alice), 8);
        await tx.mfaDevices.assignWithLimit(ACCOUNT, serial('Alpha'), assignment(alice), 8);
        await tx.mfaDevices.assignWithLimit(ACCOUNT, serial('bravo'), assignment(bob), 8);
      });
      const cases: Array<['Assigned' | 'Unassigned' | 'Any' | undefined, string[]]> = [
        [undefined, ['Alpha', 'bravo', 'charlie', 'delta', 'Echo']],
        ['Any', ['Alpha', 'bravo', 'charlie', 'delta', 'Echo']],
        ['Assigned', ['Alpha', 'bravo', 'delta']],
        ['Unassigned', ['charlie', 'Echo']],
      ];
      for (const [assignmentStatus, want] of cases) {
        for (const size of [1, 2, 100]) {
          const all = await pageAll(size, (r) =>
            store.read((tx) => tx.mfaDevices.list(ACCOUNT, { ...r, ...(assignmentStatus !== undefined && { assignmentStatus }) })),
          );
          assert.deepEqual(all.map((d) => d.name), want, `${assignmentStatus} in pages of ${size}`);
        }
      }
      const mine = await pageAll(1, (r) => store.read((tx) => tx.mfaDevices.listForUser(alice.userId, r)));
      assert.deepEqual(mine.map((d) => [d.name, d.userName]), [['Alpha', 'Alice'], ['delta', 'Alice']]);
      assert.deepEqual((await store.read((tx) => tx.mfaDevices.listForUser(user('Nobody').userId))).items, []);
      await assert.rejects(store.read((tx) => tx.mfaDevices.list(ACCOUNT, { marker: 'bogus!' })), StoreInvalidMarker);
      await assert.rejects(store.read((tx) => tx.mfaDevices.listForUser(alice.userId, { marker: 'bogus!' })), StoreInvalidMarker);
    });

    test('deleteUnassigned refuses an assigned device and takes the tags along', async () => {
      const alice = user('Alice');
      const d = device('phone');
      const owner = { resourceType: 'mfa' as const, resourceKey: d.serialNumber };
      await store.write(async (tx) => {
        await tx.users.create(alice);
        await tx.mfaDevices.create(d);
        await tx.tags.put(owner, [{ key: 'team', value: 'blue' }]);
        await tx.mfaDevices.assignWithLimit(ACCOUNT, d.serialNumber, assignment(alice), 8);
      });
      assert.equal(await store.write((tx) => tx.mfaDevices.deleteUnassigned(ACCOUNT, d.serialNumber)), 'in-use');
      assert.equal(await store.write((tx) => tx.mfaDevices.deleteUnassigned(OTHER, d.serialNumber)), 'not-found');
      await store.write((tx) => tx.mfaDevices.unassign(ACCOUNT, d.serialNumber, alice.userId));
      assert.equal(await store.write((tx) => tx.mfaDevices.deleteUnassigned(ACCOUNT, d.serialNumber)), 'deleted');
      assert.equal(await store.write((tx) => tx.mfaDevices.deleteUnassigned(ACCOUNT, d.serialNumber)), 'not-found');
      assert.equal(await store.read((tx) => tx.tags.count(owner)), 0);
      // The name is free again.
      await store.write((tx) => tx.mfaDevices.create(device('PHONE')));
    });

    test('a user row that goes leaves its device unassigned; an account that goes takes its devices', async () => {
      const alice = user('Alice');
      const d = device('phone');
      await store.write(async (tx) => {
        await tx.users.create(alice);
        await tx.mfaDevices.create(d);
        await tx.mfaDevices.assignWithLimit(ACCOUNT, d.serialNumber, assignment(alice), 8);
      });
      await store.write((tx) => tx.users.delete(ACCOUNT, 'Alice'));
      const got = await store.read((tx) => tx.mfaDevices.get(ACCOUNT, d.serialNumber));
      assert.equal(got?.userId, undefined);
      assert.equal(got?.userName, undefined);
      assert.deepEqual(await store.read((tx) => tx.mfaDevices.count(ACCOUNT)), { devices: 1, assigned: 0 });
      await store.reset();
      await store.write((tx) => tx.accounts.create({ id: ACCOUNT, createdAt: T0 }));
      assert.equal(await store.read((tx) => tx.mfaDevices.get(ACCOUNT, d.serialNumber)), undefined);
    });
  });
}
