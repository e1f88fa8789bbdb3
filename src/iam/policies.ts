// Managed policies: customer-managed ones (CreatePolicy, GetPolicy, DeletePolicy, ListPolicies,
// versions) and the AWS-managed catalogue served read-only beside them; attachments to users,
// groups and roles (Attach/Detach/ListAttached{User,Group,Role}Policies) and
// ListEntitiesForPolicy. Attached policies take part in evaluation (authorization.ts).

import { uniqueId } from '../lib/ids.js';
import { parseArn } from '../policy/arn.js';
import { validatePolicy } from '../policy/validate.js';
import { StoreConflict, StoreLimitExceeded } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { IdentityType, ManagedPolicy } from '../store/types.js';
import { policyArn } from './arns.js';
import { awsManaged, isAwsManagedArn, type AwsManagedPolicy } from './aws-managed.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller, type Target } from './operation.js';
import { checkTags, requestTagContext, type TagInput } from './tags.js';
import { encodePolicyDocument } from './user-policies.js';
import { namedUser, userTarget, userTargetWithBoundary } from './users.js';
import { roleTarget, roleTargetWithBoundary } from './roles.js';
import { pageOrInvalidMarker } from './paging.js';
import { managedPolicyTarget } from './policy-tags.js';

export const MAX_POLICIES_PER_ACCOUNT = 1500;
export const MAX_VERSIONS = 5;
export const MAX_ATTACHED = 10;

/** The AWS-managed catalogue, shared by every account (one instance per process, in aws-managed.ts). */
export { awsManaged };

const notAttachable = (arn: string): IamError => new IamError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
const noSuchPolicy = (arn: string): IamError => new IamError('NoSuchEntity', `Policy ${arn} was not found.`);
const noSuchVersion = (arn: string, versionId: string): IamError =>
  new IamError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`);

/** A managed policy as the API shows it, from either source. */
interface AnyPolicy {
  name: string;
  policyId: string;
  arn: string;
  path: string;
  defaultVersionId: string;
  description?: string;
  createDate: Date;
  updateDate: Date;
  aws: boolean;
}

function fromStore(p: ManagedPolicy): AnyPolicy {
  return { ...p, aws: false };
}

function fromCatalogue(p: AwsManagedPolicy): AnyPolicy {
  return { ...p, aws: true };
}

/** The policy an ARN names, in this account or AWS's catalogue. */
async function findPolicy(tx: StoreTx, caller: Caller, arn: string): Promise<AnyPolicy | undefined> {
  if (isAwsManagedArn(arn)) {
    const p = awsManaged.get(arn);
    return p && !p.deprecated ? fromCatalogue(p) : undefined;
  }
  const parsed = parseArn(arn);
  if (!parsed || parsed.account !== caller.accountId) return undefined;
  const p = await tx.managedPolicies.get(arn);
  return p ? fromStore(p) : undefined;
}

async function policyShape(tx: StoreTx, caller: Caller, p: AnyPolicy, withTags: boolean): Promise<Record<string, unknown>> {
  const tags = withTags && !p.aws ? await tx.tags.listAll({ resourceType: 'policy', resourceKey: p.policyId }) : [];
  return {
    PolicyName: p.name,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: await tx.policyAttachments.countAttachmentsForPolicy(caller.accountId, p.arn),
    PermissionsBoundaryUsageCount: await tx.policyAttachments.countBoundaryUsage(caller.accountId, p.arn),
    IsAttachable: true,
    ...(p.description !== undefined ? { Description: p.description } : {}),
    CreateDate: p.createDate,
    UpdateDate: p.updateDate,
    ...(tags.length > 0 ? { Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) } : {}),
  };
}

function checkManagedDocument(text: string): void {
  const r = validatePolicy(text, { type: 'identity' });
  if (!r.ok) {
    const first = r.errors[0];
    throw new IamError(first && 'code' in first && first.code === 'LimitExceeded' ? 'LimitExceeded' : 'MalformedPolicyDocument', first?.message ?? 'Syntax errors in policy.');
  }
}

/** The policy's ARN, with its tags as aws:ResourceTag/* (policy-tags.ts). */
const policyTarget = ({ input, caller, tx }: { input: { PolicyArn: string }; caller: Caller; tx: StoreTx }): Promise<Target> =>
  managedPolicyTarget(tx, caller, input.PolicyArn);

export const createPolicy = defineOperation<{ PolicyName: string; Path?: string; PolicyDocument: string; Description?: string; Tags?: TagInput[] }, Record<string, unknown>>({
  name: 'CreatePolicy',
  action: 'iam:CreatePolicy',
  writes: true,
  target: ({ input, caller }) => ({
    resource: policyArn(caller.partition, caller.accountId, input.Path ?? '/', input.PolicyName),
    context: requestTagContext(input.Tags),
  }),
  async handle({ input, caller, tx, env }) {
    const tags = checkTags(input.Tags);
    checkManagedDocument(input.PolicyDocument);
    const path = input.Path ?? '/';
    const now = env.clock.now();
    let created: ManagedPolicy;
    try {
      created = await tx.managedPolicies.createWithLimit(
        {
          accountId: caller.accountId,
          policyId: uniqueId('ANPA'),
          name: input.PolicyName,
          path,
          arn: policyArn(caller.partition, caller.accountId, path, input.PolicyName),
          ...(input.Description !== undefined ? { description: input.Description } : {}),
          createDate: now,
        },
        input.PolicyDocument,
        MAX_POLICIES_PER_ACCOUNT,
      );
    } catch (e) {
      if (e instanceof StoreConflict) throw new IamError('EntityAlreadyExists', `A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
      if (e instanceof StoreLimitExceeded) throw new IamError('LimitExceeded', `Cannot exceed quota for PoliciesPerAccount: ${MAX_POLICIES_PER_ACCOUNT}`);
      throw e;
    }
    if (tags.length > 0) await tx.tags.put({ resourceType: 'policy', resourceKey: created.policyId }, tags.map((t) => ({ key: t.Key, value: t.Value })));
    return { Policy: await policyShape(tx, caller, fromStore(created), true) };
  },
});

