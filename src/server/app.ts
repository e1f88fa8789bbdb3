// The composition root's request pipeline, over a plain request record (so tests can drive it
// without sockets): route to a service -> read the input -> authenticate (SigV4) -> authorize
// (the engine) -> handle (one transaction) -> record -> render. Errors are rendered here only.

import type { Clock } from '../lib/clock.js';
import { requestId as newRequestId } from '../lib/ids.js';
import type { SealingKey } from '../lib/sealing.js';
import { RequestContext, type ContextValue } from '../policy/context.js';
import { accessDeniedMessage, evaluate, type PolicyCache, type Principal } from '../evaluation/index.js';
import {
  decodeQueryString,
  jsonContentType,
  parseJsonInput,
  parseQueryInput,
  protocolErrors,
  QUERY_RESPONSE_CONTENT_TYPE,
  serializeJsonError,
  serializeJsonResponse,
  serializeQueryError,
  serializeQueryResponse,
  type ParseResult,
  type ProtocolError,
  type ServiceModel,
} from '../protocol/index.js';
import { parseAuthorization, sigv4Errors, verifyRequest, type SigV4Error, type SignedRequest } from '../sigv4/index.js';
import type { Store, StoreTx } from '../store/port.js';
import type { AccessKey, User } from '../store/types.js';
import { IAM_OPERATIONS, IamError, openSecret, policySetsFor, principalContext, rootArn, type Caller, type IamEnv, type Operation } from '../iam/index.js';
import { ALWAYS_ALLOWED, STS_OPERATIONS } from '../sts/index.js';
import type { Logger } from './log.js';

export interface HttpRequest extends SignedRequest {
  readonly remoteAddress: string;
  readonly secure: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type ServiceName = 'iam' | 'sts' | 'organizations';

interface Service {
  name: ServiceName;
  model: ServiceModel;
  operations: ReadonlyMap<string, Operation>;
}

export interface AppDeps {
  store: Store;
  sealing: SealingKey;
  clock: Clock;
  policies: PolicyCache;
  models: Record<ServiceName, ServiceModel>;
  logger: Logger;
  partition?: string;
  /** Allowed clock skew for signatures (ms); default 15 minutes. */
  maxSkewMs?: number;
}

/**
 * Verified keys are remembered this long (and only until this process commits any write), so a
 * signed request needs no store read to authenticate. Changes made through another node (shared
 * PostgreSQL) take effect within this time, as AWS's own IAM changes propagate within seconds.
 */
const KEY_CACHE_MS = 1000;

/** A key's use is written at most this often (AWS's last-used data is coarse too). */
const KEY_USE_INTERVAL_MS = 60_000;

interface RequestInfo {
  service?: string;
  operation?: string;
  accessKeyId?: string;
}

type Failure = { kind: 'protocol'; error: ProtocolError } | { kind: 'sigv4'; error: SigV4Error } | { kind: 'iam'; error: IamError };

export class App {
  private readonly services: Record<ServiceName, Service>;
  private readonly env: IamEnv;
  private readonly keyUse = new Map<string, { at: number; service: string; region: string }>();
  private readonly keys = new Map<string, { key: AccessKey; secret: string; at: number; generation: number }>();
  /** Bumped when this process commits a write: cached keys from before are not trusted. */
  private generation = 0;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly partition: string;

  constructor(private readonly deps: AppDeps) {
    this.partition = deps.partition ?? 'aws';
    this.env = { clock: deps.clock, sealing: deps.sealing, policies: deps.policies };
    this.services = {
      iam: { name: 'iam', model: deps.models.iam, operations: IAM_OPERATIONS },
      sts: { name: 'sts', model: deps.models.sts, operations: STS_OPERATIONS },
      organizations: { name: 'organizations', model: deps.models.organizations, operations: new Map() },
    };
  }

  /** Forgets every cached key (after a change made outside a request, such as a reset). */
  invalidate(): void {
    this.generation++;
    this.keys.clear();
  }

  /** Background writes (key-use records) still running; awaited on shutdown. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /**
   * One request, and one structured log line for it: request id, service, operation, caller's
   * access key id (an identifier, not a secret), status and duration. Never headers or bodies.
   */
  async handle(req: HttpRequest): Promise<HttpResponse> {
    const started = performance.now();
    const info: RequestInfo = {};
    const response = await this.process(req, info);
    this.deps.logger.info(
      {
        requestId: response.headers['x-amzn-requestid'],
        service: info.service,
        operation: info.operation,
        accessKeyId: info.accessKeyId,
        status: response.status,
        ms: Math.round((performance.now() - started) * 100) / 100,
      },
      'request',
    );
    return response;
  }

