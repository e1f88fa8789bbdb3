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

export interface GroupsTable {
  group_id: string;
  account_id: string;
  name: string;
  name_lower: string;
  path: string;
  arn: string;
  create_date: string;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
}

export interface RolesTable {
  role_id: string;
  account_id: string;
  name: string;
  name_lower: string;
  path: string;
  arn: string;
  create_date: string;
  assume_role_policy_document: string;
  description: string | null;
  /** Seconds. */
  max_session_duration: number;
  permissions_boundary_arn: string | null;
  last_used_date: string | null;
  last_used_region: string | null;
}

/** Inline policies of groups: user_policies' shape, on the group's id. */
export interface GroupPoliciesTable {
  group_id: string;
  policy_name: string;
  policy_name_lower: string;
  document: string;
}

/** Inline policies of roles: user_policies' shape, on the role's id. */
export interface RolePoliciesTable {
  role_id: string;
  policy_name: string;
  policy_name_lower: string;
  document: string;
}

export interface ManagedPoliciesTable {
  policy_id: string;
  account_id: string;
  name: string;
  name_lower: string;
  path: string;
  arn: string;
  description: string | null;
  default_version_id: string;
  /** The highest version number ever created: the next version is this + 1, so none is reused. */
  version_counter: number;
  create_date: string;
  update_date: string;
}

export interface PolicyVersionsTable {
  policy_id: string;
  /** 'v' + version_number. */
  version_id: string;
  version_number: number;
  document: string;
  create_date: string;
}

/**
 * A managed policy attached to a user, group or role. The policy is named by ARN with no
 * foreign key (AWS managed policies live outside the store); the entity by type and stable id,
 * so the entity's delete removes its rows (no foreign key can span three tables).
 */
export interface PolicyAttachmentsTable {
  account_id: string;
  entity_type: string;
  entity_id: string;
  policy_arn: string;
  /** The ARN's last path segment, and its folded twin for the listing order. */
  policy_name: string;
  policy_name_lower: string;
  /** The ARN's path ('/', '/service-role/', ...), for ListAttached*Policies' PathPrefix. */
  policy_path: string;
}

export interface InstanceProfilesTable {
  instance_profile_id: string;
  account_id: string;
  name: string;
  name_lower: string;
  path: string;
  arn: string;
  create_date: string;
  /** The profile's one role, if any (ON DELETE SET NULL). */
  role_id: string | null;
}

/** An account's alias (at most one per account; unique across accounts). */
export interface AccountAliasesTable {
  alias: string;
  account_id: string;
}

/** Account-wide settings, one named text value each (e.g. the STS global endpoint token version). */
export interface AccountSettingsTable {
  account_id: string;
  name: string;
  value: string;
}

/** X.509 signing certificates of users (user_id) and of root users (user_id null). */
export interface SigningCertificatesTable {
  certificate_id: string;
  account_id: string;
  user_id: string | null;
  /** SHA-256 of the DER, hex: unique per account (DuplicateCertificate). */
  fingerprint: string;
  body: string;
  status: string;
  upload_date: string;
}

export interface ServerCertificatesTable {
  server_certificate_id: string;
  account_id: string;
  name: string;
  name_lower: string;
  path: string;
  arn: string;
  body: string;
  chain: string | null;
  private_key_ciphertext: Uint8Array;
  upload_date: string;
  expiration: string;
}

export interface OidcProvidersTable {
  provider_id: string;
  account_id: string;
  arn: string;
  url: string;
  /** JSON arrays of strings. */
  client_ids: string;
  thumbprints: string;
  create_date: string;
}

export interface SamlProvidersTable {
  provider_id: string;
  account_id: string;
  name: string;
  name_lower: string;
  arn: string;
  metadata_document: string;
  valid_until: string | null;
  create_date: string;
  assertion_encryption_mode: string | null;
}

export interface SamlProviderKeysTable {
  provider_id: string;
  key_id: string;
  private_key_ciphertext: Uint8Array;
  create_date: string;
}

/** SSH public keys of users: the canonical `ssh-rsa <blob>` text; one fingerprint per user. */
export interface SshPublicKeysTable {
  ssh_public_key_id: string;
  account_id: string;
  user_id: string;
  body: string;
  fingerprint: string;
  status: string;
  upload_date: string;
}