export const getPolicy = defineOperation<{ PolicyArn: string }, Record<string, unknown>>({
  name: 'GetPolicy',
  action: 'iam:GetPolicy',
  writes: false,
  target: policyTarget,
  async handle({ input, caller, tx }) {
    const p = await findPolicy(tx, caller, input.PolicyArn);
    if (!p) throw noSuchPolicy(input.PolicyArn);
    return { Policy: await policyShape(tx, caller, p, true) };
  },
});

/** A customer-managed policy of this account, for the calls that change one. */
async function ownPolicy(tx: StoreTx, caller: Caller, arn: string): Promise<ManagedPolicy> {
  if (isAwsManagedArn(arn)) {
    if (awsManaged.get(arn)) throw new IamError('InvalidInput', `ARN ${arn} is not valid: AWS managed policies cannot be changed.`);
    throw noSuchPolicy(arn);
  }
  const p = parseArn(arn)?.account === caller.accountId ? await tx.managedPolicies.getForUpdate(arn) : undefined;
  if (!p) throw noSuchPolicy(arn);
  return p;
}

export const deletePolicy = defineOperation<{ PolicyArn: string }, Record<string, unknown>>({
  name: 'DeletePolicy',
  action: 'iam:DeletePolicy',
  writes: true,
  target: policyTarget,
  async handle({ input, caller, tx }) {
    const p = await ownPolicy(tx, caller, input.PolicyArn);
    if ((await tx.policyAttachments.countAttachmentsForPolicy(caller.accountId, p.arn)) > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete a policy attached to entities.');
    }
    if ((await tx.policyAttachments.countBoundaryUsage(caller.accountId, p.arn)) > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete a policy used as a permissions boundary.');
    }
    if ((await tx.managedPolicies.countVersions(p.arn)) > 1) {
      throw new IamError('DeleteConflict', 'Cannot delete a policy with non-default versions: delete the other versions first.');
    }
    await tx.managedPolicies.delete(p.arn);
    return undefined;
  },
});

interface ListPoliciesInput {
  Scope?: 'All' | 'AWS' | 'Local';
  OnlyAttached?: boolean;
  PathPrefix?: string;
  PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
  Marker?: string;
  MaxItems?: number;
}

