// Properties of the decision engine, checked on random but valid policy sets against the slow,
// literal reference evaluator (src/evaluation/reference.ts): one contract, two implementations
// (STYLE principle 10). Requests come from a small vocabulary so that statements match often.
//   (a) fast and explain modes agree with the reference on outcome and deniedBy
//   (b) a matching Deny added to any applicable policy always denies
//   (c) statement order, policy order, white space and key order do not matter
//   (d) the case of the action does not matter; the case of the resource does
//   (e) nothing throws, whatever the action, resource and context values
//   (f) explain mode lists exactly the deciding statements
//   (g) decisions do not depend on what was evaluated before (memos are invisible)
// Disagreements already reported are listed in KNOWN_ENGINE_BUGS / KNOWN_HISTORY_BUGS and pinned
// by `todo` tests; the properties step around them to keep looking for new ones.
//
// Runs are seeded: a failure is reproducible as printed. TESSERA_FC_SEED=<n> picks another seed
// and TESSERA_FC_RUNS=<n> another number of runs, to search further by hand.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { RequestContext, type ContextValue } from '../src/policy/context.js';
import type { PolicyDocument, PolicyType } from '../src/policy/types.js';
import { validatePolicy, type ValidateOptions } from '../src/policy/validate.js';
import { PolicyCache } from '../src/evaluation/cache.js';
import { CompiledPolicy } from '../src/evaluation/compile.js';
import { evaluate } from '../src/evaluation/evaluate.js';
import { referenceEvaluate } from '../src/evaluation/reference.js';
import type { AuthorizationRequest, Decision, PolicyRef, PolicySets, Principal } from '../src/evaluation/types.js';

const SEED = process.env.TESSERA_FC_SEED !== undefined ? Number(process.env.TESSERA_FC_SEED) : undefined;
const RUNS = process.env.TESSERA_FC_RUNS !== undefined ? Number(process.env.TESSERA_FC_RUNS) : undefined;
function params(seed: number, numRuns: number): fc.Parameters<unknown> {
  return { seed: SEED ?? seed, numRuns: RUNS ?? numRuns };
}

// ---- vocabulary ----------------------------------------------------------------------------

const A = '111122223333';
const B = '444455556666';
const ALICE = `arn:aws:iam::${A}:user/alice`;
const CAROL = `arn:aws:iam::${A}:user/carol`;
const BOB = `arn:aws:iam::${B}:user/bob`;
const DEV = `arn:aws:iam::${A}:role/Dev`;
const DEV_SESSION = `arn:aws:sts::${A}:assumed-role/Dev/s1`;
const OPS = `arn:aws:iam::${B}:role/Ops`;
const OPS_SESSION = `arn:aws:sts::${B}:assumed-role/Ops/s2`;
const FED = `arn:aws:sts::${A}:federated-user/fred`;
const ROOT_A = `arn:aws:iam::${A}:root`;
const ROOT_B = `arn:aws:iam::${B}:root`;

const PRINCIPALS: readonly Principal[] = [
  { type: 'user', account: A, arn: ALICE },
  { type: 'user', account: B, arn: BOB },
  { type: 'assumed-role', account: A, arn: DEV_SESSION, roleArn: DEV },
  { type: 'assumed-role', account: B, arn: OPS_SESSION, roleArn: OPS },
  { type: 'root', account: A, arn: ROOT_A },
  { type: 'root', account: B, arn: ROOT_B },
  { type: 'federated-user', account: A, arn: FED, userArn: ALICE },
  { type: 'federated-user', account: A, arn: FED },
  { type: 'service', service: 's3.amazonaws.com' },
  { type: 'service', service: 'lambda.amazonaws.com' },
  { type: 'federated', provider: 'cognito-identity.amazonaws.com' },
  { type: 'anonymous' },
];

const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'iam:GetUser', 'ec2:RunInstances', 'sqs:SendMessage'];
const ACTION_PATTERNS = [
  ...ACTIONS,
  '*',
  's3:*',
  's3:Get*',
  's3:?etObject',
  's3:getobject',
  'S3:PUTOBJECT',
  'iam:*User',
  'ec2:*',
  'sqs:Send*',
  's3:List*',
];
/** RCPs name only supported services, and never a bare "*". */
const RCP_ACTION_PATTERNS = ['s3:*', 's3:GetObject', 's3:Put*', 'sqs:*', 'sqs:SendMessage', 's3:?etObject'];

const RESOURCES = [
  'arn:aws:s3:::bucket/alice/doc.txt',
  'arn:aws:s3:::bucket/bob/doc.txt',
  'arn:aws:s3:::bucket',
  'arn:aws:s3:::Bucket/alice/doc.txt',
  'arn:aws:s3:::bucket/*',
  `arn:aws:iam::${A}:user/alice`,
  `arn:aws:sqs:us-east-1:${B}:queue`,
  '*',
];
const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::bucket',
  'arn:aws:s3:::*',
  'arn:aws:s3:::bucket/alice/*',
  'arn:aws:s3:::bucket/?lice/*',
  'arn:aws:s3:::Bucket/*',
  'arn:aws:s3:::bucket/${aws:username}/*',
  "arn:aws:s3:::bucket/${aws:username, 'bob'}/*",
  'arn:aws:s3:::bucket/${*}',
  'arn:aws:iam::*:user/*',
  `arn:aws:iam::${A}:user/\${aws:username}`,
  'arn:aws:sqs:*:*:queue',
  'arn:aws:*:*:*:*',
];

