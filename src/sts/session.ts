// What a request made with temporary credentials is, for authorization: the principal the
// session stands for, its condition keys and its policy sets (the role's or user's policies
// intersected with the session policies), and what AWS forbids each kind of session to call.

import { fixedSets, type CompiledPolicy, type PolicyCache, type PolicyRef, type PolicySets, type Principal } from '../evaluation/index.js';
import type { ContextValue } from '../policy/context.js';
import type { StoreTx } from '../store/port.js';
import type { User } from '../store/types.js';
import { rolePolicySets, userPolicySets } from '../iam/authorization.js';
import { managedPolicyDocuments } from '../iam/policies.js';
import type { Caller } from '../iam/operation.js';
import { IamError } from '../iam/errors.js';
import type { SessionClaims } from './token.js';

export interface SessionPrincipal {
  readonly caller: Omit<Caller, 'region'>;
  /** Condition keys that hold for every request of the session. */
  readonly context: ReadonlyArray<readonly [string, ContextValue]>;
  readonly sets: PolicySets<CompiledPolicy>;
}

export function assumedRoleArn(partition: string, account: string, roleName: string, sessionName: string): string {
  return `arn:${partition}:sts::${account}:assumed-role/${roleName}/${sessionName}`;
}

export function federatedUserArn(partition: string, account: string, name: string): string {
  return `arn:${partition}:sts::${account}:federated-user/${name}`;
}

/** aws:TokenIssueTime as AWS writes it: ISO 8601 to the second. */
function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The principal, condition keys and policy sets of a session, read from the store once. */
export async function sessionPrincipal(tx: StoreTx, cache: PolicyCache, claims: SessionClaims, partition: string): Promise<SessionPrincipal> {
  const context: Array<readonly [string, ContextValue]> = [
    ['aws:TokenIssueTime', isoSeconds(claims.issuedAt)],
    ['aws:MultiFactorAuthPresent', claims.mfaAuthenticatedAt !== undefined ? 'true' : 'false'],
  ];
  if (claims.sourceIdentity !== undefined) context.push(['aws:SourceIdentity', claims.sourceIdentity]);
  const base = { accountId: claims.account, accessKeyId: claims.akid, partition, session: claims };
  const session = await sessionPolicies(tx, cache, claims);

  switch (claims.kind) {
    case 'assumed-role': {
      const r = claims.role;
      const sessionName = claims.sessionName ?? '';
      if (!r) throw new TypeError('an assumed-role session without its role');
      const arn = assumedRoleArn(partition, claims.account, r.name, sessionName);
      const principal: Principal = { type: 'assumed-role', account: claims.account, arn, roleArn: r.arn };
      context.push(['aws:PrincipalArn', r.arn], ['aws:PrincipalAccount', claims.account], ['aws:PrincipalType', 'AssumedRole'], ['aws:userid', `${r.id}:${sessionName}`]);
      // A role deleted since the session began grants nothing (its policies went with it).
      const role = await tx.roles.getById(r.id);
      const tags = new Map<string, readonly [string, string]>();
      if (role) for (const t of await tx.tags.listAll({ resourceType: 'role', resourceKey: role.roleId })) tags.set(t.key.toLowerCase(), [t.key, t.value]);
      // Session tags win over the role's tags of the same key.
      for (const [k, v] of claims.tags ?? []) tags.set(k.toLowerCase(), [k, v]);
      for (const [k, v] of tags.values()) context.push([`aws:PrincipalTag/${k}`, v]);
      const sets = role ? await rolePolicySets(tx, cache, role) : { identity: [] };
      return { caller: { ...base, principal }, context, sets: fixedSets({ ...sets, session }) };
    }
    case 'federated-user': {
      const name = claims.federatedName ?? '';
      const arn = federatedUserArn(partition, claims.account, name);
      const principal: Principal = { type: 'federated-user', account: claims.account, arn, ...(claims.user ? { userArn: claims.user.arn } : {}) };
      context.push(['aws:PrincipalArn', arn], ['aws:PrincipalAccount', claims.account], ['aws:PrincipalType', 'FederatedUser'], ['aws:userid', `${claims.account}:${name}`]);
      for (const [k, v] of claims.tags ?? []) context.push([`aws:PrincipalTag/${k}`, v]);
      const sets = await ownerSets(tx, cache, claims);
      // Without a session policy a federated user may do nothing: the empty set allows nothing.
      return { caller: { ...base, principal }, context, sets: fixedSets({ ...sets, session: session ?? [] }) };
    }
    case 'session-token': {
      const user = claims.user ? await tx.users.getById(claims.user.id) : undefined;
      let principal: Principal;
      if (claims.user) {
        principal = { type: 'user', account: claims.account, arn: claims.user.arn, userId: claims.user.id };
        context.push(['aws:PrincipalArn', claims.user.arn], ['aws:PrincipalAccount', claims.account], ['aws:PrincipalType', 'User'], ['aws:userid', claims.user.id], ['aws:username', claims.user.name]);
        if (user) for (const t of await tx.tags.listAll({ resourceType: 'user', resourceKey: user.userId })) context.push([`aws:PrincipalTag/${t.key}`, t.value]);
      } else {
        principal = { type: 'root', account: claims.account, arn: `arn:${partition}:iam::${claims.account}:root` };
        context.push(['aws:PrincipalArn', principal.arn], ['aws:PrincipalAccount', claims.account], ['aws:PrincipalType', 'Account'], ['aws:userid', claims.account]);
      }
      const sets = await ownerSets(tx, cache, claims, user);
      return { caller: { ...base, principal, ...(user ? { user } : {}) }, context, sets };
    }
  }
}

