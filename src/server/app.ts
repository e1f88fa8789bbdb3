// The composition root's request pipeline, over a plain request record (so tests can drive it
// without sockets): route to a service -> read the input -> authenticate (SigV4) -> authorize
// (the engine) -> handle (one transaction) -> record -> render. Errors are rendered here only.

import type { Clock } from '../lib/clock.js';
import { requestId as newRequestId } from '../lib/ids.js';
import type { SealingKey } from '../lib/sealing.js';
import { RequestContext, type ContextValue } from '../policy/context.js';
import { accessDeniedMessage, evaluate, fixedSets, type CompiledPolicy, type PolicyCache, type PolicySets, type Principal } from '../evaluation/index.js';
import {
  decodeQueryString,
  jsonContentType,
  parseJsonInput,
  formatIsoSeconds,
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
import { parseAuthorization, sigv4Errors, verifyRequest, type Credential, type LookupFailure, type SigV4Error, type SignedRequest } from '../sigv4/index.js';
import type { Store, StoreTx } from '../store/port.js';
import type { User } from '../store/types.js';
import { ORGANIZATIONS_OPERATIONS } from '../organizations/index.js';
import { principalOrgPolicies, rcpGoverned, resourceOrgPolicies, type OrgFacts, type ResourceOrgPolicies } from '../iam/organization-policies.js';
import { IAM_OPERATIONS, IamError, openSecret, policySetsFor, principalContext, rootArn, type Caller, type IamEnv, type Operation, type Output, type SessionClaims, type Target } from '../iam/index.js';
import { ALWAYS_ALLOWED, AuthorizationMessages, SessionTokens, STS_OPERATIONS, sessionPrincipal, sessionRequestContext, sessionRestriction } from '../sts/index.js';
import type { Logger, RequestLine } from './log.js';

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
  /** The credential scope's service names it answers to. */
  scopeNames: readonly string[];
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
  /** Append an encoded authorization failure message to AccessDenied (see sts/authorization-message.ts). */
  encodeAuthorizationMessages?: boolean;
}

/**
 * Where the store cannot say whether data changed (PostgreSQL shared by several nodes), what an
 * access key stands for is remembered this long, and only until this process commits a write:
 * changes made through another node take effect within this time, as AWS's own IAM changes
 * propagate within seconds.
 */
const KEY_CACHE_MS = 1000;

/** A key's use is written at most this often (AWS's last-used data is coarse too). */
const KEY_USE_INTERVAL_MS = 60_000;

interface RequestInfo {
  service?: string;
  operation?: string;
  accessKeyId?: string;
}

interface PrincipalState {
  readonly secret: string;
  /** The caller, in the region a request was signed for (one object per region, made once). */
  readonly callerIn: (region: string) => Caller;
  /** Signing keys derived from the secret, by scope (see sigv4's Credential). */
  readonly signingKeys: Map<string, Buffer>;
  readonly caller: Omit<Caller, 'region'>;
  readonly context: ReadonlyArray<readonly [string, ContextValue]>;
  readonly sets: PolicySets<CompiledPolicy>;
  /** The caller's organization (absent: none). */
  readonly org?: OrgFacts;
  /** For temporary credentials: the session and the token it came in. */
  readonly session?: SessionClaims;
  readonly token?: string;
  /** The store's change marker, generation and time when this was read. */
  readonly marker: string | undefined;
  readonly generation: number;
  readonly at: number;
}

type SessionFailure = { error: 'InvalidClientTokenId' | 'ExpiredToken'; message?: string };

const EXPIRED_TOKEN: SessionFailure = { error: 'ExpiredToken', message: 'The security token included in the request is expired' };

type Failure = { kind: 'protocol'; error: ProtocolError } | { kind: 'sigv4'; error: SigV4Error } | { kind: 'iam'; error: IamError };