const AWS_PRINCIPALS = ['*', A, B, ROOT_A, ROOT_B, ALICE, CAROL, BOB, DEV, DEV_SESSION, OPS, OPS_SESSION, FED];
const SERVICES = ['s3.amazonaws.com', 'lambda.amazonaws.com'];
const PROVIDERS = ['cognito-identity.amazonaws.com', 'accounts.google.com'];

function isIamPrincipal(p: Principal): boolean {
  return p.type === 'user' || p.type === 'assumed-role' || p.type === 'federated-user';
}

// ---- arbitraries ---------------------------------------------------------------------------
//
// The request is drawn first and the policies lean towards it: about half of the patterns and
// principals name the request's action, resource or caller (or a wildcard that covers it), the
// rest come from the whole vocabulary. Without the lean, almost every case ends in an implicit
// deny and the interesting combinations (resource policy naming the session, boundary, cross
// account...) are rarely reached.

type Json = Record<string, unknown>;
type Kind = 'identity' | 'resource' | 'boundary' | 'session' | 'scp' | 'rcp';

/** What the policies lean towards. */
interface Focus {
  actions: string[];
  resources: string[];
  aws: string[];
  services: string[];
  providers: string[];
  /** No Deny statements at all (a third of the cases), so that the grant rules get exercised. */
  permissive: boolean;
}

function focusOn(principal: Principal, action: string, resource: string, permissive: boolean): Focus {
  const service = action.slice(0, action.indexOf(':'));
  const actions = [action, action.toLowerCase(), action.toUpperCase(), `${service}:*`, '*', `${action.slice(0, -2)}*`, `${service}:?${action.slice(service.length + 2)}`];
  const resources = resource === '*' ? ['*'] : [resource, '*', `${resource.slice(0, Math.max(14, resource.length - 5))}*`];
  const aws: string[] = ['*'];
  let services: string[] = [];
  let providers: string[] = [];
  switch (principal.type) {
    case 'root':
      aws.push(principal.arn, principal.account);
      break;
    case 'user':
      aws.push(principal.arn, principal.account, `arn:aws:iam::${principal.account}:root`);
      break;
    case 'assumed-role':
      aws.push(principal.arn, principal.roleArn, principal.account);
      break;
    case 'federated-user':
      aws.push(principal.arn, principal.account, ...(principal.userArn !== undefined ? [principal.userArn] : []));
      break;
    case 'service':
      services = [principal.service];
      break;
    case 'federated':
      providers = [principal.provider];
      break;
    case 'anonymous':
      break;
  }
  return { actions, resources, aws, services, providers, permissive };
}

/** One value: from the focus half of the time, else from the whole vocabulary. */
function leaning(focus: readonly string[], all: readonly string[]): fc.Arbitrary<string> {
  return focus.length === 0 ? fc.constantFrom(...all) : fc.oneof(fc.constantFrom(...focus), fc.constantFrom(...all));
}

/** A list element, written as a bare string when it has one entry (as often in real policies). */
function listOf(value: fc.Arbitrary<string>, maxLength = 3): fc.Arbitrary<string | string[]> {
  return fc
    .tuple(fc.uniqueArray(value, { minLength: 1, maxLength }), fc.boolean())
    .map(([list, bare]) => (bare && list.length === 1 ? list[0]! : list));
}

function principalSpecArb(focus: Focus): fc.Arbitrary<unknown> {
  const aws = leaning(focus.aws, AWS_PRINCIPALS);
  const services = leaning(focus.services, SERVICES);
  const providers = leaning(focus.providers, PROVIDERS);
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant('*') },
    { weight: 5, arbitrary: fc.record({ AWS: listOf(aws) }) },
    { weight: focus.services.length > 0 ? 4 : 1, arbitrary: fc.record({ Service: listOf(services, 2) }) },
    { weight: focus.providers.length > 0 ? 4 : 1, arbitrary: fc.record({ Federated: listOf(providers, 1) }) },
    { weight: 1, arbitrary: fc.record({ AWS: listOf(aws, 2), Service: listOf(services, 1) }) },
  );
}

interface Clause {
  op: string;
  key: string;
  values: readonly string[];
}

const STRING_VALUES = ['alice', 'bob', 'a*', 'red', '${aws:username}', '${aws:PrincipalTag/team}', "${aws:PrincipalTag/team, 'red'}", '${*}'];

