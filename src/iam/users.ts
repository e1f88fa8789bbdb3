// IAM users: CreateUser, GetUser, UpdateUser, DeleteUser, ListUsers, TagUser, UntagUser,
// ListUserTags, PutUserPermissionsBoundary, DeleteUserPermissionsBoundary. Names are unique
// case-insensitively per account and keep the case given.

import { uniqueId } from '../lib/ids.js';
import { StoreConflict } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { Tag, User } from '../store/types.js';
import { TAG_KEYS_IGNORE_CASE } from '../store/types.js';
import { rootArn, userArn, userListArn } from './arns.js';
import { boundaryContext, boundaryShape, checkBoundaryArn } from './boundaries.js';
import { IamError, noSuchUser, userExists } from './errors.js';
import { defineOperation, type Caller, type OperationRequest, type Target } from './operation.js';
import { checkTags, requestTagContext, resourceTagContext, tagOperations, tagShape, withContext, type TagInput } from './tags.js';
import { pageOrInvalidMarker } from './paging.js';

export const MAX_USERS_PER_ACCOUNT = 5000;

const tagOwner = (user: User) => ({ resourceType: 'user' as const, resourceKey: user.userId });

/** The user the call names, or (when it names none) the calling IAM user. */
export async function namedUser(tx: StoreTx, caller: Caller, name: string | undefined): Promise<User> {
  if (name === undefined) {
    if (caller.user) return caller.user;
    throw new IamError('ValidationError', 'Must specify userName when calling with non-User credentials');
  }
  const user = await tx.users.get(caller.accountId, name);
  if (!user) throw noSuchUser(name);
  return user;
}

/**
 * What a call on the named user is authorized on: its ARN (with its real path when it exists)
 * and its tags as aws:ResourceTag/* and iam:ResourceTag/* (access_iam-tags.html).
 */
export async function userTarget(tx: StoreTx, caller: Caller, name: string | undefined): Promise<Target> {
  const user = name === undefined ? caller.user : await tx.users.get(caller.accountId, name);
  if (!user) {
    return { resource: name === undefined ? rootArn(caller.partition, caller.accountId) : userArn(caller.partition, caller.accountId, '/', name) };
  }
  const tags = await tx.tags.listAll(tagOwner(user));
  return { resource: user.arn, context: resourceTagContext(tags, { iamResourceTag: true }) };
}

/**
 * As userTarget, plus iam:PermissionsBoundary naming the user's boundary when it has one: the
 * target of the calls AWS lists the key for on an existing user (PutUserPolicy, DeleteUserPolicy,
 * AttachUserPolicy, DetachUserPolicy, DeleteUserPermissionsBoundary).
 */
export async function userTargetWithBoundary(tx: StoreTx, caller: Caller, name: string): Promise<Target> {
  const user = await tx.users.get(caller.accountId, name);
  return withContext(await userTarget(tx, caller, name), boundaryContext(user?.permissionsBoundaryArn));
}

/** The members every User structure has (GetAccountAuthorizationDetails builds on these too). */
export function userBaseShape(user: User): Record<string, unknown> {
  return { Path: user.path, UserName: user.name, UserId: user.userId, Arn: user.arn, CreateDate: user.createDate };
}

/**
 * The User structure. ListUsers leaves out PermissionsBoundary and Tags (API_ListUsers.html):
 * `listed` says so.
 */
export function userShape(user: User, tags?: readonly Tag[], listed = false): Record<string, unknown> {
  return {
    ...userBaseShape(user),
    ...(user.passwordLastUsed ? { PasswordLastUsed: user.passwordLastUsed } : {}),
    ...(listed ? {} : boundaryShape(user.permissionsBoundaryArn)),
    ...(tags && tags.length > 0 ? { Tags: tagShape(tags) } : {}),
  };
}


interface CreateUserInput {
  UserName: string;
  Path?: string;
  PermissionsBoundary?: string;
  Tags?: TagInput[];
}

