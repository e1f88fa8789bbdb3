// Compilation: a validated PolicyDocument becomes a CompiledPolicy once, and is reused for every
// request. Patterns, condition values, principals and policy variables are pre-parsed; statements
// are indexed by action so that a request only looks at statements whose Action can match it.

import { compileGlob, hasWildcard, type Matcher } from '../policy/glob.js';
import { compileCondition, evaluateCondition, parseOperator } from '../policy/conditions/registry.js';
import type { ParsedOperator, ValueTest } from '../policy/conditions/types.js';
import type { RequestContext } from '../policy/context.js';
import { compileTemplate, resolveTemplate, templateKeys, type Template } from '../policy/variables.js';
import type { PolicyDocument, SourcePosition, Statement } from '../policy/types.js';
import { compileNotPrincipal, compilePrincipal, type PrincipalMatcher } from './principal.js';
import type { Principal } from './types.js';

/** A pattern that may hold policy variables: fixed ones are compiled now, others per request. */
interface ResourcePattern {
  any: boolean;
  fixed?: Matcher;
  template?: Template;
}

interface CompiledCondition {
  op: ParsedOperator;
  key: string;
  /** The key lower-cased once, for the case-insensitive context lookup. */
  lowerKey: string;
  /** Values without variables, compiled once. */
  fixed?: ValueTest;
  /** Values with variables: substituted and compiled per request (memoized by text). */
  templates?: Template[];
}

export interface CompiledStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly sid?: string;
  readonly index: number;
  readonly start: SourcePosition;
  readonly end: SourcePosition;
  readonly principal?: PrincipalMatcher;
  readonly notPrincipal?: (p: Principal) => boolean;
  readonly resources?: ResourcePattern[];
  readonly notResources?: ResourcePattern[];
  readonly conditions: CompiledCondition[];
  /** Condition keys, as written, for GetContextKeysFor*Policy and MissingContextValues. */
  readonly conditionKeys: string[];
}

interface StatementActions {
  statement: CompiledStatement;
  /** Action (or NotAction) patterns, lower-cased. */
  patterns: string[];
  not: boolean;
  matchers: Matcher[];
}

export interface Candidates {
  allow: CompiledStatement[];
  deny: CompiledStatement[];
}

const MEMO_LIMIT = 4096;

let nextUid = 1;

export class CompiledPolicy {
  /** Unique per compiled policy in this process (the cache hands out one per content). */
  readonly uid = nextUid++;
  readonly statements: CompiledStatement[];
  private readonly byAction: StatementActions[];
  /** service prefix -> exact action name -> statements naming it exactly. */
  private readonly exact = new Map<string, Map<string, number[]>>();
  /** service prefix -> statements with a wildcard action in that service. */
  private readonly serviceWild = new Map<string, number[]>();
  /** statements that must be tested against every action (NotAction, "*", wildcard service). */
  private readonly everywhere: number[] = [];
  private readonly memo = new Map<string, Candidates>();

  constructor(readonly document: PolicyDocument) {
    const variables = document.version === '2012-10-17';
    this.statements = [];
    this.byAction = [];
    for (const st of document.statements) {
      const compiled = compileStatement(st, variables);
      const i = this.statements.length;
      this.statements.push(compiled);
      const not = st.notAction !== undefined;
      const patterns = (st.notAction ?? st.action ?? []).map((a) => a.toLowerCase());
      this.byAction.push({ statement: compiled, patterns, not, matchers: patterns.map((p) => compileGlob(p)) });
      if (not) {
        this.everywhere.push(i);
        continue;
      }
      for (const p of patterns) {
        const colon = p.indexOf(':');
        const service = colon < 0 ? '' : p.slice(0, colon);
        if (p === '*' || colon < 0 || hasWildcard(service)) {
          pushUnique(this.everywhere, i);
        } else if (hasWildcard(p)) {
          pushUnique(listFor(this.serviceWild, service), i);
        } else {
          let names = this.exact.get(service);
          if (!names) this.exact.set(service, (names = new Map<string, number[]>()));
          const list = names.get(p) ?? [];
          pushUnique(list, i);
          names.set(p, list);
        }
      }
    }
  }

