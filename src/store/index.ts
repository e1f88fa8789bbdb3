// The store's public surface: openStore, the port, the entities and the typed errors. The rest
// of Tessera imports from here only. Drivers load lazily, so a PostgreSQL deployment never loads
// SQLite's native module and vice versa.
import type { Store } from './port.js';
import { createSqlStore } from './sql-store.js';

export type StoreConfig =
  /** A SQLite file (created with its directory when missing). */
  | { readonly kind: 'sqlite'; readonly file: string }
  /** SQLite in memory: nothing survives close(). */
  | { readonly kind: 'sqlite-memory' }
  /** PostgreSQL; `schema` puts the tables in a schema of their own (created when missing). */
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string; readonly poolSize?: number };

/** Opens the store and brings its schema up to date (safe when several processes start at once). */
export async function openStore(config: StoreConfig): Promise<Store> {
  switch (config.kind) {
    case 'sqlite': {
      const { sqliteDialect } = await import('./sqlite.js');
      return createSqlStore(sqliteDialect({ file: config.file }));
    }
    case 'sqlite-memory': {
      const { sqliteDialect } = await import('./sqlite.js');
      return createSqlStore(sqliteDialect({ file: ':memory:' }));
    }
    case 'postgres': {
      const { postgresDialect } = await import('./postgres.js');
      return createSqlStore(postgresDialect(config));
    }
  }
}

export type {
  AccessKeyRepository,
  AccountRepository,
  GroupPatch,
  GroupRepository,
  InlinePolicyRepository,
  InstanceProfileRepository,
  ManagedPolicyListRequest,
  ManagedPolicyRepository,
  MetaRepository,
  NewPolicyVersion,
  Page,
  PageRequest,
  PathListRequest,
  PolicyAttachmentRepository,
  PolicyEntityListRequest,
  RolePatch,
  RoleRepository,
  Store,
  StoreCapabilities,
  StoreTx,
  TagRepository,
  UserListRequest,
  UserPatch,
  UserPolicyRepository,
  UserRepository,
} from './port.js';
export type {
  AccessKey,
  AccessKeyStatus,
  Account,
  AttachedPolicy,
  Group,
  IdentityType,
  InlinePolicy,
  InstanceProfile,
  ManagedPolicy,
  NewAccessKey,
  NewManagedPolicy,
  PolicyEntity,
  PolicyVersion,
  Role,
  Tag,
  TagOwner,
  TagResourceType,
  User,
  UserPolicy,
} from './types.js';
export { TAG_KEYS_IGNORE_CASE } from './types.js';
export { StoreConflict, StoreError, StoreInvalidMarker, StoreLimitExceeded, StoreNotFound } from './errors.js';
export type { StoreErrorCode } from './errors.js';