/** Every customer-managed policy of the account (all pages of the store's listing). */
async function allLocal(tx: StoreTx, accountId: string): Promise<ManagedPolicy[]> {
  const out: ManagedPolicy[] = [];
  let marker: string | undefined;
  do {
    const page = await tx.managedPolicies.list(accountId, { maxItems: 1000, ...(marker !== undefined ? { marker } : {}) });
    out.push(...page.items);
    marker = page.isTruncated ? page.marker : undefined;
  } while (marker !== undefined);
  return out;
}

/** Offset markers over a listing built in memory (AWS's markers are opaque too). */
function offsetPage<T>(items: readonly T[], marker: string | undefined, maxItems: number | undefined): { items: T[]; isTruncated: boolean; marker?: string } {
  const start = marker !== undefined ? Number.parseInt(marker, 10) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length || (marker !== undefined && String(start) !== marker)) {
    throw new IamError('InvalidInput', 'Invalid Marker.');
  }
  const max = maxItems ?? 100;
  const page = items.slice(start, start + max);
  const truncated = start + max < items.length;
  return { items: page, isTruncated: truncated, ...(truncated ? { marker: String(start + max) } : {}) };
}

export const listPolicies = defineOperation<ListPoliciesInput, Record<string, unknown>>({
  name: 'ListPolicies',
  action: 'iam:ListPolicies',
  writes: false,
  target: ({ caller }) => ({ resource: `arn:${caller.partition}:iam::${caller.accountId}:policy/` }),
  async handle({ input, caller, tx }) {
    const scope = input.Scope ?? 'All';
    const prefix = input.PathPrefix ?? '/';
    const candidates: AnyPolicy[] = [];
    if (scope !== 'Local') for (const p of awsManaged.all()) if (!p.deprecated) candidates.push(fromCatalogue(p));
    if (scope !== 'AWS') for (const p of await allLocal(tx, caller.accountId)) candidates.push(fromStore(p));
    candidates.sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
    const shaped: Record<string, unknown>[] = [];
    for (const p of candidates) {
      if (!p.path.startsWith(prefix)) continue;
      const attachments = await tx.policyAttachments.countAttachmentsForPolicy(caller.accountId, p.arn);
      const boundaryUses = await tx.policyAttachments.countBoundaryUsage(caller.accountId, p.arn);
      if (input.OnlyAttached && attachments === 0 && boundaryUses === 0) continue;
      if (input.PolicyUsageFilter === 'PermissionsPolicy' && input.OnlyAttached && attachments === 0) continue;
      if (input.PolicyUsageFilter === 'PermissionsBoundary' && input.OnlyAttached && boundaryUses === 0) continue;
      shaped.push({
        PolicyName: p.name,
        PolicyId: p.policyId,
        Arn: p.arn,
        Path: p.path,
        DefaultVersionId: p.defaultVersionId,
        AttachmentCount: attachments,
        PermissionsBoundaryUsageCount: boundaryUses,
        IsAttachable: true,
        CreateDate: p.createDate,
        UpdateDate: p.updateDate,
      });
    }
    const page = offsetPage(shaped, input.Marker, input.MaxItems);
    return { Policies: page.items, IsTruncated: page.isTruncated, ...(page.marker !== undefined ? { Marker: page.marker } : {}) };
  },
});

// ---- versions -----------------------------------------------------------------------------

function versionShape(v: { versionId: string; document: string; isDefault: boolean; createDate: Date }, withDocument: boolean): Record<string, unknown> {
  return {
    ...(withDocument ? { Document: encodePolicyDocument(v.document) } : {}),
    VersionId: v.versionId,
    IsDefaultVersion: v.isDefault,
    CreateDate: v.createDate,
  };
}

