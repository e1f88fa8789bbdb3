// Inline user policies: PutUserPolicy, GetUserPolicy, DeleteUserPolicy, ListUserPolicies.
// Documents are validated as identity policies; the user's inline policies together may hold at
// most 2,048 characters (white space outside strings not counted), as IAM's quota says.

import { policySize, POLICY_SIZE_LIMITS, validatePolicy } from '../policy/validate.js';
import { IamError } from './errors.js';
import { defineOperation } from './operation.js';
import { namedUser, userTarget, userTargetWithBoundary } from './users.js';
import { pageOrInvalidMarker } from './paging.js';

export const USER_INLINE_AGGREGATE = 2048;

/** IAM returns policy documents URL-encoded (RFC 3986). */
export function encodePolicyDocument(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function checkIdentityDocument(text: string): void {
  const result = validatePolicy(text, { type: 'identity', inline: true });
  if (!result.ok) {
    const first = result.errors[0];
    throw new IamError(first && 'code' in first && first.code === 'LimitExceeded' ? 'LimitExceeded' : 'MalformedPolicyDocument', first?.message ?? 'Syntax errors in policy.');
  }
}

export const putUserPolicy = defineOperation<{ UserName: string; PolicyName: string; PolicyDocument: string }, Record<string, unknown>>({
  name: 'PutUserPolicy',
  action: 'iam:PutUserPolicy',
  writes: true,
  target: ({ input, caller, tx }) => userTargetWithBoundary(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const user = await namedUser(tx, caller, input.UserName);
    checkIdentityDocument(input.PolicyDocument);
    const counts = POLICY_SIZE_LIMITS.identity.counts;
    const others = (await tx.userPolicies.listAll(caller.accountId, user.name)).filter(
      (p) => p.policyName.toLowerCase() !== input.PolicyName.toLowerCase(),
    );
    const total = others.reduce((n, p) => n + policySize(p.document, counts), policySize(input.PolicyDocument, counts));
    if (total > USER_INLINE_AGGREGATE) {
      throw new IamError('LimitExceeded', `Maximum policy size of ${USER_INLINE_AGGREGATE} bytes exceeded for user ${user.name}`);
    }
    await tx.userPolicies.put({ accountId: caller.accountId, userName: user.name, policyName: input.PolicyName, document: input.PolicyDocument });
    return undefined;
  },
});

const noSuchPolicy = (name: string): IamError => new IamError('NoSuchEntity', `The user policy with name ${name} cannot be found.`);

export const getUserPolicy = defineOperation<{ UserName: string; PolicyName: string }, Record<string, unknown>>({
  name: 'GetUserPolicy',
  action: 'iam:GetUserPolicy',
  writes: false,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const user = await namedUser(tx, caller, input.UserName);
    const policy = await tx.userPolicies.get(caller.accountId, user.name, input.PolicyName);
    if (!policy) throw noSuchPolicy(input.PolicyName);
    return { UserName: user.name, PolicyName: policy.policyName, PolicyDocument: encodePolicyDocument(policy.document) };
  },
});

export const deleteUserPolicy = defineOperation<{ UserName: string; PolicyName: string }, Record<string, unknown>>({
  name: 'DeleteUserPolicy',
  action: 'iam:DeleteUserPolicy',
  writes: true,
  target: ({ input, caller, tx }) => userTargetWithBoundary(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const user = await namedUser(tx, caller, input.UserName);
    if (!(await tx.userPolicies.delete(caller.accountId, user.name, input.PolicyName))) throw noSuchPolicy(input.PolicyName);
    return undefined;
  },
});

export const listUserPolicies = defineOperation<{ UserName: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListUserPolicies',
  action: 'iam:ListUserPolicies',
  writes: false,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const user = await namedUser(tx, caller, input.UserName);
    const page = await pageOrInvalidMarker(() =>
      tx.userPolicies.list(caller.accountId, user.name, {
        ...(input.Marker !== undefined ? { marker: input.Marker } : {}),
        maxItems: input.MaxItems ?? 100,
      }),
    );
    return {
      PolicyNames: page.items.map((p) => p.policyName),
      IsTruncated: page.isTruncated,
      ...(page.marker !== undefined ? { Marker: page.marker } : {}),
    };
  },
});

export const USER_POLICY_OPERATIONS = [putUserPolicy, getUserPolicy, deleteUserPolicy, listUserPolicies];