export class App {
  private readonly services: Record<ServiceName, Service>;
  private readonly env: IamEnv;
  private readonly keyUse = new Map<string, { at: number; service: string; region: string }>();
  private readonly principals = new Map<string, PrincipalState>();
  /** A principal's context keys, lower-cased once: the base of each of its requests' contexts. */
  private readonly principalContexts = new WeakMap<PrincipalState, RequestContext>();
  /** Cacheable reads by caller, operation and input (see cachedRead), all of one change marker. */
  private readonly reads = new Map<string, { marker: string; generation: number; target?: Target; output: Output | undefined }>();
  private readsMarker: string | undefined;
  /** A cached read's response XML, split where the request id goes. */
  private readonly serialized = new WeakMap<Output, readonly [string, string]>();
  /** Bumped when this process commits a write: cached keys from before are not trusted. */
  private generation = 0;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly partition: string;
  private readonly tokens: SessionTokens;
  private readonly messages: AuthorizationMessages;

  constructor(private readonly deps: AppDeps) {
    this.partition = deps.partition ?? 'aws';
    this.tokens = new SessionTokens(deps.sealing);
    this.messages = new AuthorizationMessages(deps.sealing);
    this.env = { clock: deps.clock, sealing: deps.sealing, policies: deps.policies, sessionTokens: this.tokens, authorizationMessages: this.messages };
    this.services = {
      iam: { name: 'iam', scopeNames: ['iam'], model: deps.models.iam, operations: IAM_OPERATIONS },
      sts: { name: 'sts', scopeNames: ['sts'], model: deps.models.sts, operations: STS_OPERATIONS },
      organizations: { name: 'organizations', scopeNames: ['organizations'], model: deps.models.organizations, operations: new Map(ORGANIZATIONS_OPERATIONS.map((op) => [op.name, op])) },
    };
  }

  /** Forgets every cached key (after a change made outside a request, such as a reset). */
  invalidate(): void {
    this.generation++;
    this.principals.clear();
    this.reads.clear();
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
    const line: RequestLine = {
      requestId: response.headers['x-amzn-requestid'],
      service: info.service,
      operation: info.operation,
      accessKeyId: info.accessKeyId,
      status: response.status,
      ms: Math.round((performance.now() - started) * 100) / 100,
    };
    if (this.deps.logger.request) this.deps.logger.request(line);
    else this.deps.logger.info(line, 'request');
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

      let state: PrincipalState | undefined;
      const verified = await verifyRequest(req, {
        now: this.deps.clock.now(),
        ...(this.deps.maxSkewMs !== undefined ? { maxSkewMs: this.deps.maxSkewMs } : {}),
        expectedService: service.scopeNames,
        // A caller remembered and unchanged is answered at once, without a promise.
        lookup: (accessKeyId, sessionToken) => {
          const found = (s: PrincipalState | SessionFailure | undefined): Credential | LookupFailure => {
            if (s === undefined) return { error: 'InvalidClientTokenId' };
            if ('error' in s) return s;
            state = s;
            return { secretAccessKey: s.secret, signingKeys: s.signingKeys };
          };
          const remembered = this.remembered(accessKeyId, sessionToken);
          if (remembered !== undefined) return found(remembered);
          return (sessionToken !== undefined ? this.sessionState(accessKeyId, sessionToken) : this.principalState(accessKeyId)).then(found);
        },
      });
      if (!verified.ok) return this.fail(service, requestId, { kind: 'sigv4', error: verified.error });
      if (!state) throw new TypeError('verified without a key');
      if (!parsed.ok) return this.fail(service, requestId, { kind: 'protocol', error: parsed.error });

      const operation = service.operations.get(parsed.operation.name);
      if (!operation) return this.fail(service, requestId, { kind: 'protocol', error: protocolErrors.notImplemented(parsed.operation.name) });

      const principal = state;
      const caller = principal.callerIn(verified.region);
      if (caller.session) {
        const restricted = sessionRestriction(caller.session, service.name, operation.name);
        if (restricted?.kind === 'invalid-token') return this.fail(service, requestId, { kind: 'sigv4', error: sigv4Errors.lookupFailed('InvalidClientTokenId') });
        if (restricted?.kind === 'denied') return this.fail(service, requestId, { kind: 'iam', error: new IamError('AccessDenied', restricted.message) });
      }
      let prepared: unknown;
      if (operation.prepare) {
        // Authorized first, so an unauthorized caller cannot make the server do the slow work.
        await this.deps.store.read((tx) => this.authorize(tx, caller, principal, operation, parsed.input, req, undefined));
        prepared = await operation.prepare({ input: parsed.input, caller, env: this.env });
      }
      const marker = operation.cacheable === true && !operation.writes && !operation.prepare ? this.deps.store.changeMarker() : undefined;
      const output = marker !== undefined
        ? this.cachedOutput(caller, principal, operation, parsed.input, req, marker) ?? (await this.cachedRead(caller, principal, operation, parsed.input, req, marker))
        : await (operation.writes ? this.deps.store.write.bind(this.deps.store) : this.deps.store.read.bind(this.deps.store))(
        async (tx) => {
          const target = await this.authorize(tx, caller, principal, operation, parsed.input, req, prepared);
          return operation.handle({ input: parsed.input, caller, tx, env: this.env, ...(target ? { target } : {}), ...(prepared !== undefined ? { prepared } : {}) });
        },
      );
      if (operation.writes) this.generation++;
      if (!caller.session) this.recordKeyUse(caller.accessKeyId, service.name, verified.region);
      return this.succeed(service, requestId, parsed.operation.name, output, marker !== undefined);
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
    for (const raw of [req.query, isForm(req) ? utf8(req.body) : '']) {
      if (!raw) continue;
      const decoded = decodeQueryString(raw);
      if (!Array.isArray(decoded)) return { ok: false, error: decoded };
      params.push(...decoded);
    }
    return parseQueryInput(service.model, params);
  }

