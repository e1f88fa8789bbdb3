// The decision engine: AWS's policy evaluation logic over compiled policy sets.
//   1. An explicit deny in any applicable policy decides.
//   2. SCPs: every organization level must allow. 3. RCPs: likewise, for the resource's account.
//   4. Resource-based policy, identity policies, permissions boundary and session policies,
//      combined by principal type and by same- vs cross-account rules.
// The fast mode stops at the first statement that settles a policy type; `explain` collects every
// matching statement and the missing context keys, for the simulator and for people.

import type { RequestContext } from '../policy/context.js';
import { conditionsHold, resourceMatches, type CompiledPolicy, type CompiledStatement } from './compile.js';
import { principalAccount, strongest, type PrincipalMatch } from './principal.js';
import type {
  AuthorizationRequest,
  Decision,
  KindDecision,
  MatchedStatement,
  Outcome,
  PolicyRef,
  PolicySetKind,
  PolicySets,
} from './types.js';

export interface EvaluateOptions {
  /** Collect every matching statement and missing context key (slower; for simulators). */
  explain?: boolean;
}

type Ref = PolicyRef<CompiledPolicy>;

interface SetResult {
  allow: boolean;
  deny: boolean;
  /** For resource policies: the strongest principal match among allowing statements. */
  grant: PrincipalMatch;
}

class Collector {
  readonly allows: MatchedStatement[] = [];
  readonly denies: MatchedStatement[] = [];
  readonly missing = new Set<string>();
  constructor(
    readonly explain: boolean,
    readonly hasBoundary: boolean,
    /** The request's action, lower-cased once. */
    readonly action: string,
  ) {}

  add(kind: PolicySetKind, ref: Ref, st: CompiledStatement): void {
    // The deciding statements are part of the explanation: built only when asked for.
    if (!this.explain) return;
    const m: MatchedStatement = {
      policyId: ref.id,
      sourceType: ref.sourceType,
      kind,
      effect: st.effect,
      index: st.index,
      start: st.start,
      end: st.end,
      ...(st.sid !== undefined ? { sid: st.sid } : {}),
    };
    (st.effect === 'Deny' ? this.denies : this.allows).push(m);
  }
}

function statementApplies(
  st: CompiledStatement,
  req: AuthorizationRequest,
  ctx: RequestContext,
  c: Collector,
  checkPrincipal: boolean,
): PrincipalMatch {
  let match: PrincipalMatch = 'direct';
  if (checkPrincipal) {
    if (st.principal) match = st.principal(req.principal);
    else if (st.notPrincipal) {
      // "A NotPrincipal Deny always denies any IAM principal that has a permissions boundary
      // attached, regardless of the values in NotPrincipal" (reference_policies_elements_notprincipal).
      const excluded = st.notPrincipal(req.principal) && !(st.effect === 'Deny' && c.hasBoundary);
      match = excluded ? 'none' : 'direct';
    }
    if (match === 'none') return 'none';
  }
  if (!resourceMatches(st, req.resource, ctx)) return 'none';
  if (!conditionsHold(st, ctx, c.explain ? c.missing : undefined)) return 'none';
  return match;
}

function evaluateSet(kind: PolicySetKind, refs: readonly Ref[], req: AuthorizationRequest, c: Collector): SetResult {
  const result: SetResult = { allow: false, deny: false, grant: 'none' };
  const checkPrincipal = kind === 'resource';
  for (const ref of refs) {
    const cand = ref.compiled.candidatesLower(c.action);
    for (const st of cand.deny) {
      if (statementApplies(st, req, req.context, c, checkPrincipal) === 'none') continue;
      result.deny = true;
      c.add(kind, ref, st);
      if (!c.explain) return result;
    }
    for (const st of cand.allow) {
      if (!c.explain && result.allow && !checkPrincipal) break;
      const m = statementApplies(st, req, req.context, c, checkPrincipal);
      if (m === 'none') continue;
      result.allow = true;
      result.grant = strongest(result.grant, m);
      c.add(kind, ref, st);
      if (!c.explain && (!checkPrincipal || result.grant === 'direct')) break;
    }
  }
  return result;
}

/** SCPs and RCPs: each level must allow; a deny at any level is an explicit deny. */
function evaluateLevels(kind: PolicySetKind, levels: readonly (readonly Ref[])[], req: AuthorizationRequest, c: Collector): SetResult {
  let allAllow = true;
  let deny = false;
  for (const level of levels) {
    const r = evaluateSet(kind, level, req, c);
    if (r.deny) {
      deny = true;
      if (!c.explain) break;
    }
    if (!r.allow) allAllow = false;
  }
  return { allow: allAllow && !deny ? true : allAllow, deny, grant: 'none' };
}

// AWS's enforcement order: RCPs, then SCPs (reference_policies_evaluation-logic_policy-eval-denyallow).
const ORDER: PolicySetKind[] = ['rcp', 'scp', 'resource', 'identity', 'boundary', 'session'];

