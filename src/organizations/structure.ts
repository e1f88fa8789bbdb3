// The organization and its structure: CreateOrganization, DescribeOrganization,
// DeleteOrganization, ListRoots, organizational units (Create/Update/Delete/Describe,
// ListOrganizationalUnitsForParent), ListChildren, ListParents, and tags on roots, OUs, accounts
// and policies (TagResource, UntagResource, ListTagsForResource).
import type { IamError } from '../iam/errors.js';
import { defineOperation, type Operation } from '../iam/operation.js';
import { createLinkedRole } from '../iam/service-linked-roles.js';
import { requestTagContext, tagKeysContext } from '../iam/tags.js';
import { StoreConflict } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { OrgAccount, Organization, OrgUnit } from '../store/types.js';
import {
  accessDenied,
  anyTarget,
  arns,
  checkTagInput,
  constraint,
  FULL_ACCESS,
  findTarget,
  idTarget,
  invalidInput,
  isAccountId,
  isOuId,
  managementScope,
  MAX_TAGS,
  memberScope,
  orgError,
  ORGANIZATIONS_ROLE,
  ORGANIZATIONS_SERVICE,
  ouOf,
  ouShape,
  page,
  parentNotFound,
  parentUnit,
  POLICY_TYPES,
  randomId,
  rootShape,
  serviceLinkedRoleDependency,
  type Scope,
  type TagInput,
  targetNotFound,
} from './common.js';

/** OUs nest at most five levels below the root (orgs_reference_limits.html). */
export const MAX_OU_DEPTH = 5;
export const MAX_OUS = 1000;

interface Paged {
  NextToken?: string;
  MaxResults?: number;
}

export const createOrganization = defineOperation<{ FeatureSet?: string }, Record<string, unknown>>({
  name: 'CreateOrganization',
  action: 'organizations:CreateOrganization',
  writes: true,
  // The management account gets Organizations' service-linked role, unless it has it already.
  target: async ({ caller, tx }) =>
    (await tx.roles.get(caller.accountId, ORGANIZATIONS_ROLE)) ? anyTarget() : { ...anyTarget(), dependencies: [serviceLinkedRoleDependency(caller)] },
  async handle({ input, caller, tx, env }) {
    if (input.FeatureSet !== undefined && input.FeatureSet !== 'ALL') {
      throw invalidInput('INVALID_ENUM', 'Tessera supports organizations with all features (FeatureSet ALL) only.');
    }
    if (await tx.organizations.membership(caller.accountId)) throw orgError('AlreadyInOrganizationException', 'The provided account is already a member of an organization.');
    const now = env.clock.now();
    const p = caller.partition;
    const mgmt = caller.accountId;
    const orgId = `o-${randomId(10)}`;
    const rootId = `r-${randomId(4)}`;
    const organization = { id: orgId, arn: arns.organization(p, mgmt, orgId), featureSet: 'ALL' as const, managementAccountId: mgmt, createdAt: now };
    const root: OrgUnit = { id: rootId, organizationId: orgId, parentId: undefined, name: 'Root', arn: arns.root(p, mgmt, orgId, rootId), createdAt: now };
    // Tessera accounts have no owner email; the management account's alias (else its id) names it.
    const alias = await tx.accountAliases.get(mgmt);
    const name = alias ?? mgmt;
    const member = {
      accountId: mgmt,
      organizationId: orgId,
      parentId: rootId,
      name,
      email: `${name}@${mgmt}.tessera.invalid`,
      arn: arns.account(p, mgmt, orgId, mgmt),
      status: 'ACTIVE' as const,
      joinedMethod: 'INVITED' as const,
      joinedAt: now,
    };
    const managed = POLICY_TYPES.map((type) => ({ organizationId: orgId, type, ...FULL_ACCESS[type], arn: arns.awsPolicy(p, type, FULL_ACCESS[type].id), awsManaged: true, createdAt: now }));
    try {
      await tx.organizations.create(organization, root, member, managed);
    } catch (e) {
      if (e instanceof StoreConflict) throw orgError('AlreadyInOrganizationException', 'The provided account is already a member of an organization.');
      throw e;
    }
    if (!(await tx.roles.get(mgmt, ORGANIZATIONS_ROLE))) await createLinkedRole(tx, p, mgmt, ORGANIZATIONS_SERVICE, now);
    return { Organization: organizationShape(organization, member) };
  },
});