/** Service-specific credentials of users; the password or secret sealed above the store. */
export interface ServiceCredentialsTable {
  credential_id: string;
  account_id: string;
  user_id: string;
  service_name: string;
  service_user_name: string;
  service_credential_alias: string | null;
  secret_ciphertext: Uint8Array;
  status: string;
  create_date: string;
  expiration_date: string | null;
}

/** Virtual MFA devices; user_id is set while the device is assigned. */
export interface MfaDevicesTable {
  serial_number: string;
  account_id: string;
  name: string;
  name_lower: string;
  path: string;
  seed_ciphertext: Uint8Array;
  create_date: string;
  user_id: string | null;
  enable_date: string | null;
  /** The last time step a code was accepted for (null: none yet). */
  last_step: number | null;
  drift_steps: number;
}

export interface OrgOrganizationsTable {
  id: string;
  management_account_id: string;
  arn: string;
  feature_set: string;
  created_at: string;
}

export interface OrgUnitsTable {
  id: string;
  organization_id: string;
  /** null: a root. */
  parent_id: string | null;
  name: string;
  arn: string;
  created_at: string;
}

export interface OrgPolicyTypesTable {
  root_id: string;
  type: string;
}

export interface OrgAccountsTable {
  account_id: string;
  organization_id: string;
  parent_id: string;
  name: string;
  email: string;
  email_lower: string;
  arn: string;
  status: string;
  joined_method: string;
  joined_at: string;
}

export interface OrgPoliciesTable {
  organization_id: string;
  id: string;
  type: string;
  name: string;
  description: string;
  content: string;
  arn: string;
  aws_managed: number;
  created_at: string;
}

export interface OrgPolicyAttachmentsTable {
  organization_id: string;
  policy_id: string;
  target_id: string;
  attached_at: string;
}

export interface OrgCreateAccountRequestsTable {
  id: string;
  organization_id: string;
  account_name: string;
  state: string;
  requested_at: string;
  completed_at: string | null;
  account_id: string | null;
  failure_reason: string | null;
}

export interface OrgTagsTable {
  organization_id: string;
  resource_id: string;
  key: string;
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
  groups: GroupsTable;
  group_members: GroupMembersTable;
  roles: RolesTable;
  group_policies: GroupPoliciesTable;
  role_policies: RolePoliciesTable;
  managed_policies: ManagedPoliciesTable;
  policy_versions: PolicyVersionsTable;
  policy_attachments: PolicyAttachmentsTable;
  instance_profiles: InstanceProfilesTable;
  signing_certificates: SigningCertificatesTable;
  server_certificates: ServerCertificatesTable;
  oidc_providers: OidcProvidersTable;
  saml_providers: SamlProvidersTable;
  saml_provider_keys: SamlProviderKeysTable;
  ssh_public_keys: SshPublicKeysTable;
  service_credentials: ServiceCredentialsTable;
  account_aliases: AccountAliasesTable;
  account_settings: AccountSettingsTable;
  mfa_devices: MfaDevicesTable;
  org_organizations: OrgOrganizationsTable;
  org_units: OrgUnitsTable;
  org_policy_types: OrgPolicyTypesTable;
  org_accounts: OrgAccountsTable;
  org_policies: OrgPoliciesTable;
  org_policy_attachments: OrgPolicyAttachmentsTable;
  org_create_account_requests: OrgCreateAccountRequestsTable;
  org_tags: OrgTagsTable;
}

export type TableName = keyof Database;

/**
 * The tables `reset()` empties, children first. Every table is either here or in KEPT_TABLES;
 * the store suite checks that against the live schema, so a new table cannot be forgotten.
 */
export const RESET_TABLES: readonly TableName[] = [
  'org_tags',
  'org_create_account_requests',
  'org_policy_attachments',
  'org_policies',
  'org_accounts',
  'org_policy_types',
  'org_units',
  'org_organizations',
  'tags',
  'saml_provider_keys',
  'saml_providers',
  'oidc_providers',
  'server_certificates',
  'signing_certificates',
  'policy_attachments',
  'policy_versions',
  'managed_policies',
  'instance_profiles',
  'role_policies',
  'group_policies',
  'group_members',
  'roles',
  'groups',
  'user_policies',
  'ssh_public_keys',
  'service_credentials',
  'access_keys',
  'mfa_devices',
  'users',
  'account_aliases',
  'account_settings',
  'accounts',
];

/** Installation state that survives reset(). */
export const KEPT_TABLES: readonly TableName[] = ['schema_migrations', 'meta'];
