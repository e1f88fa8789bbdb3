// SigV4 verification: the public surface of sigv4/. Knows nothing of IAM: the caller supplies the
// credential lookup and decides what a verified key means.
export type {
  ClaimedAuthorization,
  Credential,
  CredentialLookup,
  LookupFailure,
  SignedRequest,
  SigningKeyStore,
  VerifyOptions,
  VerifyResult,
} from './types.js';
export type { LookupErrorCode, SigV4Error, SigV4ErrorCode } from './errors.js';
export { sigv4Errors } from './errors.js';
export { verifyRequest } from './verify.js';
export { parseAuthorization } from './parse.js';
export { SigningKeyCache, deriveSigningKey } from './signing-key.js';
export {
  canonicalHeaderValue,
  canonicalHeaders,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  parseQuery,
  stringToSign,
} from './canonical.js';
export type { CanonicalRequestInput, ParsedQuery, QueryParam } from './canonical.js';