const clauseArb: fc.Arbitrary<Clause> = fc.oneof(
  fc.record({
    op: fc
      .tuple(
        fc.constantFrom('StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase'),
        fc.constantFrom('', '', 'IfExists'),
      )
      .map(([op, suffix]) => op + suffix),
    key: fc.constantFrom('aws:username', 'aws:PrincipalTag/team'),
    values: fc.uniqueArray(fc.constantFrom(...STRING_VALUES), { minLength: 1, maxLength: 2 }),
  }),
  fc.record({
    op: fc
      .tuple(
        fc.constantFrom('ForAllValues:', 'ForAnyValue:'),
        fc.constantFrom('StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike'),
        fc.constantFrom('', 'IfExists'),
      )
      .map(([q, op, suffix]) => q + op + suffix),
    key: fc.constantFrom('aws:TagKeys', 'aws:username'),
    values: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'a*', '*', '${aws:username}'), { minLength: 1, maxLength: 3 }),
  }),
  // Two variables in one clause: resolved per request, and memoized by the engine.
  fc.record({
    op: fc.constantFrom('StringEquals', 'StringNotEquals', 'StringLike'),
    key: fc.constant('aws:PrincipalTag/x'),
    values: fc.constant(['${aws:username}', '${aws:PrincipalTag/team}']),
  }),
  fc.record({ op: fc.constantFrom('Bool', 'BoolIfExists'), key: fc.constant('aws:SecureTransport'), values: fc.constantFrom(['true'], ['false']) }),
  fc.record({
    op: fc.constantFrom('IpAddress', 'NotIpAddress', 'IpAddressIfExists'),
    key: fc.constant('aws:SourceIp'),
    values: fc.constantFrom(['10.0.0.0/8'], ['192.168.1.1/32', '10.1.0.0/16']),
  }),
  fc.record({
    op: fc.constantFrom('NumericLessThan', 'NumericGreaterThanEquals', 'NumericEqualsIfExists'),
    key: fc.constant('s3:max-keys'),
    values: fc.constantFrom(['10'], ['5', '50']),
  }),
  fc.record({ op: fc.constant('Null'), key: fc.constantFrom('aws:username', 'aws:TagKeys', 'aws:SourceIp'), values: fc.constantFrom(['true'], ['false']) }),
  fc.record({
    op: fc.constantFrom('ArnLike', 'ArnNotLike', 'ArnEquals'),
    key: fc.constant('aws:PrincipalArn'),
    values: fc.constantFrom([`arn:aws:iam::${A}:*`], [DEV], ['arn:aws:iam::*:user/${aws:username}']),
  }),
);

const conditionArb: fc.Arbitrary<Json> = fc
  .uniqueArray(clauseArb, { minLength: 1, maxLength: 2, selector: (c) => `${c.op} ${c.key.toLowerCase()}` })
  .map((clauses) => {
    const out: Record<string, Record<string, string | readonly string[]>> = {};
    for (const c of clauses) (out[c.op] ??= {})[c.key] = c.values.length === 1 ? c.values[0]! : c.values;
    return out;
  });

/** How often a statement allows or denies: denies rarely in SCPs, which sit in front of everything; RCPs only deny. */
const ALLOW_WEIGHT: Record<Exclude<Kind, 'rcp'>, number> = { identity: 3, resource: 3, boundary: 4, session: 4, scp: 6 };
const DENY_WEIGHT: Record<Exclude<Kind, 'rcp'>, number> = { identity: 1, resource: 1, boundary: 1, session: 1, scp: 1 };

function statementArb(kind: Kind, focus: Focus): fc.Arbitrary<Json> {
  const effectArb =
    kind === 'rcp'
      ? fc.constant<'Allow' | 'Deny'>('Deny')
      : focus.permissive
        ? fc.constant<'Allow' | 'Deny'>('Allow')
        : fc.oneof(
            { weight: ALLOW_WEIGHT[kind], arbitrary: fc.constant<'Allow' | 'Deny'>('Allow') },
            { weight: DENY_WEIGHT[kind], arbitrary: fc.constant<'Allow' | 'Deny'>('Deny') },
          );
  // RCPs name only supported services (s3, sqs here), never a bare "*", and only Principal "*".
  const rcpFocus = focus.actions.filter((a) => /^(s3|sqs):/i.test(a));
  const actions = kind === 'rcp' ? leaning(rcpFocus, RCP_ACTION_PATTERNS) : leaning(focus.actions, ACTION_PATTERNS);
  return effectArb.chain((effect) =>
    fc
      .record({
        notAction: kind === 'rcp' ? fc.constant(false) : fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
        actions: listOf(actions),
        notResource: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
        resources: listOf(leaning(focus.resources, RESOURCE_PATTERNS)),
        principal: kind === 'rcp' ? fc.constant('*') : principalSpecArb(focus),
        notPrincipal: fc.integer({ min: 0, max: 3 }).map((n) => n === 0 && effect === 'Deny' && kind === 'resource'),
        condition: fc.option(conditionArb, { nil: undefined, freq: 3 }),
      })
      .map((r) => {
        const s: Json = { Effect: effect };
        if (kind === 'resource' || kind === 'rcp') s[r.notPrincipal ? 'NotPrincipal' : 'Principal'] = r.principal;
        s[r.notAction ? 'NotAction' : 'Action'] = r.actions;
        s[r.notResource ? 'NotResource' : 'Resource'] = r.resources;
        if (r.condition) s.Condition = r.condition;
        return s;
      }),
  );
}

/** Boundaries and organization policies must say Version 2012-10-17; others may not (identity ones are then inline). */
const VERSIONED: readonly Kind[] = ['boundary', 'scp', 'rcp'];

/** At most this many statements: session policies have a small size limit, organization policies sit in front of everything. */
const STATEMENTS: Record<Kind, number> = { identity: 4, resource: 4, boundary: 3, session: 3, scp: 2, rcp: 2 };

