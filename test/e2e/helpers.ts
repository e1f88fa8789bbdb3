// Shared pieces of the end-to-end suites: a started server on a free port with a fresh temp data
// dir (and serverFixture, which starts one for a test file and closes it with its clients), AWS
// SDK v3 clients pointed at it, raw signed/unsigned HTTP, and runners for aws-cli and boto3
// (skipped, saying why, when the tool is missing).
//
// The server runs in the test's own process, so external tools are spawned asynchronously: a
// spawnSync would block the event loop the server answers on, and the call would never return.

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { IAMClient, CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Clock } from '../../src/lib/clock.js';
import { resolveConfig, startServer, type RunningServer, type ServeFlags } from '../../src/server/index.js';
import { silentLogger } from '../../src/server/log.js';

// The SDK warns once per process that its 2027 releases need Node 22; that is not this suite's news.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const REGION = 'us-east-1';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Present for temporary credentials (STS). */
  readonly sessionToken?: string;
}

export interface TestServer {
  readonly server: RunningServer;
  readonly url: string;
  readonly accountId: string;
  readonly dataDir: string;
  /** The root user's access key: brought through the environment, or read from root-credentials. */
  readonly root: Credentials;
  /** Waits for background writes (last-used records) to land. */
  drain(): Promise<void>;
  /** Closes the server and (unless keepDataDir) removes the data dir. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Reuse this data dir (a restart); by default a fresh temp dir. */
  dataDir?: string;
  /** Leave the data dir on close (the caller removes it). */
  keepDataDir?: boolean;
  allowReset?: boolean;
  accountId?: string;
  databaseUrl?: string;
  clock?: Clock;
  /** Bring this root key through TESSERA_ROOT_ACCESS_KEY_ID/SECRET; otherwise the generated one. */
  rootKey?: Credentials;
  /** Extra environment for resolveConfig (e.g. TESSERA_MASTER_KEY). */
  env?: Record<string, string>;
}

