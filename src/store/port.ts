// The store's port: the one interface the rest of Tessera sees. Work happens inside a
// transaction: `read` for a consistent snapshot, `write` for an all-or-nothing change. A
// transaction hands out one repository per entity family; later milestones add families (groups,
// roles, managed policies, MFA devices, ...) as new members of StoreTx, not new shapes of Store.
import type {
  AccessKey,
  AccessKeyStatus,
  Account,
  AttachedPolicy,
  Group,
  IdentityType,
  InlinePolicy,
  InstanceProfile,
  ManagedPolicy,
  MfaDevice,
  NewAccessKey,
  NewMfaDevice,
  NewManagedPolicy,
  OidcProvider,
  OrgAccount,
  OrgAccountStatus,
  OrgCreateAccountRequest,
  Organization,
  OrgPolicy,
  OrgPolicyLevels,
  OrgPolicyType,
  OrgUnit,
  PolicyEntity,
  PolicyVersion,
  Role,
  SamlPrivateKey,
  SamlProvider,
  ServerCertificate,
  ServiceSpecificCredential,
  SigningCertificate,
  SigningCertificateStatus,
  SshPublicKey,
  Tag,
  TagOwner,
  User,
  UserPolicy,
} from './types.js';

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

/** A page of entities that have a path (users, groups, roles, policies, instance profiles). */
export interface PathListRequest extends PageRequest {
  /** Only entities whose path starts with this (case-sensitive); default '/'. */
  readonly pathPrefix?: string;
}

export type UserListRequest = PathListRequest;

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
  /**
   * Deletes the user with its access keys, inline policies, group memberships, attached policies
   * and tags. False when there was none.
   */
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

/** Changes to a group: an absent member stays as it is. */
export interface GroupPatch {
  readonly name?: string;
  readonly path?: string;
  /** The caller rebuilds the ARN when name or path changes; the store keeps what it is given. */
  readonly arn?: string;
}

export interface GroupRepository {
  /** By name, case-insensitively. */
  get(accountId: string, name: string): Promise<Group | undefined>;
  /** By the stable id (AGPA...). */
  getById(groupId: string): Promise<Group | undefined>;
  /** As `get`, and holds the group until the transaction ends (see AccountRepository.getForUpdate). */
  getForUpdate(accountId: string, name: string): Promise<Group | undefined>;
  /**
   * @throws StoreConflict when the account has a group of that name (in any case) or the id exists.
   * @throws StoreNotFound when the account does not exist.
   */
  create(group: Group): Promise<Group>;
  /**
   * Creates the group only when its account has fewer than `limit` groups (exactly one of several
   * racing creates gets the last slot).
   * @throws StoreLimitExceeded when the account is at the limit (nothing is written).
   * @throws StoreConflict, StoreNotFound as `create`.
   */
  createWithLimit(group: Group, limit: number): Promise<Group>;
  /**
   * Renames or moves a group; its members and inline and attached policies follow it (they hang
   * on the stable id). Returns the group as it now is, or undefined when there is none.
   * @throws StoreConflict when the new name is taken (in any case) by another group.
   */
  update(accountId: string, name: string, patch: GroupPatch): Promise<Group | undefined>;
  /** Deletes the group with its memberships, inline policies and attachments. False when there was none. */
  delete(accountId: string, name: string): Promise<boolean>;
  /** Ordered by name case-insensitively. */
  list(accountId: string, request?: PathListRequest): Promise<Page<Group>>;
  count(accountId: string): Promise<number>;

  /**
   * Makes the user a member; idempotent. Returns false when it already was one.
   * @throws StoreNotFound when the group or the user does not exist (or they are of different accounts).
   */
  addMember(groupId: string, userId: string): Promise<boolean>;
  /**
   * As `addMember`, only while the user is in fewer than `limit` groups (exactly one of several
   * racing adds gets the last slot). Adding an existing member succeeds even at the limit.
   * @throws StoreLimitExceeded when the user is at the limit (nothing is written).
   */
  addMemberWithLimit(groupId: string, userId: string, limit: number): Promise<boolean>;
  /** False when the user was not a member. */
  removeMember(groupId: string, userId: string): Promise<boolean>;
  /** The group's users, ordered by name case-insensitively. */
  listMembers(groupId: string, request?: PageRequest): Promise<Page<User>>;
  countMembers(groupId: string): Promise<number>;
  /** The user's groups, ordered by name case-insensitively. */
  listGroupsForUser(userId: string, request?: PageRequest): Promise<Page<Group>>;
  /** All of the user's groups, ordered as `listGroupsForUser` (for evaluation). */
  listAllGroupsForUser(userId: string): Promise<Group[]>;
  countGroupsForUser(userId: string): Promise<number>;
}

