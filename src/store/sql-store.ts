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
import { SqlAccountAliasRepository, SqlAccountSettingRepository } from './repositories/account-settings.js';
import type { TxContext } from './repositories/context.js';
import { SqlGroupRepository } from './repositories/groups.js';
import { SqlInlinePolicyRepository } from './repositories/inline-policies.js';
import { SqlInstanceProfileRepository } from './repositories/instance-profiles.js';
import { SqlManagedPolicyRepository } from './repositories/managed-policies.js';
import { SqlMetaRepository } from './repositories/meta.js';
import { SqlMfaDeviceRepository } from './repositories/mfa-devices.js';
import { SqlPolicyAttachmentRepository } from './repositories/policy-attachments.js';
import { SqlOidcProviderRepository } from './repositories/oidc-providers.js';
import { SqlOrganizationRepository } from './repositories/organizations.js';
import { SqlRoleRepository } from './repositories/roles.js';
import { SqlServiceCredentialRepository } from './repositories/service-credentials.js';
import { SqlSshPublicKeyRepository } from './repositories/ssh-public-keys.js';
import { SqlSamlProviderRepository } from './repositories/saml-providers.js';
import { SqlServerCertificateRepository } from './repositories/server-certificates.js';
import { SqlSigningCertificateRepository } from './repositories/signing-certificates.js';
import { SqlTagRepository } from './repositories/tags.js';
import { SqlUserPolicyRepository } from './repositories/user-policies.js';
import { SqlUserRepository } from './repositories/users.js';
import { RESET_TABLES } from './schema.js';
import type { Database } from './schema.js';
import type { TagOwner } from './types.js';
import { inTransaction } from './transaction.js';

/** How many times a write runs when the database keeps aborting it to break deadlocks. */
const MAX_WRITE_ATTEMPTS = 3;

export interface SqlStoreOptions {
  /**
   * Refuse a store call made inside a transaction (it would deadlock on SQLite's one connection
   * or escape the transaction on PostgreSQL). The check rides on AsyncLocalStorage, which puts a
   * hook on every promise of the process, so it is for test runs (scripts/run-tests.mjs sets
   * TESSERA_STORE_GUARD=1, the default here) and off in the server.
   */
  readonly guardNesting?: boolean;
}

/** Migrates the database behind the dialect, then serves it. Destroys the dialect if migration fails. */
export async function createSqlStore(dialect: SqlDialect, options: SqlStoreOptions = {}): Promise<Store> {
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
  return new SqlStore(dialect, options.guardNesting ?? process.env.TESSERA_STORE_GUARD === '1');
}

/** The repository behind each member of StoreTx. */
const REPOSITORIES: { readonly [K in keyof StoreTx]: new (ctx: TxContext) => StoreTx[K] } = {
  accounts: SqlAccountRepository,
  users: SqlUserRepository,
  accessKeys: SqlAccessKeyRepository,
  userPolicies: SqlUserPolicyRepository,
  tags: SqlTagRepository,
  meta: SqlMetaRepository,
  groups: SqlGroupRepository,
  inlinePolicies: SqlInlinePolicyRepository,
  managedPolicies: SqlManagedPolicyRepository,
  policyAttachments: SqlPolicyAttachmentRepository,
  roles: SqlRoleRepository,
  instanceProfiles: SqlInstanceProfileRepository,
  signingCertificates: SqlSigningCertificateRepository,
  serverCertificates: SqlServerCertificateRepository,
  oidcProviders: SqlOidcProviderRepository,
  samlProviders: SqlSamlProviderRepository,
  accountAliases: SqlAccountAliasRepository,
  accountSettings: SqlAccountSettingRepository,
  sshPublicKeys: SqlSshPublicKeyRepository,
  serviceCredentials: SqlServiceCredentialRepository,
  mfaDevices: SqlMfaDeviceRepository,
  organizations: SqlOrganizationRepository,
};

/**
 * A transaction's repositories, each made when first used: most operations touch two or three of
 * the families, and a read answered from the cache touches none.
 */
class LazyTx {
  constructor(readonly ctx: TxContext) {}
}
for (const [name, Repository] of Object.entries(REPOSITORIES) as Array<[keyof StoreTx, new (ctx: TxContext) => unknown]>) {
  Object.defineProperty(LazyTx.prototype, name, {
    get(this: LazyTx) {
      const repository = new Repository(this.ctx);
      Object.defineProperty(this, name, { value: repository });
      return repository;
    },
  });
}

/** The transaction's repositories; in a read transaction, the cached lookups over them. */
class CachedTx extends LazyTx {
  constructor(
    ctx: TxContext,
    readonly cache: ReadCache,
  ) {
    super(ctx);
  }
}
for (const name of ['users', 'roles', 'tags'] as const) {
  Object.defineProperty(CachedTx.prototype, name, {
    get(this: CachedTx) {
      const plain = new REPOSITORIES[name](this.ctx);
      const cached = cachedRepository(name, plain, this.ctx, this.cache);
      Object.defineProperty(this, name, { value: cached });
      return cached;
    },
  });
}

function bindTx(ctx: TxContext, cache: ReadCache | undefined): StoreTx {
  return (cache ? new CachedTx(ctx, cache) : new LazyTx(ctx)) as unknown as StoreTx;
}

/**
 * Lookups answered without asking the database again. Inside one read transaction nothing
 * changes, so the lookups an operation repeats (its authorization, then its handler, read the
 * same user and tags) are answered once. Where the store can tell that nothing has been committed
 * since (SQLite: the change marker), answers are shared across read transactions too: a caller's
 * GetUser then needs no query. Results are shared, as every store result is treated: read-only.
 */
