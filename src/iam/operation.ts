// What an IAM (or STS) operation declares, and what it is handed. Each operation names its IAM
// action, how to build the resource ARN and request condition keys it is authorized on, and its
// handler. The server runs them: authenticate -> authorize -> handle (in one transaction) -> record.

import type { Clock } from '../lib/clock.js';
import type { SealingKey } from '../lib/sealing.js';
import type { ContextValue } from '../policy/context.js';
import type { CompiledPolicy, PolicyCache, PolicyRef, Principal } from '../evaluation/index.js';
import type { StoreTx } from '../store/port.js';
import type { User } from '../store/types.js';
import type { IamError } from './errors.js';

/** Who is calling, as authentication established it. */
export interface Caller {
  principal: Principal;
  accountId: string;
  accessKeyId: string;
  /** The IAM user behind the call (absent for root and sessions). */
  user?: User;
  /** Region from the signing scope. */
  region: string;
  partition: string;
  /** The session, when the call was made with temporary credentials (sealed in its token). */
  session?: SessionClaims;
}

export type SessionKind = 'assumed-role' | 'federated-user' | 'session-token';

/** What a session is. Times are epoch milliseconds. */
export interface SessionClaims {
  readonly kind: SessionKind;
  /** The account the session acts in (the role's, or the caller's). */
  readonly account: string;
  /** The ASIA access key id the token belongs to. */
  readonly akid: string;
  readonly secret: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** assumed-role: the role and the session name. */
  readonly role?: { readonly id: string; readonly arn: string; readonly name: string };
  readonly sessionName?: string;
  /** federated-user: the name given to GetFederationToken. */
  readonly federatedName?: string;
  /** session-token and federated-user: the IAM user that asked (absent: the root user). */
  readonly user?: { readonly id: string; readonly name: string; readonly arn: string };
  /** Session policies: inline text and managed policy ARNs. */
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  /** Session tags (assumed-role), and which keys pass on through role chaining. */
  readonly tags?: ReadonlyArray<readonly [string, string]>;
  readonly transitiveTagKeys?: readonly string[];
  readonly sourceIdentity?: string;
  /** When the caller authenticated with MFA for this session (absent: no MFA). */
  readonly mfaAuthenticatedAt?: number;
  /** Made from role credentials (role chaining). */
  readonly chained?: boolean;
}


/** Services and settings the handlers use; built once by the server. */
export interface IamEnv {
  clock: Clock;
  sealing: SealingKey;
  policies: PolicyCache;
  /** Seals session tokens (STS); the server provides it. */
  sessionTokens?: { seal(claims: SessionClaims): string };
  /** Opens encoded authorization failure messages (sts:DecodeAuthorizationMessage). */
  authorizationMessages?: { decode(encoded: string): string | undefined };
}

export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;

export interface OperationRequest<I> {
  input: I;
  caller: Caller;
  tx: StoreTx;
  env: IamEnv;
  /** For handle(): what target() returned, once authorization allowed it. */
  target?: Target;
  /** For target() and handle(): what prepare() found, when the operation has that phase. */
  prepared?: unknown;
}

/** What prepare() is given: no transaction (it may wait on the network). */
export type PrepareRequest<I> = Omit<OperationRequest<I>, 'tx' | 'target' | 'prepared'>;

/** What authorization needs to know about the target of a call. */
export interface Target {
  /** The resource ARN the action is evaluated on. */
  resource: string;
  /** Request condition keys the operation contributes (aws:RequestTag/*, aws:TagKeys, iam:*...). */
  context?: Array<readonly [string, ContextValue]>;
  /** A resource-based policy that applies (a role's trust policy for sts:AssumeRole). */
  resourcePolicy?: PolicyRef<CompiledPolicy>;
  /** The resource policy must allow even within one account (a role's trust policy). */
  resourceRequired?: boolean;
  /** The account that owns the resource, when it may not be the caller's (cross-account). */
  resourceAccount?: string;
  /** More actions the same request needs on the same resource (sts:TagSession, sts:SetSourceIdentity). */
  alsoActions?: readonly string[];
  /**
   * Permissions the caller needs for work the service does on its behalf (Organizations creating
   * its service-linked role): each is decided by the caller's own policies, and refused with its
   * own error rather than AccessDenied.
   */
  dependencies?: readonly TargetDependency[];
  /** What target() learned that the handler needs (e.g. the role it found); opaque to the server. */
  facts?: Readonly<Record<string, unknown>>;
}

export interface TargetDependency {
  readonly action: string;
  readonly resource: string;
  /** Condition keys for this check, over the request's. */
  readonly context?: ReadonlyArray<readonly [string, ContextValue]>;
  /** What the caller gets when its policies do not allow it. */
  readonly error: () => IamError;
}

export interface Operation<I = Input, O = Output> {
  /** The operation name as in the service model, e.g. "CreateUser". */
  readonly name: string;
  /** The IAM action, e.g. "iam:CreateUser". */
  readonly action: string;
  /** Whether the handler writes (it then runs in a write transaction). */
  readonly writes: boolean;
  /**
   * target() and handle() read the store and nothing else (no clock, no randomness, no caller
   * facts beyond the access key): while the store is unchanged their results stand, and the
   * server may answer from memory, deciding authorization afresh for each request.
   */
  readonly cacheable?: boolean;
  target(req: OperationRequest<I>): Promise<Target> | Target;
  /**
   * Slow work outside any transaction (e.g. fetching a certificate over the network), run after
   * the caller was authorized once (in a read transaction) and before the transaction in which
   * the caller is authorized again and handle() runs; its result reaches them as `prepared`.
   */
  prepare?(req: PrepareRequest<I>): Promise<unknown>;
  handle(req: OperationRequest<I>): Promise<O | undefined>;
}

/** Erases an operation's input type for registries (inputs are validated against the model). */
export function defineOperation<I, O>(op: Operation<I, O>): Operation<Input, Output> {
  return op as unknown as Operation<Input, Output>;
}
