// Service-linked roles: CreateServiceLinkedRole, DeleteServiceLinkedRole,
// GetServiceLinkedRoleDeletionStatus (using-service-linked-roles.html). A service-linked role is
// named by its service (AWSServiceRoleFor<Name>, with an optional custom suffix where the service
// allows one), lives under /aws-service-role/<service principal>/, trusts only that service, and
// has the service's AWS-managed policy attached. Ordinary role calls cannot change it (roles.ts).
// Each service defines its role's name and policy; AWS publishes no rule that derives them, so
// the services are a table (the policies are checked against the AWS-managed catalogue in tests).

import { randomUUID } from 'node:crypto';
import { uniqueId } from '../lib/ids.js';
import { StoreConflict, StoreLimitExceeded } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { Role } from '../store/types.js';
import { awsManaged } from './aws-managed.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller } from './operation.js';
import { roleArn } from './arns.js';
import { isServiceLinked, MAX_ROLES_PER_ACCOUNT, roleShape, SERVICE_ROLE_PATH } from './roles.js';

export interface LinkedService {
  /** The role name after AWSServiceRoleFor. */
  readonly roleSuffix: string;
  /** The AWS-managed policy (under /aws-service-role/) attached to the role. */
  readonly policy: string;
  /** Whether CreateServiceLinkedRole takes a CustomSuffix for this service. */
  readonly customSuffix: boolean;
}

/** Services whose service-linked role Tessera creates, by service principal. */
export const LINKED_SERVICES: Readonly<Record<string, LinkedService>> = {
  'autoscaling.amazonaws.com': { roleSuffix: 'AutoScaling', policy: 'AutoScalingServiceRolePolicy', customSuffix: true },
  'elasticloadbalancing.amazonaws.com': { roleSuffix: 'ElasticLoadBalancing', policy: 'AWSElasticLoadBalancingServiceRolePolicy', customSuffix: false },
  'ecs.amazonaws.com': { roleSuffix: 'ECS', policy: 'AmazonECSServiceRolePolicy', customSuffix: false },
  'rds.amazonaws.com': { roleSuffix: 'RDS', policy: 'AmazonRDSServiceRolePolicy', customSuffix: false },
  'elasticbeanstalk.amazonaws.com': { roleSuffix: 'ElasticBeanstalk', policy: 'AWSElasticBeanstalkServiceRolePolicy', customSuffix: true },
  'organizations.amazonaws.com': { roleSuffix: 'Organizations', policy: 'AWSOrganizationsServiceTrustPolicy', customSuffix: false },
  'sso.amazonaws.com': { roleSuffix: 'SSO', policy: 'AWSSSOServiceRolePolicy', customSuffix: false },
  'config.amazonaws.com': { roleSuffix: 'Config', policy: 'AWSConfigServiceRolePolicy', customSuffix: false },
  'securityhub.amazonaws.com': { roleSuffix: 'SecurityHub', policy: 'AWSSecurityHubServiceRolePolicy', customSuffix: false },
  'support.amazonaws.com': { roleSuffix: 'Support', policy: 'AWSSupportServiceRolePolicy', customSuffix: false },
  'trustedadvisor.amazonaws.com': { roleSuffix: 'TrustedAdvisor', policy: 'AWSTrustedAdvisorServiceRolePolicy', customSuffix: false },
  'lambda.amazonaws.com': { roleSuffix: 'Lambda', policy: 'AWSLambdaServiceRolePolicy', customSuffix: false },
  'spot.amazonaws.com': { roleSuffix: 'EC2Spot', policy: 'AWSEC2SpotServiceRolePolicy', customSuffix: false },
  'spotfleet.amazonaws.com': { roleSuffix: 'EC2SpotFleet', policy: 'AWSEC2SpotFleetServiceRolePolicy', customSuffix: false },
  'backup.amazonaws.com': { roleSuffix: 'Backup', policy: 'AWSBackupServiceLinkedRolePolicyForBackup', customSuffix: false },
  'ram.amazonaws.com': { roleSuffix: 'ResourceAccessManager', policy: 'AWSResourceAccessManagerServiceRolePolicy', customSuffix: false },
  'ds.amazonaws.com': { roleSuffix: 'DirectoryServices', policy: 'AWSDirectoryServiceServiceRolePolicy', customSuffix: false },
  'appconfig.amazonaws.com': { roleSuffix: 'AppConfig', policy: 'AWSAppConfigServiceRolePolicy', customSuffix: false },
};