/** Policies as generated, before the validity filter. */
function rawPolicyArb(kind: Kind, focus: Focus): fc.Arbitrary<Json> {
  const versionArb = VERSIONED.includes(kind)
    ? fc.constant<string | undefined>('2012-10-17')
    : fc.constantFrom<string | undefined>('2012-10-17', '2012-10-17', '2012-10-17', '2008-10-17', undefined);
  return fc
    .record({
      version: versionArb,
      statements: fc.array(statementArb(kind, focus), { minLength: 1, maxLength: STATEMENTS[kind] }),
      bare: fc.boolean(),
      sids: fc.boolean(),
    })
    .map(({ version, statements, bare, sids }) => {
      const list = sids ? statements.map((s, i) => ({ Sid: `S${i}`, ...s })) : statements;
      const doc: Json = { Statement: bare && list.length === 1 ? list[0] : list };
      return version === undefined ? doc : { Version: version, ...doc };
    });
}

function isValid(doc: Json, kind: Kind): boolean {
  return validatePolicy(JSON.stringify(doc), optionsFor(doc, kind)).ok;
}

/** Valid policies only: the generator is built to produce them, the filter drops the rare others. */
function policyArb(kind: Kind, focus: Focus): fc.Arbitrary<Json> {
  return rawPolicyArb(kind, focus).filter((doc) => isValid(doc, kind));
}

const ALLOW_ALL: Json = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
/** RCPFullAWSAccess, AWS-managed: the one RCP that may Allow (validated with awsManaged). */
const RCP_FULL_ACCESS: Json = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };

/** An organization level: mostly the full-access policy AWS attaches, plus 0-2 of the customer's. */
function levelArb(kind: 'scp' | 'rcp', focus: Focus): fc.Arbitrary<Json[]> {
  const full = kind === 'scp' ? ALLOW_ALL : RCP_FULL_ACCESS;
  return fc
    .tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 2 }), fc.array(policyArb(kind, focus), { maxLength: 2 }))
    .map(([n, m, policies]) => [...(n === 0 ? [] : [full]), ...(m === 0 && !(kind === 'rcp' && focus.permissive) ? policies : [])]);
}

interface Policies {
  identity: Json[];
  resource?: Json;
  boundary?: Json;
  session?: Json[];
  scps?: Json[][];
  rcps?: Json[][];
}

function policiesArb(focus: Focus): fc.Arbitrary<Policies> {
  return fc
    .record({
      identity: fc.array(policyArb('identity', focus), { maxLength: 3 }),
      resource: fc.option(policyArb('resource', focus), { nil: undefined, freq: 3 }),
      boundary: fc.option(policyArb('boundary', focus), { nil: undefined, freq: 3 }),
      session: fc.option(fc.array(policyArb('session', focus), { maxLength: 2 }), { nil: undefined, freq: 3 }),
      scps: fc.option(fc.array(levelArb('scp', focus), { maxLength: 3 }), { nil: undefined, freq: 3 }),
      rcps: fc.option(fc.array(levelArb('rcp', focus), { maxLength: 2 }), { nil: undefined, freq: 3 }),
    })
    .map((p) => {
      const out: Policies = { identity: p.identity };
      if (p.resource) out.resource = p.resource;
      if (p.boundary) out.boundary = p.boundary;
      if (p.session) out.session = p.session;
      if (p.scps) out.scps = p.scps;
      if (p.rcps) out.rcps = p.rcps;
      return out;
    });
}

const contextArb: fc.Arbitrary<Record<string, ContextValue>> = fc
  .record({
    'aws:username': fc.constantFrom<ContextValue | undefined>(undefined, 'alice', 'bob', 'Alice', '', ['alice', 'bob']),
    'aws:PrincipalTag/team': fc.constantFrom<ContextValue | undefined>(undefined, 'red', 'blue'),
    'aws:TagKeys': fc.constantFrom<ContextValue | undefined>(undefined, [], ['a'], ['a', 'b'], ['c'], 'a'),
    'aws:SecureTransport': fc.constantFrom<ContextValue | undefined>(undefined, 'true', 'false'),
    'aws:SourceIp': fc.constantFrom<ContextValue | undefined>(undefined, '10.0.0.1', '192.168.1.1'),
    's3:max-keys': fc.constantFrom<ContextValue | undefined>(undefined, '5', '50'),
    'aws:PrincipalArn': fc.constantFrom<ContextValue | undefined>(undefined, ALICE, DEV),
  })
  .map((r) => {
    const out: Record<string, ContextValue> = {};
    for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v;
    return out;
  });

interface Scenario {
  principal: Principal;
  action: string;
  resource: string;
  resourceAccount?: string;
  context: Record<string, ContextValue>;
  policies: Policies;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    // IAM principals are where most rules meet: they come up three times as often as the others.
    principal: fc.oneof(...PRINCIPALS.map((p) => ({ weight: isIamPrincipal(p) ? 3 : 1, arbitrary: fc.constant(p) }))),
    action: fc.constantFrom(...ACTIONS),
    resource: fc.constantFrom(...RESOURCES),
    resourceAccount: fc.constantFrom<string | undefined>(A, A, B, undefined),
    context: contextArb,
    permissive: fc.constantFrom(true, false, false),
  })
  .chain((r) =>
    policiesArb(focusOn(r.principal, r.action, r.resource, r.permissive)).map((policies) => {
      const { resourceAccount, permissive: _, ...rest } = r;
      return resourceAccount === undefined ? { ...rest, policies } : { ...rest, resourceAccount, policies };
    }),
  );

