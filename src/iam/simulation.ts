// The simulator APIs on the engine: SimulateCustomPolicy, SimulatePrincipalPolicy,
// GetContextKeysForCustomPolicy, GetContextKeysForPrincipalPolicy; paginated like AWS
// (MaxItems over EvaluationResults, Marker an opaque offset).

import { contextKeysOf } from '../policy/context-keys.js';
import { validatePolicy } from '../policy/validate.js';
import type { PolicyType } from '../policy/types.js';
import {
  simulate,
  SimulationInputError,
  toSimulateResponse,
  type EvaluationResult,
  type SimulateInput,
  type SimulateOptions,
} from '../evaluation/index.js';
import { parseArn } from '../policy/arn.js';
import type { CompiledPolicy, PolicyCache, PolicyRef } from '../evaluation/index.js';
import { boundaryPolicy, groupIdentityPolicies, roleIdentityPolicies, userIdentityPolicies } from './authorization.js';
import { boundaryDocument } from './boundaries.js';
import { principalOrgPolicies } from './organization-policies.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller } from './operation.js';
import { attachedDocuments } from './policies.js';
import type { StoreTx } from '../store/port.js';
import type { Group, Role, User } from '../store/types.js';

interface SimulateApiInput extends SimulateInput {
  Marker?: string;
  MaxItems?: number;
  PolicySourceArn?: string;
}

function page(results: EvaluationResult[], marker: string | undefined, maxItems: number | undefined): Record<string, unknown> {
  const start = marker !== undefined ? Number.parseInt(marker, 10) : 0;
  if (!Number.isInteger(start) || start < 0 || start > results.length) throw new IamError('InvalidInput', 'Invalid Marker.');
  const max = maxItems ?? 100;
  const items = results.slice(start, start + max);
  const truncated = start + max < results.length;
  return { EvaluationResults: items, IsTruncated: truncated, ...(truncated ? { Marker: String(start + max) } : {}) };
}

function runSimulation(input: SimulateInput, options: Pick<SimulateOptions, 'identity' | 'boundary' | 'scps'> = {}): EvaluationResult[] {
  try {
    const results = simulate(input, options);
    return toSimulateResponse(results, (input.ResourceArns?.length ?? 0) > 0);
  } catch (e) {
    if (e instanceof SimulationInputError) throw new IamError(e.code, e.message);
    throw e;
  }
}

export const simulateCustomPolicy = defineOperation<SimulateApiInput, Record<string, unknown>>({
  name: 'SimulateCustomPolicy',
  action: 'iam:SimulateCustomPolicy',
  writes: false,
  target: () => ({ resource: '*' }),
  async handle({ input }) {
    return page(runSimulation(input), input.Marker, input.MaxItems);
  },
});

/** The IAM user, group or role a PolicySourceArn names, as AWS's simulator takes them. */
type SourceEntity = { kind: 'user'; entity: User } | { kind: 'group'; entity: Group } | { kind: 'role'; entity: Role };

async function sourceEntity(tx: StoreTx, caller: Caller, arn: string): Promise<SourceEntity> {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam' || parsed.account !== caller.accountId) {
    throw new IamError('InvalidInput', `Invalid ARN: ${arn}`);
  }
  const type = parsed.resource.slice(0, parsed.resource.indexOf('/'));
  const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
  if (type === 'user') {
    const user = await tx.users.get(caller.accountId, name);
    if (!user || user.arn !== arn) throw new IamError('NoSuchEntity', `The user with name ${name} cannot be found.`);
    return { kind: 'user', entity: user };
  }
  if (type === 'group') {
    const group = await tx.groups.get(caller.accountId, name);
    if (!group || group.arn !== arn) throw new IamError('NoSuchEntity', `The group with name ${name} cannot be found.`);
    return { kind: 'group', entity: group };
  }
  if (type === 'role') {
    const role = await tx.roles.get(caller.accountId, name);
    if (!role || role.arn !== arn) throw new IamError('NoSuchEntity', `The role with name ${name} cannot be found.`);
    return { kind: 'role', entity: role };
  }
  throw new IamError('InvalidInput', `PolicySourceArn must be the ARN of an IAM user, group or role: ${arn}`);
}

/** The entity's identity policies as the engine takes them (a user's include its groups'). */
function entityPolicies(tx: StoreTx, cache: PolicyCache, source: SourceEntity): Promise<PolicyRef<CompiledPolicy>[]> {
  switch (source.kind) {
    case 'user':
      return userIdentityPolicies(tx, cache, source.entity);
    case 'group':
      return groupIdentityPolicies(tx, cache, source.entity);
    case 'role':
      return roleIdentityPolicies(tx, cache, source.entity);
  }
}