  /**
   * What an access key stands for: its secret, the caller, the caller's condition keys and policy
   * sets. Remembered while the store says nothing changed (SQLite: exactly; a store that cannot
   * tell: this process's writes, and at most KEY_CACHE_MS for other nodes' changes), so a signed
   * request of a known caller needs no store read to authenticate or to find its policies.
   */
  private async principalState(accessKeyId: string): Promise<PrincipalState | undefined> {
    const now = Date.now();
    const marker = this.deps.store.changeMarker();
    // The marker and generation were read before the snapshot: a change committed after them
    // makes this entry stale at once, never the other way round.
    const generation = this.generation;
    const state = await this.deps.store.read(async (tx): Promise<PrincipalState | undefined> => {
      const key = await tx.accessKeys.get(accessKeyId);
      if (!key || key.status !== 'Active') return undefined;
      const secret = openSecret(this.deps.sealing, key);
      if (secret === undefined) throw new TypeError(`the secret of ${accessKeyId} does not open with this master key`);
      let principal: Principal;
      let user: User | undefined;
      if (key.userName === null) {
        principal = { type: 'root', account: key.accountId, arn: rootArn(this.partition, key.accountId) };
      } else {
        user = await tx.users.get(key.accountId, key.userName);
        if (!user) return undefined;
        principal = { type: 'user', account: key.accountId, arn: user.arn, userId: user.userId };
      }
      const caller: Omit<Caller, 'region'> = { principal, accountId: key.accountId, accessKeyId, partition: this.partition, ...(user ? { user } : {}) };
      const withRegion = { ...caller, region: '' };
      const org = await principalOrgPolicies(tx, this.deps.policies, key.accountId, principal);
      const context = [...(await principalContext(tx, withRegion)), ...org.context];
      const sets = await policySetsFor(tx, this.deps.policies, withRegion);
      return { secret, callerIn: callerInRegion(caller), signingKeys: new Map(), caller, context, sets: fixedSets({ ...sets, scps: org.scps }), ...(org.facts ? { org: org.facts } : {}), marker, at: now, generation };
    });
    if (state) {
      this.remember(accessKeyId, state);
    } else {
      this.principals.delete(accessKeyId);
    }
    return state;
  }