/** A focus to generate policies with when checking the generator itself. */
const FOCUS_EXAMPLE = focusOn(PRINCIPALS[2]!, 's3:GetObject', RESOURCES[0]!, false);

// ---- running a scenario --------------------------------------------------------------------

type Serialize = (json: Json) => string;
const compact: Serialize = (json) => JSON.stringify(json);

/**
 * How each policy is validated. An RCP that allows is RCPFullAWSAccess, AWS-managed and outside
 * the customers' RCP grammar; an identity policy without Version 2012-10-17 is an inline one
 * (managed policies must say 2012-10-17).
 */
function optionsFor(json: Json, type: PolicyType): ValidateOptions {
  const statements = Array.isArray(json.Statement) ? (json.Statement as Json[]) : [json.Statement as Json];
  if (type === 'rcp' && statements.some((s) => s.Effect === 'Allow')) return { type, awsManaged: true };
  if (type === 'identity' && json.Version !== '2012-10-17') return { type, inline: true };
  return { type };
}

function buildSets<C>(p: Policies, load: (text: string, options: ValidateOptions) => C | undefined, serialize: Serialize): PolicySets<C> | undefined {
  let ok = true;
  const ref = (id: string, json: Json, type: PolicyType): PolicyRef<C> => {
    const compiled = load(serialize(json), optionsFor(json, type));
    if (compiled === undefined) ok = false;
    return { id, sourceType: 'none', compiled: compiled as C };
  };
  const sets: PolicySets<C> = { identity: p.identity.map((j, i) => ref(`identity.${i}`, j, 'identity')) };
  if (p.resource) sets.resource = ref('resource', p.resource, 'resource');
  if (p.boundary) sets.boundary = ref('boundary', p.boundary, 'boundary');
  if (p.session) sets.session = p.session.map((j, i) => ref(`session.${i}`, j, 'session'));
  if (p.scps) sets.scps = p.scps.map((level, l) => level.map((j, i) => ref(`scp.${l}.${i}`, j, 'scp')));
  if (p.rcps) sets.rcps = p.rcps.map((level, l) => level.map((j, i) => ref(`rcp.${l}.${i}`, j, 'rcp')));
  return ok ? sets : undefined;
}

const cache = new PolicyCache();
const loadCompiled = (text: string, options: ValidateOptions): CompiledPolicy | undefined => {
  const r = cache.load(text, options);
  return r.ok ? r.policy : undefined;
};
const loadDocument = (text: string, options: ValidateOptions): PolicyDocument | undefined => {
  const r = validatePolicy(text, options);
  return r.ok ? r.document : undefined;
};

function request(s: Scenario, overrides: Partial<AuthorizationRequest> = {}): AuthorizationRequest {
  return {
    principal: s.principal,
    action: s.action,
    resource: s.resource,
    ...(s.resourceAccount !== undefined ? { resourceAccount: s.resourceAccount } : {}),
    context: new RequestContext(s.context),
    ...overrides,
  };
}

interface Verdicts {
  fast: Decision;
  explain: Decision;
  reference: ReturnType<typeof referenceEvaluate>;
}

/**
 * Disagreements already reported, each pinned by a `todo` test below: scenarios that hit one are
 * skipped, so that the properties keep looking for new ones. Delete an entry when its bug is fixed.
 */
const KNOWN_ENGINE_BUGS: { name: string; hits: (s: Scenario) => boolean }[] = [
];


/**
 * Like KNOWN_ENGINE_BUGS, for property (g): each says how to steer a context value clear of it
 * (rewriting rather than skipping, which would waste most runs). Delete an entry when fixed.
 */
const KNOWN_HISTORY_BUGS: { name: string; avoid: (value: string) => string }[] = [
];

/** All three evaluations, or undefined when a policy does not validate or a known bug is hit (the case is skipped). */
function run(s: Scenario, serialize: Serialize = compact, overrides: Partial<AuthorizationRequest> = {}): Verdicts | undefined {
  if (KNOWN_ENGINE_BUGS.some((b) => b.hits(s))) return undefined;
  const engineSets = buildSets(s.policies, loadCompiled, serialize);
  const referenceSets = buildSets(s.policies, loadDocument, serialize);
  if (!engineSets || !referenceSets) return undefined;
  const req = request(s, overrides);
  return {
    fast: evaluate(req, engineSets),
    explain: evaluate(req, engineSets, { explain: true }),
    reference: referenceEvaluate(req, referenceSets),
  };
}

function verdict(d: { outcome: string; deniedBy?: string | undefined }): string {
  return d.deniedBy === undefined ? d.outcome : `${d.outcome} (${d.deniedBy})`;
}

// ---- transformations -----------------------------------------------------------------------

/** A small deterministic generator (mulberry32) for shuffles driven by a generated seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(xs: readonly T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Every object's keys in a random order, recursively. */
function shuffleKeys(value: unknown, rand: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, rand));
  if (value !== null && typeof value === 'object') {
    const out: Json = {};
    for (const k of shuffle(Object.keys(value), rand)) out[k] = shuffleKeys((value as Json)[k], rand);
    return out;
  }
  return value;
}

