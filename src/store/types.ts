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

/** A signing certificate's status as the caller sets it (AWS's model also names 'Expired'). */
export type SigningCertificateStatus = 'Active' | 'Inactive';

/** An X.509 signing certificate of a user (or of the account's root user). */
export interface SigningCertificate {
  readonly accountId: string;
  /** 32 upper-case letters and digits, unique. */
  readonly certificateId: string;
  /** The owning user's current name; null for a certificate of the account's root user. */
  readonly userName: string | null;
  /** The PEM text as the caller gave it. */
  readonly body: string;
  /** SHA-256 of the certificate's DER, hex: the same certificate twice in an account is refused. */
  readonly fingerprint: string;
  readonly status: SigningCertificateStatus;
  readonly uploadDate: Date;
}

/** A server certificate (for load balancers and CloudFront), with its private key sealed. */
export interface ServerCertificate {
  readonly accountId: string;
  /** The stable id (ASCA...): tags hang on it. */
  readonly serverCertificateId: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  /** The PEM texts as the caller gave them. */
  readonly body: string;
  readonly chain?: string;
  /** The private key, encrypted above the store. */
  readonly privateKeyCiphertext: Uint8Array;
  readonly uploadDate: Date;
  /** The certificate's notAfter. */
  readonly expiration: Date;
}

/** An OpenID Connect identity provider, addressed by its ARN. */
export interface OidcProvider {
  readonly accountId: string;
  /** A stable id of the store's own: tags hang on it. */
  readonly providerId: string;
  /** arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH; unique. */
  readonly arn: string;
  /** HOST/PATH: the URL without its https:// (as GetOpenIDConnectProvider answers it). */
  readonly url: string;
  /** In the order they were added. */
  readonly clientIds: readonly string[];
  /** Hex SHA-1 thumbprints, as given. */
  readonly thumbprints: readonly string[];
  readonly createDate: Date;
}

/** A private key a SAML provider decrypts assertions with; sealed above the store. */
export interface SamlPrivateKey {
  /** 22 or more upper-case letters and digits. */
  readonly keyId: string;
  readonly privateKeyCiphertext: Uint8Array;
  readonly timestamp: Date;
}

/** A SAML 2.0 identity provider, addressed by its ARN. */
export interface SamlProvider {
  readonly accountId: string;
  /** The SAMLProviderUUID (upper-case letters and digits); tags hang on it. */
  readonly providerId: string;
  readonly name: string;
  /** arn:aws:iam::ACCOUNT:saml-provider/NAME; unique. */
  readonly arn: string;
  /** The metadata XML as the caller gave it. */
  readonly metadataDocument: string;
  /** The metadata's validUntil, when it has one. */
  readonly validUntil?: Date;
  readonly createDate: Date;
  readonly assertionEncryptionMode?: 'Required' | 'Allowed';
  /** Oldest first. */
  readonly privateKeys: readonly SamlPrivateKey[];
}

/**
 * An SSH public key of an IAM user (for CodeCommit). The key is kept in its canonical OpenSSH
 * form (`ssh-rsa <base64 blob>`, no comment): either encoding GetSSHPublicKey asks for is derived
 * from it.
 */
export interface SshPublicKey {
  /** APKA... (20 characters). */
  readonly sshPublicKeyId: string;
  readonly accountId: string;
  /** The owning user's current name. */
  readonly userName: string;
  /** `ssh-rsa <base64 blob>`. */
  readonly body: string;
  /** MD5 of the key blob, colon-separated hex; unique per user (DuplicateSSHPublicKey). */
  readonly fingerprint: string;
  readonly status: AccessKeyStatus;
  readonly uploadDate: Date;
}

/**
 * A service-specific credential of an IAM user (CodeCommit and Keyspaces passwords, Bedrock and
 * CloudWatch Logs API keys). The password or secret arrives sealed, as access-key secrets do.
 */