export const createPolicyVersion = defineOperation<{ PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean }, Record<string, unknown>>({
  name: 'CreatePolicyVersion',
  action: 'iam:CreatePolicyVersion',
  writes: true,
  target: policyTarget,
  async handle({ input, caller, tx, env }) {
    const p = await ownPolicy(tx, caller, input.PolicyArn);
    checkManagedDocument(input.PolicyDocument);
    try {
      const v = await tx.managedPolicies.createVersionWithLimit(
        p.arn,
        { document: input.PolicyDocument, createDate: env.clock.now(), setAsDefault: input.SetAsDefault ?? false },
        MAX_VERSIONS,
      );
      return { PolicyVersion: versionShape(v, false) };
    } catch (e) {
      if (e instanceof StoreLimitExceeded) {
        throw new IamError('LimitExceeded', `A managed policy can have up to ${MAX_VERSIONS} versions. Before you create a new version, you must delete an existing version.`);
      }
      throw e;
    }
  },
});

export const getPolicyVersion = defineOperation<{ PolicyArn: string; VersionId: string }, Record<string, unknown>>({
  name: 'GetPolicyVersion',
  action: 'iam:GetPolicyVersion',
  writes: false,
  target: policyTarget,
  async handle({ input, caller, tx }) {
    const noVersion = noSuchVersion(input.PolicyArn, input.VersionId);
    if (isAwsManagedArn(input.PolicyArn)) {
      const p = awsManaged.get(input.PolicyArn);
      const v = awsManaged.version(input.PolicyArn, input.VersionId);
      if (!p || !v) throw noVersion;
      return { PolicyVersion: versionShape({ ...v, isDefault: v.versionId === p.defaultVersionId }, true) };
    }
    if (!(await findPolicy(tx, caller, input.PolicyArn))) throw noSuchPolicy(input.PolicyArn);
    const v = await tx.managedPolicies.getVersion(input.PolicyArn, input.VersionId);
    if (!v) throw noVersion;
    return { PolicyVersion: versionShape(v, true) };
  },
});

export const listPolicyVersions = defineOperation<{ PolicyArn: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListPolicyVersions',
  action: 'iam:ListPolicyVersions',
  writes: false,
  target: policyTarget,
  async handle({ input, caller, tx }) {
    const p = await findPolicy(tx, caller, input.PolicyArn);
    if (!p) throw noSuchPolicy(input.PolicyArn);
    const versions = p.aws
      ? (awsManaged.get(p.arn)?.versions ?? []).map((v) => ({ ...v, isDefault: v.versionId === p.defaultVersionId }))
      : await tx.managedPolicies.listVersions(p.arn);
    const page = offsetPage(versions, input.Marker, input.MaxItems);
    return { Versions: page.items.map((v) => versionShape(v, false)), IsTruncated: page.isTruncated, ...(page.marker !== undefined ? { Marker: page.marker } : {}) };
  },
});

export const deletePolicyVersion = defineOperation<{ PolicyArn: string; VersionId: string }, Record<string, unknown>>({
  name: 'DeletePolicyVersion',
  action: 'iam:DeletePolicyVersion',
  writes: true,
  target: policyTarget,
  async handle({ input, caller, tx }) {
    const p = await ownPolicy(tx, caller, input.PolicyArn);
    if (p.defaultVersionId === input.VersionId) throw new IamError('DeleteConflict', 'Cannot delete the default version of a policy.');
    if (!(await tx.managedPolicies.deleteVersion(p.arn, input.VersionId))) {
      throw noSuchVersion(p.arn, input.VersionId);
    }
    return undefined;
  },
});

export const setDefaultPolicyVersion = defineOperation<{ PolicyArn: string; VersionId: string }, Record<string, unknown>>({
  name: 'SetDefaultPolicyVersion',
  action: 'iam:SetDefaultPolicyVersion',
  writes: true,
  target: policyTarget,
  async handle({ input, caller, tx }) {
    const p = await ownPolicy(tx, caller, input.PolicyArn);
    if (!(await tx.managedPolicies.setDefault(p.arn, input.VersionId))) {
      throw noSuchVersion(p.arn, input.VersionId);
    }
    return undefined;
  },
});

// ---- attachments --------------------------------------------------------------------------

type Entity = { type: IdentityType; id: string; name: string; label: 'User' | 'Group' | 'Role' };