  /** The target of the call, and (after the caller is allowed it) the target; throws AccessDenied. */
  private async authorize(
    tx: StoreTx,
    caller: Caller,
    principal: PrincipalState,
    operation: Operation,
    input: Record<string, unknown>,
    req: HttpRequest,
    prepared: unknown,
  ): Promise<Target | undefined> {
    if (ALWAYS_ALLOWED.has(operation.action)) return undefined;
    const target = await operation.target({ input, caller, tx, env: this.env, ...(prepared !== undefined ? { prepared } : {}) });
    // The resource's account: its organization keys and, for the services they govern, its RCPs.
    // Within the caller's own account and outside those services the principal's facts answer.
    const resourceAccount = target.resourceAccount ?? caller.accountId;
    const resourceOrg =
      resourceAccount !== caller.accountId || rcpGoverned(operation.action)
        ? await resourceOrgPolicies(tx, this.deps.policies, resourceAccount, operation.action, caller.principal)
        : undefined;
    this.decide(caller, principal, operation, target, resourceOrg, req);
    return target;
  }

  /** Evaluates the call on its target with this request's context; throws AccessDenied. */
  private decide(caller: Caller, principal: PrincipalState, operation: Operation, target: Target, resourceOrg: ResourceOrgPolicies | undefined, req: HttpRequest): void {
    const now = this.deps.clock.now();
    let base = this.principalContexts.get(principal);
    if (!base) {
      base = new RequestContext(principal.context);
      this.principalContexts.set(principal, base);
    }
    const context = new RequestContext(undefined, base);
    const put = (k: string, v: ContextValue): void => void context.set(k, v);
    // Every request's own keys, under names already lower-cased.
    context.setLower('aws:currenttime', formatIsoSeconds(now));
    context.setLower('aws:epochtime', String(Math.floor(now.getTime() / 1000)));
    context.setLower('aws:sourceip', req.remoteAddress.startsWith('::ffff:') ? req.remoteAddress.slice(7) : req.remoteAddress);
    context.setLower('aws:securetransport', req.secure ? 'true' : 'false');
    context.setLower('aws:requestedregion', caller.region);
    context.setLower('aws:viaawsservice', 'false');
    const ua = header(req, 'user-agent');
    if (ua !== undefined) context.setLower('aws:useragent', ua);
    if (caller.session) for (const [k, v] of sessionRequestContext(caller.session, now.getTime())) put(k, v);
    if (resourceOrg) {
      for (const [k, v] of resourceOrg.context) put(k, v);
    } else {
      context.setLower('aws:resourceaccount', caller.accountId);
      if (principal.org) {
        context.setLower('aws:resourceorgid', principal.org.organizationId);
        context.setLower('aws:resourceorgpaths', [principal.org.orgPath]);
      }
    }
    for (const [k, v] of target.context ?? []) put(k, v);

    // One shape for every request's sets (see fixedSets).
    const own = principal.sets;
    const sets = fixedSets<CompiledPolicy>({
      identity: own.identity,
      resource: target.resourcePolicy,
      boundary: own.boundary,
      session: own.session,
      scps: own.scps,
      rcps: resourceOrg?.rcps,
      resourceRequired: target.resourceRequired === true,
    });
    for (const action of [operation.action, ...(target.alsoActions ?? [])]) {
      const request = {
        principal: caller.principal,
        action,
        resource: target.resource,
        context,
        ...(target.resourceAccount !== undefined ? { resourceAccount: target.resourceAccount } : {}),
      };
      const decision = evaluate(request, sets);
      if (decision.outcome !== 'Allow') {
        let message = accessDeniedMessage(caller.principal, action, target.resource, decision);
        if (this.deps.encodeAuthorizationMessages) {
          const explained = evaluate(request, sets, { explain: true });
          const userId = principal.context.find(([k]) => k === 'aws:userid')?.[1];
          const encoded = this.messages.encode({
            principal: caller.principal,
            ...(userId !== undefined ? { principalId: String(userId) } : {}),
            ...(caller.user ? { principalName: caller.user.name } : {}),
            action,
            resource: target.resource,
            context,
            decision: explained,
          });
          message = `${message}. Encoded authorization failure message: ${encoded}`;
        }
        throw new IamError('AccessDenied', message);
      }
    }
    // Work the service does for the caller, on the caller's own permissions (no resource policy).
    for (const dep of target.dependencies ?? []) {
      const request = { principal: caller.principal, action: dep.action, resource: dep.resource, context: new RequestContext(dep.context, context) };
      if (evaluate(request, principal.sets).outcome !== 'Allow') throw dep.error();
    }
  }