export const createUser = defineOperation<CreateUserInput, Record<string, unknown>>({
  name: 'CreateUser',
  action: 'iam:CreateUser',
  writes: true,
  target: ({ input, caller }): Target => ({
    resource: userArn(caller.partition, caller.accountId, input.Path ?? '/', input.UserName),
    context: [
      ...requestTagContext(input.Tags),
      ...boundaryContext(input.PermissionsBoundary),
    ],
  }),
  async handle({ input, caller, tx, env }) {
    const tags = checkTags(input.Tags);
    const boundary = input.PermissionsBoundary !== undefined ? await checkBoundaryArn(tx, caller, input.PermissionsBoundary) : undefined;
    const account = await tx.accounts.getForUpdate(caller.accountId);
    if (!account) throw new TypeError(`caller account ${caller.accountId} is missing`);
    if ((await tx.users.count(caller.accountId)) >= MAX_USERS_PER_ACCOUNT) {
      throw new IamError('LimitExceeded', `Cannot exceed quota for UsersPerAccount: ${MAX_USERS_PER_ACCOUNT}`);
    }
    const path = input.Path ?? '/';
    const user: User = {
      accountId: caller.accountId,
      userId: uniqueId('AIDA'),
      name: input.UserName,
      path,
      arn: userArn(caller.partition, caller.accountId, path, input.UserName),
      createDate: env.clock.now(),
      ...(boundary !== undefined ? { permissionsBoundaryArn: boundary } : {}),
    };
    try {
      await tx.users.create(user);
    } catch (e) {
      if (e instanceof StoreConflict) throw userExists(input.UserName);
      throw e;
    }
    if (tags.length > 0) await tx.tags.put(tagOwner(user), tags.map((t) => ({ key: t.Key, value: t.Value })));
    return { User: userShape(user, tags.map((t) => ({ ...tagOwner(user), key: t.Key, value: t.Value }))) };
  },
});

interface UserNameInput {
  UserName?: string;
}

export const getUser = defineOperation<UserNameInput, Record<string, unknown>>({
  name: 'GetUser',
  action: 'iam:GetUser',
  writes: false,
  cacheable: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    if (input.UserName === undefined && !caller.user) {
      if (caller.principal.type === 'root') {
        const account = await tx.accounts.get(caller.accountId);
        return {
          User: { UserId: caller.accountId, Arn: rootArn(caller.partition, caller.accountId), CreateDate: account?.createdAt ?? new Date(0) },
        };
      }
      throw new IamError('ValidationError', 'Must specify userName when calling with non-User credentials');
    }
    const user = await namedUser(tx, caller, input.UserName);
    return { User: userShape(user, await tx.tags.listAll(tagOwner(user))) };
  },
});

interface UpdateUserInput {
  UserName: string;
  NewPath?: string;
  NewUserName?: string;
}

export const updateUser = defineOperation<UpdateUserInput, Record<string, unknown>>({
  name: 'UpdateUser',
  action: 'iam:UpdateUser',
  writes: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const user = await namedUser(tx, caller, input.UserName);
    const name = input.NewUserName ?? user.name;
    const path = input.NewPath ?? user.path;
    try {
      await tx.users.update(caller.accountId, user.name, {
        name,
        path,
        arn: userArn(caller.partition, caller.accountId, path, name),
      });
    } catch (e) {
      if (e instanceof StoreConflict) throw userExists(name);
      throw e;
    }
    return undefined;
  },
});

