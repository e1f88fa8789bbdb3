// IAM roles: CreateRole, GetRole, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy,
// DeleteRole, ListRoles, TagRole, UntagRole, ListRoleTags, role inline policies
// (PutRolePolicy, GetRolePolicy, DeleteRolePolicy, ListRolePolicies) and permissions boundaries
// (PutRolePermissionsBoundary, DeleteRolePermissionsBoundary). Names are unique
// case-insensitively per account and keep the case given. Roles on the /aws-service-role/ path are
// service-linked: only AWS changes them, so the calls that would answer UnmodifiableEntity.

import { uniqueId } from '../lib/ids.js';
import { policySize, POLICY_SIZE_LIMITS, validatePolicy } from '../policy/validate.js';
import { StoreConflict, StoreLimitExceeded } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { Role, Tag } from '../store/types.js';
import { TAG_KEYS_IGNORE_CASE } from '../store/types.js';
import { roleArn } from './arns.js';
import { boundaryContext, boundaryShape, checkBoundaryArn } from './boundaries.js';
import { IamError, type IamErrorCode } from './errors.js';
import { defineOperation, type Caller, type Target } from './operation.js';
import { checkTags, requestTagContext, resourceTagContext, tagOperations, tagShape, withContext, type TagInput } from './tags.js';
import { checkIdentityDocument, encodePolicyDocument } from './user-policies.js';
import { pageOrInvalidMarker, pageOutput, paging } from './paging.js';

export const MAX_ROLES_PER_ACCOUNT = 1000;
/** The role's inline policies together, white space outside strings not counted (reference_iam-quotas.html). */
export const ROLE_INLINE_AGGREGATE = 10240;
export const MIN_SESSION_DURATION = 3600;
export const MAX_SESSION_DURATION = 43200;
/** Service-linked roles live under this path; only AWS may create or change them. */
export const SERVICE_ROLE_PATH = '/aws-service-role/';

const tagOwner = (role: Role) => ({ resourceType: 'role' as const, resourceKey: role.roleId });

const noSuchRole = (name: string): IamError => new IamError('NoSuchEntity', `The role with name ${name} cannot be found.`);
const noSuchRolePolicy = (name: string): IamError => new IamError('NoSuchEntity', `The role policy with name ${name} cannot be found.`);

export function isServiceLinked(role: Role): boolean {
  return role.path.startsWith(SERVICE_ROLE_PATH);
}

async function namedRole(tx: StoreTx, caller: Caller, name: string): Promise<Role> {
  const role = await tx.roles.get(caller.accountId, name);
  if (!role) throw noSuchRole(name);
  return role;
}

/** As namedRole, refusing service-linked roles as AWS does for calls that change a role. */
async function modifiableRole(tx: StoreTx, caller: Caller, name: string): Promise<Role> {
  const role = await namedRole(tx, caller, name);
  if (isServiceLinked(role)) {
    throw new IamError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`);
  }
  return role;
}

/**
 * What a call on the named role is authorized on: its ARN (with its real path when it exists)
 * and its tags as aws:ResourceTag/* and iam:ResourceTag/*.
 */
export async function roleTarget(tx: StoreTx, caller: Caller, name: string): Promise<Target> {
  const role = await tx.roles.get(caller.accountId, name);
  if (!role) return { resource: roleArn(caller.partition, caller.accountId, '/', name) };
  const tags = await tx.tags.listAll(tagOwner(role));
  return { resource: role.arn, context: resourceTagContext(tags, { iamResourceTag: true }) };
}

/**
 * As roleTarget, plus iam:PermissionsBoundary naming the role's boundary when it has one: the
 * target of the calls AWS lists the key for on an existing role (GetRole, UpdateRole,
 * UpdateRoleDescription, UpdateAssumeRolePolicy, DeleteRole, PutRolePolicy, DeleteRolePolicy,
 * AttachRolePolicy, DetachRolePolicy, DeleteRolePermissionsBoundary).
 */
export async function roleTargetWithBoundary(tx: StoreTx, caller: Caller, name: string): Promise<Target> {
  const role = await tx.roles.get(caller.accountId, name);
  return withContext(await roleTarget(tx, caller, name), boundaryContext(role?.permissionsBoundaryArn));
}

/** The members every Role structure has (an instance profile lists its role with these only). */
export function roleBaseShape(role: Role): Record<string, unknown> {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodePolicyDocument(role.assumeRolePolicyDocument),
  };
}

/** The Role structure; `full` adds what GetRole returns and ListRoles leaves out (boundary, last use, tags). */
export function roleShape(role: Role, full?: { tags: readonly Tag[] }): Record<string, unknown> {
  return {
    ...roleBaseShape(role),
    ...(role.description !== undefined ? { Description: role.description } : {}),
    MaxSessionDuration: role.maxSessionDuration,
    ...(full
      ? {
          ...boundaryShape(role.permissionsBoundaryArn),
          ...(full.tags.length > 0 ? { Tags: tagShape(full.tags) } : {}),
          RoleLastUsed: {
            ...(role.lastUsedDate ? { LastUsedDate: role.lastUsedDate } : {}),
            ...(role.lastUsedRegion ? { Region: role.lastUsedRegion } : {}),
          },
        }
      : {}),
  };
}

/** Validates a trust policy; the first error is answered with its code and AWS's message. */
export function checkTrustDocument(text: string): void {
  const result = validatePolicy(text, { type: 'trust' });
  if (result.ok) return;
  const first = result.errors[0];
  const code: IamErrorCode = first?.code === 'LimitExceeded' || first?.code === 'ValidationError' ? first.code : 'MalformedPolicyDocument';
  throw new IamError(code, first?.message ?? 'Syntax errors in policy.');
}

/** The model bounds MaxSessionDuration too; this keeps the handler honest when called directly. */
function checkSessionDuration(seconds: number | undefined): void {
  if (seconds === undefined) return;
  if (seconds < MIN_SESSION_DURATION) {
    throw new IamError('ValidationError', `1 validation error detected: Value '${seconds}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_SESSION_DURATION}`);
  }
  if (seconds > MAX_SESSION_DURATION) {
    throw new IamError('ValidationError', `1 validation error detected: Value '${seconds}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to ${MAX_SESSION_DURATION}`);
  }
}