/**
 * Inline policies of users, groups and roles, addressed by the owner's stable id. (userPolicies
 * is the same data for users, addressed by user name.)
 */
export interface InlinePolicyRepository {
  /** By policy name, case-insensitively. */
  get(ownerType: IdentityType, ownerId: string, policyName: string): Promise<InlinePolicy | undefined>;
  /**
   * Adds the policy, or replaces the owner's policy of that name (in any case; the name takes the
   * case given now).
   * @throws StoreNotFound when the owner does not exist.
   */
  put(policy: InlinePolicy): Promise<void>;
  delete(ownerType: IdentityType, ownerId: string, policyName: string): Promise<boolean>;
  /** A page of the owner's policies, ordered by name case-insensitively. */
  list(ownerType: IdentityType, ownerId: string, request?: PageRequest): Promise<Page<InlinePolicy>>;
  /** All of the owner's policies, ordered as `list` (for evaluation and the aggregate size quota). */
  listAll(ownerType: IdentityType, ownerId: string): Promise<InlinePolicy[]>;
}

export interface ManagedPolicyListRequest extends PathListRequest {
  /** Only policies attached to at least one user, group or role. */
  readonly onlyAttached?: boolean;
}

/** What creating a policy version takes. */
export interface NewPolicyVersion {
  readonly document: string;
  readonly createDate: Date;
  /** Makes the new version the default (atomically with its creation). */
  readonly setAsDefault: boolean;
}

/** Customer managed policies and their versions. Policies are addressed by ARN. */
export interface ManagedPolicyRepository {
  get(policyArn: string): Promise<ManagedPolicy | undefined>;
  /** By the stable id (ANPA...). */
  getById(policyId: string): Promise<ManagedPolicy | undefined>;
  /** As `get`, and holds the policy until the transaction ends: the owner lock for version quotas. */
  getForUpdate(policyArn: string): Promise<ManagedPolicy | undefined>;
  /**
   * Creates the policy with its version v1 (the default) holding `document`; updateDate is the
   * create date.
   * @throws StoreConflict when the account has a policy of that name (in any case), or the ARN or id exists.
   * @throws StoreNotFound when the account does not exist.
   */
  create(policy: NewManagedPolicy, document: string): Promise<ManagedPolicy>;
  /**
   * As `create`, only while the account has fewer than `limit` customer managed policies.
   * @throws StoreLimitExceeded when the account is at the limit (nothing is written).
   */
  createWithLimit(policy: NewManagedPolicy, document: string, limit: number): Promise<ManagedPolicy>;
  /**
   * Deletes the policy with its versions, tags and attachments (IAM refuses to delete an attached
   * policy: the caller checks first). False when there was none.
   */
  delete(policyArn: string): Promise<boolean>;
  /** Ordered by name case-insensitively. */
  list(accountId: string, request?: ManagedPolicyListRequest): Promise<Page<ManagedPolicy>>;
  count(accountId: string): Promise<number>;

  /**
   * Adds version v(N+1), N being the highest number the policy ever had, and moves updateDate to
   * its create date.
   * @throws StoreNotFound when the policy does not exist.
   */
  createVersion(policyArn: string, version: NewPolicyVersion): Promise<PolicyVersion>;
  /**
   * As `createVersion`, only while the policy has fewer than `limit` versions.
   * @throws StoreLimitExceeded when the policy is at the limit (nothing is written).
   */
  createVersionWithLimit(policyArn: string, version: NewPolicyVersion, limit: number): Promise<PolicyVersion>;
  getVersion(policyArn: string, versionId: string): Promise<PolicyVersion | undefined>;
  /** All versions, newest first. */
  listVersions(policyArn: string): Promise<PolicyVersion[]>;
  countVersions(policyArn: string): Promise<number>;
  /** How many versions the account's customer managed policies have together (GetAccountSummary). */
  countVersionsInAccount(accountId: string): Promise<number>;
  /**
   * False when there is no such version.
   * @throws StoreConflict when it is the default version (a policy always has exactly one).
   */
  deleteVersion(policyArn: string, versionId: string): Promise<boolean>;
  /** Makes the version the default, in one step. False when there is no such policy or version. */
  setDefault(policyArn: string, versionId: string): Promise<boolean>;
  /**
   * The default versions of the customer managed policies among `policyArns`, by ARN (for
   * evaluation; ARNs of other policies are skipped).
   */
  getDefaultVersions(policyArns: readonly string[]): Promise<Map<string, PolicyVersion>>;
}

