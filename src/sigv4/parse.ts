// Reading what a request claims, without cryptography and without a clock: which form of SigV4
// (Authorization header or presigned query), the signature parameters, the request timestamp and
// the credential scope. Checks run in the order AWS runs them, so a request with several faults
// gets the error AWS would give.
import { ALGORITHM, parseQuery, queryValue } from './canonical.js';
import type { QueryParam } from './canonical.js';
import { sigv4Errors } from './errors.js';
import type { AuthorizationParameter, SigV4Error } from './errors.js';
import type { ClaimedAuthorization, SignedRequest } from './types.js';

/** The signature parameters of a request, in either form, checked for shape. */
export interface AuthorizationFields {
  readonly presigned: boolean;
  /** The credential as sent: keyid/date/region/service/terminator. */
  readonly credential: string;
  /** Lower-case names, in the order sent. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** The request timestamp as sent, ISO 8601 basic format. */
  readonly amzDate: string;
  readonly signedAtMs: number;
  readonly sessionToken: string | undefined;
  /** Presigned only: X-Amz-Expires as sent. */
  readonly expires: string | undefined;
  /** Presigned only: X-Amz-Content-Sha256 as sent. */
  readonly contentSha256: string | undefined;
  readonly params: readonly QueryParam[];
}

/** The five elements of the credential. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
}

export type ReadResult =
  | { readonly kind: 'unsigned' }
  | { readonly kind: 'error'; readonly error: SigV4Error }
  | {
      readonly kind: 'signed';
      readonly fields: AuthorizationFields;
      /** Checked after the clock (AWS reports a stale date before a malformed credential). */
      readonly scope: CredentialScope | SigV4Error;
    };

const PRESIGN_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'] as const;

/** The first value of a header (a repeated header counts by its first occurrence). */
export function firstHeader(req: SignedRequest, name: string): string | undefined {
  const value = Object.hasOwn(req.headers, name) ? req.headers[name] : undefined;
  if (typeof value === 'string') return value;
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Milliseconds since the epoch for a strict `YYYYMMDDTHHMMSSZ` timestamp, or undefined. */
export function parseAmzDate(s: string): number | undefined {
  if (s.length !== 16 || s.charCodeAt(8) !== 0x54 || s.charCodeAt(15) !== 0x5a) return undefined;
  const year = digits(s, 0, 4);
  const month = digits(s, 4, 6);
  const day = digits(s, 6, 8);
  const hour = digits(s, 9, 11);
  const minute = digits(s, 11, 13);
  const second = digits(s, 13, 15);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  if (second < 0 || second > 59) return undefined;
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  if (t.getUTCDate() !== day) return undefined;
  t.setUTCHours(hour, minute, second, 0);
  return t.getTime();
}

/** ISO 8601 basic format, `YYYYMMDDTHHMMSSZ` (milliseconds dropped). */
export function formatAmzDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

function isHostSigned(signedHeaders: readonly string[]): boolean {
  return signedHeaders.includes('host') || signedHeaders.includes(':authority');
}

function splitSignedHeaders(value: string): string[] {
  return value.split(';').map((name) => name.toLowerCase());
}

/** Splits the credential into its five elements; trailing slashes are ignored, as AWS does. */
export function parseCredential(credential: string): CredentialScope | SigV4Error {
  let end = credential.length;
  while (end > 0 && credential.charCodeAt(end - 1) === 0x2f) end--;
  const parts = credential.slice(0, end).split('/');
  if (parts.length !== 5) return sigv4Errors.malformedCredential(credential);
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator };
}

