// The store's port: the one interface the rest of Tessera sees. Work happens inside a
// transaction: `read` for a consistent snapshot, `write` for an all-or-nothing change. A
// transaction hands out one repository per entity family; later milestones add families (groups,
// roles, managed policies, MFA devices, ...) as new members of StoreTx, not new shapes of Store.
import type { AccessKey, AccessKeyStatus, Account, NewAccessKey, Tag, TagOwner, User, UserPolicy } from './types.js';

/**
 * What the database behind a store can do, as flags (never as a database name). The quota
 * pattern needs at least one of `serializedWrites` and `rowLocks`; every store has one.
 */
export interface StoreCapabilities {
  /**
   * Write transactions run one at a time: the database takes its write lock when a write
   * transaction begins (SQLite's BEGIN IMMEDIATE), so a count read inside `write` stays exact.
   */
  readonly serializedWrites: boolean;
  /**
   * Row locks (SELECT ... FOR NO KEY UPDATE) exist and are held until the transaction ends; the
   * repositories' `getForUpdate` takes one, so writers to the same owner queue up behind it.
   */
  readonly rowLocks: boolean;
  /** Committed data survives close() and a crash (false for an in-memory store). */
  readonly durable: boolean;
  /** Several server processes or nodes may share this database at once. */
  readonly multiNode: boolean;
}

/** One page of a listing, as IAM's List* operations page: ordered by name, case-insensitively. */
export interface PageRequest {
  /** The `marker` of the previous page; absent for the first page. Opaque. */
  readonly marker?: string;
  /** At most this many items (default 100). */
  readonly maxItems?: number;
}

export interface Page<T> {
  readonly items: T[];
  readonly isTruncated: boolean;
  /** Present exactly when isTruncated: pass it back for the next page. */
  readonly marker?: string;
}

export interface UserListRequest extends PageRequest {
  /** Only users whose path starts with this (case-sensitive); default '/'. */
  readonly pathPrefix?: string;
}

export interface AccountRepository {
  get(id: string): Promise<Account | undefined>;
  /**
   * As `get`, and holds the account until the transaction ends so that concurrent writers doing
   * the same queue up: the first step of a per-account quota (lock owner, count, insert).
   */
  getForUpdate(id: string): Promise<Account | undefined>;
  /** @throws StoreConflict when the id exists. */
  create(account: Account): Promise<Account>;
  list(): Promise<Account[]>;
}

/** Changes to a user: an absent member stays as it is; null clears an optional one. */
export interface UserPatch {
  readonly name?: string;
  readonly path?: string;
  /** The caller rebuilds the ARN when name or path changes; the store keeps what it is given. */
  readonly arn?: string;
  readonly passwordLastUsed?: Date | null;
  readonly permissionsBoundaryArn?: string | null;
}

export interface UserRepository {
  /** By name, case-insensitively. */
  get(accountId: string, name: string): Promise<User | undefined>;
  /** By the stable id (AIDA...). */
  getById(userId: string): Promise<User | undefined>;
  /** As `get`, and holds the user until the transaction ends (see AccountRepository.getForUpdate). */
  getForUpdate(accountId: string, name: string): Promise<User | undefined>;
  /**
   * @throws StoreConflict when the account has a user of that name (in any case) or the id exists.
   * @throws StoreNotFound when the account does not exist.
   */
  create(user: User): Promise<User>;
  /**
   * Creates the user only when its account has fewer than `limit` users; of several creates
   * racing for the last slot, exactly one succeeds.
   * @throws StoreLimitExceeded when the account is at the limit (nothing is written).
   * @throws StoreConflict, StoreNotFound as `create`.
   */
  createWithLimit(user: User, limit: number): Promise<User>;
  /**
   * Renames, moves or amends a user; its access keys, inline policies and tags follow it (they
   * hang on the stable id). Returns the user as it now is, or undefined when there is none.
   * @throws StoreConflict when the new name is taken (in any case) by another user.
   */
  update(accountId: string, name: string, patch: UserPatch): Promise<User | undefined>;
  /** Deletes the user with its access keys, inline policies and tags. False when there was none. */
  delete(accountId: string, name: string): Promise<boolean>;
  list(accountId: string, request?: UserListRequest): Promise<Page<User>>;
  count(accountId: string): Promise<number>;
}