  private async process(req: HttpRequest, info: RequestInfo): Promise<HttpResponse> {
    const requestId = newRequestId();
    const claimed = parseAuthorization(req);
    const service = this.route(req, claimed && !('error' in claimed) ? claimed.service : undefined);
    info.service = service.name;
    if (claimed && !('error' in claimed)) info.accessKeyId = claimed.accessKeyId;
    try {
      const parsed = this.parse(service, req);
      if (parsed.ok) info.operation = parsed.operation.name;
      if (claimed === undefined) return this.fail(service, requestId, { kind: 'sigv4', error: sigv4Errors.missingAuthenticationToken() });
      if ('error' in claimed) return this.fail(service, requestId, { kind: 'sigv4', error: claimed.error });

      let key: AccessKey | undefined;
      const verified = await verifyRequest(req, {
        now: this.deps.clock.now(),
        ...(this.deps.maxSkewMs !== undefined ? { maxSkewMs: this.deps.maxSkewMs } : {}),
        expectedService: [service.name],
        lookup: async (accessKeyId, sessionToken) => {
          // Temporary credentials come with STS; until then a session token is not ours.
          if (sessionToken !== undefined) return { error: 'InvalidClientTokenId' };
          const now = Date.now();
          const cached = this.keys.get(accessKeyId);
          if (cached && cached.generation === this.generation && now - cached.at < KEY_CACHE_MS) {
            key = cached.key;
            return { secretAccessKey: cached.secret };
          }
          const generation = this.generation;
          const found = await this.deps.store.read((tx) => tx.accessKeys.get(accessKeyId));
          if (!found || found.status !== 'Active') return { error: 'InvalidClientTokenId' };
          const secret = openSecret(this.deps.sealing, found);
          if (secret === undefined) throw new TypeError(`the secret of ${accessKeyId} does not open with this master key`);
          key = found;
          if (this.keys.size >= 10_000) this.keys.clear();
          this.keys.set(accessKeyId, { key: found, secret, at: now, generation });
          return { secretAccessKey: secret };
        },
      });
      if (!verified.ok) return this.fail(service, requestId, { kind: 'sigv4', error: verified.error });
      if (!key) throw new TypeError('verified without a key');
      if (!parsed.ok) return this.fail(service, requestId, { kind: 'protocol', error: parsed.error });

      const operation = service.operations.get(parsed.operation.name);
      if (!operation) return this.fail(service, requestId, { kind: 'protocol', error: protocolErrors.notImplemented(parsed.operation.name) });

      const authedKey = key;
      const output = await (operation.writes ? this.deps.store.write.bind(this.deps.store) : this.deps.store.read.bind(this.deps.store))(
        async (tx) => {
          const caller = await this.caller(tx, authedKey, verified.region);
          await this.authorize(tx, caller, operation, parsed.input, req);
          return operation.handle({ input: parsed.input, caller, tx, env: this.env });
        },
      );
      if (operation.writes) this.generation++;
      this.recordKeyUse(authedKey.accessKeyId, service.name, verified.region);
      return this.succeed(service, requestId, parsed.operation.name, output);
    } catch (e) {
      if (e instanceof IamError) return this.fail(service, requestId, { kind: 'iam', error: e });
      this.deps.logger.error({ err: e, requestId }, 'request failed');
      return this.fail(service, requestId, { kind: 'protocol', error: protocolErrors.internalFailure() });
    }
  }

  /** The service: from the credential scope when signed, else X-Amz-Target or the Host name. */
  private route(req: HttpRequest, scopeService: string | undefined): Service {
    if (scopeService === 'sts' || scopeService === 'iam' || scopeService === 'organizations') return this.services[scopeService];
    const target = header(req, 'x-amz-target');
    if (target?.startsWith('AWSOrganizationsV20161128.')) return this.services.organizations;
    const host = header(req, 'host') ?? '';
    if (/^sts[.-]/i.test(host)) return this.services.sts;
    if (/^organizations[.-]/i.test(host)) return this.services.organizations;
    return this.services.iam;
  }

  private parse(service: Service, req: HttpRequest): ParseResult {
    if (service.model.metadata.protocol === 'json') {
      return parseJsonInput(service.model, header(req, 'x-amz-target'), req.body);
    }
    const params: [string, string][] = [];
    for (const raw of [req.query, isForm(req) ? Buffer.from(req.body).toString('utf8') : '']) {
      if (!raw) continue;
      const decoded = decodeQueryString(raw);
      if (!Array.isArray(decoded)) return { ok: false, error: decoded };
      params.push(...decoded);
    }
    return parseQueryInput(service.model, params);
  }

