// IAM groups: CreateGroup, GetGroup (with its users), UpdateGroup, DeleteGroup, ListGroups,
// AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser, and group inline policies
// (PutGroupPolicy, GetGroupPolicy, DeleteGroupPolicy, ListGroupPolicies). Groups are not taggable.

import { uniqueId } from '../lib/ids.js';
import { policySize, POLICY_SIZE_LIMITS } from '../policy/validate.js';
import { StoreConflict, StoreLimitExceeded } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { Group } from '../store/types.js';
import { groupArn } from './arns.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller, type Target } from './operation.js';
import { checkIdentityDocument, encodePolicyDocument } from './user-policies.js';
import { namedUser, userShape } from './users.js';
import { pageOrInvalidMarker, pageOutput, paging } from './paging.js';

export const MAX_GROUPS_PER_ACCOUNT = 300;
export const MAX_GROUPS_PER_USER = 10;
export const GROUP_INLINE_AGGREGATE = 5120;

const noSuchGroup = (name: string): IamError => new IamError('NoSuchEntity', `The group with name ${name} cannot be found.`);

async function namedGroup(tx: StoreTx, caller: Caller, name: string): Promise<Group> {
  const group = await tx.groups.get(caller.accountId, name);
  if (!group) throw noSuchGroup(name);
  return group;
}

/** The group's ARN (with its real path when it exists), for authorization. */
async function groupTarget(tx: StoreTx, caller: Caller, name: string): Promise<Target> {
  const group = await tx.groups.get(caller.accountId, name);
  return { resource: group?.arn ?? groupArn(caller.partition, caller.accountId, '/', name) };
}

export function groupShape(g: Group): Record<string, unknown> {
  return { Path: g.path, GroupName: g.name, GroupId: g.groupId, Arn: g.arn, CreateDate: g.createDate };
}

export const createGroup = defineOperation<{ GroupName: string; Path?: string }, Record<string, unknown>>({
  name: 'CreateGroup',
  action: 'iam:CreateGroup',
  writes: true,
  target: ({ input, caller }) => ({ resource: groupArn(caller.partition, caller.accountId, input.Path ?? '/', input.GroupName) }),
  async handle({ input, caller, tx, env }) {
    const path = input.Path ?? '/';
    const group: Group = {
      accountId: caller.accountId,
      groupId: uniqueId('AGPA'),
      name: input.GroupName,
      path,
      arn: groupArn(caller.partition, caller.accountId, path, input.GroupName),
      createDate: env.clock.now(),
    };
    try {
      await tx.groups.createWithLimit(group, MAX_GROUPS_PER_ACCOUNT);
    } catch (e) {
      if (e instanceof StoreConflict) throw new IamError('EntityAlreadyExists', `Group with name ${input.GroupName} already exists.`);
      if (e instanceof StoreLimitExceeded) throw new IamError('LimitExceeded', `Cannot exceed quota for GroupsPerAccount: ${MAX_GROUPS_PER_ACCOUNT}`);
      throw e;
    }
    return { Group: groupShape(group) };
  },
});

export const getGroup = defineOperation<{ GroupName: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'GetGroup',
  action: 'iam:GetGroup',
  writes: false,
  target: ({ input, caller, tx }) => groupTarget(tx, caller, input.GroupName),
  async handle({ input, caller, tx }) {
    const group = await namedGroup(tx, caller, input.GroupName);
    const page = await pageOrInvalidMarker(() => tx.groups.listMembers(group.groupId, paging(input)));
    return { Group: groupShape(group), ...pageOutput('Users', page, (u) => userShape(u)) };
  },
});