  /** The statements whose Action/NotAction element matches `action`, split by effect. */
  candidates(action: string): Candidates {
    return this.candidatesLower(action.toLowerCase());
  }

  /** `candidates` for an action already in lower case (evaluate lowers it once per request). */
  candidatesLower(lower: string): Candidates {
    const hit = this.memo.get(lower);
    if (hit) return hit;
    const colon = lower.indexOf(':');
    const service = colon < 0 ? '' : lower.slice(0, colon);
    const picked = new Set<number>(this.exact.get(service)?.get(lower));
    for (const i of this.serviceWild.get(service) ?? []) {
      if (this.byAction[i]!.matchers.some((m) => m(lower))) picked.add(i);
    }
    for (const i of this.everywhere) {
      const sa = this.byAction[i]!;
      const any = sa.matchers.some((m) => m(lower));
      if (any !== sa.not) picked.add(i);
    }
    const result: Candidates = { allow: [], deny: [] };
    for (const i of [...picked].sort((a, b) => a - b)) {
      const st = this.statements[i]!;
      (st.effect === 'Deny' ? result.deny : result.allow).push(st);
    }
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(lower, result);
    return result;
  }
}

/** A statement of one policy in a set: which policy (its position in the set) and which statement. */
export interface SetEntry {
  readonly policy: number;
  readonly st: CompiledStatement;
}

export interface SetCandidates {
  readonly deny: readonly SetEntry[];
  readonly allow: readonly SetEntry[];
  /** The same statements without their policies (for the enforcement path, which names none). */
  readonly denyStatements: readonly CompiledStatement[];
  readonly allowStatements: readonly CompiledStatement[];
}

/**
 * Candidates across all the policies of a set (e.g. a user's 20 identity policies): one lookup
 * per request instead of one per policy, denies first. Memoized by action like CompiledPolicy.
 */
export class PolicySetIndex {
  private readonly memo = new Map<string, SetCandidates>();

  constructor(private readonly policies: readonly CompiledPolicy[]) {}

  candidatesLower(lower: string): SetCandidates {
    const hit = this.memo.get(lower);
    if (hit) return hit;
    const deny: SetEntry[] = [];
    const allow: SetEntry[] = [];
    this.policies.forEach((p, policy) => {
      const c = p.candidatesLower(lower);
      for (const st of c.deny) deny.push({ policy, st });
      for (const st of c.allow) allow.push({ policy, st });
    });
    const result: SetCandidates = { deny, allow, denyStatements: deny.map((e) => e.st), allowStatements: allow.map((e) => e.st) };
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(lower, result);
    return result;
  }
}