export function evaluate(req: AuthorizationRequest, sets: PolicySets<CompiledPolicy>, options: EvaluateOptions = {}): Decision {
  const p = req.principal;
  const isIam = p.type === 'user' || p.type === 'assumed-role' || p.type === 'federated-user';
  // The NotPrincipal-with-boundary rule concerns IAM principals only.
  const c = new Collector(options.explain ?? false, isIam && sets.boundary !== undefined, req.action.toLowerCase());
  const results = new Map<PolicySetKind, SetResult>();
  const pAccount = principalAccount(p);
  const crossAccount = req.resourceAccount !== undefined && pAccount !== undefined && req.resourceAccount !== pAccount;
  const isIamPrincipal = p.type === 'user' || p.type === 'assumed-role' || p.type === 'federated-user';

  // Which policy types apply to this principal: identity-side policies only to IAM principals
  // (the root user has none; services, federated providers and anonymous callers have none).
  const run = (kind: PolicySetKind): SetResult | undefined => {
    let r: SetResult | undefined;
    switch (kind) {
      case 'scp':
        r = sets.scps ? evaluateLevels(kind, sets.scps, req, c) : undefined;
        break;
      case 'rcp':
        r = sets.rcps ? evaluateLevels(kind, sets.rcps, req, c) : undefined;
        break;
      case 'resource':
        r = sets.resource ? evaluateSet(kind, [sets.resource], req, c) : undefined;
        break;
      case 'identity':
        r = isIamPrincipal ? evaluateSet(kind, sets.identity, req, c) : undefined;
        break;
      case 'boundary':
        r = isIamPrincipal && sets.boundary ? evaluateSet(kind, [sets.boundary], req, c) : undefined;
        break;
      case 'session':
        r = isIamPrincipal && sets.session ? evaluateSet(kind, sets.session, req, c) : undefined;
        break;
    }
    if (r) results.set(kind, r);
    return r;
  };

  // 1. Explicit deny anywhere. In fast mode stop at the first one.
  let deniedBy: PolicySetKind | undefined;
  for (const kind of ORDER) {
    const r = run(kind);
    if (r?.deny && deniedBy === undefined) {
      deniedBy = kind;
      if (!c.explain) break;
    }
  }
  if (deniedBy !== undefined) return finish(c, 'ExplicitDeny', deniedBy, crossAccount, results);

  const allows = (kind: PolicySetKind): boolean | undefined => results.get(kind)?.allow;

  // 2-3. Organization guardrails: RCPs, then SCPs.
  if (allows('rcp') === false) return finish(c, 'ImplicitDeny', 'rcp', crossAccount, results);
  if (allows('scp') === false) return finish(c, 'ImplicitDeny', 'scp', crossAccount, results);

  const resource = results.get('resource');
  const grant = resource?.allow ? resource.grant : 'none';

  // 4. By principal type.
  if (!isIamPrincipal) {
    if (p.type === 'root' && !crossAccount) return finish(c, 'Allow', undefined, crossAccount, results);
    // Root across accounts, services, federated providers, anonymous: only a resource policy grants.
    return grant !== 'none'
      ? finish(c, 'Allow', undefined, crossAccount, results)
      : finish(c, 'ImplicitDeny', 'resource', crossAccount, results);
  }

  const boundaryOk = allows('boundary') ?? true;
  const sessionOk = allows('session') ?? true;
  const identityAllow = allows('identity') ?? false;

  if (!crossAccount) {
    // A resource policy naming the caller itself grants on its own, past boundaries and sessions.
    if (grant === 'direct') return finish(c, 'Allow', undefined, crossAccount, results);
    if (!identityAllow && grant !== 'identity') return finish(c, 'ImplicitDeny', 'identity', crossAccount, results);
    if (!boundaryOk) return finish(c, 'ImplicitDeny', 'boundary', crossAccount, results);
    if (!sessionOk) return finish(c, 'ImplicitDeny', 'session', crossAccount, results);
    return finish(c, 'Allow', undefined, crossAccount, results);
  }

  // Cross-account: the caller's account must allow (identity within boundary and session), and
  // the resource's account must allow through its resource-based policy.
  if (!identityAllow) return finish(c, 'ImplicitDeny', 'identity', crossAccount, results);
  if (!boundaryOk) return finish(c, 'ImplicitDeny', 'boundary', crossAccount, results);
  if (!sessionOk) return finish(c, 'ImplicitDeny', 'session', crossAccount, results);
  if (grant === 'none') return finish(c, 'ImplicitDeny', 'resource', crossAccount, results);
  return finish(c, 'Allow', undefined, crossAccount, results);
}

const NONE: MatchedStatement[] = [];
const NO_KEYS: string[] = [];
Object.freeze(NONE);
Object.freeze(NO_KEYS);

function kindOutcome(r: SetResult): Outcome {
  return r.deny ? 'ExplicitDeny' : r.allow ? 'Allow' : 'ImplicitDeny';
}

function finish(
  c: Collector,
  outcome: Outcome,
  deniedBy: PolicySetKind | undefined,
  crossAccount: boolean,
  results: Map<PolicySetKind, SetResult>,
): Decision {
  const kinds: KindDecision[] = [];
  for (const kind of ORDER) {
    const r = results.get(kind);
    if (r) kinds.push({ kind, outcome: kindOutcome(r) });
  }
  // AWS reports the denying statements for an explicit deny, the allowing ones otherwise.
  const matched = outcome === 'ExplicitDeny' ? c.denies : outcome === 'Allow' ? c.allows : NONE;
  return {
    outcome,
    ...(deniedBy !== undefined ? { deniedBy } : {}),
    crossAccount,
    kinds,
    matched,
    missingContextKeys: c.missing.size > 0 ? [...c.missing] : NO_KEYS,
  };
}