  private async caller(tx: StoreTx, key: AccessKey, region: string): Promise<Caller> {
    let principal: Principal;
    let user: User | undefined;
    if (key.userName === null) {
      principal = { type: 'root', account: key.accountId, arn: rootArn(this.partition, key.accountId) };
    } else {
      user = await tx.users.get(key.accountId, key.userName);
      if (!user) throw new IamError('AccessDenied', 'The user that owns this access key no longer exists.');
      principal = { type: 'user', account: key.accountId, arn: user.arn, userId: user.userId };
    }
    return { principal, accountId: key.accountId, accessKeyId: key.accessKeyId, region, partition: this.partition, ...(user ? { user } : {}) };
  }

  private async authorize(tx: StoreTx, caller: Caller, operation: Operation, input: Record<string, unknown>, req: HttpRequest): Promise<void> {
    if (ALWAYS_ALLOWED.has(operation.action)) return;
    const target = await operation.target({ input, caller, tx, env: this.env });
    const now = this.deps.clock.now();
    const context = new RequestContext();
    const put = (k: string, v: ContextValue): void => void context.set(k, v);
    put('aws:CurrentTime', now.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    put('aws:EpochTime', String(Math.floor(now.getTime() / 1000)));
    put('aws:SourceIp', req.remoteAddress.replace(/^::ffff:/, ''));
    put('aws:SecureTransport', req.secure ? 'true' : 'false');
    put('aws:RequestedRegion', caller.region);
    put('aws:ViaAWSService', 'false');
    const ua = header(req, 'user-agent');
    if (ua !== undefined) put('aws:UserAgent', ua);
    for (const [k, v] of await principalContext(tx, caller)) put(k, v);
    for (const [k, v] of target.context ?? []) put(k, v);

    const sets = await policySetsFor(tx, this.deps.policies, caller);
    const request = { principal: caller.principal, action: operation.action, resource: target.resource, context };
    const decision = evaluate(request, sets);
    if (decision.outcome !== 'Allow') {
      throw new IamError('AccessDenied', accessDeniedMessage(caller.principal, operation.action, target.resource, decision));
    }
  }

  private recordKeyUse(accessKeyId: string, service: string, region: string): void {
    const now = this.deps.clock.now();
    const last = this.keyUse.get(accessKeyId);
    if (last && now.getTime() - last.at < KEY_USE_INTERVAL_MS && last.service === service && last.region === region) return;
    this.keyUse.set(accessKeyId, { at: now.getTime(), service, region });
    const p = this.deps.store
      .write((tx) => tx.accessKeys.recordKeyUse(accessKeyId, now, service, region))
      .catch((err: unknown) => this.deps.logger.warn({ err, accessKeyId }, 'could not record key use'))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private succeed(service: Service, requestId: string, operation: string, output: Record<string, unknown> | undefined): HttpResponse {
    const headers = baseHeaders(requestId);
    if (service.model.metadata.protocol === 'json') {
      headers['content-type'] = jsonContentType(service.model);
      return { status: 200, headers, body: serializeJsonResponse(service.model, operation, output) };
    }
    headers['content-type'] = QUERY_RESPONSE_CONTENT_TYPE;
    return { status: 200, headers, body: serializeQueryResponse(service.model, operation, output, requestId) };
  }

  private fail(service: Service, requestId: string, failure: Failure): HttpResponse {
    const headers = baseHeaders(requestId);
    const e = failure.error;
    const status = e.status;
    const type = 'type' in e ? e.type : status >= 500 ? 'Receiver' : 'Sender';
    const awsFault = failure.kind === 'protocol' && failure.error.awsFault;
    if (failure.kind === 'protocol' && failure.error.location !== undefined) {
      // AWS's query frontend redirects a request without an Action, with an empty body.
      headers.location = failure.error.location;
      return { status, headers, body: '' };
    }
    if (service.model.metadata.protocol === 'json') {
      // JSON-protocol services name these two differently from the query services.
      const code =
        failure.kind === 'iam' && e.code === 'AccessDenied'
          ? 'AccessDeniedException'
          : failure.kind === 'sigv4' && e.code === 'InvalidClientTokenId'
            ? 'UnrecognizedClientException'
            : e.code;
      headers['content-type'] = jsonContentType(service.model);
      headers['x-amzn-errortype'] = code;
      return { status, headers, body: serializeJsonError(service.model, { code, message: e.message }) };
    }
    headers['content-type'] = QUERY_RESPONSE_CONTENT_TYPE;
    const ns = service.model.metadata.xmlNamespace ?? '';
    return { status, headers, body: serializeQueryError({ type, code: e.code, message: e.message, awsFault }, requestId, ns) };
  }
}

function header(req: SignedRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? (v as string[])[0] : (v as string | undefined);
}

function isForm(req: SignedRequest): boolean {
  return req.method === 'POST' && (header(req, 'content-type') ?? 'application/x-www-form-urlencoded').startsWith('application/x-www-form-urlencoded');
}

function baseHeaders(requestId: string): Record<string, string> {
  return { 'x-amzn-requestid': requestId, date: new Date().toUTCString() };
}
