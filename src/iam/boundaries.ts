// Permissions boundaries of users and roles: which managed policies may be one (AWS's errors for
// those that may not), the request key iam:PermissionsBoundary, and a boundary's document for
// evaluation. The operations that set and remove boundaries live with their entity (users.ts,
// roles.ts); this module sits below them and below policies.ts, so both may use it.

import { parseArn } from '../policy/arn.js';
import type { StoreTx } from '../store/port.js';
import { awsManaged, isAwsManagedArn } from './aws-managed.js';
import { IamError } from './errors.js';
import type { Caller, Target } from './operation.js';

/** AWS's service-role policies may only be attached to their service-linked role. */
const SERVICE_ROLE_POLICY_PATH = '/aws-service-role/';

const notAttachable = (arn: string): IamError => new IamError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);

/**
 * The ARN to record as the boundary the caller names, after AWS's checks: an ARN that does not
 * name an IAM policy is InvalidInput; a policy that does not exist (or is another account's, or a
 * deprecated AWS one) is NoSuchEntity; an AWS service-role policy is PolicyNotAttachable.
 */
export async function checkBoundaryArn(tx: StoreTx, caller: Caller, arn: string): Promise<string> {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam' || parsed.region !== '' || !parsed.resource.startsWith('policy/') || parsed.resource === 'policy/') {
    throw new IamError('InvalidInput', `ARN ${arn} is not valid.`);
  }
  if (isAwsManagedArn(arn)) {
    const p = awsManaged.get(arn);
    if (!p || p.deprecated) throw notAttachable(arn);
    if (p.path.startsWith(SERVICE_ROLE_POLICY_PATH)) {
      throw new IamError('PolicyNotAttachable', 'Cannot attach a Service Role Policy to a Customer Role.');
    }
    return arn;
  }
  if (parsed.account !== caller.accountId) throw notAttachable(arn);
  const p = await tx.managedPolicies.get(arn);
  if (!p) throw notAttachable(arn);
  return p.arn;
}

/** iam:PermissionsBoundary for a request, when there is a boundary to name. */
export function boundaryContext(arn: string | undefined): NonNullable<Target['context']> {
  return arn !== undefined ? [['iam:PermissionsBoundary', arn]] : [];
}

/** Joins a target with more request keys. */
export function withContext(target: Target, more: Target['context']): Target {
  return { resource: target.resource, context: [...(target.context ?? []), ...(more ?? [])] };
}

/**
 * The document in force for a boundary ARN (a customer policy's default version, or the AWS
 * policy's). Undefined only when the policy is gone, which IAM prevents (DeleteConflict).
 */
export async function boundaryDocument(tx: StoreTx, arn: string): Promise<string | undefined> {
  if (isAwsManagedArn(arn)) {
    const p = awsManaged.get(arn);
    return p ? awsManaged.version(p.arn, p.defaultVersionId)?.document : undefined;
  }
  return (await tx.managedPolicies.getDefaultVersions([arn])).get(arn)?.document;
}

/** The PermissionsBoundary member of a User or Role structure (absent without a boundary). */
export function boundaryShape(arn: string | undefined): Record<string, unknown> {
  return arn ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn } } : {};
}
