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
import { userIdentityPolicies } from './authorization.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller } from './operation.js';
import type { StoreTx } from '../store/port.js';

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

function runSimulation(input: SimulateInput, identity?: SimulateOptions['identity']): EvaluationResult[] {
  try {
    const results = simulate(input, identity ? { identity } : {});
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

/** The user a PolicySourceArn names (users now; groups and roles come with the IAM API). */
async function sourceUser(tx: StoreTx, caller: Caller, arn: string) {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam' || parsed.account !== caller.accountId) {
    throw new IamError('InvalidInput', `Invalid ARN: ${arn}`);
  }
  if (!parsed.resource.startsWith('user/')) {
    throw new IamError('InvalidInput', `PolicySourceArn must be a user ARN for now: ${arn}`);
  }
  const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
  const user = await tx.users.get(caller.accountId, name);
  if (!user || user.arn !== arn) throw new IamError('NoSuchEntity', `The user with name ${name} cannot be found.`);
  return user;
}

export const simulatePrincipalPolicy = defineOperation<SimulateApiInput, Record<string, unknown>>({
  name: 'SimulatePrincipalPolicy',
  action: 'iam:SimulatePrincipalPolicy',
  writes: false,
  target: ({ input }) => ({ resource: input.PolicySourceArn ?? '*' }),
  async handle({ input, caller, tx, env }) {
    const user = await sourceUser(tx, caller, input.PolicySourceArn ?? '');
    const own = await userIdentityPolicies(tx, env.policies, user);
    const extra = (input.PolicyInputList ?? []).map((text, i) => {
      const r = env.policies.load(text, { type: 'identity', inline: true });
      if (!r.ok) throw new IamError('MalformedPolicyDocument', r.errors[0]?.message ?? 'Syntax errors in policy.');
      return { id: `PolicyInputList.${i + 1}`, sourceType: 'IAM Policy' as const, compiled: r.policy };
    });
    const simInput: SimulateInput = { ...input, CallerArn: input.CallerArn ?? user.arn };
    return page(runSimulation(simInput, [...own, ...extra]), input.Marker, input.MaxItems);
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
    const user = await sourceUser(tx, caller, input.PolicySourceArn);
    const own = (await tx.userPolicies.listAll(caller.accountId, user.name)).map((p) => p.document);
    return { ContextKeyNames: keysOf([...own, ...(input.PolicyInputList ?? [])], 'identity') };
  },
});

export const SIMULATION_OPERATIONS = [simulateCustomPolicy, simulatePrincipalPolicy, getContextKeysForCustomPolicy, getContextKeysForPrincipalPolicy];
