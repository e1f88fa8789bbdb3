// The Store over any SqlDialect: transactions (with the deadlock retry), the repositories bound
// to a transaction's connection, reset, and an orderly close. Nothing here knows which
// database it runs on; what differs is in the dialect and its capability flags.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import type { SqlDialect, TxMode } from './dialect.js';
import { migrate } from './migrations/index.js';
import type { Store, StoreCapabilities, StoreTx } from './port.js';
import { SqlAccessKeyRepository } from './repositories/access-keys.js';
import { SqlAccountRepository } from './repositories/accounts.js';
import type { TxContext } from './repositories/context.js';
import { SqlGroupRepository } from './repositories/groups.js';
import { SqlInlinePolicyRepository } from './repositories/inline-policies.js';
import { SqlInstanceProfileRepository } from './repositories/instance-profiles.js';
import { SqlManagedPolicyRepository } from './repositories/managed-policies.js';
import { SqlMetaRepository } from './repositories/meta.js';
import { SqlPolicyAttachmentRepository } from './repositories/policy-attachments.js';
import { SqlRoleRepository } from './repositories/roles.js';
import { SqlTagRepository } from './repositories/tags.js';
import { SqlUserPolicyRepository } from './repositories/user-policies.js';
import { SqlUserRepository } from './repositories/users.js';
import { RESET_TABLES } from './schema.js';
import type { Database } from './schema.js';
import { inTransaction } from './transaction.js';

/** How many times a write runs when the database keeps aborting it to break deadlocks. */
const MAX_WRITE_ATTEMPTS = 3;

/** Migrates the database behind the dialect, then serves it. Destroys the dialect if migration fails. */
export async function createSqlStore(dialect: SqlDialect): Promise<Store> {
  const { capabilities } = dialect;
  if (!capabilities.serializedWrites && !capabilities.rowLocks) {
    throw new TypeError('a store needs serialized writes or row locks for its quotas');
  }
  try {
    await migrate(dialect);
  } catch (error) {
    await dialect.destroy();
    throw error;
  }
  return new SqlStore(dialect);
}

function bindTx(ctx: TxContext): StoreTx {
  return {
    accounts: new SqlAccountRepository(ctx),
    users: new SqlUserRepository(ctx),
    accessKeys: new SqlAccessKeyRepository(ctx),
    userPolicies: new SqlUserPolicyRepository(ctx),
    tags: new SqlTagRepository(ctx),
    meta: new SqlMetaRepository(ctx),
    groups: new SqlGroupRepository(ctx),
    inlinePolicies: new SqlInlinePolicyRepository(ctx),
    managedPolicies: new SqlManagedPolicyRepository(ctx),
    policyAttachments: new SqlPolicyAttachmentRepository(ctx),
    roles: new SqlRoleRepository(ctx),
    instanceProfiles: new SqlInstanceProfileRepository(ctx),
  };
}

class SqlStore implements Store {
  readonly capabilities: StoreCapabilities;
  readonly #dialect: SqlDialect;
  readonly #running = new Set<Promise<unknown>>();
  /** The transaction the current async context runs in, to catch a store call nested in one. */
  readonly #current = new AsyncLocalStorage<{ open: boolean }>();
  #closing: Promise<void> | undefined;

  constructor(dialect: SqlDialect) {
    this.#dialect = dialect;
    this.capabilities = dialect.capabilities;
  }

  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#track(() => this.#once('read', (conn) => this.#withTx(conn, fn)));
  }

  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#track(() => this.#write((conn) => this.#withTx(conn, fn)));
  }

  reset(): Promise<void> {
    return this.#track(() =>
      this.#write(async (conn) => {
        for (const table of RESET_TABLES) await conn.deleteFrom(table).execute();
      }),
    );
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.allSettled(this.#running);
      await this.#dialect.destroy();
    })();
    return this.#closing;
  }

  #track<T>(run: () => Promise<T>): Promise<T> {
    if (this.#closing) return Promise.reject(new TypeError('the store is closed'));
    // A nested call would wait for the connection its own caller holds (SQLite) or escape the
    // caller's transaction (PostgreSQL): either way a bug.
    if (this.#current.getStore()?.open) {
      return Promise.reject(new TypeError('read(), write() or reset() called inside a transaction: use its tx instead'));
    }
    const promise = run();
    this.#running.add(promise);
    const forget = () => this.#running.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  async #write<T>(fn: (conn: Kysely<Database>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#once('write', fn);
      } catch (error) {
        if (attempt >= MAX_WRITE_ATTEMPTS || !this.#dialect.isRetryable(error)) throw error;
      }
    }
  }

  #once<T>(mode: TxMode, fn: (conn: Kysely<Database>) => Promise<T>): Promise<T> {
    return inTransaction(this.#dialect, mode, fn);
  }

  /** Runs fn with repositories bound to conn; they refuse to work once fn has settled. */
  async #withTx<T>(conn: Kysely<Database>, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const state = { open: true };
    const ctx: TxContext = {
      get db() {
        if (!state.open) throw new TypeError('the transaction has ended: use its tx inside read() or write() only');
        return conn;
      },
      rowLocks: this.#dialect.capabilities.rowLocks,
      isUniqueViolation: (error) => this.#dialect.isUniqueViolation(error),
    };
    try {
      return await this.#current.run(state, () => fn(bindTx(ctx)));
    } finally {
      state.open = false;
    }
  }
}