/**
 * AvailablePolicyTypes is deprecated and lists SCPs only: available in every organization with all
 * features, whatever the root has enabled (API_DescribeOrganization.html; ListRoots tells that).
 */
function organizationShape(org: Organization, management: OrgAccount | undefined): Record<string, unknown> {
  return {
    Id: org.id,
    Arn: org.arn,
    FeatureSet: org.featureSet,
    ...(management ? { MasterAccountArn: management.arn, MasterAccountEmail: management.email } : {}),
    MasterAccountId: org.managementAccountId,
    AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
  };
}

export const describeOrganization = defineOperation<Record<string, never>, Record<string, unknown>>({
  name: 'DescribeOrganization',
  action: 'organizations:DescribeOrganization',
  writes: false,
  target: () => anyTarget(),
  async handle({ caller, tx }) {
    // Member accounts may describe their organization too.
    const scope = await memberScope(tx, caller);
    const management = await tx.organizations.getAccount(scope.org.id, scope.org.managementAccountId);
    return { Organization: organizationShape(scope.org, management) };
  },
});

export const deleteOrganization = defineOperation<Record<string, never>, Record<string, unknown>>({
  name: 'DeleteOrganization',
  action: 'organizations:DeleteOrganization',
  writes: true,
  target: () => anyTarget(),
  async handle({ caller, tx }) {
    const scope = await managementScope(tx, caller, { lock: true });
    if ((await tx.organizations.countAccounts(scope.org.id)) > 1) {
      throw orgError('OrganizationNotEmptyException', 'To delete an organization you must first remove all member accounts (except the management account).');
    }
    await tx.organizations.delete(scope.org.id);
    return {};
  },
});

export const listRoots = defineOperation<Paged, Record<string, unknown>>({
  name: 'ListRoots',
  action: 'organizations:ListRoots',
  writes: false,
  target: () => anyTarget(),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const roots = await tx.organizations.listUnits(scope.org.id, null);
    const { items, NextToken } = page(roots, input);
    return { Roots: await Promise.all(items.map((r) => rootShape(tx, r))), ...(NextToken ? { NextToken } : {}) };
  },
});

/** How deep a unit is: the root is 0, an OU directly under it 1. */
async function depth(tx: StoreTx, scope: Scope, unit: OrgUnit): Promise<number> {
  let d = 0;
  for (let u: OrgUnit | undefined = unit; u?.parentId !== undefined; u = await tx.organizations.getUnit(scope.org.id, u.parentId)) d++;
  return d;
}

export const createOrganizationalUnit = defineOperation<{ ParentId: string; Name: string; Tags?: TagInput[] }, Record<string, unknown>>({
  name: 'CreateOrganizationalUnit',
  action: 'organizations:CreateOrganizationalUnit',
  writes: true,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.ParentId, requestTagContext(input.Tags)),
  async handle({ input, caller, tx, env }) {
    const scope = await managementScope(tx, caller, { lock: true });
    const parent = await parentUnit(tx, scope, input.ParentId, parentNotFound);
    const tags = checkTagInput(input.Tags);
    if ((await depth(tx, scope, parent)) >= MAX_OU_DEPTH) {
      throw constraint('OU_DEPTH_LIMIT_EXCEEDED', 'You attempted to create an OU tree that is too many levels deep.');
    }
    if ((await countOus(tx, scope)) >= MAX_OUS) throw constraint('OU_NUMBER_LIMIT_EXCEEDED', 'You have reached the maximum number of OUs in the organization.');
    const id = `ou-${scope.root.id.slice(2)}-${randomId(8)}`;
    const unit: OrgUnit = { id, organizationId: scope.org.id, parentId: parent.id, name: input.Name, arn: arns.ou(caller.partition, scope.org.managementAccountId, scope.org.id, id), createdAt: env.clock.now() };
    try {
      await tx.organizations.createUnit(unit);
    } catch (e) {
      if (e instanceof StoreConflict) throw orgError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');
      throw e;
    }
    await attachDefaults(tx, scope, id, env.clock.now());
    if (tags.length > 0) await tx.organizations.putTags(scope.org.id, id, tags.map((t) => ({ key: t.Key, value: t.Value })));
    return { OrganizationalUnit: ouShape(unit) };
  },
});