export interface PolicyEntityListRequest extends PathListRequest {
  /** Only entities of this type. */
  readonly entityType?: IdentityType;
}

/**
 * Managed policies (customer or AWS managed, named by ARN) attached to users, groups and roles,
 * which are named by type and stable id.
 */
export interface PolicyAttachmentRepository {
  /**
   * Attaches the policy; idempotent. Returns false when it already was attached.
   * @throws StoreNotFound when the entity does not exist.
   */
  attach(entityType: IdentityType, entityId: string, policyArn: string): Promise<boolean>;
  /**
   * As `attach`, only while the entity has fewer than `limit` attached policies (exactly one of
   * several racing attaches gets the last slot). Re-attaching succeeds even at the limit.
   * @throws StoreLimitExceeded when the entity is at the limit (nothing is written).
   */
  attachWithLimit(entityType: IdentityType, entityId: string, policyArn: string, limit: number): Promise<boolean>;
  /** False when the policy was not attached. */
  detach(entityType: IdentityType, entityId: string, policyArn: string): Promise<boolean>;
  /**
   * A page of the entity's attached policies, ordered by policy name case-insensitively (then
   * ARN); pathPrefix filters on the policy's path.
   */
  listAttached(entityType: IdentityType, entityId: string, request?: PathListRequest): Promise<Page<AttachedPolicy>>;
  /** All of them, ordered as `listAttached` (for evaluation). */
  listAllAttached(entityType: IdentityType, entityId: string): Promise<AttachedPolicy[]>;
  countAttached(entityType: IdentityType, entityId: string): Promise<number>;
  /**
   * The account's users, groups and roles the policy is attached to, ordered by type (group,
   * role, user) then name case-insensitively; pathPrefix filters on the entity's path.
   */
  listEntitiesForPolicy(accountId: string, policyArn: string, request?: PolicyEntityListRequest): Promise<Page<PolicyEntity>>;
  /** How many of the account's entities the policy is attached to (a policy's AttachmentCount). */
  countAttachmentsForPolicy(accountId: string, policyArn: string): Promise<number>;
  /** How many of the account's users and roles have the policy as permissions boundary. */
  countBoundaryUsage(accountId: string, policyArn: string): Promise<number>;
  /** The ARNs of the policies attached to at least one of the account's entities, distinct, sorted. */
  listAttachedPolicyArns(accountId: string): Promise<string[]>;
}

/** Changes to a role: an absent member stays as it is; null clears an optional one. */
export interface RolePatch {
  readonly description?: string | null;
  readonly maxSessionDuration?: number;
  readonly assumeRolePolicyDocument?: string;
  readonly permissionsBoundaryArn?: string | null;
  /** The role's last use (RoleLastUsed); null forgets it. */
  readonly lastUsed?: { readonly date: Date; readonly region: string } | null;
}

