// What an IAM (or STS) operation declares, and what it is handed. Each operation names its IAM
// action, how to build the resource ARN and request condition keys it is authorized on, and its
// handler. The server runs them: authenticate -> authorize -> handle (in one transaction) -> record.

import type { Clock } from '../lib/clock.js';
import type { SealingKey } from '../lib/sealing.js';
import type { ContextValue } from '../policy/context.js';
import type { PolicyCache, Principal } from '../evaluation/index.js';
import type { StoreTx } from '../store/port.js';
import type { User } from '../store/types.js';

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
}

/** Services and settings the handlers use; built once by the server. */
export interface IamEnv {
  clock: Clock;
  sealing: SealingKey;
  policies: PolicyCache;
}

export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;

export interface OperationRequest<I> {
  input: I;
  caller: Caller;
  tx: StoreTx;
  env: IamEnv;
}

/** What authorization needs to know about the target of a call. */
export interface Target {
  /** The resource ARN the action is evaluated on. */
  resource: string;
  /** Request condition keys the operation contributes (aws:RequestTag/*, aws:TagKeys, iam:*...). */
  context?: Array<readonly [string, ContextValue]>;
}

export interface Operation<I = Input, O = Output> {
  /** The operation name as in the service model, e.g. "CreateUser". */
  readonly name: string;
  /** The IAM action, e.g. "iam:CreateUser". */
  readonly action: string;
  /** Whether the handler writes (it then runs in a write transaction). */
  readonly writes: boolean;
  target(req: OperationRequest<I>): Promise<Target> | Target;
  handle(req: OperationRequest<I>): Promise<O | undefined>;
}

/** Erases an operation's input type for registries (inputs are validated against the model). */
export function defineOperation<I, O>(op: Operation<I, O>): Operation<Input, Output> {
  return op as unknown as Operation<Input, Output>;
}