async function entity(tx: StoreTx, caller: Caller, type: IdentityType, name: string): Promise<Entity> {
  if (type === 'user') {
    const u = await namedUser(tx, caller, name);
    return { type, id: u.userId, name: u.name, label: 'User' };
  }
  if (type === 'group') {
    const g = await tx.groups.get(caller.accountId, name);
    if (!g) throw new IamError('NoSuchEntity', `The group with name ${name} cannot be found.`);
    return { type, id: g.groupId, name: g.name, label: 'Group' };
  }
  const r = await tx.roles.get(caller.accountId, name);
  if (!r) throw new IamError('NoSuchEntity', `The role with name ${name} cannot be found.`);
  return { type, id: r.roleId, name: r.name, label: 'Role' };
}

/**
 * What an attach, detach or list call on an identity is authorized on: the identity's ARN and
 * tags, iam:PolicyARN for attach and detach, and for those on users and roles also the
 * identity's current boundary as iam:PermissionsBoundary (the service authorization reference).
 */
async function entityTarget(tx: StoreTx, caller: Caller, type: IdentityType, name: string, policy?: string): Promise<Target> {
  const extra = policy !== undefined ? [['iam:PolicyARN', policy] as const] : [];
  let t: Target;
  if (type === 'user') t = policy !== undefined ? await userTargetWithBoundary(tx, caller, name) : await userTarget(tx, caller, name);
  else if (type === 'role') t = policy !== undefined ? await roleTargetWithBoundary(tx, caller, name) : await roleTarget(tx, caller, name);
  else {
    const found = await tx.groups.get(caller.accountId, name);
    t = { resource: found?.arn ?? `arn:${caller.partition}:iam::${caller.accountId}:group/${name}` };
  }
  return { resource: t.resource, context: [...(t.context ?? []), ...extra] };
}

function attachOps(type: IdentityType, label: 'User' | 'Group' | 'Role') {
  const nameKey = `${label}Name` as const;
  type In = Record<string, unknown> & { PolicyArn: string; Marker?: string; MaxItems?: number; PathPrefix?: string };
  const nameOf = (input: In): string => input[nameKey] as string;
  const attach = defineOperation<In, Record<string, unknown>>({
    name: `Attach${label}Policy`,
    action: `iam:Attach${label}Policy`,
    writes: true,
    target: ({ input, caller, tx }) => entityTarget(tx, caller, type, nameOf(input), input.PolicyArn),
    async handle({ input, caller, tx }) {
      const e = await entity(tx, caller, type, nameOf(input));
      if (!(await findPolicy(tx, caller, input.PolicyArn))) throw notAttachable(input.PolicyArn);
      try {
        await tx.policyAttachments.attachWithLimit(type, e.id, input.PolicyArn, MAX_ATTACHED);
      } catch (err) {
        if (err instanceof StoreLimitExceeded) throw new IamError('LimitExceeded', `Cannot exceed quota for PoliciesPer${label}: ${MAX_ATTACHED}`);
        throw err;
      }
      return undefined;
    },
  });
  const detach = defineOperation<In, Record<string, unknown>>({
    name: `Detach${label}Policy`,
    action: `iam:Detach${label}Policy`,
    writes: true,
    target: ({ input, caller, tx }) => entityTarget(tx, caller, type, nameOf(input), input.PolicyArn),
    async handle({ input, caller, tx }) {
      const e = await entity(tx, caller, type, nameOf(input));
      if (!(await tx.policyAttachments.detach(type, e.id, input.PolicyArn))) throw new IamError('NoSuchEntity', `Policy ${input.PolicyArn} was not found.`);
      return undefined;
    },
  });
  const list = defineOperation<In, Record<string, unknown>>({
    name: `ListAttached${label}Policies`,
    action: `iam:ListAttached${label}Policies`,
    writes: false,
    target: ({ input, caller, tx }) => entityTarget(tx, caller, type, nameOf(input)),
    async handle({ input, caller, tx }) {
      const e = await entity(tx, caller, type, nameOf(input));
      const page = await pageOrInvalidMarker(() =>
        tx.policyAttachments.listAttached(type, e.id, {
          ...(input.PathPrefix !== undefined ? { pathPrefix: input.PathPrefix } : {}),
          ...(input.Marker !== undefined ? { marker: input.Marker } : {}),
          maxItems: input.MaxItems ?? 100,
        }),
      );
      return {
        AttachedPolicies: page.items.map((a) => ({ PolicyName: a.policyName, PolicyArn: a.policyArn })),
        IsTruncated: page.isTruncated,
        ...(page.marker !== undefined ? { Marker: page.marker } : {}),
      };
    },
  });
  return [attach, detach, list];
}

