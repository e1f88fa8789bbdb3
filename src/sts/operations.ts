// STS operations: AssumeRole, GetSessionToken, GetFederationToken, GetCallerIdentity,
// GetAccessKeyInfo. Temporary credentials carry what they are in their sealed token
// (token.ts); requests made with them are authorized as session.ts says.

import { defineOperation, type Caller, type OperationRequest, type Target } from '../iam/operation.js';
import { IamError } from '../iam/errors.js';
import { accountOfAccessKeyId } from '../lib/ids.js';
import type { Role } from '../store/types.js';
import type { PolicyCache } from '../evaluation/index.js';
import { assumedRoleArn, federatedUserArn } from './session.js';
import {
  checkMfa,
  checkPackedSize,
  checkSessionPolicy,
  issue,
  packedPolicySize,
  policyArns,
  sessionTagContext,
  sessionTags,
  type PolicyArnInput,
  type TagInput,
} from './credentials.js';

/** Role chaining caps a session at one hour (id_roles_terms-and-concepts.html#iam-term-role-chaining). */
export const CHAINED_MAX_SECONDS = 3600;
const HOUR = 3600;

function accessDenied(caller: Caller, action: string, resource: string): IamError {
  return new IamError('AccessDenied', `User: ${'arn' in caller.principal ? caller.principal.arn : ''} is not authorized to perform: ${action} on resource: ${resource}`);
}

const ROLE_ARN = /^arn:([\w-]+):iam::(\d{12}):role(\/.*)?\/([\w+=,.@-]+)$/;

interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  PolicyArns?: PolicyArnInput[];
  Policy?: string;
  DurationSeconds?: number;
  Tags?: TagInput[];
  TransitiveTagKeys?: string[];
  ExternalId?: string;
  SerialNumber?: string;
  TokenCode?: string;
  SourceIdentity?: string;
}

async function trustedRole(req: OperationRequest<AssumeRoleInput>): Promise<Role | undefined> {
  const m = ROLE_ARN.exec(req.input.RoleArn);
  if (!m) return undefined;
  const role = await req.tx.roles.get(m[2] ?? '', m[4] ?? '');
  // The ARN names the role with its path; another path is another (absent) role.
  return role && role.arn === req.input.RoleArn ? role : undefined;
}

function trustPolicy(cache: PolicyCache, role: Role) {
  const r = cache.load(role.assumeRolePolicyDocument, { type: 'trust' });
  if (!r.ok) throw new IamError('ServiceFailure', `The trust policy of ${role.arn} failed to parse.`);
  return { id: role.arn, sourceType: 'resource' as const, compiled: r.policy };
}

