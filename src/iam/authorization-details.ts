// GetAccountAuthorizationDetails: a snapshot of the account's users, groups, roles and managed
// policies with their relationships (groups, inline and attached policies, boundaries, tags,
// instance profiles, every policy version). Filter narrows the entity kinds; MaxItems and Marker
// page across the combined result, in the order users, groups, roles, policies, so one page may
// hold entries of several lists. Documents are URL-encoded, as every IAM Get* answers them.

import type { Page, PageRequest, StoreTx } from '../store/port.js';
import type { Group, InstanceProfile, ManagedPolicy, Role, Tag, User } from '../store/types.js';
import { awsManaged, isAwsManagedArn, type AwsManagedPolicy } from './aws-managed.js';
import { IamError } from './errors.js';
import { defineOperation } from './operation.js';
import { boundaryShape } from './boundaries.js';
import { roleBaseShape, roleShape } from './roles.js';
import { tagShape } from './tags.js';
import { userBaseShape } from './users.js';
import { encodePolicyDocument } from './user-policies.js';

export type EntityFilter = 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

interface Input {
  Filter?: EntityFilter[];
  MaxItems?: number;
  Marker?: string;
}

/** One entry of the combined listing, before it is shaped (shaping reads more of the store). */
type Entry =
  | { kind: 'user'; user: User }
  | { kind: 'group'; group: Group }
  | { kind: 'role'; role: Role }
  | { kind: 'local'; policy: ManagedPolicy }
  | { kind: 'aws'; policy: AwsManagedPolicy };

const DEFAULT_MAX_ITEMS = 100;

