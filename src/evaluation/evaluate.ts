// The decision engine: AWS's policy evaluation logic over compiled policy sets.
//   1. An explicit deny in any applicable policy decides.
//   2. SCPs: every organization level must allow. 3. RCPs: likewise, for the resource's account.
//   4. Resource-based policy, identity policies, permissions boundary and session policies,
//      combined by principal type and by same- vs cross-account rules.
// The fast mode stops at the first statement that settles a policy type; `explain` collects every
// matching statement and the missing context keys, for the simulator and for people.

import type { RequestContext } from '../policy/context.js';
import { conditionsHold, PolicySetIndex, resourceMatches, type CompiledPolicy, type CompiledStatement } from './compile.js';
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

// Shared empty results (frozen: nobody may add to them).
const NONE: MatchedStatement[] = [];
const NO_KEYS: string[] = [];
Object.freeze(NONE);
Object.freeze(NO_KEYS);

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
  // Allocated in explain mode only: the enforcement path builds no explanation.
  readonly allows: MatchedStatement[];
  readonly denies: MatchedStatement[];
  readonly missing: Set<string> | undefined;
  constructor(
    readonly explain: boolean,
    readonly hasBoundary: boolean,
    /** The request's action, lower-cased once. */
    readonly action: string,
  ) {
    this.allows = explain ? [] : NONE;
    this.denies = explain ? [] : NONE;
    this.missing = explain ? new Set() : undefined;
  }

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
  /** Fast mode: a principal match no stronger than this one changes nothing; skip the rest. */
  mustBeat: PrincipalMatch = 'none',
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
    if (match === 'none' || (mustBeat !== 'none' && strongest(mustBeat, match) === mustBeat)) return 'none';
  }
  if (!resourceMatches(st, req.resource, ctx)) return 'none';
  if (!conditionsHold(st, ctx, c.missing)) return 'none';
  return match;
}

/**
 * Set indexes by the array of policies they cover: a caller that passes the same array again (a
 * cached principal's policies) gets one candidate lookup for the whole set.
 */
const setIndexes = new WeakMap<readonly Ref[], PolicySetIndex>();

/** Set indexes by the sequence of compiled policies (a trie of weak maps: nothing is pinned). */
interface TrieNode {
  readonly next: WeakMap<CompiledPolicy, TrieNode>;
  index?: PolicySetIndex;
}
const trie: TrieNode = { next: new WeakMap() };

/**
 * The set index for these policies: by the array itself when a caller passes the same array
 * again, else by the sequence of compiled policies, so that a server that rebuilds a principal's
 * policy list on every request still reuses one index. (Entries hold positions, so the ids and
 * source types reported come from the array at hand.)
 */
function setIndex(refs: readonly Ref[]): PolicySetIndex {
  // The same principal's requests tend to come in runs: the last array answers without a lookup.
  if (refs === lastRefs) return lastIndex!;
  const hit = setIndexes.get(refs);
  if (hit) {
    lastRefs = refs;
    lastIndex = hit;
    return hit;
  }
  let node = trie;
  for (const r of refs) {
    let next = node.next.get(r.compiled);
    if (!next) {
      next = { next: new WeakMap() };
      node.next.set(r.compiled, next);
    }
    node = next;
  }
  node.index ??= new PolicySetIndex(refs.map((r) => r.compiled));
  setIndexes.set(refs, node.index);
  lastRefs = refs;
  lastIndex = node.index;
  return node.index;
}
let lastRefs: readonly Ref[] | undefined;
let lastIndex: PolicySetIndex | undefined;

/** The deny statements of one policy, into result.deny (fast mode stops at the first that applies). */
function denyScan(kind: PolicySetKind, ref: Ref, deny: readonly CompiledStatement[], req: AuthorizationRequest, c: Collector, result: SetResult, checkPrincipal: boolean): void {
  for (const st of deny) {
    if (statementApplies(st, req, req.context, c, checkPrincipal) === 'none') continue;
    result.deny = true;
    c.add(kind, ref, st);
    if (!c.explain) return;
  }
}

