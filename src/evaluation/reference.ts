// The reference evaluator: AWS's policy evaluation logic read literally and run slowly, so that
// the fast engine (compile.ts, evaluate.ts) has something independent to be checked against
// (STYLE principle 10). It takes validated PolicyDocuments, never compiled ones, and follows the
// documentation's flow step by step: deny evaluation, SCPs, RCPs, then resource-based, identity,
// boundary and session policies by principal type and account.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
//
// Invariants: no compilation, caching or indexing; every statement of every applicable policy is
// read for every request. Wildcards, principals and the combination rules are its own code; only
// the per-clause semantics of condition operators (conditions/) and variable substitution
// (variables.ts) are shared with the engine. Correctness over speed: never use it to serve.

import { compileCondition, evaluateCondition, parseOperator } from '../policy/conditions/index.js';
import type { RequestContext } from '../policy/context.js';
import type { ConditionClause, PolicyDocument, PrincipalSpec, Statement } from '../policy/types.js';
import { compileTemplate, resolveTemplate } from '../policy/variables.js';
import type { AuthorizationRequest, Outcome, PolicyRef, PolicySetKind, PolicySets, Principal } from './types.js';

/** The same policy sets the engine takes, holding validated documents instead of compiled ones. */
export type ReferenceSets = PolicySets<PolicyDocument>;

/** One statement that applies to the request (action, resource, principal and conditions). */
export interface ApplicableStatement {
  kind: PolicySetKind;
  policyId: string;
  /** SCP and RCP organization level (0 = root); undefined for other kinds. */
  level?: number;
  index: number;
  effect: 'Allow' | 'Deny';
  /** What the statement's Principal says of the caller; "caller" when it has no Principal. */
  naming: Naming;
}

export interface ReferenceDecision {
  outcome: Outcome;
  /** First policy type whose deny decided (explicit or implicit); undefined when allowed. */
  deniedBy?: PolicySetKind;
  /** Every statement that applies, in the order read: kinds in ORDER, policies, statements. */
  applicable: ApplicableStatement[];
}

/**
 * How a Principal element names the caller:
 *   caller   - the caller itself ("*", its user, session or root ARN, its service or provider)
 *   identity - the identity behind the caller's session (the role of an assumed-role session,
 *              the IAM user behind a federated-user session)
 *   account  - only the caller's account (arn:aws:iam::ACCT:root or ACCT), for a non-root caller
 *   none     - not the caller
 */
export type Naming = 'caller' | 'identity' | 'account' | 'none';

// AWS's enforcement order: RCPs, then SCPs (reference_policies_evaluation-logic_policy-eval-denyallow).
const ORDER: readonly PolicySetKind[] = ['rcp', 'scp', 'resource', 'identity', 'boundary', 'session'];

// ---- wildcards ----------------------------------------------------------------------------

type PatternPart = { kind: 'char'; char: string } | { kind: 'star' } | { kind: 'one' };

/**
 * A pattern as a list of parts, read one character (code point) at a time. `*` is any run of
 * characters, `?` exactly one; with `escapes` (Version 2012-10-17), `${*}`, `${?}` and `${$}`
 * are the literal characters.
 */
function readPattern(pattern: string, escapes: boolean): PatternPart[] {
  const chars = Array.from(pattern);
  const parts: PatternPart[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const escaped = chars[i + 2];
    if (escapes && c === '$' && chars[i + 1] === '{' && chars[i + 3] === '}' && escaped !== undefined && '*?$'.includes(escaped)) {
      parts.push({ kind: 'char', char: escaped });
      i += 3;
    } else if (c === '*') {
      parts.push({ kind: 'star' });
    } else if (c === '?') {
      parts.push({ kind: 'one' });
    } else {
      parts.push({ kind: 'char', char: c });
    }
  }
  return parts;
}

/** Naive recursive matching: a star tries every length, from none to the rest of the text. */
function matchParts(parts: readonly PatternPart[], p: number, text: readonly string[], t: number): boolean {
  if (p === parts.length) return t === text.length;
  const part = parts[p]!;
  if (part.kind === 'star') {
    for (let k = t; k <= text.length; k++) if (matchParts(parts, p + 1, text, k)) return true;
    return false;
  }
  if (t === text.length) return false;
  if (part.kind === 'one' || part.char === text[t]) return matchParts(parts, p + 1, text, t + 1);
  return false;
}

function wildcardMatch(pattern: string, text: string, escapes: boolean): boolean {
  return matchParts(readPattern(pattern, escapes), 0, Array.from(text), 0);
}