export const listEntitiesForPolicy = defineOperation<
  { PolicyArn: string; EntityFilter?: string; PathPrefix?: string; Marker?: string; MaxItems?: number },
  Record<string, unknown>
>({
  name: 'ListEntitiesForPolicy',
  action: 'iam:ListEntitiesForPolicy',
  writes: false,
  target: policyTarget,
  async handle({ input, caller, tx }) {
    if (!(await findPolicy(tx, caller, input.PolicyArn))) throw noSuchPolicy(input.PolicyArn);
    const filter = input.EntityFilter;
    if (filter === 'LocalManagedPolicy' || filter === 'AWSManagedPolicy' || filter === 'PermissionsBoundary') {
      return { PolicyGroups: [], PolicyUsers: [], PolicyRoles: [], IsTruncated: false };
    }
    const entityType = filter === 'User' ? 'user' : filter === 'Group' ? 'group' : filter === 'Role' ? 'role' : undefined;
    const page = await pageOrInvalidMarker(() =>
      tx.policyAttachments.listEntitiesForPolicy(caller.accountId, input.PolicyArn, {
        ...(entityType ? { entityType } : {}),
        ...(input.PathPrefix !== undefined ? { pathPrefix: input.PathPrefix } : {}),
        ...(input.Marker !== undefined ? { marker: input.Marker } : {}),
        maxItems: input.MaxItems ?? 100,
      }),
    );
    const of = (t: IdentityType, key: 'Group' | 'User' | 'Role') =>
      page.items.filter((e) => e.entityType === t).map((e) => ({ [`${key}Name`]: e.name, [`${key}Id`]: e.entityId }));
    return {
      PolicyGroups: of('group', 'Group'),
      PolicyUsers: of('user', 'User'),
      PolicyRoles: of('role', 'Role'),
      IsTruncated: page.isTruncated,
      ...(page.marker !== undefined ? { Marker: page.marker } : {}),
    };
  },
});

export const POLICY_OPERATIONS = [
  createPolicy,
  getPolicy,
  deletePolicy,
  listPolicies,
  createPolicyVersion,
  getPolicyVersion,
  listPolicyVersions,
  deletePolicyVersion,
  setDefaultPolicyVersion,
  ...attachOps('user', 'User'),
  ...attachOps('group', 'Group'),
  ...attachOps('role', 'Role'),
  listEntitiesForPolicy,
];

/** The default-version documents of the managed policies attached to an identity (for evaluation). */
export async function attachedDocuments(tx: StoreTx, type: IdentityType, id: string): Promise<{ arn: string; document: string; aws: boolean }[]> {
  const attached = await tx.policyAttachments.listAllAttached(type, id);
  return managedPolicyDocuments(
    tx,
    attached.map((a) => a.policyArn),
  );
}

/**
 * The default version's document of each managed policy named (customer managed or AWS managed),
 * in the order given; a policy that does not exist is left out.
 */
export async function managedPolicyDocuments(tx: StoreTx, arns: readonly string[]): Promise<{ arn: string; document: string; aws: boolean }[]> {
  const local = arns.filter((arn) => !isAwsManagedArn(arn));
  const versions = local.length > 0 ? await tx.managedPolicies.getDefaultVersions(local) : new Map<string, { document: string }>();
  const out: { arn: string; document: string; aws: boolean }[] = [];
  for (const arn of arns) {
    if (isAwsManagedArn(arn)) {
      const p = awsManaged.get(arn);
      const v = p ? awsManaged.version(p.arn, p.defaultVersionId) : undefined;
      if (v) out.push({ arn, document: v.document, aws: true });
    } else {
      const v = versions.get(arn);
      if (v) out.push({ arn, document: v.document, aws: false });
    }
  }
  return out;
}
