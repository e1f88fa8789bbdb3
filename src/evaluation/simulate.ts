// The policy simulator on the engine: SimulateCustomPolicy's input (plus SCPs, RCPs and session
// policies, which AWS's simulator cannot express) -> one decision per action and resource, and
// the SimulateCustomPolicy response built from them. Shared by `tessera simulate` and the API.

import { parseArn } from '../policy/arn.js';
import { RequestContext, type ContextValue } from '../policy/context.js';
import type { Diagnostic, PolicyType } from '../policy/types.js';
import { PolicyCache } from './cache.js';
import type { CompiledPolicy } from './compile.js';
import { evaluate } from './evaluate.js';
import type { Decision, MatchedStatement, Outcome, PolicyRef, PolicySets, Principal, SourcePolicyType } from './types.js';

export type ContextKeyType =
  | 'string'
  | 'stringList'
  | 'numeric'
  | 'numericList'
  | 'boolean'
  | 'booleanList'
  | 'ip'
  | 'ipList'
  | 'binary'
  | 'binaryList'
  | 'date'
  | 'dateList';

export interface ContextEntry {
  ContextKeyName: string;
  ContextKeyValues: string[];
  ContextKeyType: ContextKeyType;
}

export interface SimulateInput {
  PolicyInputList?: string[];
  PermissionsBoundaryPolicyInputList?: string[];
  ActionNames: string[];
  ResourceArns?: string[];
  ResourcePolicy?: string;
  ResourceOwner?: string;
  CallerArn?: string;
  ContextEntries?: ContextEntry[];
  ResourceHandlingOption?: string;
  /** Ours: organization levels root first, each an array of SCP texts. */
  ServiceControlPolicies?: string[][];
  /** Ours: organization levels root first, each an array of RCP texts. */
  ResourceControlPolicies?: string[][];
  /** Ours: session policies (inline texts) that narrow the caller's permissions. */
  SessionPolicyInputList?: string[];
}

/** Raised for input AWS would refuse: its code and message, for the edge to render. */
export class SimulationInputError extends Error {
  constructor(
    readonly code: 'MalformedPolicyDocument' | 'InvalidInput',
    message: string,
  ) {
    super(message);
    this.name = 'SimulationInputError';
  }
}

export interface SimulationResult {
  action: string;
  resource: string;
  decision: Decision;
}

export interface SimulateOptions {
  /** The request time: fills aws:CurrentTime and aws:EpochTime unless ContextEntries give them. */
  now?: Date;
  cache?: PolicyCache;
  /** Identity policies to use instead of PolicyInputList (SimulatePrincipalPolicy passes them). */
  identity?: PolicyRef<CompiledPolicy>[];
  /**
   * The permissions boundary to use when PermissionsBoundaryPolicyInputList gives none
   * (SimulatePrincipalPolicy passes the entity's own, already validated when it was stored).
   */
  boundary?: PolicyRef<CompiledPolicy>;
  /**
   * SCP levels to use when ServiceControlPolicies gives none (SimulatePrincipalPolicy passes those
   * of the principal's organization, as AWS's simulator includes them).
   */
  scps?: PolicyRef<CompiledPolicy>[][];
}

const defaultCache = new PolicyCache(2048);

function load(cache: PolicyCache, text: string, type: PolicyType, id: string, sourceType: SourcePolicyType): PolicyRef<CompiledPolicy> {
  // Simulator inputs are checked like inline policies: no Version requirement, no managed quota.
  // RCPs as attached in Organizations, which includes the AWS-managed RCPFullAWSAccess.
  const r = cache.load(text, type === 'identity' ? { type, inline: true } : type === 'rcp' ? { type, awsManaged: true } : { type });
  if (!r.ok) throw new SimulationInputError('MalformedPolicyDocument', `${id}: ${firstError(r.errors)}`);
  return { id, sourceType, compiled: r.policy };
}

function firstError(errors: Diagnostic[]): string {
  return errors[0]?.message ?? 'Syntax errors in policy.';
}

/** The principal named by CallerArn (users as AWS allows; also root, sessions and federated users). */
export function principalFromArn(arn: string | undefined, context: RequestContext, fallbackAccount: string): Principal {
  if (arn === undefined) return { type: 'user', account: fallbackAccount, arn: `arn:aws:iam::${fallbackAccount}:user/simulated` };
  const parsed = parseArn(arn);
  if (!parsed || !/^\d{12}$/.test(parsed.account)) throw new SimulationInputError('InvalidInput', `Invalid CallerArn: ${arn}`);
  const { account, resource, service, partition } = parsed;
  if (service === 'iam' && resource === 'root') return { type: 'root', account, arn };
  if (service === 'iam' && resource.startsWith('user/')) return { type: 'user', account, arn };
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    const parts = resource.split('/');
    const roleName = parts[1] ?? '';
    const given = context.get('aws:PrincipalArn');
    const roleArn = typeof given === 'string' ? given : `arn:${partition}:iam::${account}:role/${roleName}`;
    return { type: 'assumed-role', account, arn, roleArn };
  }
  if (service === 'sts' && resource.startsWith('federated-user/')) return { type: 'federated-user', account, arn };
  throw new SimulationInputError('InvalidInput', `CallerArn must be an IAM user, root, assumed-role or federated-user ARN: ${arn}`);
}