/** The documents of the entity's identity policies, for their context keys. */
async function entityDocuments(tx: StoreTx, caller: Caller, source: SourceEntity): Promise<string[]> {
  const docs: string[] = [];
  const groupDocs = async (g: Group) => {
    for (const p of await tx.inlinePolicies.listAll('group', g.groupId)) docs.push(p.document);
    for (const a of await attachedDocuments(tx, 'group', g.groupId)) docs.push(a.document);
  };
  if (source.kind === 'user') {
    for (const p of await tx.userPolicies.listAll(caller.accountId, source.entity.name)) docs.push(p.document);
    for (const a of await attachedDocuments(tx, 'user', source.entity.userId)) docs.push(a.document);
    for (const g of await tx.groups.listAllGroupsForUser(source.entity.userId)) await groupDocs(g);
  } else if (source.kind === 'group') {
    await groupDocs(source.entity);
  } else {
    for (const p of await tx.inlinePolicies.listAll('role', source.entity.roleId)) docs.push(p.document);
    for (const a of await attachedDocuments(tx, 'role', source.entity.roleId)) docs.push(a.document);
  }
  return docs;
}

/** The entity's permissions boundary (users and roles have one; groups never). */
async function entityBoundary(tx: StoreTx, source: SourceEntity): Promise<{ arn: string; document: string } | undefined> {
  const arn = source.kind === 'group' ? undefined : source.entity.permissionsBoundaryArn;
  if (arn === undefined) return undefined;
  const document = await boundaryDocument(tx, arn);
  return document !== undefined ? { arn, document } : undefined;
}

export const simulatePrincipalPolicy = defineOperation<SimulateApiInput, Record<string, unknown>>({
  name: 'SimulatePrincipalPolicy',
  action: 'iam:SimulatePrincipalPolicy',
  writes: false,
  target: ({ input }) => ({ resource: input.PolicySourceArn ?? '*' }),
  async handle({ input, caller, tx, env }) {
    const source = await sourceEntity(tx, caller, input.PolicySourceArn ?? '');
    const own = await entityPolicies(tx, env.policies, source);
    const extra = (input.PolicyInputList ?? []).map((text, i) => {
      const r = env.policies.load(text, { type: 'identity', inline: true });
      if (!r.ok) throw new IamError('MalformedPolicyDocument', r.errors[0]?.message ?? 'Syntax errors in policy.');
      return { id: `PolicyInputList.${i + 1}`, sourceType: 'IAM Policy' as const, compiled: r.policy };
    });
    // A boundary passed in replaces the entity's own (API_SimulatePrincipalPolicy.html): simulate()
    // takes options.boundary only when PermissionsBoundaryPolicyInputList gives none.
    const boundary = await boundaryPolicy(tx, env.policies, source.kind === 'group' ? undefined : source.entity.permissionsBoundaryArn);
    const simInput: SimulateInput = { ...input, ...(source.kind === 'user' ? { CallerArn: input.CallerArn ?? source.entity.arn } : {}) };
    // The SCPs of the entity's organization apply, as AWS's simulator includes them.
    const org = await principalOrgPolicies(tx, env.policies, caller.accountId, { type: 'user', account: caller.accountId, arn: source.entity.arn });
    const results = runSimulation(simInput, { identity: [...own, ...extra], ...(boundary ? { boundary } : {}), ...(org.scps ? { scps: org.scps } : {}) });
    return page(results, input.Marker, input.MaxItems);
  },
});

function keysOf(texts: readonly string[], type: PolicyType): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    const v = validatePolicy(text, type === 'identity' ? { type, inline: true } : { type });
    if (!v.ok) throw new IamError('MalformedPolicyDocument', v.errors[0]?.message ?? 'Syntax errors in policy.');
    for (const k of contextKeysOf(v.document)) {
      if (!seen.has(k.toLowerCase())) {
        seen.add(k.toLowerCase());
        keys.push(k);
      }
    }
  }
  return keys;
}

export const getContextKeysForCustomPolicy = defineOperation<{ PolicyInputList: string[] }, Record<string, unknown>>({
  name: 'GetContextKeysForCustomPolicy',
  action: 'iam:GetContextKeysForCustomPolicy',
  writes: false,
  target: () => ({ resource: '*' }),
  async handle({ input }) {
    return { ContextKeyNames: keysOf(input.PolicyInputList, 'identity') };
  },
});

export const getContextKeysForPrincipalPolicy = defineOperation<{ PolicySourceArn: string; PolicyInputList?: string[] }, Record<string, unknown>>({
  name: 'GetContextKeysForPrincipalPolicy',
  action: 'iam:GetContextKeysForPrincipalPolicy',
  writes: false,
  target: ({ input }) => ({ resource: input.PolicySourceArn }),
  async handle({ input, caller, tx }) {
    const source = await sourceEntity(tx, caller, input.PolicySourceArn);
    const own = await entityDocuments(tx, caller, source);
    const boundary = await entityBoundary(tx, source);
    return { ContextKeyNames: keysOf([...own, ...(boundary ? [boundary.document] : []), ...(input.PolicyInputList ?? [])], 'identity') };
  },
});

export const SIMULATION_OPERATIONS = [simulateCustomPolicy, simulatePrincipalPolicy, getContextKeysForCustomPolicy, getContextKeysForPrincipalPolicy];
