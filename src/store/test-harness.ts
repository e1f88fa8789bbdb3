// The harness the store contract suites (test-suite-*.ts) share: inside a describe(), one store on
// a fresh database for the whole suite, emptied and seeded before each test, closed and the
// database removed after.
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import type { Page, Store, StoreTx } from './port.js';
import { createSqlStore } from './sql-store.js';
import type { TestDatabase } from './store-suite.js';

export interface SuiteStore {
  /** The suite's store: usable in tests and hooks (it stands for the store before() opens). */
  readonly store: Store;
  /** Another store on the same database (several nodes); the caller closes it. */
  readonly openStore: () => Promise<Store>;
}

/** Registers the hooks; `seed` writes what every test starts from (after the store is reset). */
export function useSuiteStore(openDatabase: () => Promise<TestDatabase>, seed: (tx: StoreTx) => Promise<void>): SuiteStore {
  let database: TestDatabase | undefined;
  let opened: Store | undefined;
  const current = (): Store => {
    if (!opened) throw new TypeError('the suite store is used before its before() hook ran');
    return opened;
  };

  before(async () => {
    database = await openDatabase();
    opened = await createSqlStore(database.openDialect());
  });
  after(async () => {
    await opened?.close();
    await database?.destroy();
  });
  beforeEach(async () => {
    await current().reset();
    await current().write(seed);
  });

  const store: Store = {
    get capabilities() {
      return current().capabilities;
    },
    read: (fn) => current().read(fn),
    write: (fn) => current().write(fn),
    reset: () => current().reset(),
    changeMarker: () => current().changeMarker(),
    close: () => current().close(),
  };
  return {
    store,
    openStore: async () => {
      if (!database) throw new TypeError('the suite database is used before its before() hook ran');
      return createSqlStore(database.openDialect());
    },
  };
}

/**
 * Runs `attempts` writes at once (round-robin over `stores`, several nodes when more than one),
 * each holding its transaction across a turn of the event loop; every outcome, in order.
 */
export function raceSettled<T>(stores: Store | readonly Store[], attempts: number, fn: (tx: StoreTx, i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const list = Array.isArray(stores) ? (stores as readonly Store[]) : [stores as Store];
  return Promise.allSettled(
    Array.from({ length: attempts }, (_, i) =>
      list[i % list.length]!.write(async (tx) => {
        const result = await fn(tx, i);
        await new Promise((resolve) => setImmediate(resolve));
        return result;
      }),
    ),
  );
}

/** raceSettled, sorted into the winners' results and the losers' errors. */
export async function raceWrites<T>(stores: Store | readonly Store[], attempts: number, fn: (tx: StoreTx, i: number) => Promise<T>): Promise<{ won: T[]; lost: unknown[] }> {
  const results = await raceSettled(stores, attempts, fn);
  return {
    won: results.filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === 'fulfilled').map((r) => r.value),
    lost: results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown),
  };
}

/** Every item of a paged listing, pages of `maxItems`; checks the marker/isTruncated agreement. */
export async function pageAll<T>(maxItems: number, list: (request: { maxItems: number; marker?: string }) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let marker: string | undefined;
  do {
    const page = await list({ maxItems, ...(marker !== undefined && { marker }) });
    assert.ok(page.items.length <= maxItems);
    assert.equal(page.marker !== undefined, page.isTruncated);
    items.push(...page.items);
    marker = page.marker;
  } while (marker !== undefined);
  return items;
}