export const updateGroup = defineOperation<{ GroupName: string; NewGroupName?: string; NewPath?: string }, Record<string, unknown>>({
  name: 'UpdateGroup',
  action: 'iam:UpdateGroup',
  writes: true,
  target: ({ input, caller, tx }) => groupTarget(tx, caller, input.GroupName),
  async handle({ input, caller, tx }) {
    const group = await namedGroup(tx, caller, input.GroupName);
    const name = input.NewGroupName ?? group.name;
    const path = input.NewPath ?? group.path;
    try {
      await tx.groups.update(caller.accountId, group.name, { name, path, arn: groupArn(caller.partition, caller.accountId, path, name) });
    } catch (e) {
      if (e instanceof StoreConflict) throw new IamError('EntityAlreadyExists', `Group with name ${name} already exists.`);
      throw e;
    }
    return undefined;
  },
});

export const deleteGroup = defineOperation<{ GroupName: string }, Record<string, unknown>>({
  name: 'DeleteGroup',
  action: 'iam:DeleteGroup',
  writes: true,
  target: ({ input, caller, tx }) => groupTarget(tx, caller, input.GroupName),
  async handle({ input, caller, tx }) {
    const group = await namedGroup(tx, caller, input.GroupName);
    // AWS refuses while the group still has members or policies.
    if ((await tx.groups.countMembers(group.groupId)) > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete entity, must remove users from group first.');
    }
    if ((await tx.inlinePolicies.listAll('group', group.groupId)).length > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
    }
    await tx.groups.delete(caller.accountId, group.name);
    return undefined;
  },
});

export const listGroups = defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListGroups',
  action: 'iam:ListGroups',
  writes: false,
  target: ({ caller }) => ({ resource: `arn:${caller.partition}:iam::${caller.accountId}:group/` }),
  async handle({ input, caller, tx }) {
    const page = await pageOrInvalidMarker(() =>
      tx.groups.list(caller.accountId, { ...(input.PathPrefix !== undefined ? { pathPrefix: input.PathPrefix } : {}), ...paging(input) }),
    );
    return pageOutput('Groups', page, groupShape);
  },
});

export const addUserToGroup = defineOperation<{ GroupName: string; UserName: string }, Record<string, unknown>>({
  name: 'AddUserToGroup',
  action: 'iam:AddUserToGroup',
  writes: true,
  target: ({ input, caller, tx }) => groupTarget(tx, caller, input.GroupName),
  async handle({ input, caller, tx }) {
    const group = await namedGroup(tx, caller, input.GroupName);
    const user = await namedUser(tx, caller, input.UserName);
    try {
      await tx.groups.addMemberWithLimit(group.groupId, user.userId, MAX_GROUPS_PER_USER);
    } catch (e) {
      if (e instanceof StoreLimitExceeded) throw new IamError('LimitExceeded', `Cannot exceed quota for GroupsPerUser: ${MAX_GROUPS_PER_USER}`);
      throw e;
    }
    return undefined;
  },
});

export const removeUserFromGroup = defineOperation<{ GroupName: string; UserName: string }, Record<string, unknown>>({
  name: 'RemoveUserFromGroup',
  action: 'iam:RemoveUserFromGroup',
  writes: true,
  target: ({ input, caller, tx }) => groupTarget(tx, caller, input.GroupName),
  async handle({ input, caller, tx }) {
    const group = await namedGroup(tx, caller, input.GroupName);
    const user = await namedUser(tx, caller, input.UserName);
    if (!(await tx.groups.removeMember(group.groupId, user.userId))) {
      throw new IamError('NoSuchEntity', `The user with name ${user.name} cannot be found in group ${group.name}.`);
    }
    return undefined;
  },
});

export const listGroupsForUser = defineOperation<{ UserName: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListGroupsForUser',
  action: 'iam:ListGroupsForUser',
  writes: false,
  target: async ({ input, caller, tx }) => {
    const user = await tx.users.get(caller.accountId, input.UserName);
    return { resource: user?.arn ?? `arn:${caller.partition}:iam::${caller.accountId}:user/${input.UserName}` };
  },
  async handle({ input, caller, tx }) {
    const user = await namedUser(tx, caller, input.UserName);
    const page = await pageOrInvalidMarker(() => tx.groups.listGroupsForUser(user.userId, paging(input)));
    return pageOutput('Groups', page, groupShape);
  },
});