function shuffleStatements(json: Json, rand: () => number): Json {
  const list = Array.isArray(json.Statement) ? (json.Statement as Json[]) : [json.Statement as Json];
  return { ...json, Statement: shuffle(list, rand) };
}

function reorder(p: Policies, rand: () => number): Policies {
  const one = (j: Json): Json => shuffleKeys(shuffleStatements(j, rand), rand) as Json;
  const many = (js: readonly Json[]): Json[] => shuffle(js, rand).map(one);
  const out: Policies = { identity: many(p.identity) };
  if (p.resource) out.resource = one(p.resource);
  if (p.boundary) out.boundary = one(p.boundary);
  if (p.session) out.session = many(p.session);
  if (p.scps) out.scps = shuffle(p.scps, rand).map(many);
  if (p.rcps) out.rcps = shuffle(p.rcps, rand).map(many);
  return out;
}

/** JSON with other white space: indentation, and blanks around the punctuation. */
function spaced(rand: () => number): Serialize {
  const indent = [0, 1, 2, 4, '\t'][Math.floor(rand() * 5)]!;
  const padColons = rand() < 0.5;
  return (json) => {
    const text = JSON.stringify(json, null, indent);
    // Pad only outside strings: rebuild from tokens rather than editing the text blindly.
    if (!padColons) return `${text}\n`;
    let out = '';
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      out += c;
      if (inString) {
        if (c === '\\') out += text[++i] ?? '';
        else if (c === '"') inString = false;
      } else if (c === '"') {
        inString = true;
      } else if (c === ':' || c === ',') {
        out += ' \r\n '.slice(0, 1 + Math.floor(rand() * 3));
      }
    }
    return `${out}\r\n`;
  };
}

/** The slots where a Deny statement would apply to this request: [description, apply]. */
function denySlots(s: Scenario): [string, (p: Policies, st: Json) => Policies][] {
  const slots: [string, (p: Policies, st: Json) => Policies][] = [];
  const add = (j: Json, st: Json): Json => {
    const list = Array.isArray(j.Statement) ? (j.Statement as Json[]) : [j.Statement as Json];
    return { ...j, Statement: [...list, st] };
  };
  const p = s.policies;
  const withPrincipal = (st: Json): Json => ({ ...st, Principal: '*' });
  p.scps?.forEach((level, l) =>
    level.forEach((_, i) => slots.push([`scp ${l}.${i}`, (q, st) => ({ ...q, scps: q.scps!.map((lv, ll) => lv.map((j, ii) => (ll === l && ii === i ? add(j, st) : j))) })])),
  );
  p.rcps?.forEach((level, l) =>
    level.forEach((_, i) =>
      slots.push([`rcp ${l}.${i}`, (q, st) => ({ ...q, rcps: q.rcps!.map((lv, ll) => lv.map((j, ii) => (ll === l && ii === i ? add(j, withPrincipal(st)) : j))) })]),
    ),
  );
  if (p.resource) slots.push(['resource', (q, st) => ({ ...q, resource: add(q.resource!, withPrincipal(st)) })]);
  else slots.push(['new resource policy', (q, st) => ({ ...q, resource: { Version: '2012-10-17', Statement: [withPrincipal(st)] } })]);
  if (isIamPrincipal(s.principal)) {
    p.identity.forEach((_, i) => slots.push([`identity ${i}`, (q, st) => ({ ...q, identity: q.identity.map((j, ii) => (ii === i ? add(j, st) : j)) })]));
    slots.push(['new identity policy', (q, st) => ({ ...q, identity: [...q.identity, { Version: '2012-10-17', Statement: [st] }] })]);
    if (p.boundary) slots.push(['boundary', (q, st) => ({ ...q, boundary: add(q.boundary!, st) })]);
    p.session?.forEach((_, i) => slots.push([`session ${i}`, (q, st) => ({ ...q, session: q.session!.map((j, ii) => (ii === i ? add(j, st) : j)) })]));
  }
  return slots;
}