export function tempDir(prefix = 'tessera-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The [tessera] profile of a root-credentials file. */
export function readRootCredentials(file: string): Credentials {
  const text = readFileSync(file, 'utf8');
  const id = /^aws_access_key_id\s*=\s*(\S+)$/m.exec(text)?.[1];
  const secret = /^aws_secret_access_key\s*=\s*(\S+)$/m.exec(text)?.[1];
  assert.ok(id && secret, `no credentials in ${file}`);
  return { accessKeyId: id, secretAccessKey: secret };
}

/** The resolveConfig input for a test server (exported for tests that call startServer themselves). */
export function testConfig(dataDir: string, options: StartOptions = {}) {
  const flags: ServeFlags = {
    host: '127.0.0.1',
    port: '0',
    dataDir,
    inMemory: false,
    allowReset: options.allowReset ?? false,
    ...(options.accountId !== undefined ? { accountId: options.accountId } : {}),
    ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
  };
  const env: NodeJS.ProcessEnv = {
    ...(options.rootKey
      ? { TESSERA_ROOT_ACCESS_KEY_ID: options.rootKey.accessKeyId, TESSERA_ROOT_SECRET_ACCESS_KEY: options.rootKey.secretAccessKey }
      : {}),
    ...options.env,
  };
  return resolveConfig(flags, env);
}

export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  let server: RunningServer;
  try {
    server = await startServer(testConfig(dataDir, options), { logger: silentLogger, ...(options.clock ? { clock: options.clock } : {}) });
  } catch (e) {
    if (!options.keepDataDir && options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const root = options.rootKey ?? readRootCredentials(join(dataDir, 'root-credentials'));
  return {
    server,
    url: server.url,
    accountId: server.accountId,
    dataDir,
    root,
    drain: () => server.app.drain(),
    async close() {
      await server.close();
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A random access key in AWS's format (AKIA + 16 base32; 40-character secret). */
export function randomKey(): Credentials {
  const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const pick = (alphabet: string, n: number) => [...randomBytes(n)].map((b) => alphabet[b & (alphabet.length - 1)]).join('');
  return { accessKeyId: `AKIA${pick(b32, 16)}`, secretAccessKey: pick(b64, 40) };
}

// --- SDK clients ------------------------------------------------------------------------------

// The SDK writes into the credentials object it is given (a `$source` marker): each client gets a copy.
const copy = (c: Credentials): Credentials => ({
  accessKeyId: c.accessKeyId,
  secretAccessKey: c.secretAccessKey,
  ...(c.sessionToken !== undefined ? { sessionToken: c.sessionToken } : {}),
});

export function iamClient(url: string, credentials: Credentials, region = REGION): IAMClient {
  return new IAMClient({ endpoint: url, region, credentials: copy(credentials), maxAttempts: 1 });
}

export function stsClient(url: string, credentials: Credentials, region = REGION): STSClient {
  return new STSClient({ endpoint: url, region, credentials: copy(credentials), maxAttempts: 1 });
}

/** A test file's server and clients: see serverFixture. */
export interface ServerFixture {
  /** The started server (once the fixture's before() hook, or ready(), has started it). */
  readonly ts: TestServer;
  /** An IAM client on the root user's key. */
  readonly root: IAMClient;
  /** Starts the server if that has not begun, and resolves once it is up: for a file's own before(). */
  readonly ready: () => Promise<void>;
  /** An IAM client on these credentials, destroyed in after(). */
  readonly iam: (credentials: Credentials, region?: string) => IAMClient;
  /** An STS client on these credentials, destroyed in after(). */
  readonly sts: (credentials: Credentials, region?: string) => STSClient;
  /** Has after() destroy a client made some other way; returns it. */
  readonly track: <C extends { destroy(): void }>(client: C) => C;
}

/**
 * Starts a test server for the file (or describe block) that calls it: registers node:test's
 * before() hook, which starts the server and makes the root IAM client, and after() hook, which
 * destroys every client the fixture made or tracked and closes the server. `ts` and `root` are
 * getters, read in hooks and tests; the functions may be destructured (`const { iam } = fx;`).
 *
 * A file's own top-level before() must `await fx.ready()` first: Node 20 runs a top-level
 * before() hook as soon as it is registered, so it does not wait for the fixture's (tests do).
 */
export function serverFixture(options: StartOptions = {}): ServerFixture {
  let server: TestServer | undefined;
  let root: IAMClient | undefined;
  let starting: Promise<void> | undefined;
  const clients: { destroy(): void }[] = [];
  const started = (): TestServer => {
    assert.ok(server, 'the test server is not up yet: use the fixture in tests, or in a before() hook after `await fx.ready()`');
    return server;
  };
  const track = <C extends { destroy(): void }>(client: C): C => {
    clients.push(client);
    return client;
  };
  const ready = (): Promise<void> =>
    (starting ??= (async () => {
      server = await startTestServer(options);
      root = iamClient(server.url, server.root);
    })());
  before(ready);
  after(async () => {
    for (const c of clients) c.destroy();
    root?.destroy();
    await server?.close();
  });
  return {
    get ts() {
      return started();
    },
    get root() {
      started();
      return root!;
    },
    ready,
    iam: (credentials, region) => track(iamClient(started().url, credentials, region)),
    sts: (credentials, region) => track(stsClient(started().url, credentials, region)),
    track,
  };
}

/** What a failed AWS call said, from any SDK v3 error. */
export interface AwsError {
  code: string;
  message: string;
  status: number | undefined;
  type?: string | undefined;
}

/** Awaits a call: undefined when it succeeded, else its AWS error. */
export async function attempt(call: Promise<unknown>): Promise<AwsError | undefined> {
  try {
    await call;
    return undefined;
  } catch (e) {
    const x = e as { Code?: string; name?: string; message?: string; Type?: string; $metadata?: { httpStatusCode?: number } };
    return { code: x.Code ?? x.name ?? '', message: x.message ?? '', status: x.$metadata?.httpStatusCode, type: x.Type };
  }
}

/** Awaits a call that must fail and returns its AWS error (fails the test if it succeeded). */
export async function awsError(call: Promise<unknown>): Promise<AwsError> {
  const e = await attempt(call);
  if (e === undefined) assert.fail('the call succeeded, an AWS error was expected');
  return e;
}

/** Asserts a call fails with exactly this code, HTTP status and (when given) message. */
export async function rejectsWith(call: Promise<unknown>, expected: { code: string; status: number; message?: string | RegExp }): Promise<AwsError> {
  const e = await awsError(call);
  assert.equal(e.code, expected.code, `code (message: ${e.message})`);
  assert.equal(e.status, expected.status, `HTTP status of ${e.code}`);
  if (typeof expected.message === 'string') assert.equal(e.message, expected.message);
  else if (expected.message) assert.match(e.message, expected.message);
  return e;
}

/** AWS's AccessDenied message for an identity-policy decision. */
export function accessDeniedMessage(principalArn: string, action: string, resource: string, reason: 'implicit' | 'explicit'): string {
  const base = `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} `;
  return reason === 'implicit' ? `${base}because no identity-based policy allows the ${action} action` : `${base}with an explicit deny in an identity-based policy`;
}

/** Creates a user (as root), gives it an access key and optional inline policies; its credentials. */
export async function userWithKey(root: IAMClient, userName: string, policies: Record<string, unknown> = {}, tags?: { Key: string; Value: string }[]): Promise<Credentials> {
  await root.send(new CreateUserCommand({ UserName: userName, ...(tags ? { Tags: tags } : {}) }));
  for (const [name, doc] of Object.entries(policies)) {
    await root.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: name, PolicyDocument: JSON.stringify(doc) }));
  }
  const { AccessKey } = await root.send(new CreateAccessKeyCommand({ UserName: userName }));
  assert.ok(AccessKey?.AccessKeyId && AccessKey.SecretAccessKey);
  return { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
}

export function policy(...statements: Record<string, unknown>[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements };
}

// --- raw HTTP ---------------------------------------------------------------------------------

export interface RawResponse {
  status: number;
  headers: Headers;
  body: string;
}

export interface RawError {
  type: string | undefined;
  code: string | undefined;
  message: string | undefined;
}

function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m?.[1]?.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The Type, Code and Message of a query-protocol ErrorResponse. */
export function xmlError(body: string): RawError {
  return { type: xmlText(body, 'Type'), code: xmlText(body, 'Code'), message: xmlText(body, 'Message') };
}

export interface SignOptions {
  credentials: Credentials;
  service?: string;
  region?: string;
  signingDate?: Date;
  /** Presign (credentials in the query string) for this many seconds instead of signing headers. */
  presignExpiresIn?: number;
  method?: 'GET' | 'POST';
}

/** A signed query-protocol call (Action=..., Version=...), sent with fetch. */
export async function signedCall(url: string, params: Record<string, string>, options: SignOptions): Promise<RawResponse> {
  const target = new URL(url);
  const service = options.service ?? 'iam';
  const method = options.method ?? (options.presignExpiresIn !== undefined ? 'GET' : 'POST');
  const signer = new SignatureV4({ credentials: options.credentials, region: options.region ?? REGION, service, sha256: Sha256, uriEscapePath: true });
  const form = new URLSearchParams(params).toString();
  const host = target.host;
  const request: Parameters<SignatureV4['presign']>[0] = {
    method,
    protocol: target.protocol,
    hostname: target.hostname,
    port: Number(target.port),
    path: '/',
    query: method === 'GET' ? { ...params } : {},
    headers: method === 'POST' ? { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } : { host },
    ...(method === 'POST' ? { body: form } : {}),
  };
  const signingDate = options.signingDate ?? new Date();
  const signed =
    options.presignExpiresIn !== undefined
      ? await signer.presign(request, { signingDate, expiresIn: options.presignExpiresIn })
      : await signer.sign(request, { signingDate });
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(signed.query ?? {})) {
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === 'string') query.append(k, x);
  }
  const qs = query.toString().replace(/\+/g, '%20');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k.toLowerCase() !== 'host') headers[k] = v;
  const res = await fetch(`${target.origin}/${qs ? `?${qs}` : ''}`, {
    method,
    headers,
    redirect: 'manual',
    ...(method === 'POST' ? { body: form } : {}),
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

export async function unsignedCall(url: string, params: Record<string, string>, init: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const method = init.method ?? 'POST';
  const form = new URLSearchParams(params).toString();
  const res =
    method === 'POST'
      ? await fetch(`${url}/`, { method, redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...init.headers }, body: form })
      : await fetch(`${url}/?${form}`, { method, redirect: 'manual', ...(init.headers ? { headers: init.headers } : {}) });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

// --- external tools ---------------------------------------------------------------------------

/** Whether an executable of this name is on PATH (what `which` answers, without a process). */
function onPath(command: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

let awsCliChecked: string | false | undefined;
let boto3Checked: string | false | undefined;

/** Why aws-cli cannot be used here, or false when it can (for `{ skip }`). */
export function awsCliMissing(): string | false {
  awsCliChecked ??= onPath('aws') ? false : 'aws-cli is not installed (no `aws` on PATH): skipped';
  return awsCliChecked;
}

/** Why boto3 cannot be used here, or false when it can (for `{ skip }`). Runs python3 once. */
export function boto3Missing(): string | false {
  if (boto3Checked === undefined) {
    const r = onPath('python3') ? spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore', timeout: 15_000 }) : undefined;
    boto3Checked = r?.status === 0 ? false : 'python3 with boto3 is not available (`python3 -c "import boto3"` failed): skipped';
  }
  return boto3Checked;
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** An environment with only what the tools need: no profile, config or pager from the machine. */
function toolEnv(credentials: Credentials, region: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? tmpdir(),
    ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
    ...(process.env.PYENV_VERSION ? { PYENV_VERSION: process.env.PYENV_VERSION } : {}),
    LANG: 'C.UTF-8',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: region,
    AWS_REGION: region,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    AWS_RETRY_MODE: 'standard',
    PYTHONWARNINGS: 'ignore',
    ...extra,
  };
}

export interface CliResult extends ToolResult {
  /** stdout parsed as JSON (undefined when empty or on failure). */
  json: unknown;
  /** The AWS error aws-cli printed: "An error occurred (Code) when calling the Op operation: message". */
  error?: { code: string; operation: string; message: string };
}

/** Runs `aws --endpoint-url <url> --output json <args>` with the given credentials. */
export async function awsCli(url: string, credentials: Credentials, args: string[], region = REGION): Promise<CliResult> {
  return cliResult(await run('aws', ['--endpoint-url', url, '--output', 'json', ...args], toolEnv(credentials, region)));
}

/**
 * aws-cli as a person runs it: no keys in the environment, a config and a credentials file, and a
 * profile (which may assume a role itself, role_arn + source_profile). Output is JSON.
 */
export async function awsCliWithProfile(files: { config: string; credentials: string }, profile: string, args: string[], input?: string): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dirname(files.config),
    ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
    ...(process.env.PYENV_VERSION ? { PYENV_VERSION: process.env.PYENV_VERSION } : {}),
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: files.config,
    AWS_SHARED_CREDENTIALS_FILE: files.credentials,
    AWS_PROFILE: profile,
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    PYTHONWARNINGS: 'ignore',
  };
  const r = await new Promise<ToolResult>((resolve) => {
    const child = execFile('aws', ['--output', 'json', ...args], { env, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
  return cliResult(r);
}

function cliResult(r: ToolResult): CliResult {
  const m = /An error occurred \(([^)]+)\) when calling the (\w+) operation(?: \(reached max retries: \d+\))?: (.*)$/m.exec(r.stderr);
  let json: unknown;
  if (r.code === 0 && r.stdout.trim() !== '') json = JSON.parse(r.stdout);
  return { ...r, json, ...(m ? { error: { code: m[1]!, operation: m[2]!, message: m[3]! } } : {}) };
}

const BOTO3_PRELUDE = `
import json, os, sys
import boto3, botocore
from botocore.config import Config

_cfg = Config(retries={'total_max_attempts': 1, 'mode': 'standard'})

def client(service, creds=None, region=None):
    creds = creds or {'id': os.environ['AWS_ACCESS_KEY_ID'], 'secret': os.environ['AWS_SECRET_ACCESS_KEY']}
    return boto3.client(service, endpoint_url=os.environ['TESSERA_URL'], region_name=region or os.environ['AWS_DEFAULT_REGION'],
                        aws_access_key_id=creds['id'], aws_secret_access_key=creds['secret'], config=_cfg)

def err(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except botocore.exceptions.ClientError as e:
        return {'code': e.response['Error']['Code'], 'message': e.response['Error'].get('Message'),
                'status': e.response['ResponseMetadata']['HTTPStatusCode']}
    return None

iam = client('iam')
sts = client('sts')
out = {}
`;

export interface Boto3Result extends ToolResult {
  /** The `out` dict the script filled, printed as JSON. */
  out: Record<string, unknown>;
}

/**
 * Runs a Python snippet with boto3. It finds `iam`, `sts`, `client(service, creds, region)`,
 * `err(fn, ...)` (a failed call's {code, message, status}, or None) and a dict `out` to fill;
 * `out` comes back as JSON. `vars` are passed as the JSON object `V`.
 */
export async function boto3(url: string, credentials: Credentials, script: string, vars: Record<string, unknown> = {}, region = REGION): Promise<Boto3Result> {
  const program = `${BOTO3_PRELUDE}V = json.loads(os.environ['TESSERA_VARS'])\n${script}\nprint('\\n' + json.dumps(out, default=str))\n`;
  const r = await run('python3', ['-c', program], toolEnv(credentials, region, { TESSERA_URL: url, TESSERA_VARS: JSON.stringify(vars) }));
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let out: Record<string, unknown> = {};
  if (r.code === 0) out = JSON.parse(last) as Record<string, unknown>;
  else assert.fail(`python3 failed (${r.code}):\n${r.stderr}`);
  return { ...r, out };
}