interface CreateRoleInput {
  RoleName: string;
  Path?: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
  Tags?: TagInput[];
}

export const createRole = defineOperation<CreateRoleInput, Record<string, unknown>>({
  name: 'CreateRole',
  action: 'iam:CreateRole',
  writes: true,
  target: ({ input, caller }): Target => ({
    resource: roleArn(caller.partition, caller.accountId, input.Path ?? '/', input.RoleName),
    context: [
      ...requestTagContext(input.Tags),
      ...boundaryContext(input.PermissionsBoundary),
    ],
  }),
  async handle({ input, caller, tx, env }) {
    const path = input.Path ?? '/';
    if (path.startsWith(SERVICE_ROLE_PATH)) {
      throw new IamError('InvalidInput', `Path prefix '${SERVICE_ROLE_PATH}' can only be used for AWS Service linked Roles`);
    }
    checkSessionDuration(input.MaxSessionDuration);
    checkTrustDocument(input.AssumeRolePolicyDocument);
    const tags = checkTags(input.Tags);
    const boundary = input.PermissionsBoundary !== undefined ? await checkBoundaryArn(tx, caller, input.PermissionsBoundary) : undefined;
    const role: Role = {
      accountId: caller.accountId,
      roleId: uniqueId('AROA'),
      name: input.RoleName,
      path,
      arn: roleArn(caller.partition, caller.accountId, path, input.RoleName),
      createDate: env.clock.now(),
      assumeRolePolicyDocument: input.AssumeRolePolicyDocument,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      maxSessionDuration: input.MaxSessionDuration ?? MIN_SESSION_DURATION,
      ...(boundary !== undefined ? { permissionsBoundaryArn: boundary } : {}),
    };
    try {
      await tx.roles.createWithLimit(role, MAX_ROLES_PER_ACCOUNT);
    } catch (e) {
      if (e instanceof StoreConflict) throw new IamError('EntityAlreadyExists', `Role with name ${input.RoleName} already exists.`);
      if (e instanceof StoreLimitExceeded) throw new IamError('LimitExceeded', `Cannot exceed quota for RolesPerAccount: ${MAX_ROLES_PER_ACCOUNT}`);
      throw e;
    }
    if (tags.length > 0) await tx.tags.put(tagOwner(role), tags.map((t) => ({ key: t.Key, value: t.Value })));
    // CreateRole's Role carries the boundary and tags given but no RoleLastUsed (that is GetRole's).
    const shape = roleShape(role);
    return { Role: { ...shape, ...boundaryShape(role.permissionsBoundaryArn), ...(tags.length > 0 ? { Tags: tags } : {}) } };
  },
});

export const getRole = defineOperation<{ RoleName: string }, Record<string, unknown>>({
  name: 'GetRole',
  action: 'iam:GetRole',
  writes: false,
  cacheable: true,
  target: ({ input, caller, tx }) => roleTargetWithBoundary(tx, caller, input.RoleName),
  async handle({ input, caller, tx }) {
    const role = await namedRole(tx, caller, input.RoleName);
    return { Role: roleShape(role, { tags: await tx.tags.listAll(tagOwner(role)) }) };
  },
});