class ReadCache {
  readonly #entries = new Map<string, Promise<unknown>>();
  #marker: string | undefined;

  /** Forgets everything unless the marker (read before the transaction began) is the same. */
  renew(marker: string | undefined): void {
    if (marker === undefined || marker !== this.#marker || this.#entries.size >= 10_000) this.#entries.clear();
    this.#marker = marker;
  }

  lookup<R>(key: string, load: () => Promise<R>): Promise<R> {
    let p = this.#entries.get(key) as Promise<R> | undefined;
    if (!p) {
      p = load();
      this.#entries.set(key, p);
      // A failed lookup is not remembered.
      p.catch(() => this.#entries.delete(key));
    }
    return p;
  }
}

/** The cached twin of users, roles or tags (see ReadCache). */
function cachedRepository<K extends 'users' | 'roles' | 'tags'>(name: K, repo: StoreTx[K], ctx: TxContext, cache: ReadCache): StoreTx[K] {
  // A transaction that has ended refuses, cached answer or not (ctx.db throws then).
  const lookup = <R>(key: string, load: () => Promise<R>): Promise<R> => {
    try {
      void ctx.db;
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new TypeError(String(e)));
    }
    return cache.lookup(key, load);
  };
  switch (name) {
    case 'users': {
      const users = repo as StoreTx['users'];
      return overlay(users, { get: (a: string, n: string) => lookup(`user\u0000${a}\u0000${n.toLowerCase()}`, () => users.get(a, n)) }) as StoreTx[K];
    }
    case 'roles': {
      const roles = repo as StoreTx['roles'];
      return overlay(roles, { get: (a: string, n: string) => lookup(`role\u0000${a}\u0000${n.toLowerCase()}`, () => roles.get(a, n)) }) as StoreTx[K];
    }
    default: {
      const tags = repo as StoreTx['tags'];
      return overlay(tags, {
        listAll: (o: TagOwner) => lookup(`tags\u0000${o.resourceType}\u0000${o.resourceKey}`, () => tags.listAll(o)),
      }) as StoreTx[K];
    }
  }
}

/** The repository with some methods replaced; the others still run on the repository itself. */
function overlay<R extends object>(repo: R, overrides: Partial<R>): R {
  return new Proxy(repo, {
    get(target, prop) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof R];
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}


class SqlStore implements Store {
  readonly capabilities: StoreCapabilities;
  readonly #dialect: SqlDialect;
  readonly #running = new Set<Promise<unknown>>();
  /** The transaction the current async context runs in, to catch a store call nested in one. */
  readonly #current = new AsyncLocalStorage<{ open: boolean }>();
  #closing: Promise<void> | undefined;

  /** Write transactions this store has committed: part of the change marker. */
  #commits = 0;
  /** The fixed-shape queries' SQL, compiled once on this store's dialect. */
  readonly #compiled = new Map<string, string>();
  /** Read results shared across read transactions while the change marker stays (SQLite). */
  readonly #shared = new ReadCache();
  readonly #guardNesting: boolean;

  constructor(dialect: SqlDialect, guardNesting: boolean) {
    this.#guardNesting = guardNesting;
    this.#dialect = dialect;
    this.capabilities = dialect.capabilities;
  }

  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#track(() =>
      this.#once('read', (conn) => {
        // The marker is read before the snapshot is taken: a commit after it changes it.
        const marker = this.changeMarker();
        let cache: ReadCache;
        if (marker !== undefined) {
          this.#shared.renew(marker);
          cache = this.#shared;
        } else {
          cache = new ReadCache();
        }
        return this.#withTx(conn, cache, fn);
      }),
    );
  }

  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#track(() => this.#write((conn) => this.#withTx(conn, undefined, fn)));
  }

  reset(): Promise<void> {
    return this.#track(() =>
      this.#write(async (conn) => {
        for (const table of RESET_TABLES) await conn.deleteFrom(table).execute();
      }),
    );
  }

  changeMarker(): string | undefined {
    const external = this.#dialect.externalVersion;
    return external ? `${this.#commits}.${external()}` : undefined;
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
    if (this.#guardNesting && this.#current.getStore()?.open) {
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
        const result = await this.#once('write', fn);
        this.#commits++;
        return result;
      } catch (error) {
        if (attempt >= MAX_WRITE_ATTEMPTS || !this.#dialect.isRetryable(error)) throw error;
      }
    }
  }

  #once<T>(mode: TxMode, fn: (conn: Kysely<Database>) => Promise<T>): Promise<T> {
    return inTransaction(this.#dialect, mode, fn);
  }

  /** Runs fn with repositories bound to conn; they refuse to work once fn has settled. */
  async #withTx<T>(conn: Kysely<Database>, cache: ReadCache | undefined, fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const state = { open: true };
    const ctx: TxContext = {
      get db() {
        if (!state.open) throw new TypeError('the transaction has ended: use its tx inside read() or write() only');
        return conn;
      },
      rowLocks: this.#dialect.capabilities.rowLocks,
      compiled: this.#compiled,
      isUniqueViolation: (error) => this.#dialect.isUniqueViolation(error),
    };
    try {
      const tx = bindTx(ctx, cache);
      return await (this.#guardNesting ? this.#current.run(state, () => fn(tx)) : fn(tx));
    } finally {
      state.open = false;
    }
  }
}