const ROLE_PREFIX = 'AWSServiceRoleFor';
const SETTING_PREFIX = 'slr-deletion:';

function trustPolicy(service: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
}

function servicePath(service: string): string {
  return `${SERVICE_ROLE_PATH}${service}/`;
}

function linkedService(name: string): LinkedService {
  const s = LINKED_SERVICES[name];
  if (!s) throw new IamError('InvalidInput', `Unrecognized service principal: ${name}. Tessera creates service-linked roles for: ${Object.keys(LINKED_SERVICES).join(', ')}.`);
  return s;
}

function roleNameFor(service: LinkedService, serviceName: string, suffix: string | undefined): string {
  if (suffix === undefined) return `${ROLE_PREFIX}${service.roleSuffix}`;
  if (!service.customSuffix) throw new IamError('InvalidInput', `Custom suffix is not allowed for ${serviceName}`);
  return `${ROLE_PREFIX}${service.roleSuffix}_${suffix}`;
}

interface CreateInput {
  AWSServiceName: string;
  Description?: string;
  CustomSuffix?: string;
}

export const createServiceLinkedRole = defineOperation<CreateInput, Record<string, unknown>>({
  name: 'CreateServiceLinkedRole',
  action: 'iam:CreateServiceLinkedRole',
  writes: true,
  target({ input, caller }) {
    const service = LINKED_SERVICES[input.AWSServiceName];
    const name = service ? `${ROLE_PREFIX}${service.roleSuffix}${input.CustomSuffix !== undefined ? `_${input.CustomSuffix}` : ''}` : `${ROLE_PREFIX}*`;
    return { resource: roleArn(caller.partition, caller.accountId, servicePath(input.AWSServiceName), name), context: [['iam:AWSServiceName', input.AWSServiceName]] };
  },
  async handle({ input, caller, tx, env }) {
    const role = await createLinkedRole(tx, caller.partition, caller.accountId, input.AWSServiceName, env.clock.now(), input.CustomSuffix, input.Description);
    return { Role: roleShape(role) };
  },
});

/** A service-linked role's ARN in an account (without a custom suffix). */
export function serviceLinkedRoleArn(partition: string, accountId: string, serviceName: string): string {
  const service = linkedService(serviceName);
  return roleArn(partition, accountId, servicePath(serviceName), roleNameFor(service, serviceName, undefined));
}

/**
 * Makes a service's linked role in an account, with its AWS-managed policy: for
 * CreateServiceLinkedRole, and for services that make their own (Organizations does in the
 * management account and in each account it creates).
 */
export async function createLinkedRole(
  tx: StoreTx,
  partition: string,
  accountId: string,
  serviceName: string,
  now: Date,
  suffix?: string,
  description?: string,
): Promise<Role> {
  const service = linkedService(serviceName);
  const name = roleNameFor(service, serviceName, suffix);
  const path = servicePath(serviceName);
  const policyArn = `arn:${partition}:iam::aws:policy${SERVICE_ROLE_PATH}${service.policy}`;
  if (!awsManaged.get(policyArn)) throw new TypeError(`the AWS-managed policy ${policyArn} is not in the catalogue`);
  const role: Role = {
    accountId,
    roleId: uniqueId('AROA'),
    name,
    path,
    arn: roleArn(partition, accountId, path, name),
    createDate: now,
    assumeRolePolicyDocument: trustPolicy(serviceName),
    ...(description !== undefined ? { description } : {}),
    maxSessionDuration: 3600,
  };
  try {
    await tx.roles.createWithLimit(role, MAX_ROLES_PER_ACCOUNT);
  } catch (e) {
    if (e instanceof StoreConflict) throw new IamError('InvalidInput', `Service role name ${name} has been taken in this account, please try a different suffix.`);
    if (e instanceof StoreLimitExceeded) throw new IamError('LimitExceeded', `Cannot exceed quota for RolesPerAccount: ${MAX_ROLES_PER_ACCOUNT}`);
    throw e;
  }
  await tx.policyAttachments.attachWithLimit('role', role.roleId, policyArn, 10);
  return role;
}