export const updateRole = defineOperation<{ RoleName: string; Description?: string; MaxSessionDuration?: number }, Record<string, unknown>>({
  name: 'UpdateRole',
  action: 'iam:UpdateRole',
  writes: true,
  target: ({ input, caller, tx }) => roleTargetWithBoundary(tx, caller, input.RoleName),
  async handle({ input, caller, tx }) {
    const role = await modifiableRole(tx, caller, input.RoleName);
    checkSessionDuration(input.MaxSessionDuration);
    await tx.roles.update(caller.accountId, role.name, {
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.MaxSessionDuration !== undefined ? { maxSessionDuration: input.MaxSessionDuration } : {}),
    });
    return undefined;
  },
});

export const updateRoleDescription = defineOperation<{ RoleName: string; Description: string }, Record<string, unknown>>({
  name: 'UpdateRoleDescription',
  action: 'iam:UpdateRoleDescription',
  writes: true,
  target: ({ input, caller, tx }) => roleTargetWithBoundary(tx, caller, input.RoleName),
  async handle({ input, caller, tx }) {
    const role = await modifiableRole(tx, caller, input.RoleName);
    const updated = await tx.roles.update(caller.accountId, role.name, { description: input.Description });
    if (!updated) throw noSuchRole(input.RoleName);
    return { Role: roleShape(updated, { tags: await tx.tags.listAll(tagOwner(updated)) }) };
  },
});

export const updateAssumeRolePolicy = defineOperation<{ RoleName: string; PolicyDocument: string }, Record<string, unknown>>({
  name: 'UpdateAssumeRolePolicy',
  action: 'iam:UpdateAssumeRolePolicy',
  writes: true,
  target: ({ input, caller, tx }) => roleTargetWithBoundary(tx, caller, input.RoleName),
  async handle({ input, caller, tx }) {
    const role = await modifiableRole(tx, caller, input.RoleName);
    checkTrustDocument(input.PolicyDocument);
    await tx.roles.update(caller.accountId, role.name, { assumeRolePolicyDocument: input.PolicyDocument });
    return undefined;
  },
});

export const deleteRole = defineOperation<{ RoleName: string }, Record<string, unknown>>({
  name: 'DeleteRole',
  action: 'iam:DeleteRole',
  writes: true,
  target: ({ input, caller, tx }) => roleTargetWithBoundary(tx, caller, input.RoleName),
  async handle({ input, caller, tx }) {
    const role = await modifiableRole(tx, caller, input.RoleName);
    // AWS refuses while the role still has what must be removed first.
    if ((await tx.instanceProfiles.listForRole(role.roleId, { maxItems: 1 })).items.length > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.');
    }
    if ((await tx.policyAttachments.countAttached('role', role.roleId)) > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
    }
    if ((await tx.inlinePolicies.listAll('role', role.roleId)).length > 0) {
      throw new IamError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
    }
    await tx.roles.delete(caller.accountId, role.name);
    return undefined;
  },
});

export const listRoles = defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListRoles',
  action: 'iam:ListRoles',
  writes: false,
  cacheable: true,
  target: ({ caller }) => ({ resource: roleArn(caller.partition, caller.accountId, '/', '') }),
  async handle({ input, caller, tx }) {
    const page = await pageOrInvalidMarker(() =>
      tx.roles.list(caller.accountId, { ...(input.PathPrefix !== undefined ? { pathPrefix: input.PathPrefix } : {}), ...paging(input) }),
    );
    // ListRoles leaves out PermissionsBoundary, RoleLastUsed and Tags (API_ListRoles.html).
    return pageOutput('Roles', page, (r) => roleShape(r));
  },
});

export const [tagRole, untagRole, listRoleTags] = tagOperations({
  entity: 'Role',
  nameMember: 'RoleName',
  find: namedRole,
  target: roleTarget,
  owner: tagOwner,
  keysIgnoreCase: TAG_KEYS_IGNORE_CASE.role,
});