export interface ServiceSpecificCredential {
  /** ACCA... (21 characters). */
  readonly serviceSpecificCredentialId: string;
  readonly accountId: string;
  /** The owning user's current name. */
  readonly userName: string;
  /** e.g. codecommit.amazonaws.com. */
  readonly serviceName: string;
  /** `<user>-at-<account>`, fixed when the credential is created. */
  readonly serviceUserName: string;
  /** The public part of an API key (services with API keys only). */
  readonly serviceCredentialAlias?: string;
  /** The password or secret, encrypted above the store. */
  readonly secretCiphertext: Uint8Array;
  readonly status: AccessKeyStatus;
  readonly createDate: Date;
  /** When an API key created with CredentialAgeDays stops working. */
  readonly expirationDate?: Date;
}

/**
 * A virtual MFA device. Its serial number is its ARN (arn:aws:iam::ACCOUNT:mfa/PATH+NAME); the
 * TOTP seed arrives sealed, as access-key secrets do.
 */
export interface MfaDevice {
  readonly serialNumber: string;
  readonly accountId: string;
  readonly name: string;
  readonly path: string;
  /** The Base32 TOTP seed, encrypted above the store. */
  readonly seedCiphertext: Uint8Array;
  readonly createDate: Date;
  /** The user the device is assigned to (stable id and current name); absent while unassigned. */
  readonly userId?: string;
  readonly userName?: string;
  readonly enableDate?: Date;
  /** The last time step a code was accepted for: a code is accepted once, for a later step only. */
  readonly lastStep?: number;
  /** How many steps the device's clock is ahead (+) or behind (-), as enable and resync found it. */
  readonly driftSteps: number;
}

/** What creating a virtual MFA device takes: an unassigned device. */
export type NewMfaDevice = Pick<MfaDevice, 'serialNumber' | 'accountId' | 'name' | 'path' | 'seedCiphertext' | 'createDate'>;

/** The Organizations policy types Tessera governs with. */
export type OrgPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

export interface Organization {
  /** o-[a-z0-9]{10}. */
  readonly id: string;
  readonly arn: string;
  readonly featureSet: 'ALL';
  readonly managementAccountId: string;
  readonly createdAt: Date;
}

/** A root (no parent) or an organizational unit. */
export interface OrgUnit {
  /** r-[a-z0-9]{4} or ou-<root>-[a-z0-9]{8}. */
  readonly id: string;
  readonly organizationId: string;
  /** undefined: a root. */
  readonly parentId: string | undefined;
  readonly name: string;
  readonly arn: string;
  readonly createdAt: Date;
}

export type OrgAccountStatus = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';

/** An account's membership of an organization. */
export interface OrgAccount {
  readonly accountId: string;
  readonly organizationId: string;
  readonly parentId: string;
  readonly name: string;
  readonly email: string;
  readonly arn: string;
  readonly status: OrgAccountStatus;
  readonly joinedMethod: 'INVITED' | 'CREATED';
  readonly joinedAt: Date;
}

export interface OrgPolicy {
  readonly organizationId: string;
  /** p-[a-z0-9]{8}, or p-FullAWSAccess / p-RCPFullAWSAccess for the AWS-managed ones. */
  readonly id: string;
  readonly type: OrgPolicyType;
  readonly name: string;
  readonly description: string;
  readonly content: string;
  readonly arn: string;
  readonly awsManaged: boolean;
  readonly createdAt: Date;
}

export interface OrgCreateAccountRequest {
  /** car-[a-z0-9]{32}. */
  readonly id: string;
  readonly organizationId: string;
  readonly accountName: string;
  readonly state: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  readonly requestedAt: Date;
  readonly completedAt?: Date;
  readonly accountId?: string;
  readonly failureReason?: string;
}

/** The organization policies of one type that bear on an account, level by level. */
export interface OrgPolicyLevels {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly rootId: string;
  /** root id, then each OU id from the root down to the account's parent */
  readonly path: readonly string[];
  /** policy type enabled on the root */
  readonly enabled: boolean;
  /**
   * one entry per level: root, each OU down the path, then the account itself; each with the
   * policies of that type attached directly to that target
   */
  readonly levels: ReadonlyArray<{ readonly targetId: string; readonly policies: ReadonlyArray<{ readonly id: string; readonly name: string; readonly content: string }> }>;
}