async function countOus(tx: StoreTx, scope: Scope): Promise<number> {
  let n = 0;
  const queue = [scope.root.id];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const children = await tx.organizations.listUnits(scope.org.id, id);
    n += children.length;
    queue.push(...children.map((c) => c.id));
  }
  return n;
}

/**
 * Attaches the AWS-managed full-access policy of every enabled type to a new OU or account, as AWS
 * does (FullAWSAccess, RCPFullAWSAccess).
 */
export async function attachDefaults(tx: StoreTx, scope: Scope, targetId: string, at: Date): Promise<void> {
  for (const type of await tx.organizations.enabledPolicyTypes(scope.root.id)) {
    await tx.organizations.attach(scope.org.id, FULL_ACCESS[type].id, targetId, at);
  }
}

export const updateOrganizationalUnit = defineOperation<{ OrganizationalUnitId: string; Name?: string }, Record<string, unknown>>({
  name: 'UpdateOrganizationalUnit',
  action: 'organizations:UpdateOrganizationalUnit',
  writes: true,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.OrganizationalUnitId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const unit = await ouOf(tx, scope, input.OrganizationalUnitId);
    if (input.Name === undefined) return { OrganizationalUnit: ouShape(unit) };
    try {
      return { OrganizationalUnit: ouShape(await tx.organizations.renameUnit(scope.org.id, unit.id, input.Name)) };
    } catch (e) {
      if (e instanceof StoreConflict) throw orgError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');
      throw e;
    }
  },
});

export const deleteOrganizationalUnit = defineOperation<{ OrganizationalUnitId: string }, Record<string, unknown>>({
  name: 'DeleteOrganizationalUnit',
  action: 'organizations:DeleteOrganizationalUnit',
  writes: true,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.OrganizationalUnitId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const unit = await ouOf(tx, scope, input.OrganizationalUnitId);
    const children = (await tx.organizations.listUnits(scope.org.id, unit.id)).length + (await tx.organizations.listAccounts(scope.org.id, unit.id)).length;
    if (children > 0) throw orgError('OrganizationalUnitNotEmptyException', 'The specified OU is not empty. Move all accounts to another root or OU and delete all child OUs, then try the operation again.');
    await tx.organizations.deleteUnit(scope.org.id, unit.id);
    return {};
  },
});

export const describeOrganizationalUnit = defineOperation<{ OrganizationalUnitId: string }, Record<string, unknown>>({
  name: 'DescribeOrganizationalUnit',
  action: 'organizations:DescribeOrganizationalUnit',
  writes: false,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.OrganizationalUnitId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    return { OrganizationalUnit: ouShape(await ouOf(tx, scope, input.OrganizationalUnitId)) };
  },
});

export const listOrganizationalUnitsForParent = defineOperation<{ ParentId: string } & Paged, Record<string, unknown>>({
  name: 'ListOrganizationalUnitsForParent',
  action: 'organizations:ListOrganizationalUnitsForParent',
  writes: false,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.ParentId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const parent = await parentUnit(tx, scope, input.ParentId, parentNotFound);
    const { items, NextToken } = page(await tx.organizations.listUnits(scope.org.id, parent.id), input);
    return { OrganizationalUnits: items.map(ouShape), ...(NextToken ? { NextToken } : {}) };
  },
});