export interface RoleRepository {
  /** By name, case-insensitively. */
  get(accountId: string, name: string): Promise<Role | undefined>;
  /** By the stable id (AROA...). */
  getById(roleId: string): Promise<Role | undefined>;
  /** As `get`, and holds the role until the transaction ends (see AccountRepository.getForUpdate). */
  getForUpdate(accountId: string, name: string): Promise<Role | undefined>;
  /**
   * @throws StoreConflict when the account has a role of that name (in any case) or the id exists.
   * @throws StoreNotFound when the account does not exist.
   */
  create(role: Role): Promise<Role>;
  /**
   * Creates the role only when its account has fewer than `limit` roles.
   * @throws StoreLimitExceeded when the account is at the limit (nothing is written).
   * @throws StoreConflict, StoreNotFound as `create`.
   */
  createWithLimit(role: Role, limit: number): Promise<Role>;
  /** Returns the role as it now is, or undefined when there is none. */
  update(accountId: string, name: string, patch: RolePatch): Promise<Role | undefined>;
  /**
   * Deletes the role with its inline policies, attachments and tags, and takes it out of its
   * instance profiles. False when there was none.
   */
  delete(accountId: string, name: string): Promise<boolean>;
  /** Ordered by name case-insensitively. */
  list(accountId: string, request?: PathListRequest): Promise<Page<Role>>;
  count(accountId: string): Promise<number>;
}

export interface InstanceProfileRepository {
  /** By name, case-insensitively. */
  get(accountId: string, name: string): Promise<InstanceProfile | undefined>;
  /** By the stable id (AIPA...). */
  getById(instanceProfileId: string): Promise<InstanceProfile | undefined>;
  /**
   * @throws StoreConflict when the account has a profile of that name (in any case) or the id exists.
   * @throws StoreNotFound when the account does not exist.
   */
  create(profile: InstanceProfile): Promise<InstanceProfile>;
  /**
   * Creates the profile only when its account has fewer than `limit` profiles.
   * @throws StoreLimitExceeded when the account is at the limit (nothing is written).
   */
  createWithLimit(profile: InstanceProfile, limit: number): Promise<InstanceProfile>;
  /** Deletes the profile with its tags (its role stays). False when there was none. */
  delete(accountId: string, name: string): Promise<boolean>;
  /** Ordered by name case-insensitively. */
  list(accountId: string, request?: PathListRequest): Promise<Page<InstanceProfile>>;
  count(accountId: string): Promise<number>;
  /**
   * Puts the role in the profile.
   * @throws StoreLimitExceeded (entity 'instanceProfileRole', limit 1) when the profile already
   *   has a role, this one or another.
   * @throws StoreNotFound when the profile or the role does not exist (or they are of different accounts).
   */
  addRole(instanceProfileId: string, roleId: string): Promise<void>;
  /** False when the role was not in the profile. */
  removeRole(instanceProfileId: string, roleId: string): Promise<boolean>;
  /** The profile's role, if it has one. */
  getRole(instanceProfileId: string): Promise<Role | undefined>;
  /** The profiles the role is in, ordered by name case-insensitively. */
  listForRole(roleId: string, request?: PageRequest): Promise<Page<InstanceProfile>>;
}

/** Key/value settings of the installation (e.g. the master-key check value). */
export interface MetaRepository {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<boolean>;
}

export interface SigningCertificateRepository {
  get(certificateId: string): Promise<SigningCertificate | undefined>;
  /** The certificates of a user (by name, case-insensitively), or of the root user when userName is null; oldest first. */
  listForUser(accountId: string, userName: string | null): Promise<SigningCertificate[]>;
  /** Whether any of the user's certificates exist (DeleteUser refuses while they do). */
  countForUserId(userId: string): Promise<number>;
  /**
   * Adds the certificate only while its owner (user, or root user) has fewer than `limit`.
   * @throws StoreLimitExceeded when the owner is at the limit (nothing is written).
   * @throws StoreConflict when the account already has a certificate of that fingerprint or id.
   * @throws StoreNotFound when the owning user (or account) does not exist.
   */
  createWithLimit(certificate: SigningCertificate, limit: number): Promise<SigningCertificate>;
  setStatus(certificateId: string, status: SigningCertificateStatus): Promise<boolean>;
  delete(certificateId: string): Promise<boolean>;
}

/** Changes to a server certificate: the caller rebuilds the ARN when name or path changes. */
export interface ServerCertificatePatch {
  readonly name?: string;
  readonly path?: string;
  readonly arn?: string;
}

