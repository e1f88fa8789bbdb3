// The harness the store contract suites (test-suite-*.ts) share: inside a describe(), one store on
// a fresh database for the whole suite, emptied and seeded before each test, closed and the
// database removed after.
import { after, before, beforeEach } from 'node:test';
import type { Store, StoreTx } from './port.js';
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
