// AWS's SigV4 test vectors (aws-c-auth, test/fixtures/sigv4-test-suite): for every case and both
// forms, the canonical request and string to sign built here equal AWS's files byte for byte, and
// the signed request verifies with the case's credentials at the case's time.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { canonicalRequest, parseAuthorization, stringToSign, verifyRequest } from './index.js';
import type { SignedRequest } from './index.js';
import { sha256Hex } from './canonical.js';

const SUITE = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'sigv4-test-suite');

interface Context {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  region: string;
  service: string;
  timestamp: string;
  normalize: boolean;
  expiration_in_seconds: number;
  omit_session_token?: boolean;
}

/**
 * Parses a `*-signed-request.txt`: request line, `Name:value` headers (indented lines continue the
 * previous value, as obs-fold; a repeated name becomes an array), blank line, body.
 */
function parseHttpRequest(text: string): SignedRequest {
  const blank = text.indexOf('\n\n');
  const head = blank < 0 ? text.replace(/\n$/, '') : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + 2);
  const [requestLine = '', ...lines] = head.split('\n');
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' HTTP/'));
  const q = target.indexOf('?');
  const headers: Record<string, string | string[]> = {};
  let last: { name: string; index: number } | undefined;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && last !== undefined) {
      const current = headers[last.name]!;
      if (Array.isArray(current)) current[last.index] += ` ${line}`;
      else headers[last.name] = `${current} ${line}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1);
    const existing = headers[name];
    if (existing === undefined) {
      headers[name] = value;
      last = { name, index: 0 };
    } else {
      const values = Array.isArray(existing) ? existing : [existing];
      values.push(value);
      headers[name] = values;
      last = { name, index: values.length - 1 };
    }
  }
  return {
    method,
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? '' : target.slice(q + 1),
    headers,
    body: Buffer.from(body, 'utf8'),
  };
}

const cases = readdirSync(SUITE)
  .filter((name) => statSync(join(SUITE, name)).isDirectory())
  .sort();

test('the suite has its 38 cases', () => {
  assert.equal(cases.length, 38);
});

for (const name of cases) {
  const dir = join(SUITE, name);
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
  const context = JSON.parse(read('context.json')) as Context;
  const { credentials } = context;
  const now = new Date(context.timestamp);

  describe(name, () => {
    for (const form of ['header', 'query'] as const) {
      const req = parseHttpRequest(read(`${form}-signed-request.txt`));

      test(`${form}: canonical request and string to sign match`, () => {
        const claimed = parseAuthorization(req);
        assert.ok(claimed !== undefined && !('error' in claimed), 'request must carry a SigV4 authorization');
        assert.equal(claimed.presigned, form === 'query');
        const omitToken = form === 'query' && context.omit_session_token === true;
        const canonical = canonicalRequest(req, {
          signedHeaders: claimed.signedHeaders,
          payloadHash: sha256Hex(req.body),
          normalizePath: context.normalize,
          excludeQuery: form === 'query' ? ['X-Amz-Signature', ...(omitToken ? ['X-Amz-Security-Token'] : [])] : [],
        });
        assert.equal(canonical, read(`${form}-canonical-request.txt`));
        const scope = `${claimed.scopeDate}/${claimed.region}/${claimed.service}/${claimed.terminator}`;
        assert.ok(canonical !== undefined);
        assert.equal(stringToSign('20150830T123600Z', scope, canonical), read(`${form}-string-to-sign.txt`));
      });

      test(`${form}: the signed request verifies`, async () => {
        const lookups: Array<[string, string | undefined]> = [];
        const result = await verifyRequest(req, {
          now,
          normalizePath: context.normalize,
          lookup: async (accessKeyId, sessionToken) => {
            lookups.push([accessKeyId, sessionToken]);
            return { secretAccessKey: credentials.secret_access_key };
          },
        });
        assert.deepEqual(result.ok ? undefined : result.error, undefined);
        assert.ok(result.ok);
        assert.equal(result.accessKeyId, credentials.access_key_id);
        assert.equal(result.region, context.region);
        assert.equal(result.service, context.service);
        assert.equal(result.presigned, form === 'query');
        assert.equal(result.signedAt.toISOString(), now.toISOString());
        assert.equal(result.sessionToken, credentials.token);
        assert.deepEqual(lookups, [[credentials.access_key_id, credentials.token]]);
      });

      test(`${form}: verifies with S3-style X-Amz-Expires enforcement, fails with a wrong secret`, async () => {
        const strict = await verifyRequest(req, {
          now,
          normalizePath: context.normalize,
          enforcePresignExpiry: true,
          lookup: async () => ({ secretAccessKey: credentials.secret_access_key }),
        });
        assert.ok(strict.ok);
        const wrong = await verifyRequest(req, {
          now,
          normalizePath: context.normalize,
          lookup: async () => ({ secretAccessKey: `${credentials.secret_access_key}x` }),
        });
        assert.equal(wrong.ok ? 'ok' : wrong.error.code, 'SignatureDoesNotMatch');
      });
    }
  });
}