// ---- group inline policies ----------------------------------------------------------------

const noSuchGroupPolicy = (name: string): IamError => new IamError('NoSuchEntity', `The group policy with name ${name} cannot be found.`);

export const putGroupPolicy = defineOperation<{ GroupName: string; PolicyName: string; PolicyDocument: string }, Record<string, unknown>>({
  name: 'PutGroupPolicy',
  action: 'iam:PutGroupPolicy',
  writes: true,
  target: ({ input, caller, tx }) => groupTarget(tx, caller, input.GroupName),
  async handle({ input, caller, tx }) {
    const group = await namedGroup(tx, caller, input.GroupName);
    checkIdentityDocument(input.PolicyDocument);
    const counts = POLICY_SIZE_LIMITS.identity.counts;
    const others = (await tx.inlinePolicies.listAll('group', group.groupId)).filter((p) => p.policyName.toLowerCase() !== input.PolicyName.toLowerCase());
    const total = others.reduce((n, p) => n + policySize(p.document, counts), policySize(input.PolicyDocument, counts));
    if (total > GROUP_INLINE_AGGREGATE) {
      throw new IamError('LimitExceeded', `Maximum policy size of ${GROUP_INLINE_AGGREGATE} bytes exceeded for group ${group.name}`);
    }
    await tx.inlinePolicies.put({ ownerType: 'group', ownerId: group.groupId, policyName: input.PolicyName, document: input.PolicyDocument });
    return undefined;
  },
});

export const getGroupPolicy = defineOperation<{ GroupName: string; PolicyName: string }, Record<string, unknown>>({
  name: 'GetGroupPolicy',
  action: 'iam:GetGroupPolicy',
  writes: false,
  target: ({ input, caller, tx }) => groupTarget(tx, caller, input.GroupName),
  async handle({ input, caller, tx }) {
    const group = await namedGroup(tx, caller, input.GroupName);
    const policy = await tx.inlinePolicies.get('group', group.groupId, input.PolicyName);
    if (!policy) throw noSuchGroupPolicy(input.PolicyName);
    return { GroupName: group.name, PolicyName: policy.policyName, PolicyDocument: encodePolicyDocument(policy.document) };
  },
});

export const deleteGroupPolicy = defineOperation<{ GroupName: string; PolicyName: string }, Record<string, unknown>>({
  name: 'DeleteGroupPolicy',
  action: 'iam:DeleteGroupPolicy',
  writes: true,
  target: ({ input, caller, tx }) => groupTarget(tx, caller, input.GroupName),
  async handle({ input, caller, tx }) {
    const group = await namedGroup(tx, caller, input.GroupName);
    if (!(await tx.inlinePolicies.delete('group', group.groupId, input.PolicyName))) throw noSuchGroupPolicy(input.PolicyName);
    return undefined;
  },
});

export const listGroupPolicies = defineOperation<{ GroupName: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListGroupPolicies',
  action: 'iam:ListGroupPolicies',
  writes: false,
  target: ({ input, caller, tx }) => groupTarget(tx, caller, input.GroupName),
  async handle({ input, caller, tx }) {
    const group = await namedGroup(tx, caller, input.GroupName);
    const page = await pageOrInvalidMarker(() => tx.inlinePolicies.list('group', group.groupId, paging(input)));
    return pageOutput('PolicyNames', page, (p) => p.policyName);
  },
});

export const GROUP_OPERATIONS = [
  createGroup,
  getGroup,
  updateGroup,
  deleteGroup,
  listGroups,
  addUserToGroup,
  removeUserFromGroup,
  listGroupsForUser,
  putGroupPolicy,
  getGroupPolicy,
  deleteGroupPolicy,
  listGroupPolicies,
];
