// verifyRequest against requests signed by the AWS SDK's own signer (@smithy/signature-v4) and by
// real SDK clients: interoperability, a single-field mutation matrix, clock skew, lookup
// pass-through, malformed input, and the signing-key cache.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { SigningKeyCache, canonicalRequest, deriveSigningKey, sigv4Errors, stringToSign, verifyRequest } from './index.js';
import type { CredentialLookup, SigV4ErrorCode, SignedRequest, VerifyOptions, VerifyResult } from './index.js';

// --- signing with the SDK ---------------------------------------------------------------------

/** The SDK's HttpRequest shape, as its signer takes it. */
type SdkHttpRequest = Parameters<SignatureV4['sign']>[0] & { method: string; path: string; headers: Record<string, string> };

interface TestCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

const USER: TestCredentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const SESSION: TestCredentials = {
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  sessionToken: 'FwoGZXIvYXdzEBYaDH+Example//Session+Token/With=Padding==',
};

const T = new Date('2024-01-02T03:04:05Z');
const MINUTE = 60_000;

/** A request to sign; `query` keys are sent in reverse order, so sorting is exercised. */
interface Spec {
  readonly method?: string;
  readonly path?: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly service: string;
  readonly region?: string;
  readonly host?: string;
  readonly credentials?: TestCredentials;
  readonly date?: Date;
  /** Presign (query form) with this X-Amz-Expires instead of signing the headers. */
  readonly expiresIn?: number;
  readonly applyChecksum?: boolean;
}

/** RFC 3986 encoding, as the SDK puts a query on the wire. */
function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function wireQuery(query: SdkHttpRequest['query']): string {
  return Object.entries(query ?? {})
    .reverse()
    .flatMap(([k, v]) => (v === null ? [escapeUri(k)] : (Array.isArray(v) ? v : [v]).map((x) => `${escapeUri(k)}=${escapeUri(x)}`)))
    .join('&');
}

/** The SDK's signed HttpRequest as a server receives it. */
function received(signed: SdkHttpRequest): SignedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  const body: unknown = signed.body;
  return {
    method: signed.method,
    path: signed.path,
    query: wireQuery(signed.query),
    headers,
    body: typeof body === 'string' ? Buffer.from(body) : body instanceof Uint8Array ? body : new Uint8Array(),
  };
}

async function sdkSign(spec: Spec): Promise<SignedRequest> {
  const region = spec.region ?? 'us-east-1';
  const credentials = spec.credentials ?? USER;
  const signer = new SignatureV4({
    credentials,
    region,
    service: spec.service,
    sha256: Sha256,
    uriEscapePath: true,
    applyChecksum: spec.applyChecksum ?? false,
  });
  const host = spec.host ?? `${spec.service}.amazonaws.com`;
  const request: SdkHttpRequest = {
    method: spec.method ?? 'POST',
    protocol: 'https:',
    hostname: host,
    path: spec.path ?? '/',
    query: { ...spec.query },
    headers: { host, ...spec.headers },
    ...(spec.body === undefined ? {} : { body: spec.body }),
  };
  const signingDate = spec.date ?? T;
  const signed =
    spec.expiresIn === undefined
      ? await signer.sign(request, { signingDate })
      : await signer.presign(request, { signingDate, expiresIn: spec.expiresIn });
  return received(signed);
}

// --- verifying --------------------------------------------------------------------------------

/** A lookup that knows the given credentials and checks that session tokens belong to their key. */
function lookupOf(...known: TestCredentials[]): CredentialLookup {
  return async (accessKeyId, sessionToken) => {
    const found = known.find((c) => c.accessKeyId === accessKeyId);
    if (found === undefined || found.sessionToken !== sessionToken) return { error: 'InvalidClientTokenId' };
    return { secretAccessKey: found.secretAccessKey };
  };
}

function verify(req: SignedRequest, opts: Partial<VerifyOptions> = {}): Promise<VerifyResult> {
  return verifyRequest(req, { now: T, lookup: lookupOf(USER, SESSION), ...opts });
}

function codeOf(result: VerifyResult): SigV4ErrorCode | 'ok' {
  return result.ok ? 'ok' : result.error.code;
}

function withHeaders(req: SignedRequest, change: (headers: Record<string, string | readonly string[] | undefined>) => void): SignedRequest {
  const headers = { ...req.headers };
  change(headers);
  return { ...req, headers };
}

function authorizationOf(req: SignedRequest): string {
  const value = req.headers.authorization;
  assert.ok(typeof value === 'string');
  return value;
}

/** Replaces the Authorization header's Credential, SignedHeaders or Signature value. */
function withAuthParam(req: SignedRequest, param: 'Credential' | 'SignedHeaders' | 'Signature', change: (value: string) => string): SignedRequest {
  const authorization = authorizationOf(req).replace(new RegExp(`${param}=([^,]*)`), (_, v: string) => `${param}=${change(v)}`);
  return withHeaders(req, (h) => {
    h.authorization = authorization;
  });
}

/** Changes the i-th `key=value` piece of the wire query. */
function withQueryPiece(req: SignedRequest, i: number, change: (key: string, value: string) => string): SignedRequest {
  const pieces = req.query.split('&');
  const piece = pieces[i]!;
  const eq = piece.indexOf('=');
  pieces[i] = change(piece.slice(0, eq), piece.slice(eq + 1));
  return { ...req, query: pieces.join('&') };
}

function queryIndex(req: SignedRequest, key: string): number {
  const i = req.query.split('&').findIndex((p) => p.startsWith(`${key}=`));
  assert.ok(i >= 0, `${key} in query`);
  return i;
}

function shiftDate(amzDate: string, ms: number): string {
  const d = new Date(Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15)) + ms);
  return d.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

function hashed(s: string): string {
  return createHash('sha256').update(s).digest('base64');
}

// --- interoperability -------------------------------------------------------------------------

