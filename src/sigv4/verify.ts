// SigV4 verification: shape (parse.ts), clock, credential scope, credential lookup, then the
// signature itself, compared in constant time. Every failure is a SigV4Error from the catalogue;
// nothing here throws on what a client sends.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { EMPTY_SHA256, TERMINATOR, UNSIGNED_PAYLOAD, buildCanonicalRequest, sha256Hex, stringToSign } from './canonical.js';
import { sigv4Errors } from './errors.js';
import type { ScopeProblems, SigV4Error } from './errors.js';
import { firstHeader, formatAmzDate, readAuthorization } from './parse.js';
import type { AuthorizationFields, CredentialScope } from './parse.js';
import { defaultSigningKeyCache, ownSigningKey } from './signing-key.js';
import type { Credential, SignedRequest, VerifyOptions, VerifyResult } from './types.js';

const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;
/** The longest presigned lifetime S3 accepts: seven days. */
const MAX_PRESIGN_EXPIRES_S = 604_800;
const SIGNATURE_FORMAT = /^[0-9a-f]{64}$/;
const EXCLUDE_SIGNATURE = ['X-Amz-Signature'] as const;
const EXCLUDE_SIGNATURE_AND_TOKEN = ['X-Amz-Signature', 'X-Amz-Security-Token'] as const;

function fail(error: SigV4Error): VerifyResult {
  return { ok: false, error };
}

/** The request timestamp against the server clock (and X-Amz-Expires, when enforced). */
function checkClock(fields: AuthorizationFields, opts: VerifyOptions): SigV4Error | undefined {
  const now = opts.now.getTime();
  const skew = opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const window = String(skew / 60_000);
  const enforceExpiry = fields.presigned && opts.enforcePresignExpiry === true;
  let expiresMs = 0;
  if (enforceExpiry) {
    // Present: readAuthorization required it.
    const expires = (fields.expires ?? '').trim();
    if (!/^[+-]?\d+$/.test(expires)) return sigv4Errors.expiresNotANumber();
    const seconds = Number(expires);
    if (seconds < 0) return sigv4Errors.expiresNegative();
    if (seconds > MAX_PRESIGN_EXPIRES_S) return sigv4Errors.expiresTooLarge();
    expiresMs = seconds * 1000;
  }
  if (fields.signedAtMs > now + skew) {
    return sigv4Errors.signatureNotYetCurrent(fields.amzDate, formatAmzDate(now + skew), formatAmzDate(now), window);
  }
  if (enforceExpiry) {
    if (now > fields.signedAtMs + expiresMs) return sigv4Errors.requestExpired();
  } else if (fields.signedAtMs < now - skew) {
    return sigv4Errors.signatureExpired(fields.amzDate, formatAmzDate(now - skew), formatAmzDate(now), window);
  }
  return undefined;
}

/** Region, service, terminator and date of the credential scope, all reported together. */
function checkScope(scope: CredentialScope, fields: AuthorizationFields, opts: VerifyOptions): SigV4Error | undefined {
  const requestDate = fields.amzDate.slice(0, 8);
  const expected = opts.expectedService;
  const badRegion = scope.region === '';
  const badService = expected !== undefined && expected.length > 0 && !expected.includes(scope.service);
  const badTerminator = scope.terminator !== TERMINATOR;
  const badDate = scope.date !== requestDate;
  if (!(badRegion || badService || badTerminator || badDate)) return undefined;
  const problems: ScopeProblems = {
    ...(badRegion ? { region: scope.region } : {}),
    ...(badService ? { expectedService: expected[0] } : {}),
    ...(badTerminator ? { terminator: scope.terminator } : {}),
    ...(badDate ? { date: { scope: scope.date, request: requestDate, timestamp: fields.amzDate } } : {}),
  };
  return sigv4Errors.credentialScope(problems);
}