function listFor(map: Map<string, number[]>, key: string): number[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

function pushUnique(list: number[], i: number): void {
  if (list[list.length - 1] !== i) list.push(i);
}

function compileResource(text: string, variables: boolean): ResourcePattern {
  if (text === '*') return { any: true };
  if (variables && text.includes('${')) {
    const template = compileTemplate(text);
    if (templateKeys(template).length > 0) return { any: false, template };
  }
  return { any: false, fixed: compileGlob(text, { escapes: variables }) };
}

function compileStatement(st: Statement, variables: boolean): CompiledStatement {
  const conditions: CompiledCondition[] = [];
  const conditionKeys: string[] = [];
  for (const clause of st.conditions) {
    const op = parseOperator(clause.operator);
    // Validation rejects unknown operators; a document that reaches here without it is our bug.
    if (!op) throw new TypeError(`unvalidated condition operator ${clause.operator}`);
    conditionKeys.push(clause.key);
    const templated = variables && op.definition.variables && clause.values.some((v) => v.includes('${'));
    if (templated) {
      const templates = clause.values.map((v) => compileTemplate(v));
      if (templates.some((t) => templateKeys(t).length > 0)) {
        conditions.push({ op, key: clause.key, lowerKey: clause.key.toLowerCase(), templates });
        continue;
      }
    }
    const compiled = compileCondition(op, clause.values, { escapes: variables });
    // A value a family cannot parse never matches (validation reports it where AWS does).
    conditions.push({ op, key: clause.key, lowerKey: clause.key.toLowerCase(), fixed: compiled.ok ? compiled.test : () => false });
  }
  return {
    effect: st.effect,
    ...(st.sid !== undefined ? { sid: st.sid } : {}),
    index: st.index,
    start: st.start,
    end: st.end,
    ...(st.principal !== undefined ? { principal: compilePrincipal(st.principal) } : {}),
    ...(st.notPrincipal !== undefined ? { notPrincipal: compileNotPrincipal(st.notPrincipal) } : {}),
    ...(st.resource ? { resources: st.resource.map((r) => compileResource(r, variables)) } : {}),
    ...(st.notResource ? { notResources: st.notResource.map((r) => compileResource(r, variables)) } : {}),
    conditions,
    conditionKeys,
  };
}

// ---- per-request matching ------------------------------------------------------------------

const templateGlobs = new Map<string, Matcher>();

function resolvedGlob(text: string): Matcher {
  let m = templateGlobs.get(text);
  if (!m) {
    if (templateGlobs.size >= MEMO_LIMIT) templateGlobs.clear();
    m = compileGlob(text, { escapes: true });
    templateGlobs.set(text, m);
  }
  return m;
}

function patternMatches(p: ResourcePattern, resource: string, ctx: RequestContext): boolean {
  if (p.any) return true;
  if (p.fixed) return p.fixed(resource);
  const text = resolveTemplate(p.template!, ctx);
  return text !== undefined && resolvedGlob(text)(resource);
}

/**
 * Resource/NotResource test. A request on "*" (an action without resource-level permissions, or
 * the simulator's default) is matched literally, as AWS does: only a pattern that matches the
 * text "*" covers it, so `Allow sns:* on arn:...:topic` does not grant sns:ListTopics.
 */
export function resourceMatches(st: CompiledStatement, resource: string, ctx: RequestContext): boolean {
  if (st.resources) {
    for (const p of st.resources) if (patternMatches(p, resource, ctx)) return true;
    return false;
  }
  if (st.notResources) {
    for (const p of st.notResources) if (patternMatches(p, resource, ctx)) return false;
    return true;
  }
  return true;
}

const conditionMemo = new WeakMap<CompiledCondition, Map<string, ValueTest>>();

function templatedTest(c: CompiledCondition, ctx: RequestContext): ValueTest {
  const values: string[] = [];
  for (const t of c.templates!) {
    const v = resolveTemplate(t, ctx);
    if (v !== undefined) values.push(v);
  }
  // JSON keeps values apart whatever characters they hold.
  const memoKey = JSON.stringify(values);
  let memo = conditionMemo.get(c);
  if (!memo) conditionMemo.set(c, (memo = new Map<string, ValueTest>()));
  let test = memo.get(memoKey);
  if (!test) {
    const compiled = compileCondition(c.op, values, { escapes: true });
    test = compiled.ok ? compiled.test : () => false;
    if (memo.size >= 256) memo.clear();
    memo.set(memoKey, test);
  }
  return test;
}

/**
 * All conditions of a statement hold (AND of clauses). Keys looked up but absent are added to
 * `missing` when given (the simulator reports them).
 */
export function conditionsHold(st: CompiledStatement, ctx: RequestContext, missing?: Set<string>): boolean {
  let ok = true;
  for (const c of st.conditions) {
    const value = ctx.getLower(c.lowerKey);
    if (value === undefined && missing) missing.add(c.key);
    const test = c.fixed ?? templatedTest(c, ctx);
    if (!evaluateCondition(c.op, test, value)) {
      ok = false;
      if (!missing) return false;
    }
  }
  return ok;
}