function accountOfOwner(owner: string | undefined): string | undefined {
  if (owner === undefined) return undefined;
  if (/^\d{12}$/.test(owner)) return owner;
  const parsed = parseArn(owner);
  if (!parsed || !/^\d{12}$/.test(parsed.account)) throw new SimulationInputError('InvalidInput', `Invalid ResourceOwner: ${owner}`);
  return parsed.account;
}

export function contextFromEntries(entries: readonly ContextEntry[] | undefined): RequestContext {
  const ctx = new RequestContext();
  for (const e of entries ?? []) {
    const values = e.ContextKeyValues ?? [];
    const value: ContextValue = e.ContextKeyType.endsWith('List') ? values : (values[0] ?? '');
    ctx.set(e.ContextKeyName, value);
  }
  return ctx;
}

const DEFAULT_ACCOUNT = '123456789012';

export function simulate(input: SimulateInput, options: SimulateOptions = {}): SimulationResult[] {
  const cache = options.cache ?? defaultCache;
  const context = contextFromEntries(input.ContextEntries);
  // With an explicit request time, the time keys come from it (as every real request has them).
  if (options.now) {
    if (!context.has('aws:CurrentTime')) context.set('aws:CurrentTime', options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    if (!context.has('aws:EpochTime')) context.set('aws:EpochTime', String(Math.floor(options.now.getTime() / 1000)));
  }
  const ownerAccount = accountOfOwner(input.ResourceOwner);
  const principal = principalFromArn(input.CallerArn, context, ownerAccount ?? DEFAULT_ACCOUNT);
  if (input.ResourcePolicy !== undefined && input.CallerArn === undefined) {
    throw new SimulationInputError('InvalidInput', 'CallerArn is required when ResourcePolicy is given.');
  }

  const sets: PolicySets<CompiledPolicy> = {
    identity:
      options.identity ??
      (input.PolicyInputList ?? []).map((t, i) => load(cache, t, 'identity', `PolicyInputList.${i + 1}`, 'IAM Policy')),
  };
  const boundary = input.PermissionsBoundaryPolicyInputList ?? [];
  if (boundary.length > 1) throw new SimulationInputError('InvalidInput', 'Only one permissions boundary policy can be simulated.');
  if (boundary[0] !== undefined) sets.boundary = load(cache, boundary[0], 'boundary', 'PermissionsBoundaryPolicyInputList.1', 'IAM Policy');
  else if (options.boundary) sets.boundary = options.boundary;
  if (input.ResourcePolicy !== undefined) sets.resource = load(cache, input.ResourcePolicy, 'resource', 'ResourcePolicy', 'resource');
  if (input.SessionPolicyInputList) {
    sets.session = input.SessionPolicyInputList.map((t, i) => load(cache, t, 'session', `SessionPolicyInputList.${i + 1}`, 'IAM Policy'));
  } else if (principal.type === 'federated-user') {
    // A federated user's permissions are its session policies: none passed, none granted.
    sets.session = [];
  }
  if (input.ServiceControlPolicies) {
    sets.scps = input.ServiceControlPolicies.map((level, l) =>
      level.map((t, i) => load(cache, t, 'scp', `ServiceControlPolicies.${l + 1}.${i + 1}`, 'IAM Policy')),
    );
  } else if (options.scps) {
    sets.scps = options.scps;
  }
  if (input.ResourceControlPolicies) {
    sets.rcps = input.ResourceControlPolicies.map((level, l) =>
      level.map((t, i) => load(cache, t, 'rcp', `ResourceControlPolicies.${l + 1}.${i + 1}`, 'IAM Policy')),
    );
  }

  const resources = input.ResourceArns && input.ResourceArns.length > 0 ? input.ResourceArns : ['*'];
  const results: SimulationResult[] = [];
  for (const action of input.ActionNames) {
    for (const resource of resources) {
      const decision = evaluate(
        { principal, action, resource, ...(ownerAccount !== undefined ? { resourceAccount: ownerAccount } : {}), context },
        sets,
        { explain: true },
      );
      results.push({ action, resource, decision });
    }
  }
  return results;
}

// ---- the SimulateCustomPolicy response --------------------------------------------------------

export type EvalDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface ResponseStatement {
  SourcePolicyId: string;
  SourcePolicyType: SourcePolicyType;
  StartPosition: { Line: number; Column: number };
  EndPosition: { Line: number; Column: number };
}

export interface ResourceSpecificResult {
  EvalResourceName: string;
  EvalResourceDecision: EvalDecision;
  MatchedStatements: ResponseStatement[];
  MissingContextValues: string[];
  EvalDecisionDetails?: Record<string, EvalDecision>;
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
}

export interface EvaluationResult {
  EvalActionName: string;
  EvalResourceName: string;
  EvalDecision: EvalDecision;
  MatchedStatements: ResponseStatement[];
  MissingContextValues: string[];
  EvalDecisionDetails?: Record<string, EvalDecision>;
  OrganizationsDecisionDetail?: { AllowedByOrganizations: boolean };
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
  ResourceSpecificResults?: ResourceSpecificResult[];
}

export interface SimulatePolicyResponse {
  EvaluationResults: EvaluationResult[];
  IsTruncated: boolean;
  Marker?: string;
}

export function evalDecision(o: Outcome): EvalDecision {
  return o === 'Allow' ? 'allowed' : o === 'ExplicitDeny' ? 'explicitDeny' : 'implicitDeny';
}

const SEVERITY: Record<EvalDecision, number> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };

function statements(matched: readonly MatchedStatement[]): ResponseStatement[] {
  return matched.map((m) => ({
    SourcePolicyId: m.policyId,
    SourcePolicyType: m.sourceType,
    StartPosition: { Line: m.start.line, Column: m.start.column },
    EndPosition: { Line: m.end.line, Column: m.end.column },
  }));
}

/** Cross-account simulations summarize each side; same-account ones with a resource give {}. */
function decisionDetails(r: SimulationResult): Record<string, EvalDecision> | undefined {
  if (!r.decision.crossAccount) return r.resource === '*' ? undefined : {};
  const details: Record<string, EvalDecision> = {};
  for (const k of r.decision.kinds) {
    if (k.kind === 'identity') details['IAM Policy'] = evalDecision(k.outcome);
    if (k.kind === 'resource') details['Resource Policy'] = evalDecision(k.outcome);
  }
  if (!('Resource Policy' in details)) details['Resource Policy'] = 'implicitDeny';
  return details;
}

function boundaryDetail(d: Decision): { AllowedByPermissionsBoundary: boolean } | undefined {
  const k = d.kinds.find((x) => x.kind === 'boundary');
  return k ? { AllowedByPermissionsBoundary: k.outcome === 'Allow' } : undefined;
}

function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * One EvaluationResult per action, as AWS's simulator now answers: the top level is the most
 * restrictive decision across the resources, ResourceSpecificResults has each resource's own.
 */
export function toSimulateResponse(results: readonly SimulationResult[], withResources: boolean): EvaluationResult[] {
  const byAction = new Map<string, SimulationResult[]>();
  for (const r of results) {
    const list = byAction.get(r.action) ?? [];
    list.push(r);
    byAction.set(r.action, list);
  }
  const out: EvaluationResult[] = [];
  for (const [action, list] of byAction) {
    const first = list[0]!;
    let worst = first;
    for (const r of list) if (SEVERITY[evalDecision(r.decision.outcome)] > SEVERITY[evalDecision(worst.decision.outcome)]) worst = r;
    const top = evalDecision(worst.decision.outcome);
    const matched = dedupe(
      list.filter((r) => evalDecision(r.decision.outcome) === top).flatMap((r) => statements(r.decision.matched)),
      (s) => `${s.SourcePolicyId}:${s.StartPosition.Line}:${s.StartPosition.Column}`,
    );
    const missing = [...new Set(list.flatMap((r) => r.decision.missingContextKeys))];
    const result: EvaluationResult = {
      EvalActionName: action,
      EvalResourceName: first.resource,
      EvalDecision: top,
      MatchedStatements: matched,
      MissingContextValues: missing,
    };
    const details = decisionDetails(worst);
    if (details) result.EvalDecisionDetails = details;
    const scp = worst.decision.kinds.find((k) => k.kind === 'scp');
    if (scp) result.OrganizationsDecisionDetail = { AllowedByOrganizations: scp.outcome === 'Allow' };
    const boundary = boundaryDetail(worst.decision);
    if (boundary) result.PermissionsBoundaryDecisionDetail = boundary;
    if (withResources) {
      result.ResourceSpecificResults = list.map((r) => {
        const rs: ResourceSpecificResult = {
          EvalResourceName: r.resource,
          EvalResourceDecision: evalDecision(r.decision.outcome),
          MatchedStatements: statements(r.decision.matched),
          MissingContextValues: r.decision.missingContextKeys,
        };
        const d = decisionDetails(r);
        if (d) rs.EvalDecisionDetails = d;
        const b = boundaryDetail(r.decision);
        if (b) rs.PermissionsBoundaryDecisionDetail = b;
        return rs;
      });
    }
    out.push(result);
  }
  return out;
}

export function simulateCustomPolicy(input: SimulateInput, options: SimulateOptions = {}): SimulatePolicyResponse {
  const results = simulate(input, options);
  const withResources = (input.ResourceArns?.length ?? 0) > 0;
  return { EvaluationResults: toSimulateResponse(results, withResources), IsTruncated: false };
}
