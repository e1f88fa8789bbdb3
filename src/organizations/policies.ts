// Organization policies: EnablePolicyType, DisablePolicyType, CreatePolicy, UpdatePolicy,
// DeletePolicy, DescribePolicy, ListPolicies, ListPoliciesForTarget, ListTargetsForPolicy,
// AttachPolicy, DetachPolicy. SCPs and RCPs, validated with their grammar and size quota; at most
// five of a type on a target, and never fewer than one SCP once SCPs are enabled.
import { defineOperation, type Operation } from '../iam/operation.js';
import { requestTagContext } from '../iam/tags.js';
import { validatePolicy } from '../policy/validate.js';
import { StoreConflict } from '../store/errors.js';
import type { OrgPolicy, OrgPolicyType } from '../store/types.js';
import {
  accessDenied,
  anyTarget,
  arns,
  checkTagInput,
  constraint,
  findTarget,
  FULL_ACCESS,
  idTarget,
  managementScope,
  orgError,
  page,
  policyOf,
  policySummary,
  RCP,
  randomId,
  rootShape,
  type Scope,
  type TagInput,
  targetNotFound,
} from './common.js';
import type { StoreTx } from '../store/port.js';

/** Policies of one type attached to one target (orgs_reference_limits.html). */
export const MAX_POLICIES_PER_TARGET = 5;
/** Policies of one type in an organization. */
export const MAX_POLICIES = 1000;

interface Paged {
  NextToken?: string;
  MaxResults?: number;
}

const typeContext = (type: string | undefined) => (type !== undefined ? [['organizations:PolicyType', type] as const] : []);

const typeNotEnabled = () =>
  orgError(
    'PolicyTypeNotEnabledException',
    "This operation can be performed only for enabled policy types.",
  );

function checkContent(type: OrgPolicyType, content: string): void {
  const result = validatePolicy(content, { type: type === RCP ? 'rcp' : 'scp' });
  if (result.ok) return;
  const error = result.errors[0];
  if (error?.code === 'ConstraintViolationException') throw constraint('POLICY_CONTENT_LIMIT_EXCEEDED', 'You attempted to create or update a policy with content that exceeds the size limit.');
  throw orgError('MalformedPolicyDocumentException', error?.message ?? 'The provided policy document does not meet the requirements of the specified policy type.');
}

async function rootOf(tx: StoreTx, scope: Scope, rootId: string) {
  const root = /^r-/.test(rootId) ? await tx.organizations.getUnit(scope.org.id, rootId) : undefined;
  if (!root || root.parentId !== undefined) throw orgError('RootNotFoundException', "We can't find a root with the RootId that you specified.");
  return root;
}

export const enablePolicyType = defineOperation<{ RootId: string; PolicyType: OrgPolicyType }, Record<string, unknown>>({
  name: 'EnablePolicyType',
  action: 'organizations:EnablePolicyType',
  writes: true,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.RootId, typeContext(input.PolicyType)),
  async handle({ input, caller, tx, env }) {
    const scope = await managementScope(tx, caller, { lock: true });
    const root = await rootOf(tx, scope, input.RootId);
    if (!(input.PolicyType in FULL_ACCESS)) {
      throw orgError('PolicyTypeNotAvailableForOrganizationException', "You can't use the specified policy type with the feature set currently enabled for this organization.");
    }
    if ((await tx.organizations.enabledPolicyTypes(root.id)).includes(input.PolicyType)) {
      throw orgError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.');
    }
    await tx.organizations.setPolicyType(root.id, input.PolicyType, true);
    // The AWS-managed full-access policy goes on every root, OU and account.
    const now = env.clock.now();
    const managed = FULL_ACCESS[input.PolicyType].id;
    const targets = [root.id];
    for (let i = 0; i < targets.length; i++) targets.push(...(await tx.organizations.listUnits(scope.org.id, targets[i]!)).map((u) => u.id));
    targets.push(...(await tx.organizations.listAccounts(scope.org.id)).map((a) => a.accountId));
    for (const target of targets) await tx.organizations.attach(scope.org.id, managed, target, now);
    return { Root: await rootShape(tx, root) };
  },
});