export interface ServerCertificateRepository {
  /** By name, case-insensitively. */
  get(accountId: string, name: string): Promise<ServerCertificate | undefined>;
  /**
   * Adds the certificate only while the account has fewer than `limit`.
   * @throws StoreLimitExceeded when the account is at the limit (nothing is written).
   * @throws StoreConflict when the account has one of that name (in any case) or the id exists.
   * @throws StoreNotFound when the account does not exist.
   */
  createWithLimit(certificate: ServerCertificate, limit: number): Promise<ServerCertificate>;
  /**
   * Renames or moves the certificate; its tags follow it. Undefined when there is none.
   * @throws StoreConflict when the new name is taken (in any case) by another certificate.
   */
  update(accountId: string, name: string, patch: ServerCertificatePatch): Promise<ServerCertificate | undefined>;
  /** Deletes the certificate with its tags. False when there was none. */
  delete(accountId: string, name: string): Promise<boolean>;
  /** Ordered by name case-insensitively. */
  list(accountId: string, request?: PathListRequest): Promise<Page<ServerCertificate>>;
  count(accountId: string): Promise<number>;
}

/** Changes to an OIDC provider's lists (each replaces the list). */
export interface OidcProviderPatch {
  readonly clientIds?: readonly string[];
  readonly thumbprints?: readonly string[];
}

export interface OidcProviderRepository {
  get(arn: string): Promise<OidcProvider | undefined>;
  /** As `get`, and holds the provider until the transaction ends (read-modify-write of its lists). */
  getForUpdate(arn: string): Promise<OidcProvider | undefined>;
  /**
   * Adds the provider only while the account has fewer than `limit`.
   * @throws StoreLimitExceeded when the account is at the limit (nothing is written).
   * @throws StoreConflict when the ARN (or id) exists.
   * @throws StoreNotFound when the account does not exist.
   */
  createWithLimit(provider: OidcProvider, limit: number): Promise<OidcProvider>;
  update(arn: string, patch: OidcProviderPatch): Promise<OidcProvider | undefined>;
  /** Deletes the provider with its tags. False when there was none. */
  delete(arn: string): Promise<boolean>;
  /** The account's providers, ordered by ARN. */
  listAll(accountId: string): Promise<OidcProvider[]>;
}

/** Changes to a SAML provider: an absent member stays; null clears an optional one. */
export interface SamlProviderPatch {
  readonly metadataDocument?: string;
  readonly validUntil?: Date | null;
  readonly assertionEncryptionMode?: 'Required' | 'Allowed' | null;
  /** Replaces the provider's private keys. */
  readonly privateKeys?: readonly SamlPrivateKey[];
}

export interface SamlProviderRepository {
  get(arn: string): Promise<SamlProvider | undefined>;
  /** As `get`, and holds the provider until the transaction ends. */
  getForUpdate(arn: string): Promise<SamlProvider | undefined>;
  /**
   * Adds the provider (with its private keys) only while the account has fewer than `limit`.
   * @throws StoreLimitExceeded when the account is at the limit (nothing is written).
   * @throws StoreConflict when the account has one of that name (in any case), or the ARN or id exists.
   * @throws StoreNotFound when the account does not exist.
   */
  createWithLimit(provider: SamlProvider, limit: number): Promise<SamlProvider>;
  update(arn: string, patch: SamlProviderPatch): Promise<SamlProvider | undefined>;
  /** Deletes the provider with its keys and tags. False when there was none. */
  delete(arn: string): Promise<boolean>;
  /** The account's providers, ordered by ARN. */
  listAll(accountId: string): Promise<SamlProvider[]>;
}

/** The account's alias: at most one per account, unique across the accounts of the installation. */
export interface AccountAliasRepository {
  /** The account's alias, if it has one. */
  get(accountId: string): Promise<string | undefined>;
  /**
   * Gives the account this alias, replacing the one it had (IAM keeps one alias per account).
   * @throws StoreConflict when another account has the alias.
   * @throws StoreNotFound when the account does not exist.
   */
  set(accountId: string, alias: string): Promise<void>;
  /** Removes the alias when the account has it. False when it does not. */
  delete(accountId: string, alias: string): Promise<boolean>;
}

/** Account-wide settings as named text values (e.g. the STS global endpoint token version). */
export interface AccountSettingRepository {
  get(accountId: string, name: string): Promise<string | undefined>;
  /**
   * Sets the value, replacing the one it had.
   * @throws StoreNotFound when the account does not exist.
   */
  set(accountId: string, name: string, value: string): Promise<void>;
}

