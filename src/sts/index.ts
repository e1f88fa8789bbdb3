// STS operations. GetCallerIdentity now; the rest of STS (AssumeRole, GetSessionToken, ...)
// arrives with temporary credentials and answers NotImplemented until then.

import { defineOperation, type Operation } from '../iam/operation.js';

export const getCallerIdentity = defineOperation<Record<string, never>, Record<string, unknown>>({
  name: 'GetCallerIdentity',
  // AWS never denies GetCallerIdentity: the server does not authorize it (see `alwaysAllowed`).
  action: 'sts:GetCallerIdentity',
  writes: false,
  target: () => ({ resource: '*' }),
  async handle({ caller }) {
    const p = caller.principal;
    const arn = 'arn' in p ? p.arn : '';
    const userId = caller.user ? caller.user.userId : p.type === 'root' ? caller.accountId : '';
    return { UserId: userId, Account: caller.accountId, Arn: arn };
  },
});

export const STS_OPERATIONS: ReadonlyMap<string, Operation> = new Map([[getCallerIdentity.name, getCallerIdentity]]);

/** Operations AWS answers for any authenticated caller, whatever the policies say. */
export const ALWAYS_ALLOWED: ReadonlySet<string> = new Set(['sts:GetCallerIdentity']);