function recase(text: string, rand: () => number): string {
  return Array.from(text, (c) => (rand() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
}

// ---- properties ----------------------------------------------------------------------------

describe('engine properties', () => {
  test('generated policies are mostly valid (the validity filter hides no broken generator)', () => {
    for (const kind of ['identity', 'resource', 'boundary', 'session', 'scp', 'rcp'] as const) {
      const samples = fc.sample(rawPolicyArb(kind, FOCUS_EXAMPLE), { seed: 7, numRuns: 200 });
      const refused = samples.filter((doc) => !isValid(doc, kind));
      assert.ok(refused.length <= 20, `${kind}: ${refused.length}/200 generated policies refused, e.g. ${JSON.stringify(refused[0])}`);
    }
  });

  test('(a) the fast engine agrees with the reference evaluator (fast and explain modes)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const v = run(s);
        fc.pre(v !== undefined);
        const expected = verdict(v.reference);
        assert.equal(verdict(v.fast), expected, 'fast mode');
        assert.equal(verdict(v.explain), expected, 'explain mode');
      }),
      params(0x7e55e2a, 500),
    );
  });

  test('(b) a matching Deny added to any applicable policy never yields Allow', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), (s, pick) => {
        const slots = denySlots(s);
        const [, apply] = slots[pick % slots.length]!;
        const denied: Scenario = { ...s, policies: apply(s.policies, { Effect: 'Deny', Action: s.action, Resource: '*' }) };
        const v = run(denied);
        // An RCP names only supported services: a Deny of iam:GetUser cannot be written there.
        fc.pre(v !== undefined);
        for (const [mode, d] of [['fast', v.fast], ['explain', v.explain], ['reference', v.reference]] as const) {
          assert.notEqual(d.outcome, 'Allow', mode);
          assert.equal(d.outcome, 'ExplicitDeny', mode);
        }
      }),
      params(0xb0b, 400),
    );
  });

  test('(c) statement order, policy order, white space and key order do not change the decision', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), (s, seed) => {
        const before = run(s);
        fc.pre(before !== undefined);
        const rand = prng(seed);
        const after = run({ ...s, policies: reorder(s.policies, rand) }, spaced(rand));
        // STS counts white space towards a session policy's 2,048 characters: spaced out, a
        // session policy may be refused. That is validation, not the decision.
        fc.pre(after !== undefined);
        assert.equal(verdict(after.fast), verdict(before.fast), 'fast mode');
        assert.equal(verdict(after.explain), verdict(before.explain), 'explain mode');
        assert.equal(verdict(after.reference), verdict(before.reference), 'reference');
      }),
      params(0xc0de, 300),
    );
  });

  test('(d) the case of the request action does not matter', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), (s, seed) => {
        const before = run(s);
        fc.pre(before !== undefined);
        const after = run(s, compact, { action: recase(s.action, prng(seed)) });
        assert.equal(verdict(after!.fast), verdict(before.fast), 'fast mode');
        assert.equal(verdict(after!.explain), verdict(before.explain), 'explain mode');
        assert.equal(verdict(after!.reference), verdict(before.reference), 'reference');
      }),
      params(0xd1, 300),
    );
  });

  test('(d) the case of the resource does matter: an exact-cased pattern does not match another case', () => {
    const resourceArb = fc.constantFrom(...RESOURCES.filter((r) => !r.includes('*') && !r.includes('?')));
    fc.assert(
      fc.property(resourceArb, fc.integer(), fc.boolean(), (resource, seed, not) => {
        const changed = recase(resource, prng(seed));
        fc.pre(changed !== resource);
        const statement = not ? { Effect: 'Allow', Action: '*', NotResource: resource } : { Effect: 'Allow', Action: '*', Resource: resource };
        const s: Scenario = {
          principal: PRINCIPALS[0]!,
          action: 's3:GetObject',
          resource,
          resourceAccount: A,
          context: {},
          policies: { identity: [{ Version: '2012-10-17', Statement: [statement] }] },
        };
        const exact = run(s)!;
        const other = run(s, compact, { resource: changed })!;
        const [matched, unmatched] = not ? ['ImplicitDeny (identity)', 'Allow'] : ['Allow', 'ImplicitDeny (identity)'];
        for (const key of ['fast', 'explain', 'reference'] as const) {
          assert.equal(verdict(exact[key]), matched, `${key}: ${resource}`);
          assert.equal(verdict(other[key]), unmatched, `${key}: ${changed}`);
        }
      }),
      params(0xd2, 300),
    );
  });

  test('(e) the engine never throws on generated inputs', () => {
    // Wider requests than the vocabulary: any text for action, resource and context values.
    const wild = fc.record({
      action: fc.oneof(fc.constantFrom(...ACTIONS), fc.string(), fc.string({ unit: 'grapheme' })),
      resource: fc.oneof(fc.constantFrom(...RESOURCES), fc.string(), fc.string({ unit: 'binary' }).map((t) => `arn:aws:s3:::${t}`)),
      values: fc.array(fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })), { minLength: 7, maxLength: 7 }),
    });
    const keys = ['aws:username', 'aws:PrincipalTag/team', 'aws:TagKeys', 'aws:SecureTransport', 'aws:SourceIp', 's3:max-keys', 'aws:PrincipalArn'];
    fc.assert(
      fc.property(scenarioArb, wild, (s, w) => {
        const context = Object.fromEntries(keys.map((k, i) => [k, w.values[i]!]));
        const v = run({ ...s, context }, compact, { action: w.action, resource: w.resource });
        fc.pre(v !== undefined);
        assert.equal(verdict(v.fast), verdict(v.reference), 'fast mode agrees on wild input');
        assert.equal(verdict(v.explain), verdict(v.reference), 'explain mode agrees on wild input');
      }),
      params(0xe, 300),
    );
  });

  test('(f) explain mode lists the deciding statements: every applicable Deny, or every applicable Allow', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const v = run(s);
        fc.pre(v !== undefined);
        const { explain, reference } = v;
        if (explain.outcome === 'ImplicitDeny') return;
        const effect = explain.outcome === 'Allow' ? 'Allow' : 'Deny';
        const key = (m: { kind: string; policyId: string; index: number }): string => `${m.kind} ${m.policyId} #${m.index}`;
        const listed = explain.matched.map(key).sort();
        const applicable = reference.applicable.filter((a) => a.effect === effect).map(key).sort();
        // The root user in its own account is allowed with no statement at all.
        const rootAtHome = s.principal.type === 'root' && (s.resourceAccount === undefined || s.resourceAccount === s.principal.account);
        if (!(rootAtHome && explain.outcome === 'Allow')) assert.ok(listed.length > 0, `${explain.outcome} with no matched statement`);
        assert.ok(explain.matched.every((m) => m.effect === effect), 'matched statements have the deciding effect');
        assert.deepEqual(listed, applicable);
      }),
      params(0xf, 400),
    );
  });
  test('(g) a decision does not depend on the requests evaluated before it (memoization is invisible)', () => {
    // Variable values from a tiny alphabet, so that different requests often substitute into
    // texts that look alike.
    // The last request is sometimes an earlier one with its two values cut apart elsewhere:
    // ("a", "b\0a") after ("a\0b", "a") substitutes into the same characters, in other values.
    type Tiny = Record<'aws:username' | 'aws:PrincipalTag/team' | 'aws:PrincipalTag/x', string>;
    const tiny = fc.string({ unit: fc.constantFrom('a', 'b', '\u0000'), maxLength: 3 });
    const tinyContext: fc.Arbitrary<Tiny> = fc.record({ 'aws:username': tiny, 'aws:PrincipalTag/team': tiny, 'aws:PrincipalTag/x': tiny });
    const recut = (c: Tiny, at: number, x: number): Tiny => {
      const joined = `${c['aws:username']}\u0000${c['aws:PrincipalTag/team']}`;
      const cuts = [...joined].flatMap((ch, i) => (ch === '\u0000' ? [i] : []));
      const k = cuts[at % cuts.length]!;
      const [u, t] = [joined.slice(0, k), joined.slice(k + 1)];
      return { 'aws:username': u, 'aws:PrincipalTag/team': t, 'aws:PrincipalTag/x': [u, t, c['aws:PrincipalTag/x']][x % 3]! };
    };
    const avoid = (c: Tiny): Tiny =>
      Object.fromEntries(Object.entries(c).map(([k, v]) => [k, KNOWN_HISTORY_BUGS.reduce((text, b) => b.avoid(text), v)])) as Tiny;
    const history = fc
      .tuple(fc.array(tinyContext, { minLength: 1, maxLength: 4 }), tinyContext, fc.boolean(), fc.nat(), fc.nat())
      .map(([earlier, last, derive, at, x]) => ({ earlier: earlier.map(avoid), last: avoid(derive ? recut(earlier[0]!, at, x) : last) }));
    fc.assert(
      fc.property(scenarioArb, history, (s, { earlier, last }) => {
        const scenario: Scenario = { ...s, context: { ...s.context, ...last } };
        // Fresh compilations of the (cached) validated documents: no memo carried in from other runs.
        const fresh = (text: string, options: ValidateOptions): CompiledPolicy | undefined => {
          const compiled = loadCompiled(text, options);
          return compiled && new CompiledPolicy(compiled.document);
        };
        const warm = buildSets(scenario.policies, fresh, compact);
        const cold = buildSets(scenario.policies, fresh, compact);
        fc.pre(warm !== undefined && cold !== undefined);
        for (const context of earlier) {
          const req = request({ ...scenario, context: { ...s.context, ...context } });
          evaluate(req, warm);
          evaluate(req, warm, { explain: true });
        }
        const req = request(scenario);
        assert.equal(verdict(evaluate(req, warm)), verdict(evaluate(req, cold)), 'fast mode');
        assert.equal(verdict(evaluate(req, warm, { explain: true })), verdict(evaluate(req, cold, { explain: true })), 'explain mode');
      }),
      params(0x9, 400),
    );
  });
});

