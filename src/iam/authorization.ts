// What the engine needs about a caller: its policy sets (a user's inline and attached policies,
// its groups', its permissions boundary; a role's, for the sessions made from it) and its
// principal condition keys.

import type { Clock } from '../lib/clock.js';
import { RequestContext, type ContextValue } from '../policy/context.js';
import { accessDeniedMessage, evaluate, type CompiledPolicy, type PolicyCache, type PolicyRef, type PolicySets } from '../evaluation/index.js';
import type { StoreTx } from '../store/port.js';
import type { Group, Role, User } from '../store/types.js';
import { boundaryDocument } from './boundaries.js';
import { IamError } from './errors.js';
import { attachedDocuments } from './policies.js';
import type { Caller } from './operation.js';

function compileStored(cache: PolicyCache, text: string, id: string, sourceType: PolicyRef['sourceType']): PolicyRef<CompiledPolicy> {
  const r = cache.load(text, { type: 'identity', inline: true });
  // Stored documents were validated when they were written; one that no longer parses is a bug.
  if (!r.ok) throw new IamError('ServiceFailure', `Stored policy ${id} failed to parse.`);
  return { id, sourceType, compiled: r.policy };
}

/**
 * A user's identity policies: its own inline and attached managed policies, then its groups'
 * (inline, attached), with the ids the simulator reports (the policy name, or the ARN). AWS's simulator reports "IAM Policy" as their
 * source type (observed answers).
 */
export async function userIdentityPolicies(tx: StoreTx, cache: PolicyCache, user: User): Promise<PolicyRef<CompiledPolicy>[]> {
  const refs = (await tx.userPolicies.listAll(user.accountId, user.name)).map((p) => compileStored(cache, p.document, p.policyName, 'IAM Policy'));
  for (const a of await attachedDocuments(tx, 'user', user.userId)) refs.push(compileStored(cache, a.document, a.arn, 'IAM Policy'));
  for (const group of await tx.groups.listAllGroupsForUser(user.userId)) refs.push(...(await groupIdentityPolicies(tx, cache, group)));
  return refs;
}

/** A group's policies: its inline and attached managed policies (ids as for users). */
export async function groupIdentityPolicies(tx: StoreTx, cache: PolicyCache, group: Group): Promise<PolicyRef<CompiledPolicy>[]> {
  const refs = (await tx.inlinePolicies.listAll('group', group.groupId)).map((p) => compileStored(cache, p.document, p.policyName, 'IAM Policy'));
  for (const a of await attachedDocuments(tx, 'group', group.groupId)) refs.push(compileStored(cache, a.document, a.arn, 'IAM Policy'));
  return refs;
}

/** A role's identity policies: its inline and attached managed policies (ids as for users). */
export async function roleIdentityPolicies(tx: StoreTx, cache: PolicyCache, role: Role): Promise<PolicyRef<CompiledPolicy>[]> {
  const refs = (await tx.inlinePolicies.listAll('role', role.roleId)).map((p) => compileStored(cache, p.document, p.policyName, 'IAM Policy'));
  for (const a of await attachedDocuments(tx, 'role', role.roleId)) refs.push(compileStored(cache, a.document, a.arn, 'IAM Policy'));
  return refs;
}

/** A policy whose one statement matches no action: it allows nothing and denies nothing. */
const ALLOWS_NOTHING = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"*","Resource":"*"}]}';

/**
 * The permissions boundary of a user or role as the engine takes it (undefined: none set). A
 * boundary whose policy has gone (IAM prevents it: DeleteConflict) allows nothing, so it fails
 * closed as an empty policy would.
 */
export async function boundaryPolicy(tx: StoreTx, cache: PolicyCache, arn: string | undefined): Promise<PolicyRef<CompiledPolicy> | undefined> {
  if (arn === undefined) return undefined;
  // Read as stored identity policies are (AWS's own may exceed a customer policy's quota).
  const text = (await boundaryDocument(tx, arn)) ?? ALLOWS_NOTHING;
  return compileStored(cache, text, arn, 'IAM Policy');
}