/** The policies of the user behind a session-token or federated-user session (root: none needed). */
async function ownerSets(tx: StoreTx, cache: PolicyCache, claims: SessionClaims, known?: User): Promise<PolicySets<CompiledPolicy>> {
  if (!claims.user) return { identity: [] };
  const user = known ?? (await tx.users.getById(claims.user.id));
  // A user deleted since grants nothing.
  return user ? userPolicySets(tx, cache, user) : { identity: [] };
}

/** The session policies as the engine takes them; undefined when the session was given none. */
async function sessionPolicies(tx: StoreTx, cache: PolicyCache, claims: SessionClaims): Promise<PolicyRef<CompiledPolicy>[] | undefined> {
  if (claims.policy === undefined && (claims.policyArns ?? []).length === 0) return undefined;
  const refs: PolicyRef<CompiledPolicy>[] = [];
  if (claims.policy !== undefined) refs.push(compileSession(cache, claims.policy, 'session-policy'));
  for (const d of await managedPolicyDocuments(tx, claims.policyArns ?? [])) refs.push(compileSession(cache, d.document, d.arn));
  return refs;
}

function compileSession(cache: PolicyCache, text: string, id: string): PolicyRef<CompiledPolicy> {
  const r = cache.load(text, { type: 'identity', inline: true });
  if (!r.ok) throw new IamError('ServiceFailure', `Session policy ${id} failed to parse.`);
  return { id, sourceType: 'IAM Policy', compiled: r.policy };
}

/** Condition keys that depend on the request's time: aws:MultiFactorAuthAge. */
export function sessionRequestContext(claims: SessionClaims, nowMs: number): Array<readonly [string, ContextValue]> {
  if (claims.mfaAuthenticatedAt === undefined) return [];
  return [['aws:MultiFactorAuthAge', String(Math.max(0, Math.floor((nowMs - claims.mfaAuthenticatedAt) / 1000)))]];
}

export type Restriction = { kind: 'invalid-token' } | { kind: 'denied'; message: string };

/**
 * What AWS forbids a kind of temporary credential to call (id_credentials_temp_request.html):
 * GetSessionToken credentials call no IAM operation without MFA and, of STS, only AssumeRole and
 * GetCallerIdentity; GetFederationToken credentials call no IAM operation and, of STS, only
 * GetCallerIdentity; role credentials cannot call GetSessionToken or GetFederationToken.
 */
export function sessionRestriction(claims: SessionClaims, service: string, operation: string): Restriction | undefined {
  switch (claims.kind) {
    case 'session-token':
      if (service === 'iam' && claims.mfaAuthenticatedAt === undefined) return { kind: 'invalid-token' };
      if (service === 'sts' && operation !== 'AssumeRole' && operation !== 'GetCallerIdentity') {
        return { kind: 'denied', message: `Cannot call ${operation} with session credentials` };
      }
      return undefined;
    case 'federated-user':
      if (service === 'iam') return { kind: 'invalid-token' };
      if (service === 'sts' && operation !== 'GetCallerIdentity') return { kind: 'denied', message: `Cannot call ${operation} with session credentials` };
      return undefined;
    case 'assumed-role':
      if (service === 'sts' && (operation === 'GetSessionToken' || operation === 'GetFederationToken')) {
        return { kind: 'denied', message: `Cannot call ${operation} with session credentials` };
      }
      return undefined;
  }
}