describe('engine bugs found by the properties', () => {
  test('(g) a condition with two variables gives the same answer whatever was evaluated before', () => {
    // Minimal case from property (g), TESSERA_FC_SEED=11.
    const boundary = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/x': ['${aws:username}', '${aws:PrincipalTag/team}'] } } }],
    });
    const cache = new PolicyCache();
    const b = cache.load(boundary, { type: 'boundary' });
    const i = cache.load(JSON.stringify(ALLOW_ALL), { type: 'identity' });
    assert.ok(b.ok && i.ok);
    const sets: PolicySets<CompiledPolicy> = { identity: [{ id: 'i', sourceType: 'none', compiled: i.policy }], boundary: { id: 'b', sourceType: 'none', compiled: b.policy } };
    const ask = (context: Record<string, string>): string =>
      evaluate({ principal: PRINCIPALS[0]!, action: 's3:GetObject', resource: '*', context: new RequestContext(context) }, sets).outcome;
    // Substitutes to ["a\u0000", ""]: "a" is not among them.
    assert.equal(ask({ 'aws:username': 'a\u0000', 'aws:PrincipalTag/team': '', 'aws:PrincipalTag/x': 'a' }), 'ImplicitDeny');
    // Substitutes to ["a", "\u0000"]: "a" is among them. Same joined key as above.
    assert.equal(ask({ 'aws:username': 'a', 'aws:PrincipalTag/team': '\u0000', 'aws:PrincipalTag/x': 'a' }), 'Allow');
  });
});
