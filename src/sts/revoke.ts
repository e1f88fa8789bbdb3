// Revoking a role's sessions as AWS's console does: an inline role policy named
// AWSRevokeOlderSessions that denies everything to sessions whose token was issued before now
// (aws:TokenIssueTime). Long-term credentials carry no token issue time and are not touched.

import { IamError } from '../iam/errors.js';
import type { Store } from '../store/port.js';

export const REVOKE_POLICY_NAME = 'AWSRevokeOlderSessions';

/** The policy AWS writes, with the moment of revocation (ISO 8601 to the second). */
export function revokePolicy(at: Date): string {
  const when = `${at.toISOString().slice(0, 19)}Z`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': when } } }],
  });
}

/** Writes AWSRevokeOlderSessions on the role; sessions issued before `at` are denied from then on. */
export async function revokeOlderSessions(store: Store, accountId: string, roleName: string, at: Date): Promise<void> {
  await store.write(async (tx) => {
    const role = await tx.roles.get(accountId, roleName);
    if (!role) throw new IamError('NoSuchEntity', `The role with name ${roleName} cannot be found.`);
    await tx.inlinePolicies.put({ ownerType: 'role', ownerId: role.roleId, policyName: REVOKE_POLICY_NAME, document: revokePolicy(at) });
  });
}
