// Instance profiles: CreateInstanceProfile, GetInstanceProfile, DeleteInstanceProfile,
// ListInstanceProfiles, AddRoleToInstanceProfile, RemoveRoleFromInstanceProfile,
// ListInstanceProfilesForRole, TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags.
// A profile holds at most one role; names are unique case-insensitively per account and keep the
// case given; tag keys are case-sensitive (unlike users' and roles').

import { uniqueId } from '../lib/ids.js';
import { StoreConflict, StoreLimitExceeded, StoreNotFound } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { InstanceProfile, Role, Tag } from '../store/types.js';
import { TAG_KEYS_IGNORE_CASE } from '../store/types.js';
import { instanceProfileArn, roleArn } from './arns.js';
import { authorizeAlso } from './authorization.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller, type Target } from './operation.js';
import { pageOrInvalidMarker, pageOutput, paging } from './paging.js';
import { checkTags, requestTagContext, resourceTagContext, tagOperations, type TagInput } from './tags.js';
import { roleBaseShape } from './roles.js';

export const MAX_INSTANCE_PROFILES_PER_ACCOUNT = 1000;
/** IAM's quota name for the one role a profile may hold. */
const ROLES_PER_PROFILE = 1;

const tagOwner = (p: InstanceProfile) => ({ resourceType: 'instance-profile' as const, resourceKey: p.instanceProfileId });

const noSuchProfile = (name: string): IamError => new IamError('NoSuchEntity', `Instance Profile ${name} cannot be found.`);
const noSuchRole = (name: string): IamError => new IamError('NoSuchEntity', `The role with name ${name} cannot be found.`);

async function namedProfile(tx: StoreTx, caller: Caller, name: string): Promise<InstanceProfile> {
  const p = await tx.instanceProfiles.get(caller.accountId, name);
  if (!p) throw noSuchProfile(name);
  return p;
}

async function namedRole(tx: StoreTx, caller: Caller, name: string): Promise<Role> {
  const r = await tx.roles.get(caller.accountId, name);
  if (!r) throw noSuchRole(name);
  return r;
}

/** The profile's ARN (real path when it exists) and its tags as aws:ResourceTag/*. */
async function profileTarget(tx: StoreTx, caller: Caller, name: string): Promise<Target> {
  const p = await tx.instanceProfiles.get(caller.accountId, name);
  if (!p) return { resource: instanceProfileArn(caller.partition, caller.accountId, '/', name) };
  const tags = await tx.tags.listAll(tagOwner(p));
  return { resource: p.arn, context: resourceTagContext(tags, { iamResourceTag: false }) };
}

/** The InstanceProfile structure: Roles always (empty when none); Tags when asked and present. */
async function profileShape(tx: StoreTx, p: InstanceProfile, tags?: readonly Tag[]): Promise<Record<string, unknown>> {
  const role = await tx.instanceProfiles.getRole(p.instanceProfileId);
  return {
    Path: p.path,
    InstanceProfileName: p.name,
    InstanceProfileId: p.instanceProfileId,
    Arn: p.arn,
    CreateDate: p.createDate,
    Roles: role ? [roleBaseShape(role)] : [],
    ...(tags && tags.length > 0 ? { Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) } : {}),
  };
}

interface CreateInput {
  InstanceProfileName: string;
  Path?: string;
  Tags?: TagInput[];
}