export const disablePolicyType = defineOperation<{ RootId: string; PolicyType: OrgPolicyType }, Record<string, unknown>>({
  name: 'DisablePolicyType',
  action: 'organizations:DisablePolicyType',
  writes: true,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.RootId, typeContext(input.PolicyType)),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const root = await rootOf(tx, scope, input.RootId);
    if (!(await tx.organizations.enabledPolicyTypes(root.id)).includes(input.PolicyType)) throw typeNotEnabled();
    // Disabling a type detaches every policy of that type from every target.
    await tx.organizations.detachAll(scope.org.id, input.PolicyType);
    await tx.organizations.setPolicyType(root.id, input.PolicyType, false);
    return { Root: await rootShape(tx, root) };
  },
});

const policyShape = (p: OrgPolicy): Record<string, unknown> => ({ PolicySummary: policySummary(p), Content: p.content });

const duplicatePolicy = () => orgError('DuplicatePolicyException', 'A policy with the same name already exists.');

interface CreatePolicyInput {
  Content: string;
  Description: string;
  Name: string;
  Type: OrgPolicyType;
  Tags?: TagInput[];
}

export const createPolicy = defineOperation<CreatePolicyInput, Record<string, unknown>>({
  name: 'CreatePolicy',
  action: 'organizations:CreatePolicy',
  writes: true,
  target: ({ input }) => anyTarget([...typeContext(input.Type), ...requestTagContext(input.Tags)]),
  async handle({ input, caller, tx, env }) {
    const scope = await managementScope(tx, caller, { lock: true });
    if (!(input.Type in FULL_ACCESS)) {
      throw orgError('PolicyTypeNotAvailableForOrganizationException', "You can't use the specified policy type with the feature set currently enabled for this organization.");
    }
    const tags = checkTagInput(input.Tags);
    checkContent(input.Type, input.Content);
    if ((await tx.organizations.listPolicies(scope.org.id, input.Type)).length >= MAX_POLICIES) {
      throw constraint('POLICY_NUMBER_LIMIT_EXCEEDED', 'You have reached the maximum number of policies of this type in the organization.');
    }
    const id = `p-${randomId(8)}`;
    const policy: OrgPolicy = {
      organizationId: scope.org.id,
      id,
      type: input.Type,
      name: input.Name,
      description: input.Description,
      content: input.Content,
      arn: arns.policy(caller.partition, scope.org.managementAccountId, scope.org.id, input.Type, id),
      awsManaged: false,
      createdAt: env.clock.now(),
    };
    try {
      await tx.organizations.createPolicy(policy);
    } catch (e) {
      if (e instanceof StoreConflict) throw duplicatePolicy();
      throw e;
    }
    if (tags.length > 0) await tx.organizations.putTags(scope.org.id, id, tags.map((t) => ({ key: t.Key, value: t.Value })));
    return { Policy: policyShape(policy) };
  },
});

/** A customer-managed policy the caller may change (the AWS-managed ones are read-only). */
async function changeablePolicy(tx: StoreTx, scope: Scope, id: string): Promise<OrgPolicy> {
  const policy = await policyOf(tx, scope, id);
  if (policy.awsManaged) throw accessDenied();
  return policy;
}

export const updatePolicy = defineOperation<{ PolicyId: string; Name?: string; Description?: string; Content?: string }, Record<string, unknown>>({
  name: 'UpdatePolicy',
  action: 'organizations:UpdatePolicy',
  writes: true,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.PolicyId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const policy = await changeablePolicy(tx, scope, input.PolicyId);
    if (input.Content !== undefined) checkContent(policy.type, input.Content);
    try {
      const updated = await tx.organizations.updatePolicy(scope.org.id, policy.id, {
        ...(input.Name !== undefined ? { name: input.Name } : {}),
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        ...(input.Content !== undefined ? { content: input.Content } : {}),
      });
      return { Policy: policyShape(updated) };
    } catch (e) {
      if (e instanceof StoreConflict) throw duplicatePolicy();
      throw e;
    }
  },
});

export const deletePolicy = defineOperation<{ PolicyId: string }, Record<string, unknown>>({
  name: 'DeletePolicy',
  action: 'organizations:DeletePolicy',
  writes: true,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.PolicyId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const policy = await changeablePolicy(tx, scope, input.PolicyId);
    if ((await tx.organizations.targetsForPolicy(scope.org.id, policy.id)).length > 0) {
      throw orgError('PolicyInUseException', 'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.');
    }
    await tx.organizations.deletePolicy(scope.org.id, policy.id);
    return {};
  },
});

export const describePolicy = defineOperation<{ PolicyId: string }, Record<string, unknown>>({
  name: 'DescribePolicy',
  action: 'organizations:DescribePolicy',
  writes: false,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.PolicyId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    return { Policy: policyShape(await policyOf(tx, scope, input.PolicyId)) };
  },
});