/** The payload hash for the canonical request; undefined when UNSIGNED-PAYLOAD is not allowed. */
function payloadHash(req: SignedRequest, fields: AuthorizationFields, opts: VerifyOptions): string | undefined {
  const declared = firstHeader(req, 'x-amz-content-sha256') ?? fields.contentSha256;
  if (declared !== undefined && declared.trim() === UNSIGNED_PAYLOAD) {
    return opts.allowUnsignedPayload === true ? UNSIGNED_PAYLOAD : undefined;
  }
  // Always the hash of the body actually received: a declared x-amz-content-sha256 that differs
  // from it makes the signature fail instead of vouching for a body that was not sent.
  return req.body.length === 0 ? EMPTY_SHA256 : sha256Hex(req.body);
}

function signingKey(found: Credential, scope: CredentialScope, opts: VerifyOptions): Buffer {
  return found.signingKeys !== undefined
    ? ownSigningKey(found.signingKeys, found.secretAccessKey, scope.date, scope.region, scope.service)
    : (opts.signingKeyCache ?? defaultSigningKeyCache).get(found.secretAccessKey, scope.date, scope.region, scope.service);
}

/**
 * Verifies a SigV4-signed request (Authorization header or presigned query). Resolves to the
 * verified key and scope, or to the error AWS would answer. Rejects only if `lookup` rejects.
 */
export async function verifyRequest(req: SignedRequest, opts: VerifyOptions): Promise<VerifyResult> {
  const read = readAuthorization(req, opts.enforcePresignExpiry === true);
  if (read.kind === 'unsigned') return fail(sigv4Errors.missingAuthenticationToken());
  if (read.kind === 'error') return fail(read.error);
  const { fields, scope } = read;

  const clockError = checkClock(fields, opts);
  if (clockError !== undefined) return fail(clockError);
  if ('code' in scope) return fail(scope);
  const scopeError = checkScope(scope, fields, opts);
  if (scopeError !== undefined) return fail(scopeError);

  const looked = opts.lookup(scope.accessKeyId, fields.sessionToken);
  const found = looked instanceof Promise ? await looked : looked;
  if ('error' in found) return fail(sigv4Errors.lookupFailed(found.error, found.message));

  const hash = payloadHash(req, fields, opts);
  if (hash === undefined || !SIGNATURE_FORMAT.test(fields.signature)) return fail(sigv4Errors.signatureDoesNotMatch());
  const provided = Buffer.from(fields.signature, 'hex');
  const key = signingKey(found, scope, opts);
  const scopeString = `${scope.date}/${scope.region}/${scope.service}/${TERMINATOR}`;
  const matches = (exclude: readonly string[] | undefined): boolean => {
    const canonical = buildCanonicalRequest(req, fields.params, {
      signedHeaders: fields.signedHeaders,
      payloadHash: hash,
      normalizePath: opts.normalizePath !== false,
      ...(exclude === undefined ? {} : { excludeQuery: exclude }),
    });
    // Hex out, then bytes from Node's buffer pool: a Buffer digest costs ~2 µs more (its own
    // backing store per call), on every request.
    const expected = Buffer.from(createHmac('sha256', key).update(stringToSign(fields.amzDate, scopeString, canonical)).digest('hex'), 'hex');
    return timingSafeEqual(expected, provided);
  };

  // AWS documents two ways to presign with a session token: X-Amz-Security-Token in the signed
  // query, or appended after signing. The token is bound to the key by the lookup either way.
  const verified = fields.presigned
    ? matches(EXCLUDE_SIGNATURE) || (fields.sessionToken !== undefined && matches(EXCLUDE_SIGNATURE_AND_TOKEN))
    : matches(undefined);
  if (!verified) return fail(sigv4Errors.signatureDoesNotMatch());

  return {
    ok: true,
    accessKeyId: scope.accessKeyId,
    region: scope.region,
    service: scope.service,
    ...(fields.sessionToken === undefined ? {} : { sessionToken: fields.sessionToken }),
    presigned: fields.presigned,
    signedAt: new Date(fields.signedAtMs),
    signedHeaders: fields.signedHeaders,
  };
}
