// The SigV4 canonical request and string to sign, built from a request as received: canonical
// URI, canonical query string, canonical headers, payload hash. Exported piece by piece so tests
// can hold each one against AWS's test vectors.
import { hash } from 'node:crypto';
import { canonicalQueryComponent, decodeCanonical, malformedEscape, uriEncode } from './encoding.js';
import type { SignedRequest } from './types.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const TERMINATOR = 'aws4_request';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** SHA-256 of the empty string. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** One query parameter: key and value in canonical (re-encoded) form. */
export interface QueryParam {
  readonly key: string;
  readonly value: string;
}

/** A query string split into canonical parameters, in wire order; or the first malformed escape. */
export type ParsedQuery =
  | { readonly ok: true; readonly params: readonly QueryParam[] }
  | { readonly ok: false; readonly escape: string };

const EMPTY_QUERY: ParsedQuery = { ok: true, params: [] };

/**
 * Splits a raw query string into parameters (`&`-separated, empty pieces skipped, a piece without
 * `=` has an empty value) and canonicalizes each key and value.
 */
export function parseQuery(query: string): ParsedQuery {
  if (query.length === 0) return EMPTY_QUERY;
  const params: QueryParam[] = [];
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf('&', start);
    if (end < 0) end = query.length;
    if (end > start) {
      const eq = query.indexOf('=', start);
      const hasValue = eq >= 0 && eq < end;
      const rawKey = query.slice(start, hasValue ? eq : end);
      const rawValue = hasValue ? query.slice(eq + 1, end) : '';
      const key = canonicalQueryComponent(rawKey);
      const value = canonicalQueryComponent(rawValue);
      if (key === undefined || value === undefined) {
        return { ok: false, escape: malformedEscape(key === undefined ? rawKey : rawValue) ?? '%' };
      }
      params.push({ key, value });
    }
    start = end + 1;
  }
  return { ok: true, params };
}

/** The decoded value of the first parameter named `key` (a canonical name), if present. */
export function queryValue(params: readonly QueryParam[], key: string): string | undefined {
  for (const p of params) if (p.key === key) return decodeCanonical(p.value);
  return undefined;
}

function compareParams(a: QueryParam, b: QueryParam): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return 0;
}

/**
 * The canonical query string: parameters sorted by key then value (code point order of the
 * encoded forms), joined as `key=value` with `&`. Parameters named in `exclude` are left out
 * (X-Amz-Signature in a presigned request).
 */
export function canonicalQueryString(params: readonly QueryParam[], exclude?: readonly string[]): string {
  let kept: QueryParam[] = exclude === undefined ? params.slice() : params.filter((p) => !exclude.includes(p.key));
  if (kept.length > 1) kept = kept.sort(compareParams);
  let out = '';
  for (let i = 0; i < kept.length; i++) {
    const p = kept[i]!;
    out += i === 0 ? `${p.key}=${p.value}` : `&${p.key}=${p.value}`;
  }
  return out;
}

/** Removes `.` and `..` segments and empty segments (`//`), keeping a leading and trailing `/`. */
function normalizePath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const lead = path.startsWith('/') ? '/' : '';
  const trail = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return lead + segments.join('/') + trail;
}

/**
 * The canonical URI: the raw (wire) path, normalized unless `normalize` is false (S3), then every
 * segment URI-encoded once more (the "double encoding" of all services but S3).
 */
export function canonicalUri(path: string, normalize: boolean): string {
  if (path === '/') return '/';
  const p = normalize && (path.includes('//') || path.includes('/.') || path.startsWith('.')) ? normalizePath(path) : path;
  return p.length === 0 ? '/' : uriEncode(p, true);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** A header value with leading and trailing whitespace removed and inner runs collapsed to one space. */
export function canonicalHeaderValue(value: string): string {
  let clean = value.length === 0 || !(isSpace(value.charCodeAt(0)) || isSpace(value.charCodeAt(value.length - 1)));
  for (let i = 0; clean && i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0d || (c === 0x20 && value.charCodeAt(i + 1) === 0x20)) clean = false;
  }
  if (clean) return value;
  return value.replace(/[ \t\r\n]+/g, ' ').trim();
}

/**
 * The canonical headers block: `name:value\n` for each signed header, in the order given. Names
 * come from the client, so only own properties count (`constructor` is not a header).
 */
export function canonicalHeaders(headers: SignedRequest['headers'], signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) {
    const value = Object.hasOwn(headers, name) ? headers[name] : undefined;
    let canonical = '';
    if (typeof value === 'string') canonical = canonicalHeaderValue(value);
    else if (Array.isArray(value)) canonical = value.map(canonicalHeaderValue).join(',');
    out += `${name}:${canonical}\n`;
  }
  return out;
}

export function sha256Hex(data: string | Uint8Array): string {
  // One-shot: no Hash object per call on the hot path.
  return hash('sha256', data, 'hex');
}

/** What the canonical request needs beyond the request itself. */
export interface CanonicalRequestInput {
  readonly signedHeaders: readonly string[];
  readonly payloadHash: string;
  readonly normalizePath: boolean;
  /** Query parameters left out of the canonical query string (canonical names). */
  readonly excludeQuery?: readonly string[];
}

/** The canonical request, from a query already split by parseQuery. */
export function buildCanonicalRequest(req: SignedRequest, params: readonly QueryParam[], input: CanonicalRequestInput): string {
  return (
    `${req.method}\n${canonicalUri(req.path, input.normalizePath)}\n` +
    `${canonicalQueryString(params, input.excludeQuery)}\n` +
    `${canonicalHeaders(req.headers, input.signedHeaders)}\n` +
    `${input.signedHeaders.join(';')}\n${input.payloadHash}`
  );
}

/** The canonical request; undefined only when the query string is malformed. */
export function canonicalRequest(req: SignedRequest, input: CanonicalRequestInput): string | undefined {
  const parsed = parseQuery(req.query);
  return parsed.ok ? buildCanonicalRequest(req, parsed.params, input) : undefined;
}

/** The string to sign: algorithm, request timestamp, credential scope, hash of the canonical request. */
export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}
