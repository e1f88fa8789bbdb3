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

/** The kinds of resource that carry tags. Later milestones add 'role', 'policy', ... */
export type TagResourceType = 'user';

/**
 * Whether a resource type's tag keys are unique regardless of case. IAM users and roles treat
 * `Department` and `department` as one key (the newer tag replaces the older, keeping the case it
 * was given); other IAM resources (customer managed policies, instance profiles, identity
 * providers, server certificates, MFA devices) keep them apart.
 */
export const TAG_KEYS_IGNORE_CASE: Readonly<Record<TagResourceType, boolean>> = {
  user: true,
};

/** Which resource a tag belongs to. */
export interface TagOwner {
  readonly resourceType: TagResourceType;
  /** The resource's stable id (a user's AIDA... id), never its name: a rename keeps the tags. */
  readonly resourceKey: string;
}

export interface Tag extends TagOwner {
  readonly key: string;
  readonly value: string;
}