export const createInstanceProfile = defineOperation<CreateInput, Record<string, unknown>>({
  name: 'CreateInstanceProfile',
  action: 'iam:CreateInstanceProfile',
  writes: true,
  target: ({ input, caller }) => ({
    resource: instanceProfileArn(caller.partition, caller.accountId, input.Path ?? '/', input.InstanceProfileName),
    context: requestTagContext(input.Tags),
  }),
  async handle({ input, caller, tx, env }) {
    const tags = checkTags(input.Tags);
    const path = input.Path ?? '/';
    const profile: InstanceProfile = {
      accountId: caller.accountId,
      instanceProfileId: uniqueId('AIPA'),
      name: input.InstanceProfileName,
      path,
      arn: instanceProfileArn(caller.partition, caller.accountId, path, input.InstanceProfileName),
      createDate: env.clock.now(),
    };
    try {
      await tx.instanceProfiles.createWithLimit(profile, MAX_INSTANCE_PROFILES_PER_ACCOUNT);
    } catch (e) {
      if (e instanceof StoreConflict) throw new IamError('EntityAlreadyExists', `Instance Profile ${input.InstanceProfileName} already exists.`);
      if (e instanceof StoreLimitExceeded) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for InstanceProfilesPerAccount: ${MAX_INSTANCE_PROFILES_PER_ACCOUNT}`);
      }
      throw e;
    }
    const stored = tags.map((t) => ({ key: t.Key, value: t.Value }));
    if (stored.length > 0) await tx.tags.put(tagOwner(profile), stored);
    return { InstanceProfile: await profileShape(tx, profile, stored.map((t) => ({ ...tagOwner(profile), ...t }))) };
  },
});

export const getInstanceProfile = defineOperation<{ InstanceProfileName: string }, Record<string, unknown>>({
  name: 'GetInstanceProfile',
  action: 'iam:GetInstanceProfile',
  writes: false,
  target: ({ input, caller, tx }) => profileTarget(tx, caller, input.InstanceProfileName),
  async handle({ input, caller, tx }) {
    const p = await namedProfile(tx, caller, input.InstanceProfileName);
    return { InstanceProfile: await profileShape(tx, p, await tx.tags.listAll(tagOwner(p))) };
  },
});

export const deleteInstanceProfile = defineOperation<{ InstanceProfileName: string }, Record<string, unknown>>({
  name: 'DeleteInstanceProfile',
  action: 'iam:DeleteInstanceProfile',
  writes: true,
  target: ({ input, caller, tx }) => profileTarget(tx, caller, input.InstanceProfileName),
  async handle({ input, caller, tx }) {
    const p = await namedProfile(tx, caller, input.InstanceProfileName);
    if (await tx.instanceProfiles.getRole(p.instanceProfileId)) {
      throw new IamError('DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.');
    }
    await tx.instanceProfiles.delete(caller.accountId, p.name);
    return undefined;
  },
});

export const listInstanceProfiles = defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListInstanceProfiles',
  action: 'iam:ListInstanceProfiles',
  writes: false,
  target: ({ caller }) => ({ resource: instanceProfileArn(caller.partition, caller.accountId, '/', '') }),
  async handle({ input, caller, tx }) {
    const page = await pageOrInvalidMarker(() =>
      tx.instanceProfiles.list(caller.accountId, { ...(input.PathPrefix !== undefined ? { pathPrefix: input.PathPrefix } : {}), ...paging(input) }),
    );
    // ListInstanceProfiles leaves out Tags (API_ListInstanceProfiles.html).
    const shaped = [];
    for (const p of page.items) shaped.push(await profileShape(tx, p));
    return pageOutput('InstanceProfiles', { ...page, items: shaped }, (x) => x);
  },
});

interface ProfileRoleInput {
  InstanceProfileName: string;
  RoleName: string;
}

export const addRoleToInstanceProfile = defineOperation<ProfileRoleInput, Record<string, unknown>>({
  name: 'AddRoleToInstanceProfile',
  action: 'iam:AddRoleToInstanceProfile',
  writes: true,
  target: ({ input, caller, tx }) => profileTarget(tx, caller, input.InstanceProfileName),
  async handle({ input, caller, tx, env }) {
    const p = await namedProfile(tx, caller, input.InstanceProfileName);
    const role = await namedRole(tx, caller, input.RoleName);
    // "The caller of this operation must be granted the PassRole permission on the IAM role."
    await authorizeAlso(tx, env.policies, env.clock, caller, 'iam:PassRole', role.arn);
    try {
      await tx.instanceProfiles.addRole(p.instanceProfileId, role.roleId);
    } catch (e) {
      if (e instanceof StoreLimitExceeded) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${ROLES_PER_PROFILE}`);
      }
      if (e instanceof StoreNotFound) throw e.entity === 'role' ? noSuchRole(input.RoleName) : noSuchProfile(input.InstanceProfileName);
      throw e;
    }
    return undefined;
  },
});

export const removeRoleFromInstanceProfile = defineOperation<ProfileRoleInput, Record<string, unknown>>({
  name: 'RemoveRoleFromInstanceProfile',
  action: 'iam:RemoveRoleFromInstanceProfile',
  writes: true,
  target: ({ input, caller, tx }) => profileTarget(tx, caller, input.InstanceProfileName),
  async handle({ input, caller, tx }) {
    const p = await namedProfile(tx, caller, input.InstanceProfileName);
    const role = await namedRole(tx, caller, input.RoleName);
    if (!(await tx.instanceProfiles.removeRole(p.instanceProfileId, role.roleId))) {
      throw new IamError('NoSuchEntity', `The role with name ${role.name} cannot be found in instance profile ${p.name}.`);
    }
    return undefined;
  },
});

export const listInstanceProfilesForRole = defineOperation<{ RoleName: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListInstanceProfilesForRole',
  action: 'iam:ListInstanceProfilesForRole',
  writes: false,
  // Authorized on the role (the service authorization reference's resource for this action).
  target: async ({ input, caller, tx }) => ({
    resource: (await tx.roles.get(caller.accountId, input.RoleName))?.arn ?? roleArn(caller.partition, caller.accountId, '/', input.RoleName),
  }),
  async handle({ input, caller, tx }) {
    const role = await namedRole(tx, caller, input.RoleName);
    const page = await pageOrInvalidMarker(() => tx.instanceProfiles.listForRole(role.roleId, paging(input)));
    const shaped = [];
    for (const p of page.items) shaped.push(await profileShape(tx, p));
    return pageOutput('InstanceProfiles', { ...page, items: shaped }, (x) => x);
  },
});

export const [tagInstanceProfile, untagInstanceProfile, listInstanceProfileTags] = tagOperations({
  entity: 'InstanceProfile',
  nameMember: 'InstanceProfileName',
  find: namedProfile,
  target: profileTarget,
  owner: tagOwner,
  keysIgnoreCase: TAG_KEYS_IGNORE_CASE['instance-profile'],
});

export const INSTANCE_PROFILE_OPERATIONS = [
  createInstanceProfile,
  getInstanceProfile,
  deleteInstanceProfile,
  listInstanceProfiles,
  addRoleToInstanceProfile,
  removeRoleFromInstanceProfile,
  listInstanceProfilesForRole,
  tagInstanceProfile,
  untagInstanceProfile,
  listInstanceProfileTags,
];
