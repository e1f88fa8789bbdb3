// The IAM operations that exist, by name. An operation in the service model that is not here
// answers NotImplemented (the server says so), never a fake success.
import { ACCESS_KEY_OPERATIONS } from './access-keys.js';
import { ACCOUNT_OPERATIONS } from './account.js';
import { AUTHORIZATION_DETAILS_OPERATIONS } from './authorization-details.js';
import { PARTNER_OPERATIONS } from './partner.js';
import { POLICY_TAG_OPERATIONS } from './policy-tags.js';
import { SERVICE_ACCESS_OPERATIONS } from './service-access.js';
import { GROUP_OPERATIONS } from './groups.js';
import { INSTANCE_PROFILE_OPERATIONS } from './instance-profiles.js';
import { POLICY_OPERATIONS } from './policies.js';
import { ROLE_OPERATIONS } from './roles.js';
import { SERVICE_LINKED_ROLE_OPERATIONS } from './service-linked-roles.js';
import { SERVICE_CREDENTIAL_OPERATIONS } from './service-credentials.js';
import type { Operation } from './operation.js';
import { SIMULATION_OPERATIONS } from './simulation.js';
import { SSH_PUBLIC_KEY_OPERATIONS } from './ssh-public-keys.js';
import { USER_POLICY_OPERATIONS } from './user-policies.js';
import { USER_OPERATIONS } from './users.js';
import { SIGNING_CERTIFICATE_OPERATIONS } from './signing-certificates.js';
import { SERVER_CERTIFICATE_OPERATIONS } from './server-certificates.js';
import { OIDC_PROVIDER_OPERATIONS } from './oidc-providers.js';
import { SAML_PROVIDER_OPERATIONS } from './saml-providers.js';
import { MFA_OPERATIONS } from './mfa.js';

export const IAM_OPERATIONS: ReadonlyMap<string, Operation> = new Map(
  [
    ...USER_OPERATIONS,
    ...ACCESS_KEY_OPERATIONS,
    ...USER_POLICY_OPERATIONS,
    ...GROUP_OPERATIONS,
    ...ROLE_OPERATIONS,
    ...SERVICE_LINKED_ROLE_OPERATIONS,
    ...INSTANCE_PROFILE_OPERATIONS,
    ...POLICY_OPERATIONS,
    ...SIMULATION_OPERATIONS,
    ...ACCOUNT_OPERATIONS,
    ...AUTHORIZATION_DETAILS_OPERATIONS,
    ...POLICY_TAG_OPERATIONS,
    ...SERVICE_ACCESS_OPERATIONS,
    ...PARTNER_OPERATIONS,
    ...SSH_PUBLIC_KEY_OPERATIONS,
    ...SERVICE_CREDENTIAL_OPERATIONS,
    ...SIGNING_CERTIFICATE_OPERATIONS,
    ...SERVER_CERTIFICATE_OPERATIONS,
    ...OIDC_PROVIDER_OPERATIONS,
    ...SAML_PROVIDER_OPERATIONS,
    ...MFA_OPERATIONS,
  ].map((op) => [op.name, op]),
);

export { IamError, IAM_ERRORS, type IamErrorCode } from './errors.js';
export type { Caller, IamEnv, Operation, OperationRequest, Output, SessionClaims, Target } from './operation.js';
export { policySetsFor, principalContext } from './authorization.js';
// rolePolicySets: a role's identity policies and boundary, for the sessions STS makes from it;
// authorizeAlso: a second action an operation needs (iam:PassRole).
export { authorizeAlso, rolePolicySets } from './authorization.js';
export { openSecret, sealSecret, MAX_ACCESS_KEYS_PER_USER } from './access-keys.js';
export { rootArn, userArn } from './arns.js';
export { findOidcProvider, oidcProviderForIssuer } from './oidc-providers.js';
export { findSamlProvider, openSamlPrivateKeys, parseSamlMetadata, type SamlMetadata } from './saml-providers.js';
export { verifyMfaCode, type MfaVerification } from './mfa.js';