/** SSH public keys of IAM users (UploadSSHPublicKey and its family). */
export interface SshPublicKeyRepository {
  get(sshPublicKeyId: string): Promise<SshPublicKey | undefined>;
  /** A page of the user's keys (user by name, case-insensitively), oldest first. */
  listForUser(accountId: string, userName: string, request?: PageRequest): Promise<Page<SshPublicKey>>;
  countForUser(accountId: string, userName: string): Promise<number>;
  /**
   * @throws StoreConflict when the user already has a key of that fingerprint, or the id exists.
   * @throws StoreNotFound when the user does not exist.
   */
  create(key: SshPublicKey): Promise<SshPublicKey>;
  /**
   * As `create`, only while the user has fewer than `limit` keys (exactly one of several racing
   * uploads gets the last slot).
   * @throws StoreLimitExceeded when the user is at the limit (nothing is written).
   */
  createWithLimit(key: SshPublicKey, limit: number): Promise<SshPublicKey>;
  /** False when there is no such key. */
  setStatus(sshPublicKeyId: string, status: AccessKeyStatus): Promise<boolean>;
  delete(sshPublicKeyId: string): Promise<boolean>;
}

export interface ServiceCredentialListRequest extends PageRequest {
  /** Only credentials for this service. */
  readonly serviceName?: string;
}

/** Service-specific credentials of IAM users (CreateServiceSpecificCredential and its family). */
export interface ServiceCredentialRepository {
  get(serviceSpecificCredentialId: string): Promise<ServiceSpecificCredential | undefined>;
  /** A page of the user's credentials (user by name, case-insensitively), oldest first. */
  listForUser(accountId: string, userName: string, request?: ServiceCredentialListRequest): Promise<Page<ServiceSpecificCredential>>;
  /** A page of the credentials of every user of the account, oldest first. */
  listForAccount(accountId: string, request?: ServiceCredentialListRequest): Promise<Page<ServiceSpecificCredential>>;
  /** The user's credentials, for one service when serviceName is given. */
  countForUser(accountId: string, userName: string, serviceName?: string): Promise<number>;
  /**
   * @throws StoreConflict when the id exists.
   * @throws StoreNotFound when the user does not exist.
   */
  create(credential: ServiceSpecificCredential): Promise<ServiceSpecificCredential>;
  /**
   * As `create`, only while the user has fewer than `limit` credentials for the credential's
   * service (exactly one of several racing creates gets the last slot).
   * @throws StoreLimitExceeded when the user is at the limit for that service (nothing is written).
   */
  createWithLimit(credential: ServiceSpecificCredential, limit: number): Promise<ServiceSpecificCredential>;
  /** False when there is no such credential. */
  setStatus(serviceSpecificCredentialId: string, status: AccessKeyStatus): Promise<boolean>;
  /** Replaces the sealed password or secret (ResetServiceSpecificCredential). False when there is none. */
  setSecret(serviceSpecificCredentialId: string, secretCiphertext: Uint8Array): Promise<boolean>;
  delete(serviceSpecificCredentialId: string): Promise<boolean>;
}

/** Which virtual MFA devices a listing takes (ListVirtualMFADevices' AssignmentStatus). */
export type MfaAssignmentStatus = 'Assigned' | 'Unassigned' | 'Any';

export interface MfaDeviceListRequest extends PageRequest {
  /** 'Any' by default. */
  readonly assignmentStatus?: MfaAssignmentStatus;
}

/** Assigning a device to a user (EnableMFADevice), with the step its codes were accepted for. */
export interface MfaAssignment {
  readonly userId: string;
  readonly enableDate: Date;
  /** The step of the later of the two codes; the device then accepts only later steps. */
  readonly step: number;
  readonly driftSteps: number;
}

/**
 * Virtual MFA devices, addressed by account and serial number (the device ARN). A TOTP code is
 * accepted once: every acceptance moves the device's lastStep forward through one conditional
 * UPDATE, so of several transactions presenting the same step exactly one succeeds.
 */