export const listChildren = defineOperation<{ ParentId: string; ChildType: 'ACCOUNT' | 'ORGANIZATIONAL_UNIT' } & Paged, Record<string, unknown>>({
  name: 'ListChildren',
  action: 'organizations:ListChildren',
  writes: false,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.ParentId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const parent = await parentUnit(tx, scope, input.ParentId, parentNotFound);
    const ids =
      input.ChildType === 'ACCOUNT'
        ? (await tx.organizations.listAccounts(scope.org.id, parent.id)).map((a) => a.accountId)
        : (await tx.organizations.listUnits(scope.org.id, parent.id)).map((u) => u.id);
    const { items, NextToken } = page(ids, input);
    return { Children: items.map((Id) => ({ Id, Type: input.ChildType })), ...(NextToken ? { NextToken } : {}) };
  },
});

export const listParents = defineOperation<{ ChildId: string } & Paged, Record<string, unknown>>({
  name: 'ListParents',
  action: 'organizations:ListParents',
  writes: false,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.ChildId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const notFound = (): IamError => orgError('ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
    let parentId: string | undefined;
    if (isAccountId(input.ChildId)) parentId = (await tx.organizations.getAccount(scope.org.id, input.ChildId))?.parentId;
    else if (isOuId(input.ChildId)) parentId = (await tx.organizations.getUnit(scope.org.id, input.ChildId))?.parentId;
    if (parentId === undefined) throw notFound();
    const type = parentId === scope.root.id ? 'ROOT' : 'ORGANIZATIONAL_UNIT';
    const { items, NextToken } = page([{ Id: parentId, Type: type }], input);
    return { Parents: items, ...(NextToken ? { NextToken } : {}) };
  },
});

// Tags on roots, OUs, accounts and policies.

/** The taggable resource an id names in the caller's organization. */
async function taggable(tx: StoreTx, scope: Scope, id: string): Promise<string> {
  if (/^p-/.test(id)) {
    const policy = await tx.organizations.getPolicy(scope.org.id, id);
    if (!policy) throw targetNotFound();
    if (policy.awsManaged) throw accessDenied();
    return id;
  }
  if (!(await findTarget(tx, scope, id))) throw targetNotFound();
  return id;
}

export const tagResource = defineOperation<{ ResourceId: string; Tags: TagInput[] }, Record<string, unknown>>({
  name: 'TagResource',
  action: 'organizations:TagResource',
  writes: true,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.ResourceId, requestTagContext(input.Tags)),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller, { lock: true });
    const id = await taggable(tx, scope, input.ResourceId);
    const tags = checkTagInput(input.Tags);
    const existing = await tx.organizations.tags(scope.org.id, id);
    const keys = new Set([...existing.map((t) => t.key), ...tags.map((t) => t.Key)]);
    if (keys.size > MAX_TAGS) throw constraint('MAX_TAG_LIMIT_EXCEEDED', 'You have exceeded the maximum number of tags allowed on this resource.');
    await tx.organizations.putTags(scope.org.id, id, tags.map((t) => ({ key: t.Key, value: t.Value })));
    return {};
  },
});

export const untagResource = defineOperation<{ ResourceId: string; TagKeys: string[] }, Record<string, unknown>>({
  name: 'UntagResource',
  action: 'organizations:UntagResource',
  writes: true,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.ResourceId, tagKeysContext(input.TagKeys)),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const id = await taggable(tx, scope, input.ResourceId);
    await tx.organizations.removeTags(scope.org.id, id, input.TagKeys);
    return {};
  },
});

export const listTagsForResource = defineOperation<{ ResourceId: string } & Paged, Record<string, unknown>>({
  name: 'ListTagsForResource',
  action: 'organizations:ListTagsForResource',
  writes: false,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.ResourceId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const id = await taggable(tx, scope, input.ResourceId);
    const { items, NextToken } = page(await tx.organizations.tags(scope.org.id, id), input);
    return { Tags: items.map((t) => ({ Key: t.key, Value: t.value })), ...(NextToken ? { NextToken } : {}) };
  },
});

export const STRUCTURE_OPERATIONS: readonly Operation[] = [
  createOrganization,
  describeOrganization,
  deleteOrganization,
  listRoots,
  createOrganizationalUnit,
  updateOrganizationalUnit,
  deleteOrganizationalUnit,
  describeOrganizationalUnit,
  listOrganizationalUnitsForParent,
  listChildren,
  listParents,
  tagResource,
  untagResource,
  listTagsForResource,
];
