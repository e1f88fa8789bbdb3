// The account itself: its alias (CreateAccountAlias, DeleteAccountAlias, ListAccountAliases), its
// STS preference (SetSecurityTokenServicePreferences) and GetAccountSummary, whose counts are read
// from the store and whose quotas are the ones the operations enforce.

import { POLICY_SIZE_LIMITS } from '../policy/validate.js';
import { StoreConflict } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import { MAX_ACCESS_KEYS_PER_USER } from './access-keys.js';
import { isAwsManagedArn } from './aws-managed.js';
import { IamError } from './errors.js';
import { GROUP_INLINE_AGGREGATE, MAX_GROUPS_PER_ACCOUNT, MAX_GROUPS_PER_USER } from './groups.js';
import { defineOperation } from './operation.js';
import { MAX_ATTACHED, MAX_POLICIES_PER_ACCOUNT, MAX_VERSIONS } from './policies.js';
import { MAX_ROLES_PER_ACCOUNT, ROLE_INLINE_AGGREGATE } from './roles.js';
import { USER_INLINE_AGGREGATE } from './user-policies.js';
import { MAX_USERS_PER_ACCOUNT } from './users.js';

/** IAM's quotas as GetAccountSummary reports them (reference_iam-quotas.html). */
export const ACCOUNT_QUOTAS = {
  UsersQuota: MAX_USERS_PER_ACCOUNT,
  GroupsQuota: MAX_GROUPS_PER_ACCOUNT,
  RolesQuota: MAX_ROLES_PER_ACCOUNT,
  PoliciesQuota: MAX_POLICIES_PER_ACCOUNT,
  InstanceProfilesQuota: 1000,
  ServerCertificatesQuota: 20,
  GroupsPerUserQuota: MAX_GROUPS_PER_USER,
  AccessKeysPerUserQuota: MAX_ACCESS_KEYS_PER_USER,
  SigningCertificatesPerUserQuota: 2,
  AttachedPoliciesPerUserQuota: MAX_ATTACHED,
  AttachedPoliciesPerGroupQuota: MAX_ATTACHED,
  AttachedPoliciesPerRoleQuota: MAX_ATTACHED,
  UserPolicySizeQuota: USER_INLINE_AGGREGATE,
  GroupPolicySizeQuota: GROUP_INLINE_AGGREGATE,
  RolePolicySizeQuota: ROLE_INLINE_AGGREGATE,
  PolicySizeQuota: POLICY_SIZE_LIMITS.identity.limit ?? 6144,
  AssumeRolePolicySizeQuota: POLICY_SIZE_LIMITS.trust.limit ?? 2048,
  VersionsPerPolicyQuota: MAX_VERSIONS,
  PolicyVersionsInUseQuota: 10000,
} as const;

/** The account setting that holds SetSecurityTokenServicePreferences' choice. */
export const STS_TOKEN_VERSION_SETTING = 'sts-global-endpoint-token-version';

export type GlobalEndpointTokenVersion = 'v1Token' | 'v2Token';

/** The account's choice of STS global endpoint token; v1Token until it sets one (AWS's default). */
export async function globalEndpointTokenVersion(tx: StoreTx, accountId: string): Promise<GlobalEndpointTokenVersion> {
  return (await tx.accountSettings.get(accountId, STS_TOKEN_VERSION_SETTING)) === 'v2Token' ? 'v2Token' : 'v1Token';
}

/** What the model's pattern says, checked again here (the handler may be called without the protocol layer). */
const ALIAS_PATTERN = /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;

/**
 * AWS's rules for an alias beyond its pattern: the sign-in URL takes either an account id or an
 * alias, so an alias may not be a 12-digit number.
 */
export function checkAlias(alias: string): void {
  if (!ALIAS_PATTERN.test(alias)) {
    throw new IamError(
      'ValidationError',
      `1 validation error detected: Value '${alias}' at 'accountAlias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$`,
    );
  }
  if (/^\d{12}$/.test(alias)) throw new IamError('InvalidInput', `The account alias ${alias} is not valid: an alias cannot be a 12-digit number.`);
}

export const createAccountAlias = defineOperation<{ AccountAlias: string }, Record<string, unknown>>({
  name: 'CreateAccountAlias',
  action: 'iam:CreateAccountAlias',
  writes: true,
  target: () => ({ resource: '*' }),
  async handle({ input, caller, tx }) {
    checkAlias(input.AccountAlias);
    try {
      // An account has one alias: a new one replaces the old (the old sign-in URL stops working).
      await tx.accountAliases.set(caller.accountId, input.AccountAlias);
    } catch (e) {
      if (e instanceof StoreConflict) throw new IamError('EntityAlreadyExists', `The account alias ${input.AccountAlias} already exists.`);
      throw e;
    }
    return undefined;
  },
});