  /**
   * A cacheable read's output from the cache, decided anew for this request (AccessDenied is
   * thrown); undefined when it is not there (cachedRead reads it). Synchronous: a hit costs no
   * promise.
   */
  private cachedOutput(caller: Caller, principal: PrincipalState, operation: Operation, input: Record<string, unknown>, req: HttpRequest, marker: string): Output | undefined {
    const hit = this.reads.get(readKey(caller, operation, input));
    if (!hit || hit.marker !== marker || hit.generation !== this.generation || hit.output === undefined) return undefined;
    if (hit.target) this.decide(caller, principal, operation, hit.target, undefined, req);
    return hit.output;
  }

  /**
   * A cacheable read (Operation.cacheable): its target and output, from the cache while the store
   * says nothing changed, else read (and authorized) in one transaction and remembered. The
   * decision itself is made per request either way, with this request's context.
   */
  private async cachedRead(caller: Caller, principal: PrincipalState, operation: Operation, input: Record<string, unknown>, req: HttpRequest, marker: string): Promise<Output | undefined> {
    const key = readKey(caller, operation, input);
    const generation = this.generation;
    let target: Target | undefined;
    const output = await this.deps.store.read(async (tx) => {
      target = await this.authorize(tx, caller, principal, operation, input, req, undefined);
      return operation.handle({ input, caller, tx, env: this.env, ...(target ? { target } : {}) });
    });
    // Only what needs no per-request store read to authorize again (same account, no RCPs).
    if (!target || (target.resourceAccount === undefined && !rcpGoverned(operation.action))) {
      if (this.reads.size >= 10_000 || this.readsMarker !== marker) this.reads.clear();
      this.readsMarker = marker;
      this.reads.set(key, { marker, generation, ...(target ? { target } : {}), output });
    }
    return output;
  }

