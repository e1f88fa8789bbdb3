// SigV4 verification in-process: verifyRequest() (src/sigv4) on an IAM request signed by
// @smithy/signature-v4 as the SDK signs it, beside the raw cost of the cryptography it cannot
// avoid, so the table shows how close a verification is to one HMAC-SHA256.
//
//   verifyRequest, cached signing key   what the server does for a known key (SigningKeyCache)
//   verifyRequest, key derived per call the same with the 4-HMAC key derivation every time
//   SigningKeyCache.get (hit)           the cache lookup alone
//   HMAC-SHA256 of the string to sign   the one HMAC a cached-key verification needs
//   SHA-256 of the body                 the payload hash
//   crypto floor                        SHA-256(body) + SHA-256(canonical request) + HMAC: the
//                                       least any SigV4 verifier computes per request
//
// Each row: a warm-up, then rounds of a fixed window; the median round is reported.

import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sigv4Module from '../src/sigv4/index.js';
import type { SignedRequest, VerifyOptions } from '../src/sigv4/index.js';
import { signIamCall, tesseraCode, type CodeSource } from './server.js';
import { fmtRate, markdownTable, median, nowNs } from './stats.js';

export interface Sigv4BenchOptions {
  quick: boolean;
  engine: CodeSource;
  outDir: string;
}

const KEY = { accessKeyId: 'AKIABENCHSIGV4000001', secretAccessKey: 'benchSigv4Secret/0000000000000000000000000' };
const HOST = '127.0.0.1:4566';

const log = (msg: string): void => {
  process.stderr.write(`${msg}\n`);
};

interface Measured {
  name: string;
  opsPerSec: number;
  nsPerOp: number;
}

/** Rounds of `windowMs` each, `batch` calls between clock reads; the median round's rate. */
async function measure(name: string, fn: () => unknown, windowMs: number, rounds: number, batch = 256): Promise<Measured> {
  const rate = async (ms: number): Promise<number> => {
    const t0 = nowNs();
    const end = t0 + ms * 1e6;
    let n = 0;
    let t = t0;
    while (t < end) {
      for (let i = 0; i < batch; i++) {
        const r = fn();
        if (r instanceof Promise) await r;
      }
      n += batch;
      t = nowNs();
    }
    return (n * 1e9) / (t - t0);
  };
  await rate(Math.min(250, windowMs)); // warm-up
  const rates: number[] = [];
  for (let i = 0; i < rounds; i++) rates.push(await rate(windowMs));
  const opsPerSec = median(rates);
  log(`  sigv4: ${name}: ${fmtRate(opsPerSec)}/s`);
  return { name, opsPerSec, nsPerOp: 1e9 / opsPerSec };
}

export async function runSigv4Bench(opts: Sigv4BenchOptions): Promise<void> {
  const code = await tesseraCode(opts.engine);
  const sigv4 = (await import(pathToFileURL(join(code.dir, 'sigv4', `index${code.ext}`)).href)) as typeof Sigv4Module;

  const signedAt = new Date();
  const fixed = await signIamCall(HOST, { Action: 'GetUser', UserName: 'bench' }, KEY, signedAt);
  const body = Buffer.from(fixed.body, 'utf8');
  // As node:http hands it over (req.headersDistinct): lower-case names, arrays of values.
  const headers: Record<string, string[]> = { 'content-length': [String(body.length)] };
  for (const [k, v] of Object.entries(fixed.headers)) headers[k.toLowerCase()] = [v];
  const req: SignedRequest = { method: 'POST', path: fixed.path, query: '', headers, body };

  const lookup: VerifyOptions['lookup'] = () => Promise.resolve({ secretAccessKey: KEY.secretAccessKey });
  const now = new Date(signedAt.getTime() + 1000);
  const cache = new sigv4.SigningKeyCache();
  const cached: VerifyOptions = { now, lookup, expectedService: ['iam'], signingKeyCache: cache };
  const derived: VerifyOptions = { now, lookup, expectedService: ['iam'], signingKeyCache: { get: sigv4.deriveSigningKey } };
  for (const o of [cached, derived]) {
    const r = await sigv4.verifyRequest(req, o);
    if (!r.ok) throw new Error(`the SDK-signed request does not verify: ${r.error.code}: ${r.error.message}`);
  }

  // The same inputs the verifier hashes, computed once here for the raw crypto rows.
  const parts = /Credential=[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/.exec(fixed.headers.authorization ?? '');
  if (!parts) throw new Error(`unexpected Authorization header: ${fixed.headers.authorization}`);
  const [, date = '', region = '', service = ''] = parts;
  const signingKey = sigv4.deriveSigningKey(KEY.secretAccessKey, date, region, service);
  const signed = (/SignedHeaders=([^,]+)/.exec(fixed.headers.authorization ?? '')?.[1] ?? '').split(';');
  const canonical = sigv4.canonicalRequest(req, {
    signedHeaders: signed,
    payloadHash: createHash('sha256').update(body).digest('hex'),
    normalizePath: true,
  });
  if (canonical === undefined) throw new Error('no canonical request for the signed request');
  const toSign = sigv4.stringToSign(fixed.headers['x-amz-date'] ?? '', `${date}/${region}/${service}/aws4_request`, canonical);

  const windowMs = opts.quick ? 200 : 700;
  const rounds = 3;
  const rows: Measured[] = [];
  rows.push(await measure('verifyRequest, cached signing key', () => sigv4.verifyRequest(req, cached), windowMs, rounds, 64));
  rows.push(await measure('verifyRequest, signing key derived per call', () => sigv4.verifyRequest(req, derived), windowMs, rounds, 64));
  rows.push(await measure('SigningKeyCache.get (hit)', () => cache.get(KEY.secretAccessKey, date, region, service), windowMs, rounds));
  rows.push(await measure('one HMAC-SHA256 of the string to sign', () => createHmac('sha256', signingKey).update(toSign).digest(), windowMs, rounds));
  rows.push(await measure(`one SHA-256 of the body (${body.length} B)`, () => createHash('sha256').update(body).digest('hex'), windowMs, rounds));
  rows.push(
    await measure(
      'crypto floor: SHA-256 body + SHA-256 canonical request + HMAC',
      () => {
        createHash('sha256').update(body).digest('hex');
        createHash('sha256').update(canonical).digest('hex');
        return createHmac('sha256', signingKey).update(toSign).digest();
      },
      windowMs,
      rounds,
    ),
  );

  const hmac = rows[3]!;
  const table = markdownTable(
    ['operation', 'per second', 'per op', '× one HMAC'],
    rows.map((r) => [r.name, fmtRate(r.opsPerSec), `${(r.nsPerOp / 1000).toFixed(2)} µs`, (r.nsPerOp / hmac.nsPerOp).toFixed(1)]),
    ['left', 'right', 'right', 'right'],
  );
  process.stdout.write(
    [
      '',
      `## SigV4 verification in-process (${code.source}; one core; an SDK-signed iam:GetUser, ${body.length}-byte body)`,
      '',
      table,
      '',
      'verifyRequest includes its awaited credential lookup (an already-resolved promise here) and the constant-time compare.',
      '',
    ].join('\n'),
  );

  mkdirSync(opts.outDir, { recursive: true });
  writeFileSync(
    join(opts.outDir, 'sigv4.json'),
    `${JSON.stringify({ when: new Date().toISOString(), machine: { cpu: cpus()[0]?.model, node: process.version }, code: code.source, bodyBytes: body.length, rows }, null, 2)}\n`,
  );
}