/** JavaScript's `\s`: what AWS's parser treats as white space between the parameters. */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function readHeaderForm(req: SignedRequest, authorization: string, params: readonly QueryParam[]): ReadResult {
  // Scanned by character (every request carries this header; a regex split cost ~1 µs).
  let end = authorization.length;
  while (end > 0 && isSpace(authorization.charCodeAt(end - 1))) end--;
  let i = 0;
  while (i < end && isSpace(authorization.charCodeAt(i))) i++;
  const algorithmStart = i;
  while (i < end && !isSpace(authorization.charCodeAt(i))) i++;
  const algorithm = authorization.slice(algorithmStart, i);
  if (algorithm !== ALGORITHM) return { kind: 'error', error: sigv4Errors.unsupportedAlgorithm(algorithm) };

  let credential = '';
  let signature = '';
  let signedHeaders: string | undefined;
  // Tokens are separated by runs of white space and commas.
  while (i < end) {
    const c = authorization.charCodeAt(i);
    if (c === 0x2c || isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    let eq = -1;
    while (i < end) {
      const d = authorization.charCodeAt(i);
      // Printable ASCII after ',' is never a separator: most characters stop at this test.
      if (d <= 0x2c || d >= 0x7f) {
        if (d === 0x2c || isSpace(d)) break;
      } else if (d === 0x3d && eq < 0) {
        eq = i;
      }
      i++;
    }
    if (eq < 0) return { kind: 'error', error: sigv4Errors.malformedAuthorizationPair(authorization) };
    const value = authorization.slice(eq + 1, i);
    switch (authorization.slice(start, eq)) {
      case 'Credential':
        credential = value;
        break;
      case 'Signature':
        signature = value;
        break;
      case 'SignedHeaders':
        signedHeaders = value;
        break;
      default:
        // Unknown parameters are ignored.
        break;
    }
  }

  const amzDate = (firstHeader(req, 'x-amz-date') ?? firstHeader(req, 'date') ?? '').trim();
  const missing: AuthorizationParameter[] = [];
  if (credential === '') missing.push('Credential');
  if (signature === '') missing.push('Signature');
  if (signedHeaders === undefined) missing.push('SignedHeaders');
  if (missing.length > 0 || amzDate === '') {
    return { kind: 'error', error: sigv4Errors.incompleteAuthorization(missing, amzDate === '', authorization) };
  }

  const names = splitSignedHeaders(signedHeaders!);
  if (!isHostSigned(names)) return { kind: 'error', error: sigv4Errors.hostNotSigned() };
  const signedAtMs = parseAmzDate(amzDate);
  if (signedAtMs === undefined) return { kind: 'error', error: sigv4Errors.invalidDate(amzDate) };

  const token = firstHeader(req, 'x-amz-security-token')?.trim();
  return {
    kind: 'signed',
    fields: {
      presigned: false,
      credential,
      signedHeaders: names,
      signature,
      amzDate,
      signedAtMs,
      sessionToken: token === '' ? undefined : token,
      expires: undefined,
      contentSha256: undefined,
      params,
    },
    scope: parseCredential(credential),
  };
}

function readQueryForm(params: readonly QueryParam[], requireExpires: boolean): ReadResult {
  const values = PRESIGN_PARAMS.map((name) => queryValue(params, name) ?? '');
  const expires = queryValue(params, 'X-Amz-Expires');
  const missing: string[] = PRESIGN_PARAMS.filter((_, i) => values[i] === '');
  if (requireExpires && (expires === undefined || expires === '')) missing.push('X-Amz-Expires');
  if (missing.length > 0) return { kind: 'error', error: sigv4Errors.incompleteQuery(missing) };

  const [algorithm, credential, signature, signedHeaders, amzDate] = values as [string, string, string, string, string];
  if (algorithm !== ALGORITHM) return { kind: 'error', error: sigv4Errors.unsupportedAlgorithm(algorithm) };
  const names = splitSignedHeaders(signedHeaders);
  if (!isHostSigned(names)) return { kind: 'error', error: sigv4Errors.hostNotSigned() };
  const signedAtMs = parseAmzDate(amzDate);
  if (signedAtMs === undefined) return { kind: 'error', error: sigv4Errors.invalidDate(amzDate) };

  const token = queryValue(params, 'X-Amz-Security-Token');
  return {
    kind: 'signed',
    fields: {
      presigned: true,
      credential,
      signedHeaders: names,
      signature,
      amzDate,
      signedAtMs,
      sessionToken: token === '' ? undefined : token,
      expires,
      contentSha256: queryValue(params, 'X-Amz-Content-Sha256'),
      params,
    },
    scope: parseCredential(credential),
  };
}

/**
 * Reads the SigV4 parameters of a request and checks their shape. An Authorization header that
 * does not start with `AWS4-` (Basic, Bearer, ...) is not SigV4: such a request is unsigned.
 */
export function readAuthorization(req: SignedRequest, requireExpires = false): ReadResult {
  // The server reads a request's claims to route it, then verifies it, with nothing in between:
  // one parse serves both (a one-entry memory; a WeakMap entry cost more than the parse).
  if (lastRequest === req && lastStrict === requireExpires && lastRead !== undefined) return lastRead;
  const result = parseSignedParts(req, requireExpires);
  lastRequest = req;
  lastStrict = requireExpires;
  lastRead = result;
  return result;
}

let lastRequest: SignedRequest | undefined;
let lastStrict = false;
let lastRead: ReadResult | undefined;

function parseSignedParts(req: SignedRequest, requireExpires: boolean): ReadResult {
  const query = parseQuery(req.query);
  if (!query.ok) return { kind: 'error', error: sigv4Errors.malformedQueryString(query.escape) };
  const authorization = firstHeader(req, 'authorization');
  const headerForm = authorization !== undefined && authorization.trimStart().startsWith('AWS4-');
  const queryForm = query.params.some((p) => p.key === 'X-Amz-Algorithm');
  if (headerForm && queryForm) return { kind: 'error', error: sigv4Errors.bothAuthorizationForms() };
  if (headerForm) return readHeaderForm(req, authorization, query.params);
  if (queryForm) return readQueryForm(query.params, requireExpires);
  return { kind: 'unsigned' };
}

/**
 * What a request claims — access key, credential scope, session token — without verifying
 * anything cryptographically or against the clock (service routing uses the scope). Undefined for
 * an unsigned request; an error for one whose SigV4 parameters are malformed.
 */
export function parseAuthorization(req: SignedRequest): ClaimedAuthorization | { readonly error: SigV4Error } | undefined {
  const read = readAuthorization(req);
  switch (read.kind) {
    case 'unsigned':
      return undefined;
    case 'error':
      return { error: read.error };
    case 'signed': {
      const { scope, fields } = read;
      if ('code' in scope) return { error: scope };
      return {
        accessKeyId: scope.accessKeyId,
        scopeDate: scope.date,
        region: scope.region,
        service: scope.service,
        terminator: scope.terminator,
        presigned: fields.presigned,
        ...(fields.sessionToken === undefined ? {} : { sessionToken: fields.sessionToken }),
        signedHeaders: fields.signedHeaders,
      };
    }
  }
}
