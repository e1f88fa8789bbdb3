// Words for decisions: the reason AWS puts at the end of AccessDenied, and a person-readable
// account of which policy and statement decided.

import { callerArn } from './principal.js';
import type { Decision, PolicySetKind, Principal } from './types.js';

const NAME: Record<PolicySetKind, string> = {
  scp: 'service control policy',
  rcp: 'resource control policy',
  resource: 'resource-based policy',
  identity: 'identity-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
};

const ARTICLE: Record<PolicySetKind, string> = {
  scp: 'a',
  rcp: 'a',
  resource: 'a',
  identity: 'an',
  boundary: 'a',
  session: 'a',
};

export function policyKindName(kind: PolicySetKind): string {
  return NAME[kind];
}

/** "with an explicit deny in a service control policy" / "because no identity-based policy allows the iam:CreateUser action". */
export function denialReason(decision: Decision, action: string): string | undefined {
  if (decision.outcome === 'Allow' || decision.deniedBy === undefined) return undefined;
  const kind = decision.deniedBy;
  return decision.outcome === 'ExplicitDeny'
    ? `with an explicit deny in ${ARTICLE[kind]} ${NAME[kind]}`
    : `because no ${NAME[kind]} allows the ${action} action`;
}

/** AccessDenied's message as AWS words it. */
export function accessDeniedMessage(principal: Principal, action: string, resource: string, decision: Decision): string {
  const reason = denialReason(decision, action);
  const base = `User: ${callerArn(principal)} is not authorized to perform: ${action} on resource: ${resource}`;
  return reason ? `${base} ${reason}` : base;
}

/** A multi-line account of a decision for people (`tessera simulate --explain`). */
export function explainDecision(action: string, resource: string, decision: Decision): string {
  const lines: string[] = [];
  const verdict = decision.outcome === 'Allow' ? 'ALLOWED' : decision.outcome === 'ExplicitDeny' ? 'DENIED (explicit deny)' : 'DENIED (implicit deny)';
  lines.push(`${action} on ${resource}: ${verdict}`);
  const reason = denialReason(decision, action);
  if (reason) lines.push(`  reason: ${reason}`);
  if (decision.crossAccount) lines.push('  cross-account request: both the caller\'s account and the resource\'s account must allow');
  for (const k of decision.kinds) {
    lines.push(`  ${NAME[k.kind]}: ${k.outcome === 'Allow' ? 'allows' : k.outcome === 'ExplicitDeny' ? 'denies explicitly' : 'does not allow'}`);
  }
  for (const m of decision.matched) {
    const sid = m.sid !== undefined ? `Sid "${m.sid}"` : `statement ${m.index + 1}`;
    lines.push(`  decided by ${m.effect} ${sid} of ${m.policyId} (${NAME[m.kind]}), lines ${m.start.line}-${m.end.line}`);
  }
  if (decision.missingContextKeys.length > 0) {
    lines.push(`  context keys a condition needed but did not get: ${decision.missingContextKeys.join(', ')}`);
  }
  return lines.join('\n');
}