export const deleteUser = defineOperation<{ UserName: string }, Record<string, unknown>>({
  name: 'DeleteUser',
  action: 'iam:DeleteUser',
  writes: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const user = await namedUser(tx, caller, input.UserName);
    // AWS refuses while the user still has what must be removed first, in this order.
    if ((await tx.accessKeys.countForUser(caller.accountId, user.name)) > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete entity, must delete access keys first.');
    }
    if ((await tx.signingCertificates.countForUserId(user.userId)) > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete entity, must delete signing certificates first.');
    }
    if ((await tx.sshPublicKeys.countForUser(caller.accountId, user.name)) > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete entity, must delete SSH public keys first.');
    }
    if ((await tx.serviceCredentials.countForUser(caller.accountId, user.name)) > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete entity, must delete service specific credentials first.');
    }
    if ((await tx.mfaDevices.countForUser(user.userId)) > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete entity, must delete MFA device first.');
    }
    if ((await tx.userPolicies.listAll(caller.accountId, user.name)).length > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
    }
    if ((await tx.policyAttachments.countAttached('user', user.userId)) > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
    }
    if ((await tx.groups.countGroupsForUser(user.userId)) > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete entity, must remove users from group first.');
    }
    await tx.users.delete(caller.accountId, user.name);
    return undefined;
  },
});

interface ListUsersInput {
  PathPrefix?: string;
  Marker?: string;
  MaxItems?: number;
}

export const listUsers = defineOperation<ListUsersInput, Record<string, unknown>>({
  name: 'ListUsers',
  action: 'iam:ListUsers',
  writes: false,
  cacheable: true,
  target: ({ caller }) => ({ resource: userListArn(caller.partition, caller.accountId) }),
  async handle({ input, caller, tx }) {
    const page = await pageOrInvalidMarker(() =>
      tx.users.list(caller.accountId, {
        ...(input.PathPrefix !== undefined ? { pathPrefix: input.PathPrefix } : {}),
        ...(input.Marker !== undefined ? { marker: input.Marker } : {}),
        maxItems: input.MaxItems ?? 100,
      }),
    );
    return {
      Users: page.items.map((u) => userShape(u, undefined, true)),
      IsTruncated: page.isTruncated,
      ...(page.marker !== undefined ? { Marker: page.marker } : {}),
    };
  },
});

export const [tagUser, untagUser, listUserTags] = tagOperations({
  entity: 'User',
  nameMember: 'UserName',
  find: namedUser,
  target: userTarget,
  owner: tagOwner,
  keysIgnoreCase: TAG_KEYS_IGNORE_CASE.user,
});

// ---- permissions boundary -----------------------------------------------------------------

export const putUserPermissionsBoundary = defineOperation<{ UserName: string; PermissionsBoundary: string }, Record<string, unknown>>({
  name: 'PutUserPermissionsBoundary',
  action: 'iam:PutUserPermissionsBoundary',
  writes: true,
  // iam:PermissionsBoundary is the boundary being set (reference_policies_iam-condition-keys.html).
  target: async ({ input, caller, tx }) => withContext(await userTarget(tx, caller, input.UserName), boundaryContext(input.PermissionsBoundary)),
  async handle({ input, caller, tx }) {
    const user = await namedUser(tx, caller, input.UserName);
    const arn = await checkBoundaryArn(tx, caller, input.PermissionsBoundary);
    await tx.users.update(caller.accountId, user.name, { permissionsBoundaryArn: arn });
    return undefined;
  },
});

export const deleteUserPermissionsBoundary = defineOperation<{ UserName: string }, Record<string, unknown>>({
  name: 'DeleteUserPermissionsBoundary',
  action: 'iam:DeleteUserPermissionsBoundary',
  writes: true,
  // iam:PermissionsBoundary is the boundary being removed.
  target: ({ input, caller, tx }) => userTargetWithBoundary(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const user = await namedUser(tx, caller, input.UserName);
    if (user.permissionsBoundaryArn !== undefined) await tx.users.update(caller.accountId, user.name, { permissionsBoundaryArn: null });
    return undefined;
  },
});

export const USER_OPERATIONS = [
  createUser,
  getUser,
  updateUser,
  deleteUser,
  listUsers,
  tagUser,
  untagUser,
  listUserTags,
  putUserPermissionsBoundary,
  deleteUserPermissionsBoundary,
];

export type { OperationRequest };