export const listPolicies = defineOperation<{ Filter: OrgPolicyType } & Paged, Record<string, unknown>>({
  name: 'ListPolicies',
  action: 'organizations:ListPolicies',
  writes: false,
  target: ({ input }) => anyTarget(typeContext(input.Filter)),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const { items, NextToken } = page(await tx.organizations.listPolicies(scope.org.id, input.Filter), input);
    return { Policies: items.map(policySummary), ...(NextToken ? { NextToken } : {}) };
  },
});

export const listPoliciesForTarget = defineOperation<{ TargetId: string; Filter: OrgPolicyType } & Paged, Record<string, unknown>>({
  name: 'ListPoliciesForTarget',
  action: 'organizations:ListPoliciesForTarget',
  writes: false,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.TargetId, typeContext(input.Filter)),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const target = await findTarget(tx, scope, input.TargetId);
    if (!target) throw targetNotFound();
    const { items, NextToken } = page(await tx.organizations.policiesForTarget(scope.org.id, target.id, input.Filter), input);
    return { Policies: items.map(policySummary), ...(NextToken ? { NextToken } : {}) };
  },
});

export const listTargetsForPolicy = defineOperation<{ PolicyId: string } & Paged, Record<string, unknown>>({
  name: 'ListTargetsForPolicy',
  action: 'organizations:ListTargetsForPolicy',
  writes: false,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.PolicyId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const policy = await policyOf(tx, scope, input.PolicyId);
    const ids = await tx.organizations.targetsForPolicy(scope.org.id, policy.id);
    const { items, NextToken } = page(ids, input);
    const targets = [];
    for (const id of items) {
      const t = await findTarget(tx, scope, id);
      if (t) targets.push({ TargetId: t.id, Arn: t.arn, Name: t.name, Type: t.kind });
    }
    return { Targets: targets, ...(NextToken ? { NextToken } : {}) };
  },
});

export const attachPolicy = defineOperation<{ PolicyId: string; TargetId: string }, Record<string, unknown>>({
  name: 'AttachPolicy',
  action: 'organizations:AttachPolicy',
  writes: true,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.PolicyId),
  async handle({ input, caller, tx, env }) {
    const scope = await managementScope(tx, caller, { lock: true });
    const policy = await policyOf(tx, scope, input.PolicyId);
    const target = await findTarget(tx, scope, input.TargetId);
    if (!target) throw targetNotFound();
    if (!(await tx.organizations.enabledPolicyTypes(scope.root.id)).includes(policy.type)) throw typeNotEnabled();
    const attached = await tx.organizations.policiesForTarget(scope.org.id, target.id, policy.type);
    if (attached.some((p) => p.id === policy.id)) {
      throw orgError('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.');
    }
    if (attached.length >= MAX_POLICIES_PER_TARGET) {
      throw constraint('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED', 'You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time.');
    }
    await tx.organizations.attach(scope.org.id, policy.id, target.id, env.clock.now());
    return {};
  },
});

export const detachPolicy = defineOperation<{ PolicyId: string; TargetId: string }, Record<string, unknown>>({
  name: 'DetachPolicy',
  action: 'organizations:DetachPolicy',
  writes: true,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.PolicyId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller, { lock: true });
    const policy = await policyOf(tx, scope, input.PolicyId);
    const target = await findTarget(tx, scope, input.TargetId);
    if (!target) throw targetNotFound();
    const attached = await tx.organizations.policiesForTarget(scope.org.id, target.id, policy.type);
    if (!attached.some((p) => p.id === policy.id)) throw orgError('PolicyNotAttachedException', "The policy isn't attached to the specified target in the specified root.");
    // Every target keeps at least one SCP; RCPFullAWSAccess stays on every target.
    if (attached.length === 1 || policy.id === FULL_ACCESS[RCP].id) {
      throw constraint('MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED', 'You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.');
    }
    await tx.organizations.detach(scope.org.id, policy.id, target.id);
    return {};
  },
});

export const POLICY_OPERATIONS: readonly Operation[] = [
  enablePolicyType,
  disablePolicyType,
  createPolicy,
  updatePolicy,
  deletePolicy,
  describePolicy,
  listPolicies,
  listPoliciesForTarget,
  listTargetsForPolicy,
  attachPolicy,
  detachPolicy,
];