  /**
   * What a session token stands for. The token itself says it (no database read to authenticate);
   * the session's policies are read once and remembered like a key's (see principalState).
   */
  private async sessionState(accessKeyId: string, token: string): Promise<PrincipalState | SessionFailure> {
    const nowMs = this.deps.clock.now().getTime();
    const marker = this.deps.store.changeMarker();
    const opened = this.tokens.open(token, accessKeyId, nowMs);
    if (!opened.ok) {
      return opened.error === 'expired'
        ? EXPIRED_TOKEN
        : { error: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' };
    }
    const claims = opened.claims;
    const generation = this.generation;
    const built = await this.deps.store.read(async (tx) => {
      const session = await sessionPrincipal(tx, this.deps.policies, claims, this.partition);
      const org = await principalOrgPolicies(tx, this.deps.policies, claims.account, session.caller.principal);
      return {
        caller: session.caller,
        context: [...session.context, ...org.context],
        sets: fixedSets({ ...session.sets, scps: org.scps }),
        ...(org.facts ? { org: org.facts } : {}),
      };
    });
    const state: PrincipalState = { secret: claims.secret, callerIn: callerInRegion(built.caller), signingKeys: new Map(), ...built, session: claims, token, marker, at: Date.now(), generation };
    this.remember(accessKeyId, state);
    return state;
  }

  /**
   * What an access key (and session token) stood for when last read, if nothing has changed since;
   * a remembered session past its expiry answers ExpiredToken. Undefined: read it (principalState,
   * sessionState).
   */
  private remembered(accessKeyId: string, token: string | undefined): PrincipalState | SessionFailure | undefined {
    const cached = this.principals.get(accessKeyId);
    if (cached === undefined) return undefined;
    if (token === undefined ? cached.session !== undefined : cached.token !== token || cached.session === undefined) return undefined;
    if (!this.fresh(cached, this.deps.store.changeMarker())) return undefined;
    if (cached.session !== undefined && this.deps.clock.now().getTime() >= cached.session.expiresAt) {
      return EXPIRED_TOKEN;
    }
    return cached;
  }

  private fresh(cached: PrincipalState, marker: string | undefined): boolean {
    return cached.generation === this.generation && (marker !== undefined ? cached.marker === marker : Date.now() - cached.at < KEY_CACHE_MS);
  }

  private remember(accessKeyId: string, state: PrincipalState): void {
    if (this.principals.size >= 10_000) this.principals.clear();
    this.principals.set(accessKeyId, state);
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

  /** `cached`: the output is a cacheable read's, answered again while the store is unchanged. */
  private succeed(service: Service, requestId: string, operation: string, output: Record<string, unknown> | undefined, cached = false): HttpResponse {
    const headers = baseHeaders(requestId);
    if (service.model.metadata.protocol === 'json') {
      headers['content-type'] = jsonContentType(service.model);
      return { status: 200, headers, body: serializeJsonResponse(service.model, operation, output) };
    }
    headers['content-type'] = QUERY_RESPONSE_CONTENT_TYPE;
    if (!cached || output === undefined) return { status: 200, headers, body: serializeQueryResponse(service.model, operation, output, requestId) };
    // A cached output's XML is the same every time but for the request id, which comes last.
    let halves = this.serialized.get(output);
    if (!halves) {
      const xml = serializeQueryResponse(service.model, operation, output, REQUEST_ID_SLOT);
      const at = xml.lastIndexOf(REQUEST_ID_SLOT);
      halves = [xml.slice(0, at), xml.slice(at + REQUEST_ID_SLOT.length)];
      this.serialized.set(output, halves);
    }
    return { status: 200, headers, body: `${halves[0]}${requestId}${halves[1]}` };
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
      return { status, headers, body: serializeJsonError(service.model, { code, message: e.message, reason: failure.kind === 'iam' ? failure.error.fields?.reason : undefined }) };
    }
    headers['content-type'] = QUERY_RESPONSE_CONTENT_TYPE;
    const ns = service.model.metadata.xmlNamespace ?? '';
    return { status, headers, body: serializeQueryError({ type, code: e.code, message: e.message, awsFault }, requestId, ns) };
  }
}

/** A cacheable read's cache key: caller, operation, input. */
function readKey(caller: Caller, operation: Operation, input: Record<string, unknown>): string {
  return `${caller.accessKeyId}\u0000${operation.name}\u0000${JSON.stringify(input)}`;
}

/**
 * A caller's Caller for each region its requests are signed for, made once per region (a spread
 * per request made an object V8 reads slowly everywhere it goes).
 */
function callerInRegion(caller: Omit<Caller, 'region'>): (region: string) => Caller {
  const byRegion = new Map<string, Caller>();
  return (region) => {
    let c = byRegion.get(region);
    if (c === undefined) {
      c = { principal: caller.principal, accountId: caller.accountId, accessKeyId: caller.accessKeyId, region, partition: caller.partition };
      if (caller.user !== undefined) c.user = caller.user;
      if (caller.session !== undefined) c.session = caller.session;
      // Regions are free text from the client: a bounded memory.
      if (byRegion.size >= 64) byRegion.clear();
      byRegion.set(region, c);
    }
    return c;
  };
}

function header(req: SignedRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? (v as string[])[0] : (v as string | undefined);
}

/** The body as text (a Buffer is read in place, not copied first). */
function utf8(body: Uint8Array): string {
  return (Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)).toString('utf8');
}

function isForm(req: SignedRequest): boolean {
  return req.method === 'POST' && (header(req, 'content-type') ?? 'application/x-www-form-urlencoded').startsWith('application/x-www-form-urlencoded');
}

/** The Date header changes once a second; it is formatted once a second. */
let dateSecond = 0;
let dateText = '';
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/** Stands for the request id in a response serialized once for many requests (plain XML text). */
const REQUEST_ID_SLOT = 'tessera-request-id-slot-7f3a9c';

function baseHeaders(requestId: string): Record<string, string> {
  return { 'x-amzn-requestid': requestId, date: httpDate() };
}