async function linkedRole(tx: StoreTx, caller: Caller, name: string): Promise<Role> {
  const role = await tx.roles.get(caller.accountId, name);
  if (!role) throw new IamError('NoSuchEntity', `The role with name ${name} cannot be found.`);
  if (!isServiceLinked(role)) throw new IamError('InvalidInput', `The role ${name} is not a service-linked role.`);
  return role;
}

interface DeletionTask {
  status: 'SUCCEEDED' | 'IN_PROGRESS' | 'FAILED' | 'NOT_STARTED';
  roleArn: string;
}

export const deleteServiceLinkedRole = defineOperation<{ RoleName: string }, Record<string, unknown>>({
  name: 'DeleteServiceLinkedRole',
  action: 'iam:DeleteServiceLinkedRole',
  writes: true,
  async target({ input, caller, tx }) {
    const role = await tx.roles.get(caller.accountId, input.RoleName);
    return { resource: role?.arn ?? roleArn(caller.partition, caller.accountId, SERVICE_ROLE_PATH, input.RoleName) };
  },
  async handle({ input, caller, tx }) {
    const role = await linkedRole(tx, caller, input.RoleName);
    // AWS deletes asynchronously once no resource of the service uses the role. Tessera's
    // services hold no resources, so the task completes at once (and the status says so).
    const service = role.path.slice(SERVICE_ROLE_PATH.length).replace(/\/$/, '');
    const taskId = `task${SERVICE_ROLE_PATH}${service}/${role.name}/${randomUUID()}`;
    for (const a of await tx.policyAttachments.listAllAttached('role', role.roleId)) await tx.policyAttachments.detach('role', role.roleId, a.policyArn);
    for (const p of await tx.inlinePolicies.listAll('role', role.roleId)) await tx.inlinePolicies.delete('role', role.roleId, p.policyName);
    await tx.roles.delete(caller.accountId, role.name);
    const task: DeletionTask = { status: 'SUCCEEDED', roleArn: role.arn };
    await tx.accountSettings.set(caller.accountId, `${SETTING_PREFIX}${taskId}`, JSON.stringify(task));
    return { DeletionTaskId: taskId };
  },
});

export const getServiceLinkedRoleDeletionStatus = defineOperation<{ DeletionTaskId: string }, Record<string, unknown>>({
  name: 'GetServiceLinkedRoleDeletionStatus',
  action: 'iam:GetServiceLinkedRoleDeletionStatus',
  writes: false,
  target({ input, caller }) {
    // task/aws-service-role/<service>/<role name>/<uuid>: the role the task was about.
    const m = /^task\/aws-service-role\/([^/]+)\/([^/]+)\/[^/]+$/.exec(input.DeletionTaskId);
    return { resource: m ? roleArn(caller.partition, caller.accountId, servicePath(m[1]!), m[2]!) : '*' };
  },
  async handle({ input, caller, tx }) {
    const stored = await tx.accountSettings.get(caller.accountId, `${SETTING_PREFIX}${input.DeletionTaskId}`);
    if (stored === undefined) throw new IamError('NoSuchEntity', `Deletion task ${input.DeletionTaskId} cannot be found.`);
    const task = JSON.parse(stored) as DeletionTask;
    return { Status: task.status };
  },
});

export const SERVICE_LINKED_ROLE_OPERATIONS = [createServiceLinkedRole, deleteServiceLinkedRole, getServiceLinkedRoleDeletionStatus];