describe('requests signed by the SDK signer verify', () => {
  const cases: Array<[name: string, spec: Spec, opts?: Partial<VerifyOptions>]> = [
    [
      'iam: POST form body',
      {
        service: 'iam',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: 'Action=CreateUser&UserName=alice&Path=%2Fdivision_abc%2F&Version=2010-05-08',
      },
      { expectedService: ['iam'] },
    ],
    [
      'iam: POST form body with non-ASCII tag values',
      {
        service: 'iam',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: `Action=TagUser&UserName=alice&Tags.member.1.Key=k&Tags.member.1.Value=${escapeUri('é ü 🙂 +/=')}&Version=2010-05-08`,
      },
    ],
    [
      'sts: POST AssumeRole with a session token, regional endpoint',
      {
        service: 'sts',
        region: 'eu-west-1',
        host: 'sts.eu-west-1.amazonaws.com',
        credentials: SESSION,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: 'Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo&RoleSessionName=s&Version=2011-06-15',
      },
      { expectedService: ['sts'] },
    ],
    [
      'iam: GET with the input in the query',
      {
        service: 'iam',
        method: 'GET',
        query: { Action: 'ListUsers', Version: '2010-05-08', PathPrefix: '/division_abc/subdivision_xyz/', MaxItems: '10', Marker: 'a b+c=d~' },
      },
    ],
    ['iam: x-amz-content-sha256 signed (applyChecksum)', { service: 'iam', body: 'Action=ListUsers&Version=2010-05-08', applyChecksum: true }],
    ['iam: empty body with x-amz-content-sha256', { service: 'iam', method: 'GET', query: { Action: 'ListUsers' }, applyChecksum: true }],
    ['sts: presigned GetCallerIdentity', { service: 'sts', method: 'GET', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, expiresIn: 900 }],
    [
      'sts: presigned with a session token and an extra signed header (EKS style)',
      {
        service: 'sts',
        method: 'GET',
        credentials: SESSION,
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { 'x-k8s-aws-id': 'my-cluster' },
        expiresIn: 60,
      },
    ],
    ['iam: presigned POST with a body', { service: 'iam', body: 'Action=ListUsers&Version=2010-05-08', expiresIn: 300 }],
    ['organizations: JSON 1.1 body', { service: 'organizations', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSOrganizationsV20161128.DescribeOrganization' }, body: '{}' }],
    ['custom region and path', { service: 'iam', region: 'cn-north-1', method: 'GET', path: '/some/path/' }],
    ['unsigned payload, when allowed', { service: 's3', method: 'PUT', path: '/bucket/key', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: 'anything' }, { allowUnsignedPayload: true }],
  ];
  for (const [name, spec, opts] of cases) {
    test(name, async () => {
      const req = await sdkSign(spec);
      const result = await verify(req, opts);
      assert.deepEqual(result.ok ? undefined : result.error, undefined);
      assert.ok(result.ok);
      const credentials = spec.credentials ?? USER;
      assert.equal(result.accessKeyId, credentials.accessKeyId);
      assert.equal(result.sessionToken, credentials.sessionToken);
      assert.equal(result.region, spec.region ?? 'us-east-1');
      assert.equal(result.service, spec.service);
      assert.equal(result.presigned, spec.expiresIn !== undefined);
      assert.equal(result.signedAt.getTime(), T.getTime());
      assert.ok(result.signedHeaders.includes('host'));
    });
  }

  test('a session token added after presigning (not in the signed query) verifies', async () => {
    const req = await sdkSign({ service: 'sts', method: 'GET', query: { Action: 'GetCallerIdentity' }, credentials: { ...SESSION, sessionToken: undefined }, expiresIn: 60 });
    const withToken = { ...req, query: `${req.query}&X-Amz-Security-Token=${escapeUri(SESSION.sessionToken!)}` };
    const result = await verify(withToken);
    assert.ok(result.ok);
    assert.equal(result.sessionToken, SESSION.sessionToken);
  });

  test('the Date header serves when X-Amz-Date is absent', async () => {
    const req: SignedRequest = {
      method: 'GET',
      path: '/',
      query: 'Action=ListUsers',
      headers: { host: 'iam.amazonaws.com', date: '20240102T030405Z' },
      body: new Uint8Array(),
    };
    const signedHeaders = ['date', 'host'];
    const canonical = canonicalRequest(req, { signedHeaders, payloadHash: createHash('sha256').digest('hex'), normalizePath: true })!;
    const scope = '20240102/us-east-1/iam/aws4_request';
    const key = deriveSigningKey(USER.secretAccessKey, '20240102', 'us-east-1', 'iam');
    const signature = createHmac('sha256', key).update(stringToSign('20240102T030405Z', scope, canonical)).digest('hex');
    const authorization = `AWS4-HMAC-SHA256 Credential=${USER.accessKeyId}/${scope}, SignedHeaders=date;host, Signature=${signature}`;
    assert.ok((await verify(withHeaders(req, (h) => void (h.authorization = authorization)))).ok);
  });
});

describe('requests sent by real SDK clients verify', () => {
  interface Handler {
    handle: (request: SdkHttpRequest) => Promise<never>;
    updateHttpClientConfig: () => void;
    httpHandlerConfigs: () => Record<string, never>;
  }

  /** A handler that captures the request the client would send, and fails the call. */
  function capture(): { handler: Handler; requests: SdkHttpRequest[] } {
    const requests: SdkHttpRequest[] = [];
    const handler: Handler = {
      handle: async (request: SdkHttpRequest) => {
        requests.push(request);
        throw new Error('captured');
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    };
    return { handler, requests };
  }

  test('STSClient GetCallerIdentity with a session token', async () => {
    const { handler, requests } = capture();
    const client = new STSClient({ region: 'us-west-2', credentials: SESSION, requestHandler: handler, maxAttempts: 1 });
    await assert.rejects(client.send(new GetCallerIdentityCommand({})), /captured/);
    assert.equal(requests.length, 1);
    const result = await verify(received(requests[0]!), { now: new Date(), expectedService: ['sts'] });
    assert.deepEqual(result.ok ? undefined : result.error, undefined);
    assert.ok(result.ok);
    assert.equal(result.region, 'us-west-2');
    assert.equal(result.sessionToken, SESSION.sessionToken);
  });

  test('IAMClient ListUsers against a custom endpoint', async () => {
    const { handler, requests } = capture();
    const client = new IAMClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:4566/',
      credentials: USER,
      requestHandler: handler,
      maxAttempts: 1,
    });
    await assert.rejects(client.send(new ListUsersCommand({ PathPrefix: '/a b/', MaxItems: 5 })), /captured/);
    const result = await verify(received(requests[0]!), { now: new Date(), expectedService: ['iam'] });
    assert.deepEqual(result.ok ? undefined : result.error, undefined);
    assert.ok(result.ok);
  });
});

// --- single-field mutations -------------------------------------------------------------------

type Mutation = [name: string, mutate: (req: SignedRequest) => SignedRequest, expected: SigV4ErrorCode | 'ok', opts?: Partial<VerifyOptions>];

function runMatrix(base: () => Promise<SignedRequest>, mutations: Mutation[]): void {
  for (const [name, mutate, expected, opts] of mutations) {
    test(`${name} -> ${expected}`, async () => {
      const req = await base();
      assert.equal(codeOf(await verify(req, { ...opts, now: T })), 'ok', 'the unmutated request verifies');
      assert.equal(codeOf(await verify(mutate(req), opts)), expected);
    });
  }
}

describe('header form: every single-field mutation is rejected', () => {
  const spec: Spec = {
    service: 'iam',
    credentials: SESSION,
    query: { Marker: 'abc', MaxItems: '10' },
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'user-agent': 'aws-sdk-js/3' },
    body: 'Action=ListUsers&Version=2010-05-08',
    applyChecksum: true,
  };
  const base = (): Promise<SignedRequest> => sdkSign(spec);
  const mutations: Mutation[] = [
    ['method', (r) => ({ ...r, method: 'PUT' }), 'SignatureDoesNotMatch'],
    ['method case', (r) => ({ ...r, method: 'post' }), 'SignatureDoesNotMatch'],
    ['path', (r) => ({ ...r, path: '/x' }), 'SignatureDoesNotMatch'],
    ['path (trailing slash)', (r) => ({ ...r, path: '//' }), 'ok'],
    ['query: first key', (r) => withQueryPiece(r, 0, (k, v) => `${k}x=${v}`), 'SignatureDoesNotMatch'],
    ['query: first value', (r) => withQueryPiece(r, 0, (k, v) => `${k}=${v}x`), 'SignatureDoesNotMatch'],
    ['query: second key', (r) => withQueryPiece(r, 1, (k, v) => `${k}x=${v}`), 'SignatureDoesNotMatch'],
    ['query: second value', (r) => withQueryPiece(r, 1, (k, v) => `${k}=${v}x`), 'SignatureDoesNotMatch'],
    ['query: parameter added', (r) => ({ ...r, query: `${r.query}&Extra=1` }), 'SignatureDoesNotMatch'],
    ['query: parameter removed', (r) => ({ ...r, query: r.query.split('&').slice(1).join('&') }), 'SignatureDoesNotMatch'],
    ['query: reordered (still the same parameters)', (r) => ({ ...r, query: r.query.split('&').reverse().join('&') }), 'ok'],
    ['header host', (r) => withHeaders(r, (h) => void (h.host = 'evil.example.com')), 'SignatureDoesNotMatch'],
    ['header content-type', (r) => withHeaders(r, (h) => void (h['content-type'] = 'application/json')), 'SignatureDoesNotMatch'],
    ['header x-amz-content-sha256', (r) => withHeaders(r, (h) => void (h['x-amz-content-sha256'] = createHash('sha256').update('x').digest('hex'))), 'SignatureDoesNotMatch'],
    ['header x-amz-date, one second later', (r) => withHeaders(r, (h) => void (h['x-amz-date'] = shiftDate(h['x-amz-date'] as string, 1000))), 'SignatureDoesNotMatch'],
    // At the new time, so the scope date (not the clock) is what fails.
    ['header x-amz-date, next day', (r) => withHeaders(r, (h) => void (h['x-amz-date'] = shiftDate(h['x-amz-date'] as string, 86_400_000))), 'SignatureDoesNotMatch', { now: new Date(T.getTime() + 86_400_000) }],
    ['header x-amz-date, malformed', (r) => withHeaders(r, (h) => void (h['x-amz-date'] = `${h['x-amz-date'] as string}x`)), 'IncompleteSignature'],
    ['header x-amz-security-token', (r) => withHeaders(r, (h) => void (h['x-amz-security-token'] = `${h['x-amz-security-token'] as string}x`)), 'InvalidClientTokenId'],
    ['header x-amz-security-token removed', (r) => withHeaders(r, (h) => void delete h['x-amz-security-token']), 'InvalidClientTokenId'],
    ['header whitespace only (canonically equal)', (r) => withHeaders(r, (h) => void (h['content-type'] = '  application/x-www-form-urlencoded;   charset=utf-8 ')), 'ok'],
    ['signed header repeated', (r) => withHeaders(r, (h) => void (h['content-type'] = [h['content-type'] as string, 'text/plain'])), 'SignatureDoesNotMatch'],
    ['body: first byte', (r) => ({ ...r, body: Buffer.concat([Buffer.from('B'), Buffer.from(r.body).subarray(1)]) }), 'SignatureDoesNotMatch'],
    ['body: last byte', (r) => ({ ...r, body: Buffer.concat([Buffer.from(r.body).subarray(0, -1), Buffer.from('9')]) }), 'SignatureDoesNotMatch'],
    ['body: byte appended', (r) => ({ ...r, body: Buffer.concat([r.body, Buffer.from('&')]) }), 'SignatureDoesNotMatch'],
    ['body: emptied', (r) => ({ ...r, body: new Uint8Array() }), 'SignatureDoesNotMatch'],
    ['credential: access key id', (r) => withAuthParam(r, 'Credential', (c) => c.replace(SESSION.accessKeyId, USER.accessKeyId)), 'InvalidClientTokenId'],
    ['credential: unknown access key id', (r) => withAuthParam(r, 'Credential', (c) => `X${c}`), 'InvalidClientTokenId'],
    ['credential: date', (r) => withAuthParam(r, 'Credential', (c) => c.replace('/20240102/', '/20240101/')), 'SignatureDoesNotMatch'],
    ['credential: region', (r) => withAuthParam(r, 'Credential', (c) => c.replace('/us-east-1/', '/us-west-2/')), 'SignatureDoesNotMatch'],
    ['credential: region empty', (r) => withAuthParam(r, 'Credential', (c) => c.replace('/us-east-1/', '//')), 'SignatureDoesNotMatch'],
    ['credential: service', (r) => withAuthParam(r, 'Credential', (c) => c.replace('/iam/', '/sts/')), 'SignatureDoesNotMatch'],
    ['credential: service not expected', (r) => withAuthParam(r, 'Credential', (c) => c.replace('/iam/', '/sts/')), 'SignatureDoesNotMatch', { expectedService: ['iam'] }],
    ['credential: terminator', (r) => withAuthParam(r, 'Credential', (c) => c.replace('aws4_request', 'aws4_requesx')), 'SignatureDoesNotMatch'],
    ['credential: element removed', (r) => withAuthParam(r, 'Credential', (c) => c.replace('/aws4_request', '')), 'IncompleteSignature'],
    ['signed headers: one removed', (r) => withAuthParam(r, 'SignedHeaders', (s) => s.replace('content-type;', '')), 'SignatureDoesNotMatch'],
    ['signed headers: unsigned one added', (r) => withAuthParam(r, 'SignedHeaders', (s) => `${s};user-agent`), 'SignatureDoesNotMatch'],
    ['signed headers: host removed', (r) => withAuthParam(r, 'SignedHeaders', (s) => s.replace('host;', '')), 'SignatureDoesNotMatch'],
    ['signed headers: reordered', (r) => withAuthParam(r, 'SignedHeaders', (s) => s.split(';').reverse().join(';')), 'SignatureDoesNotMatch'],
    ['signature: last digit', (r) => withAuthParam(r, 'Signature', (s) => s.slice(0, -1) + (s.endsWith('0') ? '1' : '0')), 'SignatureDoesNotMatch'],
    ['signature: first digit', (r) => withAuthParam(r, 'Signature', (s) => (s.startsWith('0') ? '1' : '0') + s.slice(1)), 'SignatureDoesNotMatch'],
    ['signature: upper case', (r) => withAuthParam(r, 'Signature', (s) => s.toUpperCase()), 'SignatureDoesNotMatch'],
    ['signature: truncated', (r) => withAuthParam(r, 'Signature', (s) => s.slice(0, 62)), 'SignatureDoesNotMatch'],
    ['signature: extended', (r) => withAuthParam(r, 'Signature', (s) => `${s}00`), 'SignatureDoesNotMatch'],
    ['signature: removed', (r) => withAuthParam(r, 'Signature', () => ''), 'IncompleteSignature'],
    ['algorithm', (r) => withHeaders(r, (h) => void (h.authorization = authorizationOf(r).replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512'))), 'IncompleteSignature'],
    ['unsigned header changed', (r) => withHeaders(r, (h) => void (h['user-agent'] = 'curl/8')), 'ok'],
    ['unsigned header added', (r) => withHeaders(r, (h) => void (h['x-forwarded-for'] = '10.0.0.1')), 'ok'],
    ['unsigned header removed', (r) => withHeaders(r, (h) => void delete h['user-agent']), 'ok'],
    ['unsigned header repeated', (r) => withHeaders(r, (h) => void (h['user-agent'] = ['a', 'b'])), 'ok'],
  ];
  runMatrix(base, mutations);

  test('a date moved to the next day fails on the credential scope date', async () => {
    const req = await base();
    const moved = withHeaders(req, (h) => void (h['x-amz-date'] = '20240103T030405Z'));
    const result = await verify(moved, { now: new Date('2024-01-03T03:04:05Z') });
    assert.equal(
      result.ok ? 'ok' : result.error.message,
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240102' != '20240103', from '20240103T030405Z'.",
    );
  });

  test('every signed header is covered by a mutation above', async () => {
    const req = await base();
    const signed = /SignedHeaders=([^,]*)/.exec(authorizationOf(req))![1]!.split(';');
    const covered = mutations.map(([name]) => name);
    for (const header of signed) assert.ok(covered.some((n) => n.startsWith(`header ${header}`)), header);
  });
});

describe('presigned form: every single-field mutation is rejected', () => {
  const spec: Spec = {
    service: 'sts',
    method: 'GET',
    credentials: SESSION,
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    headers: { 'x-k8s-aws-id': 'my-cluster' },
    expiresIn: 60,
  };
  const base = (): Promise<SignedRequest> => sdkSign(spec);
  const byKey = (key: string, change: (k: string, v: string) => string) => (r: SignedRequest) => withQueryPiece(r, queryIndex(r, key), change);
  const key = (k: string, v: string): string => `${k}x=${v}`;
  const value = (k: string, v: string): string => `${k}=${v}x`;
  const mutations: Mutation[] = [
    ['method', (r) => ({ ...r, method: 'POST' }), 'SignatureDoesNotMatch'],
    ['path', (r) => ({ ...r, path: '/x' }), 'SignatureDoesNotMatch'],
    ['Action key', byKey('Action', key), 'SignatureDoesNotMatch'],
    ['Action value', byKey('Action', value), 'SignatureDoesNotMatch'],
    ['Version key', byKey('Version', key), 'SignatureDoesNotMatch'],
    ['Version value', byKey('Version', value), 'SignatureDoesNotMatch'],
    ['X-Amz-Algorithm key', byKey('X-Amz-Algorithm', key), 'MissingAuthenticationToken'],
    ['X-Amz-Algorithm value', byKey('X-Amz-Algorithm', value), 'IncompleteSignature'],
    ['X-Amz-Credential key', byKey('X-Amz-Credential', key), 'IncompleteSignature'],
    ['X-Amz-Credential: access key id', byKey('X-Amz-Credential', (k, v) => `${k}=${v.replace(SESSION.accessKeyId, USER.accessKeyId)}`), 'InvalidClientTokenId'],
    ['X-Amz-Credential: date', byKey('X-Amz-Credential', (k, v) => `${k}=${v.replace('20240102', '20240103')}`), 'SignatureDoesNotMatch'],
    ['X-Amz-Credential: region', byKey('X-Amz-Credential', (k, v) => `${k}=${v.replace('us-east-1', 'us-east-2')}`), 'SignatureDoesNotMatch'],
    ['X-Amz-Credential: service', byKey('X-Amz-Credential', (k, v) => `${k}=${v.replace('%2Fsts%2F', '%2Fiam%2F')}`), 'SignatureDoesNotMatch'],
    ['X-Amz-Credential: terminator', byKey('X-Amz-Credential', value), 'SignatureDoesNotMatch'],
    ['X-Amz-Date key', byKey('X-Amz-Date', key), 'IncompleteSignature'],
    ['X-Amz-Date value', byKey('X-Amz-Date', value), 'IncompleteSignature'],
    ['X-Amz-Date, one second later', byKey('X-Amz-Date', (k, v) => `${k}=${shiftDate(v, 1000)}`), 'SignatureDoesNotMatch'],
    ['X-Amz-Expires key', byKey('X-Amz-Expires', key), 'SignatureDoesNotMatch'],
    ['X-Amz-Expires value', byKey('X-Amz-Expires', (k) => `${k}=3600`), 'SignatureDoesNotMatch'],
    ['X-Amz-SignedHeaders key', byKey('X-Amz-SignedHeaders', key), 'IncompleteSignature'],
    ['X-Amz-SignedHeaders value', byKey('X-Amz-SignedHeaders', value), 'SignatureDoesNotMatch'],
    ['X-Amz-SignedHeaders without host', byKey('X-Amz-SignedHeaders', (k) => `${k}=x-k8s-aws-id`), 'SignatureDoesNotMatch'],
    ['X-Amz-Signature key', byKey('X-Amz-Signature', key), 'IncompleteSignature'],
    ['X-Amz-Signature value', byKey('X-Amz-Signature', value), 'SignatureDoesNotMatch'],
    ['X-Amz-Signature digit', byKey('X-Amz-Signature', (k, v) => `${k}=${v.slice(0, -1)}${v.endsWith('a') ? 'b' : 'a'}`), 'SignatureDoesNotMatch'],
    ['X-Amz-Security-Token key', byKey('X-Amz-Security-Token', key), 'InvalidClientTokenId'],
    ['X-Amz-Security-Token value', byKey('X-Amz-Security-Token', value), 'InvalidClientTokenId'],
    ['header host', (r) => withHeaders(r, (h) => void (h.host = 'sts.us-east-2.amazonaws.com')), 'SignatureDoesNotMatch'],
    ['header x-k8s-aws-id', (r) => withHeaders(r, (h) => void (h['x-k8s-aws-id'] = 'other-cluster')), 'SignatureDoesNotMatch'],
    ['query parameter added', (r) => ({ ...r, query: `${r.query}&Extra=1` }), 'SignatureDoesNotMatch'],
    ['body added', (r) => ({ ...r, body: Buffer.from('x') }), 'SignatureDoesNotMatch'],
    ['Authorization header added', (r) => withHeaders(r, (h) => void (h.authorization = 'AWS4-HMAC-SHA256 Credential=a')), 'SignatureDoesNotMatch'],
    ['unsigned header added', (r) => withHeaders(r, (h) => void (h['user-agent'] = 'curl/8')), 'ok'],
    ['query reordered', (r) => ({ ...r, query: r.query.split('&').reverse().join('&') }), 'ok'],
  ];
  runMatrix(base, mutations);

  test('every query parameter is covered by a key and a value mutation', async () => {
    const req = await base();
    const names = mutations.map(([name]) => name);
    for (const piece of req.query.split('&')) {
      const k = piece.slice(0, piece.indexOf('='));
      assert.ok(names.includes(`${k} key`), `${k} key`);
      assert.ok(names.some((n) => n.startsWith(`${k}`) && n !== `${k} key`), `${k} value`);
    }
  });
});

// --- clock --------------------------------------------------------------------------------------

describe('clock skew', () => {
  const cases: Array<[name: string, offsetMs: number, expected: string, opts?: Partial<VerifyOptions>]> = [
    ['same instant', 0, 'ok'],
    ['15 min after signing (edge, inside)', 15 * MINUTE, 'ok'],
    ['15 min 1 ms after signing', 15 * MINUTE + 1, 'Signature expired: 20240102T030405Z is now earlier than 20240102T030405Z (20240102T031905Z - 15 min.)'],
    ['15 min 1 s after signing', 15 * MINUTE + 1000, 'Signature expired: 20240102T030405Z is now earlier than 20240102T030406Z (20240102T031906Z - 15 min.)'],
    ['15 min before signing (edge, inside)', -15 * MINUTE, 'ok'],
    ['15 min 1 ms before signing', -15 * MINUTE - 1, 'Signature not yet current: 20240102T030405Z is still later than 20240102T030404Z (20240102T024904Z + 15 min.)'],
    ['15 min 1 s before signing', -15 * MINUTE - 1000, 'Signature not yet current: 20240102T030405Z is still later than 20240102T030404Z (20240102T024904Z + 15 min.)'],
    ['5 min window: just inside', 5 * MINUTE, 'ok', { maxSkewMs: 5 * MINUTE }],
    ['5 min window: just outside', 5 * MINUTE + 1000, 'Signature expired: 20240102T030405Z is now earlier than 20240102T030406Z (20240102T030906Z - 5 min.)', { maxSkewMs: 5 * MINUTE }],
    ['5 min window: future, just outside', -5 * MINUTE - 1000, 'Signature not yet current: 20240102T030405Z is still later than 20240102T030404Z (20240102T025904Z + 5 min.)', { maxSkewMs: 5 * MINUTE }],
  ];
  for (const form of ['header', 'presigned'] as const) {
    for (const [name, offsetMs, expected, opts] of cases) {
      test(`${form}: ${name}`, async () => {
        const req = await sdkSign({ service: 'sts', method: 'GET', query: { Action: 'GetCallerIdentity' }, ...(form === 'presigned' ? { expiresIn: 3600 } : {}) });
        const result = await verify(req, { now: new Date(T.getTime() + offsetMs), ...opts });
        assert.equal(result.ok ? 'ok' : result.error.message, expected);
        if (!result.ok) assert.deepEqual([result.error.code, result.error.status], ['SignatureDoesNotMatch', 403]);
      });
    }
  }

  test('a stale request is rejected before the credential lookup', async () => {
    const req = await sdkSign({ service: 'iam' });
    let calls = 0;
    const result = await verifyRequest(req, {
      now: new Date(T.getTime() + 20 * MINUTE),
      lookup: async () => {
        calls++;
        return { secretAccessKey: USER.secretAccessKey };
      },
    });
    assert.equal(codeOf(result), 'SignatureDoesNotMatch');
    assert.equal(calls, 0);
  });
});

describe('presigned X-Amz-Expires', () => {
  const cases: Array<[name: string, expiresIn: number, offsetMs: number, enforce: boolean, expected: string]> = [
    // IAM and STS ignore X-Amz-Expires: the skew window alone applies.
    ['60 s, used after 5 min (AWS behaviour)', 60, 5 * MINUTE, false, 'ok'],
    ['3600 s, used after 16 min (AWS behaviour)', 3600, 16 * MINUTE, false, 'SignatureDoesNotMatch'],
    ['enforced: 60 s, used after 60 s', 60, 60_000, true, 'ok'],
    ['enforced: 60 s, used after 61 s', 60, 61_000, true, 'RequestExpired'],
    ['enforced: 3600 s, used after 30 min', 3600, 30 * MINUTE, true, 'ok'],
    ['enforced: still not usable from the future', 3600, -16 * MINUTE, true, 'SignatureDoesNotMatch'],
  ];
  for (const [name, expiresIn, offsetMs, enforce, expected] of cases) {
    test(name, async () => {
      const req = await sdkSign({ service: 'sts', method: 'GET', query: { Action: 'GetCallerIdentity' }, expiresIn });
      const result = await verify(req, { now: new Date(T.getTime() + offsetMs), enforcePresignExpiry: enforce });
      assert.equal(codeOf(result), expected);
    });
  }

  const malformed: Array<[value: string | undefined, error: ReturnType<typeof sigv4Errors.requestExpired>]> = [
    ['abc', sigv4Errors.expiresNotANumber()],
    ['-5', sigv4Errors.expiresNegative()],
    ['604801', sigv4Errors.expiresTooLarge()],
    [undefined, sigv4Errors.incompleteQuery(['X-Amz-Expires'])],
  ];
  for (const [value, error] of malformed) {
    test(`enforced: X-Amz-Expires ${String(value)} -> ${error.code}`, async () => {
      const req = await sdkSign({ service: 'sts', method: 'GET', query: { Action: 'GetCallerIdentity' }, expiresIn: 60 });
      const query = req.query
        .split('&')
        .flatMap((p) => (p.startsWith('X-Amz-Expires=') ? (value === undefined ? [] : [`X-Amz-Expires=${value}`]) : [p]))
        .join('&');
      assert.deepEqual(await verify({ ...req, query }, { enforcePresignExpiry: true }), { ok: false, error });
    });
  }
});

// --- credential lookup ------------------------------------------------------------------------

describe('credential lookup', () => {
  const cases: Array<[name: string, answer: Awaited<ReturnType<CredentialLookup>>, expected: { code: string; message: string; status: number }]> = [
    ['ExpiredToken passes through', { error: 'ExpiredToken', message: 'The security token included in the request is expired' }, { code: 'ExpiredToken', message: 'The security token included in the request is expired', status: 403 }],
    ['InvalidClientTokenId without a message gets AWS wording', { error: 'InvalidClientTokenId' }, { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', status: 403 }],
    ['ExpiredToken without a message gets AWS wording', { error: 'ExpiredToken' }, { code: 'ExpiredToken', message: 'The security token included in the request is expired', status: 403 }],
    ['a custom message passes through', { error: 'InvalidClientTokenId', message: 'custom' }, { code: 'InvalidClientTokenId', message: 'custom', status: 403 }],
  ];
  for (const [name, answer, expected] of cases) {
    test(name, async () => {
      const req = await sdkSign({ service: 'iam', credentials: SESSION });
      const result = await verify(req, { lookup: async () => answer });
      assert.deepEqual(result, { ok: false, error: expected });
    });
  }

  test('receives the access key id and session token, header and presigned', async () => {
    for (const expiresIn of [undefined, 60]) {
      const seen: Array<[string, string | undefined]> = [];
      const req = await sdkSign({ service: 'sts', method: 'GET', credentials: SESSION, ...(expiresIn === undefined ? {} : { expiresIn }) });
      const result = await verify(req, {
        lookup: async (id, token) => {
          seen.push([id, token]);
          return { secretAccessKey: SESSION.secretAccessKey };
        },
      });
      assert.ok(result.ok);
      assert.deepEqual(seen, [[SESSION.accessKeyId, SESSION.sessionToken]]);
    }
  });

  test('a failing lookup is our failure: the rejection propagates', async () => {
    const req = await sdkSign({ service: 'iam' });
    await assert.rejects(verify(req, { lookup: () => Promise.reject(new Error('store down')) }), /store down/);
  });
});

// --- payload hash -----------------------------------------------------------------------------

describe('payload hash', () => {
  test('UNSIGNED-PAYLOAD is refused unless allowed', async () => {
    const req = await sdkSign({ service: 'iam', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: 'Action=ListUsers' });
    assert.equal(codeOf(await verify(req)), 'SignatureDoesNotMatch');
    assert.equal(codeOf(await verify(req, { allowUnsignedPayload: true })), 'ok');
  });

  test('a declared x-amz-content-sha256 that is not the body hash fails, even though it was signed', async () => {
    const lie = createHash('sha256').update('Action=DeleteUser').digest('hex');
    const req = await sdkSign({ service: 'iam', headers: { 'x-amz-content-sha256': lie }, body: 'Action=ListUsers' });
    assert.equal(codeOf(await verify(req)), 'SignatureDoesNotMatch');
  });
});

// --- malformed requests -------------------------------------------------------------------------

describe('malformed requests get AWS errors', () => {
  const date = '20150830T123600Z';
  const now = new Date('2015-08-30T12:36:00Z');
  const credential = 'AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request';
  const request = (headers: Record<string, string>, query = ''): SignedRequest => ({
    method: 'POST',
    path: '/',
    query,
    headers: { host: 'iam.amazonaws.com', ...headers },
    body: new Uint8Array(),
  });
  const auth = (rest: string): string => `AWS4-HMAC-SHA256 ${rest}`;
  const sig = '0'.repeat(64);
  const full = auth(`Credential=${credential}, SignedHeaders=host;x-amz-date, Signature=${sig}`);

  const cases: Array<[name: string, req: SignedRequest, expected: { code: string; status: number; message: string }, opts?: Partial<VerifyOptions>]> = [
    ['no authorization', request({}), { code: 'MissingAuthenticationToken', status: 403, message: 'Request is missing Authentication Token' }],
    ['a non-SigV4 Authorization header', request({ authorization: 'Bearer abc', 'x-amz-date': date }), { code: 'MissingAuthenticationToken', status: 403, message: 'Request is missing Authentication Token' }],
    ['unsupported algorithm', request({ authorization: `AWS4-HMAC-SHA512 Credential=${credential}`, 'x-amz-date': date }), { code: 'IncompleteSignature', status: 400, message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). " }],
    ['SigV4A', request({ authorization: 'AWS4-ECDSA-P256-SHA256 Credential=x', 'x-amz-date': date }), { code: 'IncompleteSignature', status: 400, message: "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). " }],
    ['a parameter without =', request({ authorization: auth(`Credential= ${credential}, SignedHeaders=host, Signature=${sig}`), 'x-amz-date': date }), { code: 'IncompleteSignature', status: 400, message: `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${hashed(auth(`Credential= ${credential}, SignedHeaders=host, Signature=${sig}`))}'.` }],
    ['no parameters and no date', request({ authorization: 'AWS4-HMAC-SHA256' }), { code: 'IncompleteSignature', status: 400, message: `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. (Hashed with SHA-256 and encoded with Base64) Authorization=${hashed('AWS4-HMAC-SHA256')}` }],
    ['unknown parameters only', request({ authorization: auth('Foo=Bar, Baz=Burp'), 'x-amz-date': date }), { code: 'IncompleteSignature', status: 400, message: `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. (Hashed with SHA-256 and encoded with Base64) Authorization=${hashed(auth('Foo=Bar, Baz=Burp'))}` }],
    ['no date header', request({ authorization: full }), { code: 'IncompleteSignature', status: 400, message: `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. (Hashed with SHA-256 and encoded with Base64) Authorization=${hashed(full)}` }],
    ['host not signed', request({ authorization: auth(`Credential=${credential}, SignedHeaders=x-amz-date, Signature=${sig}`), 'x-amz-date': date }), { code: 'SignatureDoesNotMatch', status: 403, message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." }],
    ['empty SignedHeaders', request({ authorization: auth(`Credential=${credential}, SignedHeaders=, Signature=${sig}`), 'x-amz-date': date }), { code: 'SignatureDoesNotMatch', status: 403, message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization." }],
    ['extended ISO 8601 date', request({ authorization: full, 'x-amz-date': '2015-08-30T12:36:00Z' }), { code: 'IncompleteSignature', status: 400, message: "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601" }],
    ['RFC 1123 Date header', request({ authorization: full, date: 'Sun, 30 Aug 2015 12:36:00 GMT' }), { code: 'IncompleteSignature', status: 400, message: "Date must be in ISO-8601 'basic format'. Got 'Sun, 30 Aug 2015 12:36:00 GMT'. See http://en.wikipedia.org/wiki/ISO_8601" }],
    ['credential with two elements', request({ authorization: auth(`Credential=AKIDEXAMPLE/20150830, SignedHeaders=host;x-amz-date, Signature=${sig}`), 'x-amz-date': date }), { code: 'IncompleteSignature', status: 400, message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830'" }],
    ['every scope element wrong', request({ authorization: auth(`Credential=AKIDEXAMPLE/20150831//iam/aws5_request, SignedHeaders=host;x-amz-date, Signature=${sig}`), 'x-amz-date': date }), { code: 'SignatureDoesNotMatch', status: 403, message: "Credential should be scoped to a valid region. Credential should be scoped to correct service: 'sts'. Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'." }, { expectedService: ['sts'] }],
    ['wrong service only', request({ authorization: full, 'x-amz-date': date }), { code: 'SignatureDoesNotMatch', status: 403, message: "Credential should be scoped to correct service: 'sts'. " }, { expectedService: ['sts', 'organizations'] }],
    ['inherited property names as signed headers', request({ authorization: auth(`Credential=${credential}, SignedHeaders=__proto__;constructor;host;tostring;x-amz-date, Signature=${sig}`), 'x-amz-date': date }), { code: 'SignatureDoesNotMatch', status: 403, message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' }],
    ['signature of the wrong length', request({ authorization: auth(`Credential=${credential}, SignedHeaders=host;x-amz-date, Signature=abc`), 'x-amz-date': date }), { code: 'SignatureDoesNotMatch', status: 403, message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' }],
    ['both an Authorization header and a presigned query', request({ authorization: full, 'x-amz-date': date }, 'X-Amz-Algorithm=AWS4-HMAC-SHA256'), { code: 'SignatureDoesNotMatch', status: 403, message: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header." }],
    ['malformed escape in the query', request({ authorization: full, 'x-amz-date': date }, 'Action=%zzList'), { code: 'MalformedQueryString', status: 404, message: 'Illegal hex character in escape % pattern: %zz' }],
    ['truncated escape in the query', request({}, 'Action=List%2'), { code: 'MalformedQueryString', status: 404, message: 'Incomplete trailing escape % sequence' }],
    ['presigned without the other parameters', request({}, 'X-Amz-Algorithm=AWS4-HMAC-SHA256'), { code: 'IncompleteSignature', status: 400, message: "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters." }],
    ['presigned with an empty algorithm', request({}, 'X-Amz-Algorithm'), { code: 'IncompleteSignature', status: 400, message: "AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters." }],
    ['presigned with a bad date', request({}, `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(credential)}&X-Amz-Date=yesterday&X-Amz-SignedHeaders=host&X-Amz-Signature=${sig}`), { code: 'IncompleteSignature', status: 400, message: "Date must be in ISO-8601 'basic format'. Got 'yesterday'. See http://en.wikipedia.org/wiki/ISO_8601" }],
  ];
  for (const [name, req, expected, opts] of cases) {
    test(name, async () => {
      let lookups = 0;
      const result = await verifyRequest(req, {
        now,
        lookup: async () => {
          lookups++;
          return { secretAccessKey: 'secret' };
        },
        ...opts,
      });
      assert.deepEqual(result, { ok: false, error: expected });
      // Only the signature itself is checked after the lookup.
      assert.equal(lookups, expected.message.startsWith('The request signature') ? 1 : 0);
    });
  }

  test('error messages never contain the secret or the signature', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    for (const [, req] of cases) {
      const result = await verifyRequest(req, { now, lookup: async () => ({ secretAccessKey: secret }) });
      assert.ok(!result.ok);
      assert.ok(!result.error.message.includes(secret));
      assert.ok(!result.error.message.includes(sig));
    }
  });

  test('arbitrary input never throws and always yields a catalogued error', async () => {
    const codes = new Set<string>(['MissingAuthenticationToken', 'IncompleteSignature', 'SignatureDoesNotMatch', 'InvalidClientTokenId', 'MalformedQueryString']);
    const piece = fc.oneof(fc.string(), fc.constantFrom('AWS4-HMAC-SHA256 ', 'Credential=', 'SignedHeaders=', 'Signature=', ',', '=', '/', ';', ' ', '%', 'X-Amz-Algorithm=', '&', date, credential, 'host', '__proto__', 'constructor', 'X-Amz-SignedHeaders=', 'SignedHeaders=constructor;host;'));
    const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(text, text, text, fc.option(text), fc.uint8Array({ maxLength: 8 }), async (authorization, query, path, amzDate, body) => {
        const req: SignedRequest = {
          method: 'POST',
          path,
          query,
          headers: { host: 'iam.amazonaws.com', authorization, ...(amzDate === null ? {} : { 'x-amz-date': amzDate }) },
          body,
        };
        const result = await verifyRequest(req, { now, lookup: lookupOf(USER), enforcePresignExpiry: query.length % 2 === 0 });
        assert.ok(!result.ok);
        assert.ok(codes.has(result.error.code) || result.error.code === 'AuthorizationQueryParametersError' || result.error.code === 'RequestExpired', result.error.code);
      }),
      { numRuns: 500 },
    );
  });
});

describe('near-valid requests never throw', () => {
  test('arbitrary signed-header names, header maps, paths and queries with a well-formed authorization', async () => {
    const now = new Date('2015-08-30T12:36:00Z');
    const name = fc.oneof(fc.constantFrom('host', 'x-amz-date', '__proto__', 'constructor', 'tostring', ':authority', ''), fc.string({ maxLength: 6 }));
    const value = fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(name, { maxLength: 6 }),
        fc.dictionary(name, value, { maxKeys: 5 }),
        fc.string(),
        fc.string(),
        fc.boolean(),
        async (signed, extra, path, query, presigned) => {
          const credential = 'AKIAIOSFODNN7EXAMPLE/20150830/us-east-1/iam/aws4_request';
          const signedHeaders = ['host', ...signed].join(';');
          const headers: Record<string, string | string[]> = { ...extra, host: 'iam.amazonaws.com', 'x-amz-date': '20150830T123600Z' };
          let q = query;
          if (presigned) {
            q += `&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${escapeUri(credential)}&X-Amz-Date=20150830T123600Z`;
            q += `&X-Amz-SignedHeaders=${escapeUri(signedHeaders)}&X-Amz-Signature=${'a'.repeat(64)}`;
          } else {
            headers.authorization = `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=${signedHeaders}, Signature=${'a'.repeat(64)}`;
          }
          const result = await verifyRequest({ method: 'GET', path, query: q, headers, body: new Uint8Array() }, { now, lookup: lookupOf(USER) });
          assert.ok(!result.ok);
        },
      ),
      { numRuns: 500 },
    );
  });
});

// --- signing-key cache --------------------------------------------------------------------------

describe('signing-key cache', () => {
  test('verification derives the key once per secret, day, region and service', async () => {
    const cache = new SigningKeyCache(8);
    const first = await sdkSign({ service: 'iam' });
    const second = await sdkSign({ service: 'iam', body: 'Action=ListUsers' });
    assert.ok((await verify(first, { signingKeyCache: cache })).ok);
    assert.ok((await verify(second, { signingKeyCache: cache })).ok);
    assert.equal(cache.size, 1);
    assert.ok((await verify(await sdkSign({ service: 'sts' }), { signingKeyCache: cache })).ok);
    assert.equal(cache.size, 2);
  });

  test('a changed secret misses the cache (no stale key verifies)', async () => {
    const cache = new SigningKeyCache(8);
    const req = await sdkSign({ service: 'iam' });
    assert.ok((await verify(req, { signingKeyCache: cache })).ok);
    const rotated = await verify(req, { signingKeyCache: cache, lookup: async () => ({ secretAccessKey: 'rotated' }) });
    assert.equal(codeOf(rotated), 'SignatureDoesNotMatch');
  });
});