export interface MfaDeviceRepository {
  get(accountId: string, serialNumber: string): Promise<MfaDevice | undefined>;
  /**
   * @throws StoreConflict when the account has a device of that name (in any case) or the serial exists.
   * @throws StoreNotFound when the account does not exist.
   */
  create(device: NewMfaDevice): Promise<MfaDevice>;
  /**
   * Deletes the device with its tags, only while it is unassigned.
   */
  deleteUnassigned(accountId: string, serialNumber: string): Promise<'deleted' | 'in-use' | 'not-found'>;
  /**
   * Assigns an unassigned device to a user when the user has fewer than `limit` devices and
   * `assignment.step` is later than the device's lastStep (exactly one of several racing
   * assignments succeeds). 'in-use': the device is assigned already; 'replayed': the step was
   * not later than the last accepted one.
   * @throws StoreLimitExceeded when the user is at the limit (nothing is written).
   * @throws StoreNotFound when the user does not exist.
   */
  assignWithLimit(accountId: string, serialNumber: string, assignment: MfaAssignment, limit: number): Promise<'assigned' | 'in-use' | 'replayed' | 'not-found'>;
  /** Unassigns the device from this user (its lastStep stays). False when it was not theirs. */
  unassign(accountId: string, serialNumber: string, userId: string): Promise<boolean>;
  /**
   * Accepts a code's step: moves lastStep to `step` only when it is later than lastStep (one
   * conditional UPDATE), and sets driftSteps when given (resync). False when the step was not
   * later (a replay, or a racer took it first) or there is no such device.
   */
  consumeStep(accountId: string, serialNumber: string, step: number, driftSteps?: number): Promise<boolean>;
  /** The account's devices, ordered by name case-insensitively. */
  list(accountId: string, request?: MfaDeviceListRequest): Promise<Page<MfaDevice>>;
  /** The devices assigned to a user (by stable id), ordered by name case-insensitively. */
  listForUser(userId: string, request?: PageRequest): Promise<Page<MfaDevice>>;
  countForUser(userId: string): Promise<number>;
  /** The account's devices, and how many of them are assigned (GetAccountSummary). */
  count(accountId: string): Promise<{ devices: number; assigned: number }>;
}

export interface OrgPolicyPatch {
  readonly name?: string;
  readonly description?: string;
  readonly content?: string;
}

/**
 * AWS Organizations: one organization per management account, its roots and OUs, member accounts,
 * policies and attachments, account-creation requests and tags. Ids are made by the caller.
 * Listings are in creation order.
 */
export interface OrganizationRepository {
  /**
   * Creates the organization with its root, the management account as its first member and the
   * AWS-managed policies. StoreConflict when the account is already in an organization.
   */
  create(organization: Organization, root: OrgUnit, management: OrgAccount, managedPolicies: readonly OrgPolicy[]): Promise<void>;
  get(organizationId: string): Promise<Organization | undefined>;
  /**
   * As get, holding the organization's row lock until the transaction ends (where the store has
   * row locks): writers that check a quota of the organization queue up behind it.
   */
  getForUpdate(organizationId: string): Promise<Organization | undefined>;
  /** The account's membership (undefined: in no organization). */
  membership(accountId: string): Promise<OrgAccount | undefined>;
  /** Deletes the organization and everything in it (the accounts themselves stay). */
  delete(organizationId: string): Promise<void>;

  /** A root or an OU of the organization. */
  getUnit(organizationId: string, id: string): Promise<OrgUnit | undefined>;
  /** The roots (parentId null) or the OUs directly under a parent. */
  listUnits(organizationId: string, parentId: string | null): Promise<OrgUnit[]>;
  /** StoreConflict when the parent has an OU of that name. */
  createUnit(unit: OrgUnit): Promise<OrgUnit>;
  /** StoreConflict when the parent has another OU of that name; StoreNotFound when absent. */
  renameUnit(organizationId: string, id: string, name: string): Promise<OrgUnit>;
  /** Deletes an OU with its attachments and tags. */
  deleteUnit(organizationId: string, id: string): Promise<void>;

  /** StoreConflict when the account is in an organization or the email is taken in this one. */
  addAccount(account: OrgAccount): Promise<OrgAccount>;
  getAccount(organizationId: string, accountId: string): Promise<OrgAccount | undefined>;
  /** The organization's accounts, or those directly under a parent. */
  listAccounts(organizationId: string, parentId?: string): Promise<OrgAccount[]>;
  countAccounts(organizationId: string): Promise<number>;
  moveAccount(organizationId: string, accountId: string, parentId: string): Promise<void>;
  setAccountStatus(organizationId: string, accountId: string, status: OrgAccountStatus): Promise<void>;
  /** Ends the membership, with the account's attachments and tags. */
  removeAccount(organizationId: string, accountId: string): Promise<void>;