/** Every item of a store listing, page after page. */
export async function allPages<T>(list: (request: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  do {
    const page = await list({ maxItems: 1000, ...(marker !== undefined ? { marker } : {}) });
    out.push(...page.items);
    marker = page.isTruncated ? page.marker : undefined;
  } while (marker !== undefined);
  return out;
}

/** Markers carry the offset of the next entry, opaque to the caller. */
export function encodeOffsetMarker(offset: number): string {
  return Buffer.from(`gaad:${offset}`, 'utf8').toString('base64url');
}

export function decodeOffsetMarker(marker: string): number {
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  const m = /^gaad:(0|[1-9]\d{0,9})$/.exec(text);
  if (!m || encodeOffsetMarker(Number(m[1])) !== marker) throw new IamError('InvalidInput', 'Invalid Marker.');
  return Number(m[1]);
}

/** The entries the filter asks for, in AWS's order: users, groups, roles, then policies. */
async function entries(tx: StoreTx, accountId: string, filter: ReadonlySet<EntityFilter>): Promise<Entry[]> {
  const wants = (f: EntityFilter) => filter.size === 0 || filter.has(f);
  const out: Entry[] = [];
  const users = wants('User') || wants('AWSManagedPolicy') ? await allPages((r) => tx.users.list(accountId, r)) : [];
  const roles = wants('Role') || wants('AWSManagedPolicy') ? await allPages((r) => tx.roles.list(accountId, r)) : [];
  if (wants('User')) for (const user of users) out.push({ kind: 'user', user });
  if (wants('Group')) for (const group of await allPages((r) => tx.groups.list(accountId, r))) out.push({ kind: 'group', group });
  if (wants('Role')) for (const role of roles) out.push({ kind: 'role', role });
  if (wants('LocalManagedPolicy')) for (const policy of await allPages((r) => tx.managedPolicies.list(accountId, r))) out.push({ kind: 'local', policy });
  if (wants('AWSManagedPolicy')) {
    // Of AWS's catalogue, only the policies this account uses: attached, or a permissions boundary.
    const used = new Set((await tx.policyAttachments.listAttachedPolicyArns(accountId)).filter(isAwsManagedArn));
    for (const e of [...users, ...roles]) if (e.permissionsBoundaryArn && isAwsManagedArn(e.permissionsBoundaryArn)) used.add(e.permissionsBoundaryArn);
    const policies = [...used].map((arn) => awsManaged.get(arn)).filter((p): p is AwsManagedPolicy => p !== undefined);
    policies.sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
    for (const policy of policies) out.push({ kind: 'aws', policy });
  }
  return out;
}

const tagList = (tags: readonly Tag[]) => (tags.length > 0 ? { Tags: tagShape(tags) } : {});

const policyDetail = (p: { policyName: string; document: string }) => ({ PolicyName: p.policyName, PolicyDocument: encodePolicyDocument(p.document) });

async function attached(tx: StoreTx, type: 'user' | 'group' | 'role', id: string) {
  return (await tx.policyAttachments.listAllAttached(type, id)).map((a) => ({ PolicyName: a.policyName, PolicyArn: a.policyArn }));
}

async function userDetail(tx: StoreTx, user: User): Promise<Record<string, unknown>> {
  return {
    ...userBaseShape(user),
    UserPolicyList: (await tx.userPolicies.listAll(user.accountId, user.name)).map(policyDetail),
    GroupList: (await tx.groups.listAllGroupsForUser(user.userId)).map((g) => g.name),
    AttachedManagedPolicies: await attached(tx, 'user', user.userId),
    ...boundaryShape(user.permissionsBoundaryArn),
    ...tagList(await tx.tags.listAll({ resourceType: 'user', resourceKey: user.userId })),
  };
}

async function groupDetail(tx: StoreTx, group: Group): Promise<Record<string, unknown>> {
  return {
    Path: group.path,
    GroupName: group.name,
    GroupId: group.groupId,
    Arn: group.arn,
    CreateDate: group.createDate,
    GroupPolicyList: (await tx.inlinePolicies.listAll('group', group.groupId)).map(policyDetail),
    AttachedManagedPolicies: await attached(tx, 'group', group.groupId),
  };
}

async function instanceProfileShape(tx: StoreTx, profile: InstanceProfile, role: Role): Promise<Record<string, unknown>> {
  return {
    Path: profile.path,
    InstanceProfileName: profile.name,
    InstanceProfileId: profile.instanceProfileId,
    Arn: profile.arn,
    CreateDate: profile.createDate,
    Roles: [roleShape(role)],
    ...tagList(await tx.tags.listAll({ resourceType: 'instance-profile', resourceKey: profile.instanceProfileId })),
  };
}

async function roleDetail(tx: StoreTx, role: Role): Promise<Record<string, unknown>> {
  const profiles = await allPages((r) => tx.instanceProfiles.listForRole(role.roleId, r));
  const profileShapes: Record<string, unknown>[] = [];
  for (const p of profiles) profileShapes.push(await instanceProfileShape(tx, p, role));
  return {
    ...roleBaseShape(role),
    InstanceProfileList: profileShapes,
    RolePolicyList: (await tx.inlinePolicies.listAll('role', role.roleId)).map(policyDetail),
    AttachedManagedPolicies: await attached(tx, 'role', role.roleId),
    ...boundaryShape(role.permissionsBoundaryArn),
    ...tagList(await tx.tags.listAll({ resourceType: 'role', resourceKey: role.roleId })),
    RoleLastUsed: {
      ...(role.lastUsedDate ? { LastUsedDate: role.lastUsedDate } : {}),
      ...(role.lastUsedRegion ? { Region: role.lastUsedRegion } : {}),
    },
  };
}

async function policyDetailOf(
  tx: StoreTx,
  accountId: string,
  p: { name: string; policyId: string; arn: string; path: string; defaultVersionId: string; description?: string; createDate: Date; updateDate: Date },
  versions: ReadonlyArray<{ versionId: string; document: string; createDate: Date }>,
): Promise<Record<string, unknown>> {
  return {
    PolicyName: p.name,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: await tx.policyAttachments.countAttachmentsForPolicy(accountId, p.arn),
    PermissionsBoundaryUsageCount: await tx.policyAttachments.countBoundaryUsage(accountId, p.arn),
    IsAttachable: true,
    ...(p.description !== undefined ? { Description: p.description } : {}),
    CreateDate: p.createDate,
    UpdateDate: p.updateDate,
    PolicyVersionList: versions.map((v) => ({
      Document: encodePolicyDocument(v.document),
      VersionId: v.versionId,
      IsDefaultVersion: v.versionId === p.defaultVersionId,
      CreateDate: v.createDate,
    })),
  };
}

export const getAccountAuthorizationDetails = defineOperation<Input, Record<string, unknown>>({
  name: 'GetAccountAuthorizationDetails',
  action: 'iam:GetAccountAuthorizationDetails',
  writes: false,
  target: () => ({ resource: '*' }),
  async handle({ input, caller, tx }) {
    const start = input.Marker !== undefined ? decodeOffsetMarker(input.Marker) : 0;
    const max = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const all = await entries(tx, caller.accountId, new Set(input.Filter ?? []));
    if (start > all.length) throw new IamError('InvalidInput', 'Invalid Marker.');
    const page = all.slice(start, start + max);
    const out = { UserDetailList: [] as unknown[], GroupDetailList: [] as unknown[], RoleDetailList: [] as unknown[], Policies: [] as unknown[] };
    for (const e of page) {
      switch (e.kind) {
        case 'user':
          out.UserDetailList.push(await userDetail(tx, e.user));
          break;
        case 'group':
          out.GroupDetailList.push(await groupDetail(tx, e.group));
          break;
        case 'role':
          out.RoleDetailList.push(await roleDetail(tx, e.role));
          break;
        case 'local':
          out.Policies.push(await policyDetailOf(tx, caller.accountId, e.policy, await tx.managedPolicies.listVersions(e.policy.arn)));
          break;
        case 'aws':
          out.Policies.push(await policyDetailOf(tx, caller.accountId, e.policy, e.policy.versions));
          break;
      }
    }
    const truncated = start + max < all.length;
    return { ...out, IsTruncated: truncated, ...(truncated ? { Marker: encodeOffsetMarker(start + max) } : {}) };
  },
});

export const AUTHORIZATION_DETAILS_OPERATIONS = [getAccountAuthorizationDetails];