export const deleteAccountAlias = defineOperation<{ AccountAlias: string }, Record<string, unknown>>({
  name: 'DeleteAccountAlias',
  action: 'iam:DeleteAccountAlias',
  writes: true,
  target: () => ({ resource: '*' }),
  async handle({ input, caller, tx }) {
    if (!(await tx.accountAliases.delete(caller.accountId, input.AccountAlias))) {
      throw new IamError('NoSuchEntity', `The account alias ${input.AccountAlias} cannot be found.`);
    }
    return undefined;
  },
});

export const listAccountAliases = defineOperation<{ Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListAccountAliases',
  action: 'iam:ListAccountAliases',
  writes: false,
  target: () => ({ resource: '*' }),
  async handle({ input, caller, tx }) {
    // At most one alias, and MaxItems is at least 1: the first page holds everything, so no
    // marker is ever handed out and none can come back.
    if (input.Marker !== undefined) throw new IamError('InvalidInput', 'Invalid Marker.');
    const alias = await tx.accountAliases.get(caller.accountId);
    return { AccountAliases: alias !== undefined ? [alias] : [], IsTruncated: false };
  },
});

export const setSecurityTokenServicePreferences = defineOperation<{ GlobalEndpointTokenVersion: GlobalEndpointTokenVersion }, Record<string, unknown>>({
  name: 'SetSecurityTokenServicePreferences',
  action: 'iam:SetSecurityTokenServicePreferences',
  writes: true,
  target: () => ({ resource: '*' }),
  async handle({ input, caller, tx }) {
    const v = input.GlobalEndpointTokenVersion;
    if (v !== 'v1Token' && v !== 'v2Token') {
      throw new IamError(
        'ValidationError',
        `1 validation error detected: Value '${String(v)}' at 'globalEndpointTokenVersion' failed to satisfy constraint: Member must satisfy enum value set: [v1Token, v2Token]`,
      );
    }
    await tx.accountSettings.set(caller.accountId, STS_TOKEN_VERSION_SETTING, v);
    return undefined;
  },
});

/** The usage half of the summary, counted from the store. */
export async function accountUsage(tx: StoreTx, accountId: string): Promise<Record<string, number>> {
  const attachedArns = await tx.policyAttachments.listAttachedPolicyArns(accountId);
  const rootKeys = await tx.accessKeys.countForUser(accountId, null);
  const rootCertificates = (await tx.signingCertificates.listForUser(accountId, null)).length;
  const providers = (await tx.oidcProviders.listAll(accountId)).length + (await tx.samlProviders.listAll(accountId)).length;
  const mfa = await tx.mfaDevices.count(accountId);
  return {
    Users: await tx.users.count(accountId),
    Groups: await tx.groups.count(accountId),
    Roles: await tx.roles.count(accountId),
    Policies: await tx.managedPolicies.count(accountId),
    // Every version of the account's own policies, and the AWS managed policies it has attached.
    PolicyVersionsInUse: (await tx.managedPolicies.countVersionsInAccount(accountId)) + attachedArns.filter(isAwsManagedArn).length,
    InstanceProfiles: await tx.instanceProfiles.count(accountId),
    ServerCertificates: await tx.serverCertificates.count(accountId),
    Providers: providers,
    // Virtual MFA devices, and those assigned to a user. MFA devices are assigned to IAM users
    // only (the store has no root-user assignment), so the root user never has MFA enabled.
    MFADevices: mfa.devices,
    MFADevicesInUse: mfa.assigned,
    AccountMFAEnabled: 0,
    AccountAccessKeysPresent: rootKeys > 0 ? 1 : 0,
    AccountSigningCertificatesPresent: rootCertificates > 0 ? 1 : 0,
  };
}

export const getAccountSummary = defineOperation<Record<string, never>, Record<string, unknown>>({
  name: 'GetAccountSummary',
  action: 'iam:GetAccountSummary',
  writes: false,
  target: () => ({ resource: '*' }),
  async handle({ caller, tx }) {
    const usage = await accountUsage(tx, caller.accountId);
    const token = await globalEndpointTokenVersion(tx, caller.accountId);
    // AccountPasswordPresent is left out as AWS leaves it out while the root user has no console
    // password (Tessera's root user never has one).
    return { SummaryMap: { ...usage, ...ACCOUNT_QUOTAS, GlobalEndpointTokenVersion: token === 'v2Token' ? 2 : 1 } };
  },
});

export const ACCOUNT_OPERATIONS = [createAccountAlias, deleteAccountAlias, listAccountAliases, setSecurityTokenServicePreferences, getAccountSummary];