/** A user's policy sets: identity policies (its own and its groups') and its boundary. */
export async function userPolicySets(tx: StoreTx, cache: PolicyCache, user: User): Promise<PolicySets<CompiledPolicy>> {
  const identity = await userIdentityPolicies(tx, cache, user);
  const boundary = await boundaryPolicy(tx, cache, user.permissionsBoundaryArn);
  return boundary ? { identity, boundary } : { identity };
}

/**
 * A role's policy sets, for the sessions made from it (STS adds the session policies): its
 * identity policies and its boundary.
 */
export async function rolePolicySets(tx: StoreTx, cache: PolicyCache, role: Role): Promise<PolicySets<CompiledPolicy>> {
  const identity = await roleIdentityPolicies(tx, cache, role);
  const boundary = await boundaryPolicy(tx, cache, role.permissionsBoundaryArn);
  return boundary ? { identity, boundary } : { identity };
}

export async function policySetsFor(tx: StoreTx, cache: PolicyCache, caller: Caller): Promise<PolicySets<CompiledPolicy>> {
  if (caller.user) return userPolicySets(tx, cache, caller.user);
  return { identity: [] };
}

/** The principal's global condition keys: aws:PrincipalArn, aws:userid, aws:PrincipalTag/*, ... */
export async function principalContext(tx: StoreTx, caller: Caller): Promise<Array<readonly [string, ContextValue]>> {
  const p = caller.principal;
  const out: Array<readonly [string, ContextValue]> = [];
  switch (p.type) {
    case 'root':
      out.push(['aws:PrincipalArn', p.arn], ['aws:PrincipalAccount', p.account], ['aws:PrincipalType', 'Account'], ['aws:userid', p.account]);
      break;
    case 'user': {
      out.push(['aws:PrincipalArn', p.arn], ['aws:PrincipalAccount', p.account], ['aws:PrincipalType', 'User']);
      if (caller.user) {
        out.push(['aws:userid', caller.user.userId], ['aws:username', caller.user.name]);
        const tags = await tx.tags.listAll({ resourceType: 'user', resourceKey: caller.user.userId });
        for (const t of tags) out.push([`aws:PrincipalTag/${t.key}`, t.value]);
      }
      break;
    }
    case 'assumed-role':
      out.push(['aws:PrincipalArn', p.roleArn], ['aws:PrincipalAccount', p.account], ['aws:PrincipalType', 'AssumedRole']);
      break;
    case 'federated-user':
      out.push(['aws:PrincipalArn', p.arn], ['aws:PrincipalAccount', p.account], ['aws:PrincipalType', 'FederatedUser']);
      break;
    default:
      break;
  }
  return out;
}

/**
 * Authorizes a second action an operation needs besides its own, as AWS does (e.g.
 * AddRoleToInstanceProfile needs iam:PassRole on the role): the caller's policies, its principal
 * keys and the request time. Root is always allowed. Throws AccessDenied worded as AWS words it.
 */
export async function authorizeAlso(
  tx: StoreTx,
  cache: PolicyCache,
  clock: Clock,
  caller: Caller,
  action: string,
  resource: string,
): Promise<void> {
  if (caller.principal.type === 'root') return;
  const now = clock.now();
  const context = new RequestContext([
    ['aws:CurrentTime', now.toISOString().replace(/\.\d{3}Z$/, 'Z')],
    ['aws:EpochTime', String(Math.floor(now.getTime() / 1000))],
    ...(caller.region !== '' ? [['aws:RequestedRegion', caller.region] as const] : []),
    ...(await principalContext(tx, caller)),
  ]);
  const decision = evaluate({ principal: caller.principal, action, resource, context }, await policySetsFor(tx, cache, caller));
  if (decision.outcome !== 'Allow') throw new IamError('AccessDenied', accessDeniedMessage(caller.principal, action, resource, decision));
}
