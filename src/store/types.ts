// The store's entities: plain typed records, as the repositories hand them out and take them in.
// Names keep the case they were given; uniqueness is case-insensitive where IAM's is (the store
// keeps a lower-cased twin column for that). Times are Date objects here and ISO 8601 text in
// the database. Secrets arrive already encrypted: the store never sees a plaintext secret.

/** An AWS account: the owner of every IAM entity. */
export interface Account {
  /** 12 digits. */
  readonly id: string;
  readonly createdAt: Date;
}

export interface User {
  readonly accountId: string;
  /** The stable id (AIDA...): children (keys, policies, tags) hang on it, so a rename moves nothing. */
  readonly userId: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: Date;
  readonly passwordLastUsed?: Date;
  readonly permissionsBoundaryArn?: string;
}

export type AccessKeyStatus = 'Active' | 'Inactive';

export interface AccessKey {
  readonly accessKeyId: string;
  readonly accountId: string;
  /** The owning user's current name; null for a key of the account's root user. */
  readonly userName: string | null;
  readonly status: AccessKeyStatus;
  /** The secret access key, encrypted above the store. */
  readonly secretCiphertext: Uint8Array;
  readonly createDate: Date;
  readonly lastUsedDate?: Date;
  readonly lastUsedService?: string;
  readonly lastUsedRegion?: string;
}

/** What creating an access key takes: the key without its usage record. */
export type NewAccessKey = Omit<AccessKey, 'lastUsedDate' | 'lastUsedService' | 'lastUsedRegion'>;

/** An inline policy embedded in a user. */
export interface UserPolicy {
  readonly accountId: string;
  readonly userName: string;
  readonly policyName: string;
  /** The policy document as the caller gave it (JSON text). */
  readonly document: string;
}

/** The kinds of resource that carry tags. */
export type TagResourceType =
  | 'user'
  | 'role'
  | 'policy'
  | 'instance-profile'
  | 'oidc-provider'
  | 'saml-provider'
  | 'server-certificate'
  | 'mfa';

/**
 * Whether a resource type's tag keys are unique regardless of case. IAM users and roles treat
 * `Department` and `department` as one key (the newer tag replaces the older, keeping the case it
 * was given); other IAM resources (customer managed policies, instance profiles, identity
 * providers, server certificates, MFA devices) keep them apart.
 */
export const TAG_KEYS_IGNORE_CASE: Readonly<Record<TagResourceType, boolean>> = {
  user: true,
  role: true,
  policy: false,
  'instance-profile': false,
  'oidc-provider': false,
  'saml-provider': false,
  'server-certificate': false,
  mfa: false,
};

/** Which resource a tag belongs to. */
export interface TagOwner {
  readonly resourceType: TagResourceType;
  /**
   * The resource's stable id (a user's AIDA..., a role's AROA..., a managed policy's ANPA..., an
   * instance profile's AIPA... id), never its name: a rename keeps the tags.
   */
  readonly resourceKey: string;
}

export interface Tag extends TagOwner {
  readonly key: string;
  readonly value: string;
}

/** The IAM identities that hold policies: inline ones, attached managed ones. */
export type IdentityType = 'user' | 'group' | 'role';

export interface Group {
  readonly accountId: string;
  /** The stable id (AGPA...): memberships and policies hang on it, so a rename moves nothing. */
  readonly groupId: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: Date;
}

export interface Role {
  readonly accountId: string;
  /** The stable id (AROA...): policies, tags and instance profiles hang on it. */
  readonly roleId: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: Date;
  /** The trust policy (JSON text, as the caller gave it). */
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  /** Seconds (3600 to 43200 in IAM). */
  readonly maxSessionDuration: number;
  readonly permissionsBoundaryArn?: string;
  readonly lastUsedDate?: Date;
  readonly lastUsedRegion?: string;
}

/**
 * An inline policy embedded in a user, group or role, addressed by its owner's stable id (the
 * user-name keyed UserPolicy stays for the user operations).
 */
export interface InlinePolicy {
  readonly ownerType: IdentityType;
  /** The owner's stable id (AIDA..., AGPA..., AROA...). */
  readonly ownerId: string;
  readonly policyName: string;
  /** The policy document as the caller gave it (JSON text). */
  readonly document: string;
}

/** A customer managed policy (AWS managed ones live outside the store). */
export interface ManagedPolicy {
  readonly accountId: string;
  /** The stable id (ANPA...): versions and tags hang on it. */
  readonly policyId: string;
  readonly name: string;
  readonly path: string;
  /** arn:aws:iam::ACCOUNT:policy{path}{name}; unique, and how the operations address a policy. */
  readonly arn: string;
  readonly description?: string;
  /** 'v1', 'v2', ...: the version in force. */
  readonly defaultVersionId: string;
  readonly createDate: Date;
  /** When the newest version was created (the create date while there is only v1). */
  readonly updateDate: Date;
}

/** What creating a managed policy takes: v1 becomes its default version, created with it. */
export type NewManagedPolicy = Omit<ManagedPolicy, 'defaultVersionId' | 'updateDate'>;

export interface PolicyVersion {
  readonly policyId: string;
  readonly policyArn: string;
  /** 'v1', 'v2', ...: numbers are never reused, even after a version is deleted. */
  readonly versionId: string;
  readonly document: string;
  readonly isDefault: boolean;
  readonly createDate: Date;
}

/** A managed policy (customer or AWS managed) attached to a user, group or role. */
export interface AttachedPolicy {
  readonly policyArn: string;
  /** The ARN's last path segment. */
  readonly policyName: string;
}

/** An identity a managed policy is attached to (ListEntitiesForPolicy). */
export interface PolicyEntity {
  readonly entityType: IdentityType;
  /** The stable id (AIDA..., AGPA..., AROA...). */
  readonly entityId: string;
  readonly name: string;
  readonly path: string;
}

export interface InstanceProfile {
  readonly accountId: string;
  /** The stable id (AIPA...). */
  readonly instanceProfileId: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate: Date;
}
