// The tables as the query builder sees them, one interface per table, columns in snake_case.
// Conventions (both dialects): ids are text; times are ISO 8601 text in UTC with milliseconds
// (Date#toISOString, so text order is time order); binary is blob/bytea; every name that IAM
// compares case-insensitively has a `*_lower` twin carrying the unique index and the sort order
// (binary collation on both dialects). Children hang on their parent's stable id with
// ON DELETE CASCADE, so a rename touches one row and a delete takes its children along.

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface AccountsTable {
  id: string;
  created_at: string;
}

export interface UsersTable {
  user_id: string;
  account_id: string;
  name: string;
  name_lower: string;
  path: string;
  arn: string;
  create_date: string;
  password_last_used: string | null;
  permissions_boundary_arn: string | null;
}

export interface AccessKeysTable {
  access_key_id: string;
  account_id: string;
  /** null: a key of the account's root user. */
  user_id: string | null;
  status: string;
  secret_ciphertext: Uint8Array;
  create_date: string;
  last_used_date: string | null;
  last_used_service: string | null;
  last_used_region: string | null;
}

export interface UserPoliciesTable {
  user_id: string;
  policy_name: string;
  policy_name_lower: string;
  document: string;
}

export interface TagsTable {
  resource_type: string;
  /** The resource's stable id. */
  resource_key: string;
  key: string;
  /** The key as uniqueness sees it: lower-cased for resource types whose keys ignore case. */
  key_norm: string;
  value: string;
}

export interface Database {
  schema_migrations: SchemaMigrationsTable;
  meta: MetaTable;
  accounts: AccountsTable;
  users: UsersTable;
  access_keys: AccessKeysTable;
  user_policies: UserPoliciesTable;
  tags: TagsTable;
}

export type TableName = keyof Database;

/**
 * The tables `reset()` empties, children first. Every table is either here or in KEPT_TABLES;
 * the store suite checks that against the live schema, so a new table cannot be forgotten.
 */
export const RESET_TABLES: readonly TableName[] = ['tags', 'user_policies', 'access_keys', 'users', 'accounts'];

/** Installation state that survives reset(). */
export const KEPT_TABLES: readonly TableName[] = ['schema_migrations', 'meta'];
