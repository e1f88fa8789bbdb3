// Tags on customer managed policies: TagPolicy, UntagPolicy, ListPolicyTags, and the target every
// operation on a managed policy is authorized on (its ARN and its tags as aws:ResourceTag/*; the
// service authorization reference lists no iam:ResourceTag for policies).
// AWS managed policies belong to AWS: they carry no tags and cannot be tagged.

import { parseArn } from '../policy/arn.js';
import type { StoreTx } from '../store/port.js';
import type { ManagedPolicy } from '../store/types.js';
import { TAG_KEYS_IGNORE_CASE } from '../store/types.js';
import { awsManaged, isAwsManagedArn } from './aws-managed.js';
import { IamError } from './errors.js';
import type { Caller, Target } from './operation.js';
import { resourceTagContext, tagOperations } from './tags.js';

const tagOwner = (p: ManagedPolicy) => ({ resourceType: 'policy' as const, resourceKey: p.policyId });

/** The account's customer managed policy under this ARN, if any (another account's is not found). */
async function localPolicy(tx: StoreTx, caller: Caller, arn: string): Promise<ManagedPolicy | undefined> {
  if (isAwsManagedArn(arn) || parseArn(arn)?.account !== caller.accountId) return undefined;
  return tx.managedPolicies.get(arn);
}

/** What a call on a managed policy is authorized on: its ARN, and its tags when it has any. */
export async function managedPolicyTarget(tx: StoreTx, caller: Caller, arn: string): Promise<Target> {
  const policy = await localPolicy(tx, caller, arn);
  if (!policy) return { resource: arn };
  return { resource: policy.arn, context: resourceTagContext(await tx.tags.listAll(tagOwner(policy)), { iamResourceTag: false }) };
}

/** The policy a tagging call names; AWS managed policies are AWS's and cannot be tagged. */
async function taggablePolicy(tx: StoreTx, caller: Caller, arn: string): Promise<ManagedPolicy> {
  if (isAwsManagedArn(arn)) throw new IamError('InvalidInput', `ARN ${arn} is not valid: AWS managed policies cannot be changed.`);
  const policy = await localPolicy(tx, caller, arn);
  if (!policy) throw new IamError('NoSuchEntity', `Policy ${arn} was not found.`);
  return policy;
}

export const [tagPolicy, untagPolicy, listPolicyTags] = tagOperations({
  entity: 'Policy',
  nameMember: 'PolicyArn',
  find: taggablePolicy,
  target: managedPolicyTarget,
  owner: tagOwner,
  keysIgnoreCase: TAG_KEYS_IGNORE_CASE.policy,
  // An AWS managed policy exists in every account and has no tags.
  untagged: (arn) => isAwsManagedArn(arn) && awsManaged.get(arn) !== undefined,
});

export const POLICY_TAG_OPERATIONS = [tagPolicy, untagPolicy, listPolicyTags];