export const putRolePolicy = defineOperation<{ RoleName: string; PolicyName: string; PolicyDocument: string }, Record<string, unknown>>({
  name: 'PutRolePolicy',
  action: 'iam:PutRolePolicy',
  writes: true,
  target: ({ input, caller, tx }) => roleTargetWithBoundary(tx, caller, input.RoleName),
  async handle({ input, caller, tx }) {
    const role = await modifiableRole(tx, caller, input.RoleName);
    checkIdentityDocument(input.PolicyDocument);
    const counts = POLICY_SIZE_LIMITS.identity.counts;
    const others = (await tx.inlinePolicies.listAll('role', role.roleId)).filter((p) => p.policyName.toLowerCase() !== input.PolicyName.toLowerCase());
    const total = others.reduce((n, p) => n + policySize(p.document, counts), policySize(input.PolicyDocument, counts));
    if (total > ROLE_INLINE_AGGREGATE) {
      throw new IamError('LimitExceeded', `Maximum policy size of ${ROLE_INLINE_AGGREGATE} bytes exceeded for role ${role.name}`);
    }
    await tx.inlinePolicies.put({ ownerType: 'role', ownerId: role.roleId, policyName: input.PolicyName, document: input.PolicyDocument });
    return undefined;
  },
});

export const getRolePolicy = defineOperation<{ RoleName: string; PolicyName: string }, Record<string, unknown>>({
  name: 'GetRolePolicy',
  action: 'iam:GetRolePolicy',
  writes: false,
  target: ({ input, caller, tx }) => roleTarget(tx, caller, input.RoleName),
  async handle({ input, caller, tx }) {
    const role = await namedRole(tx, caller, input.RoleName);
    const policy = await tx.inlinePolicies.get('role', role.roleId, input.PolicyName);
    if (!policy) throw noSuchRolePolicy(input.PolicyName);
    return { RoleName: role.name, PolicyName: policy.policyName, PolicyDocument: encodePolicyDocument(policy.document) };
  },
});

export const deleteRolePolicy = defineOperation<{ RoleName: string; PolicyName: string }, Record<string, unknown>>({
  name: 'DeleteRolePolicy',
  action: 'iam:DeleteRolePolicy',
  writes: true,
  target: ({ input, caller, tx }) => roleTargetWithBoundary(tx, caller, input.RoleName),
  async handle({ input, caller, tx }) {
    const role = await modifiableRole(tx, caller, input.RoleName);
    if (!(await tx.inlinePolicies.delete('role', role.roleId, input.PolicyName))) throw noSuchRolePolicy(input.PolicyName);
    return undefined;
  },
});

export const listRolePolicies = defineOperation<{ RoleName: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListRolePolicies',
  action: 'iam:ListRolePolicies',
  writes: false,
  target: ({ input, caller, tx }) => roleTarget(tx, caller, input.RoleName),
  async handle({ input, caller, tx }) {
    const role = await namedRole(tx, caller, input.RoleName);
    const page = await pageOrInvalidMarker(() => tx.inlinePolicies.list('role', role.roleId, paging(input)));
    return pageOutput('PolicyNames', page, (p) => p.policyName);
  },
});

// ---- permissions boundary -----------------------------------------------------------------

export const putRolePermissionsBoundary = defineOperation<{ RoleName: string; PermissionsBoundary: string }, Record<string, unknown>>({
  name: 'PutRolePermissionsBoundary',
  action: 'iam:PutRolePermissionsBoundary',
  writes: true,
  // iam:PermissionsBoundary is the boundary being set (reference_policies_iam-condition-keys.html).
  target: async ({ input, caller, tx }) => withContext(await roleTarget(tx, caller, input.RoleName), boundaryContext(input.PermissionsBoundary)),
  async handle({ input, caller, tx }) {
    // "You cannot set the boundary for a service-linked role."
    const role = await modifiableRole(tx, caller, input.RoleName);
    const arn = await checkBoundaryArn(tx, caller, input.PermissionsBoundary);
    await tx.roles.update(caller.accountId, role.name, { permissionsBoundaryArn: arn });
    return undefined;
  },
});

export const deleteRolePermissionsBoundary = defineOperation<{ RoleName: string }, Record<string, unknown>>({
  name: 'DeleteRolePermissionsBoundary',
  action: 'iam:DeleteRolePermissionsBoundary',
  writes: true,
  // iam:PermissionsBoundary is the boundary being removed.
  target: ({ input, caller, tx }) => roleTargetWithBoundary(tx, caller, input.RoleName),
  async handle({ input, caller, tx }) {
    const role = await modifiableRole(tx, caller, input.RoleName);
    if (role.permissionsBoundaryArn !== undefined) await tx.roles.update(caller.accountId, role.name, { permissionsBoundaryArn: null });
    return undefined;
  },
});

export const ROLE_OPERATIONS = [
  createRole,
  getRole,
  updateRole,
  updateRoleDescription,
  updateAssumeRolePolicy,
  deleteRole,
  listRoles,
  tagRole,
  untagRole,
  listRoleTags,
  putRolePolicy,
  getRolePolicy,
  deleteRolePolicy,
  listRolePolicies,
  putRolePermissionsBoundary,
  deleteRolePermissionsBoundary,
];