export interface AccessKeyRepository {
  get(accessKeyId: string): Promise<AccessKey | undefined>;
  /** The keys of a user (by name, case-insensitively), or of the root user when userName is null; oldest first. */
  listForUser(accountId: string, userName: string | null): Promise<AccessKey[]>;
  countForUser(accountId: string, userName: string | null): Promise<number>;
  /**
   * @throws StoreConflict when the access key id exists.
   * @throws StoreNotFound when the owning user (or account, for a root key) does not exist.
   */
  create(key: NewAccessKey): Promise<AccessKey>;
  /**
   * Creates the key only when its owner (user, or root user) has fewer than `limit` keys. Safe
   * under concurrency: of several creates racing for the last slot, exactly one succeeds.
   * @throws StoreLimitExceeded when the owner is at the limit (nothing is written).
   * @throws StoreConflict, StoreNotFound as `create`.
   */
  createWithLimit(key: NewAccessKey, limit: number): Promise<AccessKey>;
  /** False when there is no such key. */
  setStatus(accessKeyId: string, status: AccessKeyStatus): Promise<boolean>;
  delete(accessKeyId: string): Promise<boolean>;
  /** Records the key's last use (GetAccessKeyLastUsed). False when there is no such key. */
  recordKeyUse(accessKeyId: string, date: Date, service: string, region: string): Promise<boolean>;
}

export interface UserPolicyRepository {
  /** By user name and policy name, both case-insensitively. */
  get(accountId: string, userName: string, policyName: string): Promise<UserPolicy | undefined>;
  /**
   * Adds the policy, or replaces the user's policy of that name (in any case; the name takes the
   * case given now).
   * @throws StoreNotFound when the user does not exist.
   */
  put(policy: UserPolicy): Promise<void>;
  delete(accountId: string, userName: string, policyName: string): Promise<boolean>;
  /** A page of the user's policies, ordered by name case-insensitively. */
  list(accountId: string, userName: string, request?: PageRequest): Promise<Page<UserPolicy>>;
  /** All of the user's policies, ordered as `list` (for evaluation and the aggregate size quota). */
  listAll(accountId: string, userName: string): Promise<UserPolicy[]>;
}

export interface TagRepository {
  /** A page of the resource's tags, ordered by key. */
  list(owner: TagOwner, request?: PageRequest): Promise<Page<Tag>>;
  listAll(owner: TagOwner): Promise<Tag[]>;
  count(owner: TagOwner): Promise<number>;
  /**
   * Adds the tags, replacing the value of a key the resource already has (for resource types
   * whose keys ignore case, see TAG_KEYS_IGNORE_CASE, the key also takes the case given now).
   * A key given twice keeps its last value.
   */
  put(owner: TagOwner, tags: ReadonlyArray<{ readonly key: string; readonly value: string }>): Promise<void>;
  /** Removes the tags with these keys; keys it does not have are ignored. Returns how many went. */
  remove(owner: TagOwner, keys: readonly string[]): Promise<number>;
  removeAll(owner: TagOwner): Promise<number>;
}

/** Key/value settings of the installation (e.g. the master-key check value). */
export interface MetaRepository {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/** What a transaction sees: one repository per entity family. */
export interface StoreTx {
  readonly accounts: AccountRepository;
  readonly users: UserRepository;
  readonly accessKeys: AccessKeyRepository;
  readonly userPolicies: UserPolicyRepository;
  readonly tags: TagRepository;
  readonly meta: MetaRepository;
}

export interface Store {
  readonly capabilities: StoreCapabilities;
  /**
   * Runs fn in a read-only transaction over one consistent snapshot. A write attempted through
   * tx fails.
   */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Runs fn in one transaction: when fn resolves, everything it wrote commits together; when it
   * throws, nothing it wrote remains and the error comes back out. When the database breaks a
   * deadlock by aborting this transaction, fn runs again (a few times at most), so fn must do
   * nothing outside tx that it cannot repeat. Do not use tx after fn has settled, nor call the
   * store itself from inside fn (both fail with a TypeError).
   */
  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Deletes every entity (accounts and all they own) in one transaction, for /_tessera/reset.
   * Meta settings (installation state such as the master-key check value) stay.
   */
  reset(): Promise<void>;
  /** Waits for running transactions, then releases the database. */
  close(): Promise<void>;
}
