// What the engine needs about a caller: its policy sets (today: a user's inline policies; later
// groups, managed policies, boundaries, sessions) and its principal condition keys.

import type { ContextValue } from '../policy/context.js';
import type { CompiledPolicy, PolicyCache, PolicyRef, PolicySets } from '../evaluation/index.js';
import type { StoreTx } from '../store/port.js';
import type { User } from '../store/types.js';
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
  for (const group of await tx.groups.listAllGroupsForUser(user.userId)) {
    for (const p of await tx.inlinePolicies.listAll('group', group.groupId)) refs.push(compileStored(cache, p.document, p.policyName, 'IAM Policy'));
    for (const a of await attachedDocuments(tx, 'group', group.groupId)) refs.push(compileStored(cache, a.document, a.arn, 'IAM Policy'));
  }
  return refs;
}

export async function policySetsFor(tx: StoreTx, cache: PolicyCache, caller: Caller): Promise<PolicySets<CompiledPolicy>> {
  if (caller.user) return { identity: await userIdentityPolicies(tx, cache, caller.user) };
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
