// What an organization adds to a decision (reference_policies_evaluation-logic.html,
// orgs_manage_policies_scps.html, orgs_manage_policies_rcps.html): the SCPs of every level from the
// root down to the caller's account (each level must allow; they grant nothing), the RCPs of the
// resource's account, and the organization condition keys (aws:PrincipalOrgID/OrgPaths,
// aws:ResourceOrgID/OrgPaths). The management account is exempt from both, and so are
// service-linked roles. RCPs apply only to the services AWS lists; of Tessera's, STS.

import type { CompiledPolicy, PolicyCache, PolicyRef, Principal } from '../evaluation/index.js';
import type { ContextValue } from '../policy/context.js';
import type { StoreTx } from '../store/port.js';
import type { OrgPolicyLevels } from '../store/types.js';
import { IamError } from './errors.js';

type Levels = PolicyRef<CompiledPolicy>[][];

/** The services whose resources RCPs govern (orgs_manage_policies_rcps.html), as action prefixes. */
const RCP_SERVICES = new Set(['s3', 'sts', 'kms', 'sqs', 'secretsmanager', 'ecr', 'aoss', 'cognito-identity', 'dynamodb', 'logs']);

/** Whether RCPs govern the resources of this action's service. */
export function rcpGoverned(action: string): boolean {
  return RCP_SERVICES.has(action.slice(0, action.indexOf(':')).toLowerCase());
}

/** An account's organization as the condition keys name it. */
export interface OrgFacts {
  readonly organizationId: string;
  /** o-.../r-.../ou-.../ (the account's parent path). */
  readonly orgPath: string;
  readonly managementAccountId: string;
}

export interface PrincipalOrgPolicies {
  /** SCP levels that apply to the principal (undefined: none apply). */
  readonly scps?: Levels;
  readonly facts?: OrgFacts;
  /** aws:PrincipalOrgID, aws:PrincipalOrgPaths. */
  readonly context: ReadonlyArray<readonly [string, ContextValue]>;
}

function compileLevels(cache: PolicyCache, levels: OrgPolicyLevels['levels'], type: 'scp' | 'rcp'): Levels {
  return levels.map((level) =>
    level.policies.map((p) => {
      const r = cache.load(p.content, { type, awsManaged: true });
      if (!r.ok) throw new IamError('ServiceFailure', `Organization policy ${p.id} failed to parse.`);
      return { id: p.id, sourceType: 'none' as const, compiled: r.policy };
    }),
  );
}

function facts(levels: OrgPolicyLevels): OrgFacts {
  return { organizationId: levels.organizationId, orgPath: `${[levels.organizationId, ...levels.path].join('/')}/`, managementAccountId: levels.managementAccountId };
}

function isServiceLinked(p: Principal): boolean {
  return p.type === 'assumed-role' && (p.serviceLinked === true || /:role\/aws-service-role\//.test(p.roleArn));
}

/** The SCPs and organization keys of a principal in `accountId`. */
export async function principalOrgPolicies(tx: StoreTx, cache: PolicyCache, accountId: string, principal: Principal): Promise<PrincipalOrgPolicies> {
  const levels = await tx.organizations.policyLevels(accountId, 'SERVICE_CONTROL_POLICY');
  if (!levels) return { context: [] };
  const f = facts(levels);
  const context: Array<readonly [string, ContextValue]> = [
    ['aws:PrincipalOrgID', f.organizationId],
    ['aws:PrincipalOrgPaths', [f.orgPath]],
  ];
  const exempt = accountId === levels.managementAccountId || isServiceLinked(principal) || !levels.enabled;
  return exempt ? { facts: f, context } : { scps: compileLevels(cache, levels.levels, 'scp'), facts: f, context };
}

export interface ResourceOrgPolicies {
  readonly rcps?: Levels;
  /** aws:ResourceAccount, aws:ResourceOrgID, aws:ResourceOrgPaths. */
  readonly context: ReadonlyArray<readonly [string, ContextValue]>;
}

/** The RCPs and organization keys of the account that owns the resource of `action`. */
export async function resourceOrgPolicies(tx: StoreTx, cache: PolicyCache, resourceAccount: string, action: string, principal: Principal): Promise<ResourceOrgPolicies> {
  const context: Array<readonly [string, ContextValue]> = [['aws:ResourceAccount', resourceAccount]];
  const levels = await tx.organizations.policyLevels(resourceAccount, 'RESOURCE_CONTROL_POLICY');
  if (!levels) return { context };
  const f = facts(levels);
  context.push(['aws:ResourceOrgID', f.organizationId], ['aws:ResourceOrgPaths', [f.orgPath]]);
  const exempt = !levels.enabled || resourceAccount === levels.managementAccountId || isServiceLinked(principal) || !rcpGoverned(action);
  return exempt ? { context } : { rcps: compileLevels(cache, levels.levels, 'rcp'), context };
}