// ---- the parts of a statement -------------------------------------------------------------

/** Actions are case-insensitive: "s3:getobject" is "s3:GetObject". */
function actionMatches(st: Statement, action: string): boolean {
  const matchesAny = (patterns: readonly string[]): boolean =>
    patterns.some((pattern) => wildcardMatch(pattern.toLowerCase(), action.toLowerCase(), false));
  if (st.action) return matchesAny(st.action);
  if (st.notAction) return !matchesAny(st.notAction);
  return false;
}

/** A Resource/NotResource entry after variable substitution; undefined when a variable cannot be resolved. */
function resourcePattern(text: string, doc: PolicyDocument, ctx: RequestContext): string | undefined {
  if (doc.version !== '2012-10-17') return text;
  return resolveTemplate(compileTemplate(text), ctx);
}

/**
 * Resources are case-sensitive. The request resource "*" is matched literally: only a pattern
 * that matches the text "*" covers it.
 * An entry whose variable cannot be resolved matches nothing.
 */
function resourceMatches(st: Statement, doc: PolicyDocument, resource: string, ctx: RequestContext): boolean {
  const escapes = doc.version === '2012-10-17';
  const matchesEntry = (entry: string): boolean => {
    const pattern = resourcePattern(entry, doc, ctx);
    return pattern !== undefined && wildcardMatch(pattern, resource, escapes);
  };
  // A request on "*" (an action without resource-level permissions) is matched literally, as AWS
  // does: only a pattern that matches the text "*" covers it.
  if (st.resource) return st.resource.some(matchesEntry);
  if (st.notResource) return !st.notResource.some(matchesEntry);
  return true;
}

/**
 * One condition clause. Under Version 2012-10-17 the values of operators that take variables are
 * substituted first; a value whose variable cannot be resolved is left out.
 */
function clauseHolds(clause: ConditionClause, doc: PolicyDocument, ctx: RequestContext): boolean {
  const op = parseOperator(clause.operator);
  if (!op) throw new TypeError(`reference evaluator given an unvalidated condition operator: ${clause.operator}`);
  const v2012 = doc.version === '2012-10-17';
  const values: string[] = [];
  for (const value of clause.values) {
    if (v2012 && op.definition.variables) {
      const resolved = resolveTemplate(compileTemplate(value), ctx);
      if (resolved !== undefined) values.push(resolved);
    } else {
      values.push(value);
    }
  }
  const compiled = compileCondition(op, values, { escapes: v2012 });
  if (!compiled.ok) return false;
  return evaluateCondition(op, compiled.test, ctx.get(clause.key));
}

/** All clauses must hold (AND); a statement without Condition has none to fail. */
function conditionsHold(st: Statement, doc: PolicyDocument, ctx: RequestContext): boolean {
  return st.conditions.every((clause) => clauseHolds(clause, doc, ctx));
}

// ---- principals ---------------------------------------------------------------------------

function isIamPrincipal(p: Principal): boolean {
  return p.type === 'user' || p.type === 'assumed-role' || p.type === 'federated-user';
}

/**
 * Whether an AWS principal entry names the caller's account: its 12 digits, or its root ARN
 * "arn:PARTITION:iam::ACCOUNT:root" in the caller's own partition (an aws-cn ARN never names an
 * account of the aws partition).
 */
function namesAccountOf(value: string, p: { account: string; arn: string }): boolean {
  if (value === p.account) return true;
  const partition = p.arn.split(':')[1];
  return partition !== undefined && value === `arn:${partition}:iam::${p.account}:root`;
}

function awsEntryNames(value: string, p: Principal): Naming {
  if (value === '*') return 'caller';
  switch (p.type) {
    case 'root':
      return value === p.arn || namesAccountOf(value, p) ? 'caller' : 'none';
    case 'user':
      if (value === p.arn) return 'caller';
      return namesAccountOf(value, p) ? 'account' : 'none';
    case 'assumed-role':
      if (value === p.arn) return 'caller';
      if (value === p.roleArn) return 'identity';
      return namesAccountOf(value, p) ? 'account' : 'none';
    case 'federated-user':
      if (value === p.arn) return 'caller';
      if (p.userArn !== undefined && value === p.userArn) return 'identity';
      return namesAccountOf(value, p) ? 'account' : 'none';
    default:
      return 'none';
  }
}