/** The allow statements of one policy, until the grant cannot get stronger (fast mode). */
function allowScan(kind: PolicySetKind, ref: Ref, allow: readonly CompiledStatement[], req: AuthorizationRequest, c: Collector, result: SetResult, checkPrincipal: boolean): void {
  for (const st of allow) {
    const m = statementApplies(st, req, req.context, c, checkPrincipal, c.explain ? 'none' : result.grant);
    if (m === 'none') continue;
    result.allow = true;
    result.grant = strongest(result.grant, m);
    c.add(kind, ref, st);
    if (!c.explain && (!checkPrincipal || result.grant === 'direct')) return;
  }
}

/** A one-policy set (a resource policy, a boundary). */
function evaluateOne(kind: PolicySetKind, ref: Ref, req: AuthorizationRequest, c: Collector): SetResult {
  const result: SetResult = { allow: false, deny: false, grant: 'none' };
  const checkPrincipal = kind === 'resource';
  const cand = ref.compiled.candidatesLower(c.action);
  denyScan(kind, ref, cand.deny, req, c, result, checkPrincipal);
  if (result.deny && !c.explain) return result;
  allowScan(kind, ref, cand.allow, req, c, result, checkPrincipal);
  return result;
}

function evaluateSet(kind: PolicySetKind, refs: readonly Ref[], req: AuthorizationRequest, c: Collector): SetResult {
  if (refs.length === 1) return evaluateOne(kind, refs[0]!, req, c);
  const result: SetResult = { allow: false, deny: false, grant: 'none' };
  const checkPrincipal = kind === 'resource';
  // Small sets are looked up policy by policy; larger ones through a set index, denies of every
  // policy first.
  if (refs.length <= 2) {
    for (const ref of refs) {
      denyScan(kind, ref, ref.compiled.candidatesLower(c.action).deny, req, c, result, checkPrincipal);
      if (result.deny && !c.explain) return result;
    }
    for (const ref of refs) {
      allowScan(kind, ref, ref.compiled.candidatesLower(c.action).allow, req, c, result, checkPrincipal);
      if (result.allow && !c.explain && (!checkPrincipal || result.grant === 'direct')) return result;
    }
    return result;
  }
  const cand = setIndex(refs).candidatesLower(c.action);
  for (const e of cand.deny) {
    if (statementApplies(e.st, req, req.context, c, checkPrincipal) === 'none') continue;
    result.deny = true;
    c.add(kind, refs[e.policy]!, e.st);
    if (!c.explain) return result;
  }
  for (const e of cand.allow) {
    const m = statementApplies(e.st, req, req.context, c, checkPrincipal, c.explain ? 'none' : result.grant);
    if (m === 'none') continue;
    result.allow = true;
    result.grant = strongest(result.grant, m);
    c.add(kind, refs[e.policy]!, e.st);
    if (!c.explain && (!checkPrincipal || result.grant === 'direct')) return result;
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
const RCP = 0;
const SCP = 1;
const RESOURCE = 2;
const IDENTITY = 3;
const BOUNDARY = 4;
const SESSION = 5;

/** One frozen KindDecision per (kind, outcome), built once: decisions share them. */
const KIND_DECISIONS = Object.fromEntries(
  (['rcp', 'scp', 'resource', 'identity', 'boundary', 'session'] as const).map((kind) => [
    kind,
    {
      Allow: Object.freeze({ kind, outcome: 'Allow' as const }),
      ExplicitDeny: Object.freeze({ kind, outcome: 'ExplicitDeny' as const }),
      ImplicitDeny: Object.freeze({ kind, outcome: 'ImplicitDeny' as const }),
    },
  ]),
) as Record<PolicySetKind, Record<Outcome, KindDecision>>;

/** Per policy type in ORDER's order, the result of its evaluation (undefined: it does not apply). */
type Results = Array<SetResult | undefined>;

/**
 * Actions lower-cased once each, as one string object: the candidate memos then find them by a
 * hash the string already carries. Bounded: an unusual flood of distinct actions starts it over.
 */
const LOWER_ACTIONS = new Map<string, string>();
const LOWER_ACTIONS_LIMIT = 10_000;

function lowerAction(action: string): string {
  let lower = LOWER_ACTIONS.get(action);
  if (lower === undefined) {
    if (LOWER_ACTIONS.size >= LOWER_ACTIONS_LIMIT) LOWER_ACTIONS.clear();
    lower = action.toLowerCase();
    LOWER_ACTIONS.set(action, lower);
  }
  return lower;
}

/** Evaluates one policy type, when it applies to this principal. */
function runKind(kind: PolicySetKind, sets: PolicySets<CompiledPolicy>, req: AuthorizationRequest, c: Collector, isIam: boolean): SetResult | undefined {
  // Identity-side policies apply only to IAM principals (the root user has none; services,
  // federated providers and anonymous callers have none).
  switch (kind) {
    case 'scp':
      return sets.scps ? evaluateLevels(kind, sets.scps, req, c) : undefined;
    case 'rcp':
      return sets.rcps ? evaluateLevels(kind, sets.rcps, req, c) : undefined;
    case 'resource':
      return sets.resource ? evaluateOne(kind, sets.resource, req, c) : undefined;
    case 'identity':
      return isIam ? evaluateSet(kind, sets.identity, req, c) : undefined;
    case 'boundary':
      return isIam && sets.boundary ? evaluateOne(kind, sets.boundary, req, c) : undefined;
    case 'session':
      return isIam && sets.session ? evaluateSet(kind, sets.session, req, c) : undefined;
  }
}

// ---- fast mode: denies first, then only the allows the decision needs -------------------------

/** Whether any of these deny statements applies. */
function denies(list: readonly CompiledStatement[], req: AuthorizationRequest, c: Collector, checkPrincipal: boolean): boolean {
  for (const st of list) if (statementApplies(st, req, req.context, c, checkPrincipal) !== 'none') return true;
  return false;
}

/** `grant` strengthened by these allow statements, read until it cannot get stronger. */
function strengthen(grant: PrincipalMatch, list: readonly CompiledStatement[], req: AuthorizationRequest, c: Collector, checkPrincipal: boolean): PrincipalMatch {
  for (const st of list) {
    const m = statementApplies(st, req, req.context, c, checkPrincipal, grant);
    if (m === 'none') continue;
    grant = strongest(grant, m);
    if (!checkPrincipal || grant === 'direct') return grant;
  }
  return grant;
}

/** Whether any deny statement of these policies applies (small sets policy by policy). */
function anyDeny(kind: PolicySetKind, refs: readonly Ref[], req: AuthorizationRequest, c: Collector): boolean {
  const checkPrincipal = kind === 'resource';
  if (refs.length > 2) return denies(setIndex(refs).candidatesLower(c.action).denyStatements, req, c, checkPrincipal);
  for (const ref of refs) if (denies(ref.compiled.candidatesLower(c.action).deny, req, c, checkPrincipal)) return true;
  return false;
}

function oneDenies(kind: PolicySetKind, ref: Ref, req: AuthorizationRequest, c: Collector): boolean {
  return denies(ref.compiled.candidatesLower(c.action).deny, req, c, kind === 'resource');
}

/** The strongest grant of these policies' allow statements ('none': nothing allows). */
function allowGrant(kind: PolicySetKind, refs: readonly Ref[], req: AuthorizationRequest, c: Collector): PrincipalMatch {
  const checkPrincipal = kind === 'resource';
  if (refs.length > 2) return strengthen('none', setIndex(refs).candidatesLower(c.action).allowStatements, req, c, checkPrincipal);
  let grant: PrincipalMatch = 'none';
  for (const ref of refs) {
    grant = strengthen(grant, ref.compiled.candidatesLower(c.action).allow, req, c, checkPrincipal);
    if (grant === 'direct' || (!checkPrincipal && grant !== 'none')) return grant;
  }
  return grant;
}

function oneGrant(kind: PolicySetKind, ref: Ref, req: AuthorizationRequest, c: Collector): PrincipalMatch {
  return strengthen('none', ref.compiled.candidatesLower(c.action).allow, req, c, kind === 'resource');
}

const DENIED: SetResult = Object.freeze({ allow: false, deny: true, grant: 'none' });
const ALLOWS: Record<PrincipalMatch, SetResult> = {
  none: Object.freeze({ allow: false, deny: false, grant: 'none' }),
  account: Object.freeze({ allow: true, deny: false, grant: 'account' }),
  identity: Object.freeze({ allow: true, deny: false, grant: 'identity' }),
  direct: Object.freeze({ allow: true, deny: false, grant: 'direct' }),
};

/**
 * The enforcement path: the same decision as the explain path (the property tests hold them to
 * the reference evaluator), reached with less work. Every applicable policy type is searched for
 * a deny first; then allows are looked for only as far as the decision needs them (an identity
 * allow within the boundary settles a same-account request without reading the resource policy's
 * allows; no identity allow, and the boundary's allows are never read). Its `kinds` lists only
 * the policy types whose allows it read.
 */
function evaluateFast(req: AuthorizationRequest, sets: PolicySets<CompiledPolicy>): Decision {
  const p = req.principal;
  const isIam = p.type === 'user' || p.type === 'assumed-role' || p.type === 'federated-user';
  const c = new Collector(false, isIam && sets.boundary !== undefined, lowerAction(req.action));
  const results: Results = [undefined, undefined, undefined, undefined, undefined, undefined];
  const pAccount = principalAccount(p);
  const crossAccount = req.resourceAccount !== undefined && pAccount !== undefined && req.resourceAccount !== pAccount;
  const { rcps, scps, resource, boundary, session } = sets;
  const identity = isIam ? sets.identity : undefined;
  const sessions = isIam ? session : undefined;
  const bound = isIam ? boundary : undefined;

  // 1. An explicit deny in any applicable policy, in AWS's order.
  let deniedBy: PolicySetKind | undefined;
  if (rcps?.some((level) => anyDeny('rcp', level, req, c))) deniedBy = 'rcp';
  else if (scps?.some((level) => anyDeny('scp', level, req, c))) deniedBy = 'scp';
  else if (resource && oneDenies('resource', resource, req, c)) deniedBy = 'resource';
  else if (identity && anyDeny('identity', identity, req, c)) deniedBy = 'identity';
  else if (bound && oneDenies('boundary', bound, req, c)) deniedBy = 'boundary';
  else if (sessions && anyDeny('session', sessions, req, c)) deniedBy = 'session';
  if (deniedBy !== undefined) {
    results[ORDER.indexOf(deniedBy)] = DENIED;
    return finish(c, 'ExplicitDeny', deniedBy, crossAccount, results);
  }

  // 2-3. Organization guardrails: every level must allow.
  if (rcps) {
    const allow = rcps.every((level) => allowGrant('rcp', level, req, c) !== 'none');
    results[RCP] = ALLOWS[allow ? 'direct' : 'none'];
    if (!allow) return finish(c, 'ImplicitDeny', 'rcp', crossAccount, results);
  }
  if (scps) {
    const allow = scps.every((level) => allowGrant('scp', level, req, c) !== 'none');
    results[SCP] = ALLOWS[allow ? 'direct' : 'none'];
    if (!allow) return finish(c, 'ImplicitDeny', 'scp', crossAccount, results);
  }

  // 4. The allows, each read once and only when the decision turns on it.
  const grant = (): PrincipalMatch => {
    if (!resource) return 'none';
    let r = results[RESOURCE];
    if (!r) results[RESOURCE] = r = ALLOWS[oneGrant('resource', resource, req, c)];
    return r.grant;
  };
  const allowed = (i: number, kind: PolicySetKind, refs: readonly Ref[] | Ref | undefined, otherwise: boolean): boolean => {
    if (refs === undefined) return otherwise;
    let r = results[i];
    if (!r) results[i] = r = ALLOWS[Array.isArray(refs) ? allowGrant(kind, refs as readonly Ref[], req, c) : oneGrant(kind, refs as Ref, req, c)];
    return r.allow;
  };
  const identityAllow = (): boolean => (identity ? allowed(IDENTITY, 'identity', identity, false) : false);
  const boundaryOk = (): boolean => allowed(BOUNDARY, 'boundary', bound, true);
  const sessionOk = (): boolean => allowed(SESSION, 'session', sessions, true);

  if (!isIam) {
    if (p.type === 'root' && !crossAccount) return finish(c, 'Allow', undefined, crossAccount, results);
    return grant() !== 'none' ? finish(c, 'Allow', undefined, crossAccount, results) : finish(c, 'ImplicitDeny', 'resource', crossAccount, results);
  }
  if (!crossAccount) {
    // Allowed on the identity side: a resource policy could only allow too (unless it must).
    if (sets.resourceRequired !== true && identityAllow() && boundaryOk() && sessionOk()) return finish(c, 'Allow', undefined, crossAccount, results);
    // Otherwise the explain path's order, word for word.
    const g = grant();
    if (g === 'direct') return finish(c, 'Allow', undefined, crossAccount, results);
    if (sets.resourceRequired === true && g === 'none') return finish(c, 'ImplicitDeny', 'resource', crossAccount, results);
    if (!identityAllow() && g !== 'identity') return finish(c, 'ImplicitDeny', 'identity', crossAccount, results);
    if (!boundaryOk()) return finish(c, 'ImplicitDeny', 'boundary', crossAccount, results);
    if (!sessionOk()) return finish(c, 'ImplicitDeny', 'session', crossAccount, results);
    return finish(c, 'Allow', undefined, crossAccount, results);
  }
  if (!identityAllow()) return finish(c, 'ImplicitDeny', 'identity', crossAccount, results);
  if (!boundaryOk()) return finish(c, 'ImplicitDeny', 'boundary', crossAccount, results);
  if (!sessionOk()) return finish(c, 'ImplicitDeny', 'session', crossAccount, results);
  if (grant() === 'none') return finish(c, 'ImplicitDeny', 'resource', crossAccount, results);
  return finish(c, 'Allow', undefined, crossAccount, results);
}

export function evaluate(req: AuthorizationRequest, sets: PolicySets<CompiledPolicy>, options: EvaluateOptions = {}): Decision {
  if (options.explain !== true) return evaluateFast(req, sets);
  const p = req.principal;
  const isIam = p.type === 'user' || p.type === 'assumed-role' || p.type === 'federated-user';
  // The NotPrincipal-with-boundary rule concerns IAM principals only.
  const c = new Collector(options.explain ?? false, isIam && sets.boundary !== undefined, lowerAction(req.action));
  const results: Results = [undefined, undefined, undefined, undefined, undefined, undefined];
  const pAccount = principalAccount(p);
  const crossAccount = req.resourceAccount !== undefined && pAccount !== undefined && req.resourceAccount !== pAccount;

  // 1. Explicit deny anywhere. In fast mode stop at the first one.
  let deniedBy: PolicySetKind | undefined;
  for (let i = 0; i < ORDER.length; i++) {
    const kind = ORDER[i]!;
    const r = runKind(kind, sets, req, c, isIam);
    results[i] = r;
    if (r?.deny && deniedBy === undefined) {
      deniedBy = kind;
      if (!c.explain) break;
    }
  }
  if (deniedBy !== undefined) return finish(c, 'ExplicitDeny', deniedBy, crossAccount, results);

  // 2-3. Organization guardrails: RCPs, then SCPs.
  if (results[RCP]?.allow === false) return finish(c, 'ImplicitDeny', 'rcp', crossAccount, results);
  if (results[SCP]?.allow === false) return finish(c, 'ImplicitDeny', 'scp', crossAccount, results);

  const grant = results[RESOURCE]?.allow ? results[RESOURCE].grant : 'none';

  // 4. By principal type.
  if (!isIam) {
    if (p.type === 'root' && !crossAccount) return finish(c, 'Allow', undefined, crossAccount, results);
    // Root across accounts, services, federated providers, anonymous: only a resource policy grants.
    return grant !== 'none'
      ? finish(c, 'Allow', undefined, crossAccount, results)
      : finish(c, 'ImplicitDeny', 'resource', crossAccount, results);
  }

  const boundaryOk = results[BOUNDARY]?.allow ?? true;
  const sessionOk = results[SESSION]?.allow ?? true;
  const identityAllow = results[IDENTITY]?.allow ?? false;

  if (!crossAccount) {
    // A resource policy naming the caller itself grants on its own, past boundaries and sessions.
    if (grant === 'direct') return finish(c, 'Allow', undefined, crossAccount, results);
    // A role's trust policy must allow in any case: identity policies alone never assume a role.
    if (sets.resourceRequired === true && grant === 'none') return finish(c, 'ImplicitDeny', 'resource', crossAccount, results);
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

function kindOutcome(r: SetResult): Outcome {
  return r.deny ? 'ExplicitDeny' : r.allow ? 'Allow' : 'ImplicitDeny';
}

/** Fast-mode decisions carry nothing request-specific: one frozen object per shape serves all. */
const FAST_DECISIONS = new Map<number, Decision>();
const OUTCOME_BITS: Record<Outcome, number> = { Allow: 1, ExplicitDeny: 2, ImplicitDeny: 3 };
const KIND_BITS: Record<PolicySetKind, number> = { rcp: 1, scp: 2, resource: 3, identity: 4, boundary: 5, session: 6 };

function finish(
  c: Collector,
  outcome: Outcome,
  deniedBy: PolicySetKind | undefined,
  crossAccount: boolean,
  results: Results,
): Decision {
  let key = 0;
  if (!c.explain) {
    key = OUTCOME_BITS[outcome] | ((deniedBy === undefined ? 0 : KIND_BITS[deniedBy]) << 2) | ((crossAccount ? 1 : 0) << 5);
    for (let i = 0; i < ORDER.length; i++) {
      const r = results[i];
      if (r) key |= OUTCOME_BITS[kindOutcome(r)] << (6 + 2 * i);
    }
    const known = FAST_DECISIONS.get(key);
    if (known) return known;
  }
  const kinds: KindDecision[] = [];
  for (let i = 0; i < ORDER.length; i++) {
    const r = results[i];
    if (r) kinds.push(KIND_DECISIONS[ORDER[i]!][kindOutcome(r)]);
  }
  // AWS reports the denying statements for an explicit deny, the allowing ones otherwise.
  const decision: Decision = {
    outcome,
    crossAccount,
    kinds,
    matched: outcome === 'ExplicitDeny' ? c.denies : outcome === 'Allow' ? c.allows : NONE,
    missingContextKeys: c.missing && c.missing.size > 0 ? [...c.missing] : NO_KEYS,
  };
  if (deniedBy !== undefined) decision.deniedBy = deniedBy;
  if (!c.explain) {
    Object.freeze(kinds);
    FAST_DECISIONS.set(key, Object.freeze(decision));
  }
  return decision;
}
