// STS operations: temporary credentials (AssumeRole, GetSessionToken, GetFederationToken),
// GetCallerIdentity and GetAccessKeyInfo. Operations of the model not here answer NotImplemented.

import type { Operation } from '../iam/operation.js';
import { assumeRole, decodeAuthorizationMessage, getAccessKeyInfo, getCallerIdentity, getFederationToken, getSessionToken } from './operations.js';

export const STS_OPERATIONS: ReadonlyMap<string, Operation> = new Map(
  [assumeRole, getSessionToken, getFederationToken, getCallerIdentity, getAccessKeyInfo, decodeAuthorizationMessage].map((op) => [op.name, op]),
);

/**
 * Operations AWS answers for any authenticated caller, whatever the policies say: who am I, and
 * GetSessionToken ("no permissions are required", id_credentials_temp_control-access_getsessiontoken.html).
 */
export const ALWAYS_ALLOWED: ReadonlySet<string> = new Set(['sts:GetCallerIdentity', 'sts:GetSessionToken']);

export { SessionTokens } from './token.js';
export { AuthorizationMessages } from './authorization-message.js';
export { sessionPrincipal, sessionRequestContext, sessionRestriction, type SessionPrincipal } from './session.js';