  enabledPolicyTypes(rootId: string): Promise<OrgPolicyType[]>;
  setPolicyType(rootId: string, type: OrgPolicyType, enabled: boolean): Promise<void>;

  /** StoreConflict when a policy of that type has the name. */
  createPolicy(policy: OrgPolicy): Promise<OrgPolicy>;
  getPolicy(organizationId: string, id: string): Promise<OrgPolicy | undefined>;
  /** StoreConflict on a taken name; StoreNotFound when absent. */
  updatePolicy(organizationId: string, id: string, patch: OrgPolicyPatch): Promise<OrgPolicy>;
  deletePolicy(organizationId: string, id: string): Promise<void>;
  listPolicies(organizationId: string, type: OrgPolicyType): Promise<OrgPolicy[]>;

  /** StoreConflict when already attached. */
  attach(organizationId: string, policyId: string, targetId: string, at: Date): Promise<void>;
  /** Whether it was attached. */
  detach(organizationId: string, policyId: string, targetId: string): Promise<boolean>;
  /** Detaches every policy of the type from every target. */
  detachAll(organizationId: string, type: OrgPolicyType): Promise<void>;
  policiesForTarget(organizationId: string, targetId: string, type: OrgPolicyType): Promise<OrgPolicy[]>;
  targetsForPolicy(organizationId: string, policyId: string): Promise<string[]>;

  putCreateAccountRequest(request: OrgCreateAccountRequest): Promise<void>;
  getCreateAccountRequest(organizationId: string, id: string): Promise<OrgCreateAccountRequest | undefined>;
  listCreateAccountRequests(organizationId: string): Promise<OrgCreateAccountRequest[]>;

  /** A resource's tags, by key. */
  tags(organizationId: string, resourceId: string): Promise<Array<{ key: string; value: string }>>;
  /** Adds or replaces tags by key. */
  putTags(organizationId: string, resourceId: string, tags: ReadonlyArray<{ key: string; value: string }>): Promise<void>;
  removeTags(organizationId: string, resourceId: string, keys: readonly string[]): Promise<void>;

  /** What the organization's policies of `type` say about an account (undefined: in no organization). */
  policyLevels(accountId: string, type: OrgPolicyType): Promise<OrgPolicyLevels | undefined>;
}

/** What a transaction sees: one repository per entity family. */
export interface StoreTx {
  readonly accounts: AccountRepository;
  readonly users: UserRepository;
  readonly accessKeys: AccessKeyRepository;
  readonly userPolicies: UserPolicyRepository;
  readonly tags: TagRepository;
  readonly meta: MetaRepository;
  readonly groups: GroupRepository;
  /** Inline policies of users, groups and roles by owner id. */
  readonly inlinePolicies: InlinePolicyRepository;
  readonly managedPolicies: ManagedPolicyRepository;
  readonly policyAttachments: PolicyAttachmentRepository;
  readonly roles: RoleRepository;
  readonly instanceProfiles: InstanceProfileRepository;
  readonly signingCertificates: SigningCertificateRepository;
  readonly serverCertificates: ServerCertificateRepository;
  readonly oidcProviders: OidcProviderRepository;
  readonly samlProviders: SamlProviderRepository;
  readonly accountAliases: AccountAliasRepository;
  readonly accountSettings: AccountSettingRepository;
  readonly sshPublicKeys: SshPublicKeyRepository;
  readonly serviceCredentials: ServiceCredentialRepository;
  readonly mfaDevices: MfaDeviceRepository;
  readonly organizations: OrganizationRepository;
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
  /**
   * A value that changes whenever committed data may have changed: every write this store
   * committed and, where the database can tell cheaply (SQLite's data_version), every commit made
   * by another process. undefined when the store cannot tell (PostgreSQL shared by several
   * nodes): then a cache over the store must bound its age by time instead.
   */
  changeMarker(): string | undefined;
  /** Waits for running transactions, then releases the database. */
  close(): Promise<void>;
}
