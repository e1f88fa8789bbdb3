// The SigV4 error catalogue: every failure sigv4/ reports, with AWS's error code, HTTP status and
// wording, as the query-protocol services (IAM, STS) answer. Messages are built here and nowhere
// else; callers pick a builder. All of these are Sender faults.
//
// Wording comes from AWS's SigV4 troubleshooting guide and "Common Errors" pages and from responses
// of real AWS quoted in public issue threads. Where services word a failure differently, the
// IAM/STS form wins; the newest form wins over older ones.
import { hash } from 'node:crypto';

/** Error codes sigv4/ can return. A literal union: switch on it. */
export type SigV4ErrorCode =
  | 'MissingAuthenticationToken'
  | 'IncompleteSignature'
  | 'SignatureDoesNotMatch'
  | 'InvalidClientTokenId'
  | 'ExpiredToken'
  | 'MalformedQueryString'
  // Only with VerifyOptions.enforcePresignExpiry (IAM and STS themselves ignore X-Amz-Expires).
  | 'RequestExpired'
  | 'AuthorizationQueryParametersError';

/** An authentication failure, ready to be rendered by the server. */
export interface SigV4Error {
  readonly code: SigV4ErrorCode;
  readonly message: string;
  readonly status: number;
}

/** Error codes a CredentialLookup may return; they are passed through to the caller. */
export type LookupErrorCode = 'InvalidClientTokenId' | 'ExpiredToken';

const STATUS: Readonly<Record<SigV4ErrorCode, number>> = {
  MissingAuthenticationToken: 403,
  IncompleteSignature: 400,
  SignatureDoesNotMatch: 403,
  InvalidClientTokenId: 403,
  ExpiredToken: 403,
  // AWS "Common Errors": "MalformedQueryString ... HTTP Status Code: 404".
  MalformedQueryString: 404,
  RequestExpired: 400,
  AuthorizationQueryParametersError: 400,
};

function error(code: SigV4ErrorCode, message: string): SigV4Error {
  return { code, message, status: STATUS[code] };
}

/**
 * AWS no longer echoes a malformed Authorization header; it quotes its SHA-256, base64-encoded.
 * That also keeps signatures and key ids out of error messages and logs.
 */
function hashedAuthorization(authorization: string): string {
  return hash('sha256', authorization, 'base64');
}

/** Parameters the Authorization header must carry. */
export type AuthorizationParameter = 'Credential' | 'Signature' | 'SignedHeaders';

/** Parts of the credential scope that can be wrong, in the order AWS reports them. */
export interface ScopeProblems {
  /** The region given, when it is not acceptable. */
  readonly region?: string;
  /** The service expected, when the scope names another. */
  readonly expectedService?: string;
  /** The terminator given, when it is not aws4_request. */
  readonly terminator?: string;
  /** The scope date, the request date (YYYYMMDD) and the request timestamp, when they differ. */
  readonly date?: { readonly scope: string; readonly request: string; readonly timestamp: string };
}