function entryNames(kind: string, value: string, p: Principal): Naming {
  switch (kind) {
    case 'AWS':
      return awsEntryNames(value, p);
    case 'Service':
      return p.type === 'service' && p.service === value ? 'caller' : 'none';
    case 'Federated':
      return p.type === 'federated' && p.provider === value ? 'caller' : 'none';
    default:
      return 'none';
  }
}

/** Every way the Principal element names the caller. */
function principalNamings(spec: PrincipalSpec, p: Principal): Naming[] {
  if (spec === '*') return ['caller'];
  const out: Naming[] = [];
  for (const [kind, values] of Object.entries(spec)) {
    for (const value of values ?? []) out.push(entryNames(kind, value, p));
  }
  return out;
}

/** What a Principal element says of the caller: the most specific way it names it. */
function principalNaming(spec: PrincipalSpec, p: Principal): Naming {
  const namings = principalNamings(spec, p);
  if (namings.includes('caller')) return 'caller';
  if (namings.includes('identity')) return 'identity';
  if (namings.includes('account')) return 'account';
  return 'none';
}

/**
 * NotPrincipal lists principals exactly: the caller is excluded only when it is listed itself. A
 * role ARN does not list its sessions, and an account lists only its root user.
 */
function listedInNotPrincipal(spec: PrincipalSpec, p: Principal): boolean {
  if (spec === '*') return true;
  for (const [kind, values] of Object.entries(spec)) {
    for (const value of values ?? []) {
      if (kind === 'AWS') {
        if (value === '*') return true;
        if (p.type === 'root' && (value === p.arn || namesAccountOf(value, p))) return true;
        if ((p.type === 'user' || p.type === 'assumed-role' || p.type === 'federated-user') && value === p.arn) return true;
      } else if (kind === 'Service') {
        if (p.type === 'service' && p.service === value) return true;
      } else if (kind === 'Federated') {
        if (p.type === 'federated' && p.provider === value) return true;
      }
    }
  }
  return false;
}

/**
 * How the statement's Principal/NotPrincipal takes in the caller ("caller" when it has neither).
 * "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
 * permissions boundary policy attached, regardless of the values specified in the NotPrincipal
 * element" (reference_policies_elements_notprincipal.html, access_policies_boundaries.html).
 */
function statementNaming(st: Statement, p: Principal, hasBoundary: boolean): Naming {
  if (st.principal !== undefined) return principalNaming(st.principal, p);
  if (st.notPrincipal !== undefined) {
    if (st.effect === 'Deny' && hasBoundary) return 'caller';
    return listedInNotPrincipal(st.notPrincipal, p) ? 'none' : 'caller';
  }
  return 'caller';
}

// ---- policies -----------------------------------------------------------------------------

interface PolicyToRead {
  kind: PolicySetKind;
  level?: number;
  ref: PolicyRef<PolicyDocument>;
}

/**
 * Reads every statement of one policy; returns those that apply to the request. `hasBoundary`:
 * the caller is an IAM principal with a permissions boundary.
 */
function applicableStatements(policy: PolicyToRead, req: AuthorizationRequest, hasBoundary: boolean): ApplicableStatement[] {
  const out: ApplicableStatement[] = [];
  const doc = policy.ref.compiled;
  for (const st of doc.statements) {
    if (!actionMatches(st, req.action)) continue;
    if (!resourceMatches(st, doc, req.resource, req.context)) continue;
    const naming = statementNaming(st, req.principal, hasBoundary);
    if (naming === 'none') continue;
    if (!conditionsHold(st, doc, req.context)) continue;
    out.push({
      kind: policy.kind,
      policyId: policy.ref.id,
      ...(policy.level !== undefined ? { level: policy.level } : {}),
      index: st.index,
      effect: st.effect,
      naming,
    });
  }
  return out;
}

/**
 * The policies of each type that apply to this request. SCPs and RCPs apply when given; identity
 * policies, boundaries and session policies only to IAM principals (users, role sessions,
 * federated users): the root user, services, federated providers and anonymous callers have none.
 */
function policiesToRead(req: AuthorizationRequest, sets: ReferenceSets): PolicyToRead[] {
  const out: PolicyToRead[] = [];
  const iam = isIamPrincipal(req.principal);
  for (const kind of ORDER) {
    switch (kind) {
      case 'scp':
        sets.scps?.forEach((level, l) => level.forEach((ref) => out.push({ kind, level: l, ref })));
        break;
      case 'rcp':
        sets.rcps?.forEach((level, l) => level.forEach((ref) => out.push({ kind, level: l, ref })));
        break;
      case 'resource':
        if (sets.resource) out.push({ kind, ref: sets.resource });
        break;
      case 'identity':
        if (iam) for (const ref of sets.identity) out.push({ kind, ref });
        break;
      case 'boundary':
        if (iam && sets.boundary) out.push({ kind, ref: sets.boundary });
        break;
      case 'session':
        if (iam && sets.session) for (const ref of sets.session) out.push({ kind, ref });
        break;
    }
  }
  return out;
}