export const assumeRole = defineOperation<AssumeRoleInput, Record<string, unknown>>({
  name: 'AssumeRole',
  action: 'sts:AssumeRole',
  // Records RoleLastUsed and consumes an MFA code.
  writes: true,
  async target(req) {
    const { input, caller, tx, env } = req;
    if (caller.principal.type === 'root') throw new IamError('AccessDenied', 'Roles may not be assumed by root accounts.');
    const role = await trustedRole(req);
    if (!role) throw accessDenied(caller, 'sts:AssumeRole', input.RoleArn);
    const mfaAt = await checkMfa(tx, env, caller.accountId, input.SerialNumber, input.TokenCode, caller.user?.userId);
    const carried = carriedTags(caller);
    const tags = [...carried, ...sessionTags(input.Tags, input.TransitiveTagKeys)];
    const context: NonNullable<Target['context']> = [['sts:RoleSessionName', input.RoleSessionName], ...sessionTagContext(tags)];
    if (input.ExternalId !== undefined) context.push(['sts:ExternalId', input.ExternalId]);
    if (input.TransitiveTagKeys && input.TransitiveTagKeys.length > 0) context.push(['sts:TransitiveTagKeys', input.TransitiveTagKeys]);
    const sourceIdentity = caller.session?.sourceIdentity ?? input.SourceIdentity;
    if (sourceIdentity !== undefined) context.push(['sts:SourceIdentity', sourceIdentity]);
    if (mfaAt !== undefined) context.push(['aws:MultiFactorAuthPresent', 'true'], ['aws:MultiFactorAuthAge', '0']);
    const also: string[] = [];
    if (tags.length > 0) also.push('sts:TagSession');
    if (input.SourceIdentity !== undefined && caller.session?.sourceIdentity === undefined) also.push('sts:SetSourceIdentity');
    return {
      resource: role.arn,
      resourceAccount: role.accountId,
      resourcePolicy: trustPolicy(env.policies, role),
      resourceRequired: true,
      context,
      alsoActions: also,
      facts: { role, mfaAt, tags, sourceIdentity },
    };
  },
  async handle({ input, caller, tx, env, target }) {
    const facts = target?.facts as { role: Role; mfaAt?: number; tags: Array<[string, string]>; sourceIdentity?: string } | undefined;
    if (!facts) throw new TypeError('AssumeRole handled without its target');
    const { role, tags } = facts;
    if (caller.session?.sourceIdentity !== undefined && input.SourceIdentity !== undefined && input.SourceIdentity !== caller.session.sourceIdentity) {
      throw new IamError('AccessDenied', 'The source identity cannot be changed once set on a session.');
    }
    const chained = caller.session?.kind === 'assumed-role';
    const duration = input.DurationSeconds ?? HOUR;
    if (chained && duration > CHAINED_MAX_SECONDS) {
      throw new IamError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    }
    if (duration > role.maxSessionDuration) {
      throw new IamError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    checkSessionPolicy(input.Policy);
    const arns = policyArns(input.PolicyArns);
    const packed = packedPolicySize(input.Policy, arns, tags);
    checkPackedSize(packed);
    const now = env.clock.now();
    const transitive = [...new Set([...(caller.session?.transitiveTagKeys ?? []), ...(input.TransitiveTagKeys ?? [])])];
    const { credentials } = issue(env, {
      kind: 'assumed-role',
      account: role.accountId,
      issuedAt: now.getTime(),
      expiresAt: now.getTime() + duration * 1000,
      role: { id: role.roleId, arn: role.arn, name: role.name },
      sessionName: input.RoleSessionName,
      ...(input.Policy !== undefined ? { policy: input.Policy } : {}),
      ...(arns.length > 0 ? { policyArns: arns } : {}),
      ...(tags.length > 0 ? { tags } : {}),
      ...(transitive.length > 0 ? { transitiveTagKeys: transitive } : {}),
      ...(facts.sourceIdentity !== undefined ? { sourceIdentity: facts.sourceIdentity } : {}),
      ...(facts.mfaAt !== undefined ? { mfaAuthenticatedAt: facts.mfaAt } : caller.session?.mfaAuthenticatedAt !== undefined ? { mfaAuthenticatedAt: caller.session.mfaAuthenticatedAt } : {}),
      ...(chained ? { chained: true } : {}),
    });
    await tx.roles.update(role.accountId, role.name, { lastUsed: { date: now, region: caller.region } });
    return {
      Credentials: credentials,
      AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${input.RoleSessionName}`, Arn: assumedRoleArn(caller.partition, role.accountId, role.name, input.RoleSessionName) },
      ...(input.Policy !== undefined || arns.length > 0 || tags.length > 0 ? { PackedPolicySize: packed } : {}),
      ...(facts.sourceIdentity !== undefined ? { SourceIdentity: facts.sourceIdentity } : {}),
    };
  },
});

/** The tags a chained session inherits: the caller session's transitive ones. */
function carriedTags(caller: Caller): Array<[string, string]> {
  const s = caller.session;
  if (!s || s.kind !== 'assumed-role' || !s.transitiveTagKeys || !s.tags) return [];
  const keys = new Set(s.transitiveTagKeys.map((k) => k.toLowerCase()));
  return s.tags.filter(([k]) => keys.has(k.toLowerCase())).map(([k, v]) => [k, v]);
}

interface GetSessionTokenInput {
  DurationSeconds?: number;
  SerialNumber?: string;
  TokenCode?: string;
}

/** GetSessionToken and GetFederationToken: 15 minutes to 36 hours for users, 1 hour for root. */
function longTermDuration(caller: Caller, requested: number | undefined): number {
  const duration = requested ?? 12 * HOUR;
  if (caller.principal.type === 'root' && duration > HOUR) return HOUR;
  return duration;
}

export const getSessionToken = defineOperation<GetSessionTokenInput, Record<string, unknown>>({
  name: 'GetSessionToken',
  action: 'sts:GetSessionToken',
  // Consumes an MFA code. No permission is needed (id_credentials_temp_control-access_getsessiontoken.html).
  writes: true,
  target: () => ({ resource: '*' }),
  async handle({ input, caller, tx, env }) {
    const mfaAt = await checkMfa(tx, env, caller.accountId, input.SerialNumber, input.TokenCode, caller.user?.userId);
    const duration = longTermDuration(caller, input.DurationSeconds);
    const now = env.clock.now().getTime();
    const user = caller.user;
    const { credentials } = issue(env, {
      kind: 'session-token',
      account: caller.accountId,
      issuedAt: now,
      expiresAt: now + duration * 1000,
      ...(user ? { user: { id: user.userId, name: user.name, arn: user.arn } } : {}),
      ...(mfaAt !== undefined ? { mfaAuthenticatedAt: mfaAt } : {}),
    });
    return { Credentials: credentials };
  },
});

interface GetFederationTokenInput {
  Name: string;
  Policy?: string;
  PolicyArns?: PolicyArnInput[];
  DurationSeconds?: number;
  Tags?: TagInput[];
}

export const getFederationToken = defineOperation<GetFederationTokenInput, Record<string, unknown>>({
  name: 'GetFederationToken',
  action: 'sts:GetFederationToken',
  writes: false,
  target({ input, caller }) {
    const tags = sessionTags(input.Tags, undefined);
    const resource = federatedUserArn(caller.partition, caller.accountId, input.Name);
    return { resource, context: sessionTagContext(tags), alsoActions: tags.length > 0 ? ['sts:TagSession'] : [], facts: { tags } };
  },
  async handle({ input, caller, env, target }) {
    const tags = (target?.facts?.tags as Array<[string, string]> | undefined) ?? [];
    checkSessionPolicy(input.Policy);
    const arns = policyArns(input.PolicyArns);
    const packed = packedPolicySize(input.Policy, arns, tags);
    checkPackedSize(packed);
    const duration = longTermDuration(caller, input.DurationSeconds);
    const now = env.clock.now().getTime();
    const user = caller.user;
    const { credentials } = issue(env, {
      kind: 'federated-user',
      account: caller.accountId,
      issuedAt: now,
      expiresAt: now + duration * 1000,
      federatedName: input.Name,
      ...(user ? { user: { id: user.userId, name: user.name, arn: user.arn } } : {}),
      ...(input.Policy !== undefined ? { policy: input.Policy } : {}),
      ...(arns.length > 0 ? { policyArns: arns } : {}),
      ...(tags.length > 0 ? { tags } : {}),
    });
    return {
      Credentials: credentials,
      FederatedUser: { FederatedUserId: `${caller.accountId}:${input.Name}`, Arn: federatedUserArn(caller.partition, caller.accountId, input.Name) },
      ...(input.Policy !== undefined || arns.length > 0 || tags.length > 0 ? { PackedPolicySize: packed } : {}),
    };
  },
});

export const getCallerIdentity = defineOperation<Record<string, never>, Record<string, unknown>>({
  name: 'GetCallerIdentity',
  // AWS never denies GetCallerIdentity: the server does not authorize it (see ALWAYS_ALLOWED).
  action: 'sts:GetCallerIdentity',
  writes: false,
  target: () => ({ resource: '*' }),
  async handle({ caller }) {
    const p = caller.principal;
    const s = caller.session;
    let userId: string;
    if (s?.kind === 'assumed-role' && s.role) userId = `${s.role.id}:${s.sessionName ?? ''}`;
    else if (s?.kind === 'federated-user') userId = `${caller.accountId}:${s.federatedName ?? ''}`;
    else if (caller.user) userId = caller.user.userId;
    else userId = caller.accountId;
    return { UserId: userId, Account: caller.accountId, Arn: 'arn' in p ? p.arn : '' };
  },
});

export const getAccessKeyInfo = defineOperation<{ AccessKeyId: string }, Record<string, unknown>>({
  name: 'GetAccessKeyInfo',
  action: 'sts:GetAccessKeyInfo',
  writes: false,
  target: () => ({ resource: '*' }),
  async handle({ input, tx }) {
    // A key this server keeps answers from its row; any other id (a session's ASIA key, another
    // node's) names its account in its bits, as AWS's ids do (ids.ts accountOfAccessKeyId).
    const key = await tx.accessKeys.get(input.AccessKeyId);
    const account = key?.accountId ?? accountOfAccessKeyId(input.AccessKeyId);
    if (account === undefined) throw new IamError('InvalidParameterValue', `The access key ID ${input.AccessKeyId} is not valid.`);
    return { Account: account };
  },
});

export const decodeAuthorizationMessage = defineOperation<{ EncodedMessage: string }, Record<string, unknown>>({
  name: 'DecodeAuthorizationMessage',
  action: 'sts:DecodeAuthorizationMessage',
  writes: false,
  target: () => ({ resource: '*' }),
  async handle({ input, env }) {
    const decoded = env.authorizationMessages?.decode(input.EncodedMessage.trim());
    if (decoded === undefined) throw new IamError('InvalidAuthorizationMessageException', 'The encoded authorization message is not valid.');
    return { DecodedMessage: decoded };
  },
});