export const sigv4Errors = {
  /** No SigV4 Authorization header and no X-Amz-Algorithm query parameter. */
  missingAuthenticationToken: (): SigV4Error =>
    error('MissingAuthenticationToken', 'Request is missing Authentication Token'),

  /** Both an AWS4 Authorization header and a presigned query. */
  bothAuthorizationForms: (): SigV4Error =>
    error(
      'SignatureDoesNotMatch',
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    ),

  unsupportedAlgorithm: (algorithm: string): SigV4Error =>
    error('IncompleteSignature', `Unsupported AWS 'algorithm': '${algorithm}' (only AWS4-HMAC-SHA256 for now). `),

  /** A part of the Authorization header that is not `key=value`. */
  malformedAuthorizationPair: (authorization: string): SigV4Error =>
    error(
      'IncompleteSignature',
      'Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and ' +
        `encoded with Base64): '${hashedAuthorization(authorization)}'.`,
    ),

  /** Missing Credential/Signature/SignedHeaders parameters and/or a missing date header. */
  incompleteAuthorization: (
    missing: readonly AuthorizationParameter[],
    missingDate: boolean,
    authorization: string,
  ): SigV4Error => {
    let message = '';
    for (const name of missing) message += `Authorization header requires '${name}' parameter. `;
    if (missingDate) {
      message += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
    }
    message += `(Hashed with SHA-256 and encoded with Base64) Authorization=${hashedAuthorization(authorization)}`;
    return error('IncompleteSignature', message);
  },

  /** Presigned query without some X-Amz-* parameters (names as AWS spells them). */
  incompleteQuery: (missing: readonly string[]): SigV4Error => {
    let message = '';
    for (const name of missing) message += `AWS query-string parameters must include '${name}'. `;
    return error('IncompleteSignature', `${message}Re-examine the query-string parameters.`);
  },

  hostNotSigned: (): SigV4Error =>
    error('SignatureDoesNotMatch', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."),

  invalidDate: (value: string): SigV4Error =>
    error(
      'IncompleteSignature',
      `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    ),

  /** Timestamps in ISO 8601 basic format (20130524T000000Z); `window` in minutes. */
  signatureExpired: (signedAt: string, earliest: string, now: string, window: string): SigV4Error =>
    error('SignatureDoesNotMatch', `Signature expired: ${signedAt} is now earlier than ${earliest} (${now} - ${window} min.)`),

  signatureNotYetCurrent: (signedAt: string, latest: string, now: string, window: string): SigV4Error =>
    error(
      'SignatureDoesNotMatch',
      `Signature not yet current: ${signedAt} is still later than ${latest} (${now} + ${window} min.)`,
    ),

  malformedCredential: (credential: string): SigV4Error =>
    error(
      'IncompleteSignature',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    ),

  /** All scope problems in one message, as AWS reports them together. */
  credentialScope: (problems: ScopeProblems): SigV4Error => {
    let message = '';
    if (problems.region !== undefined) message += 'Credential should be scoped to a valid region. ';
    if (problems.expectedService !== undefined) {
      message += `Credential should be scoped to correct service: '${problems.expectedService}'. `;
    }
    if (problems.terminator !== undefined) {
      message += `Credential should be scoped with a valid terminator: 'aws4_request', not '${problems.terminator}'. `;
    }
    if (problems.date !== undefined) {
      const { scope, request, timestamp } = problems.date;
      message +=
        'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ' +
        `'${scope}' != '${request}', from '${timestamp}'.`;
    }
    return error('SignatureDoesNotMatch', message);
  },

  signatureDoesNotMatch: (): SigV4Error =>
    error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
        'Access Key and signing method. Consult the service documentation for details.',
    ),

  /** A lookup failure, passed through; without a message, AWS's default wording for the code. */
  lookupFailed: (code: LookupErrorCode, message?: string): SigV4Error => {
    switch (code) {
      case 'InvalidClientTokenId':
        return error(code, message ?? 'The security token included in the request is invalid.');
      case 'ExpiredToken':
        return error(code, message ?? 'The security token included in the request is expired');
    }
  },

  /** A `%` not followed by two hex digits; `escape` is what followed it (at most 3 characters). */
  malformedQueryString: (escape: string): SigV4Error =>
    error(
      'MalformedQueryString',
      escape.length < 3
        ? 'Incomplete trailing escape % sequence'
        : `Illegal hex character in escape % pattern: ${escape}`,
    ),

  requestExpired: (): SigV4Error => error('RequestExpired', 'Request has expired.'),

  expiresNotANumber: (): SigV4Error =>
    error('AuthorizationQueryParametersError', 'X-Amz-Expires should be a number'),

  expiresNegative: (): SigV4Error =>
    error('AuthorizationQueryParametersError', 'X-Amz-Expires must be non-negative'),

  expiresTooLarge: (): SigV4Error =>
    error(
      'AuthorizationQueryParametersError',
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
    ),
} as const;