// ---- the decision -------------------------------------------------------------------------

export function referenceEvaluate(req: AuthorizationRequest, sets: ReferenceSets): ReferenceDecision {
  const p = req.principal;
  const hasBoundary = isIamPrincipal(p) && sets.boundary !== undefined;
  const applicable: ApplicableStatement[] = [];
  for (const policy of policiesToRead(req, sets)) applicable.push(...applicableStatements(policy, req, hasBoundary));

  const decide = (outcome: Outcome, deniedBy?: PolicySetKind): ReferenceDecision =>
    deniedBy === undefined ? { outcome, applicable } : { outcome, deniedBy, applicable };
  const allowsIn = (kind: PolicySetKind, naming?: (n: Naming) => boolean): boolean =>
    applicable.some((s) => s.kind === kind && s.effect === 'Allow' && (naming === undefined || naming(s.naming)));

  // 1. Deny evaluation: an applicable Deny statement in any policy decides.
  for (const kind of ORDER) {
    if (applicable.some((s) => s.kind === kind && s.effect === 'Deny')) return decide('ExplicitDeny', kind);
  }

  // 2. RCPs, 3. SCPs: when they apply, every organization level must have an applicable Allow.
  const everyLevelAllows = (kind: 'scp' | 'rcp', levels: readonly unknown[]): boolean =>
    levels.every((_, l) => applicable.some((s) => s.kind === kind && s.level === l && s.effect === 'Allow'));
  if (sets.rcps && !everyLevelAllows('rcp', sets.rcps)) return decide('ImplicitDeny', 'rcp');
  if (sets.scps && !everyLevelAllows('scp', sets.scps)) return decide('ImplicitDeny', 'scp');

  const callerAccount = 'account' in p ? p.account : undefined;
  const crossAccount = req.resourceAccount !== undefined && callerAccount !== undefined && req.resourceAccount !== callerAccount;

  // 4. Principals that are not IAM identities. The root user has full access in its own account;
  // anywhere else, and for services, federated providers and anonymous callers, only a
  // resource-based policy that names them grants.
  if (!isIamPrincipal(p)) {
    if (p.type === 'root' && !crossAccount) return decide('Allow');
    return allowsIn('resource') ? decide('Allow') : decide('ImplicitDeny', 'resource');
  }

  const boundaryAllows = sets.boundary === undefined || allowsIn('boundary');
  const sessionAllows = sets.session === undefined || allowsIn('session');

  if (!crossAccount) {
    // 5. Same account. A resource-based policy that names the caller itself (user ARN, session
    // ARN, "*") grants on its own: an implicit deny in identity policies, boundary or session
    // policies does not limit it.
    if (allowsIn('resource', (n) => n === 'caller')) return decide('Allow');
    // A role's trust policy must allow in any case: identity policies alone never assume a role.
    if (sets.resourceRequired === true && !allowsIn('resource')) return decide('ImplicitDeny', 'resource');
    // Naming the role (or the IAM user behind a federated session) adds to the identity's
    // permissions, which the boundary and session policies then limit. Naming only the account
    // delegates to the identity policies and grants nothing itself.
    const identityAllows = allowsIn('identity') || allowsIn('resource', (n) => n === 'identity');
    if (!identityAllows) return decide('ImplicitDeny', 'identity');
    if (!boundaryAllows) return decide('ImplicitDeny', 'boundary');
    if (!sessionAllows) return decide('ImplicitDeny', 'session');
    return decide('Allow');
  }

  // 6. Cross account: the caller's account must allow (identity policies, within boundary and
  // session policies) and the resource's account must allow (its resource-based policy names
  // the caller, its identity or its account).
  if (!allowsIn('identity')) return decide('ImplicitDeny', 'identity');
  if (!boundaryAllows) return decide('ImplicitDeny', 'boundary');
  if (!sessionAllows) return decide('ImplicitDeny', 'session');
  if (!allowsIn('resource')) return decide('ImplicitDeny', 'resource');
  return decide('Allow');
}
