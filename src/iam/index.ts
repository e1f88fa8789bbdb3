// The IAM operations that exist, by name. An operation in the service model that is not here
// answers NotImplemented (the server says so), never a fake success.
import { ACCESS_KEY_OPERATIONS } from './access-keys.js';
import { GROUP_OPERATIONS } from './groups.js';
import { POLICY_OPERATIONS } from './policies.js';
import { ROLE_OPERATIONS } from './roles.js';
import type { Operation } from './operation.js';
import { SIMULATION_OPERATIONS } from './simulation.js';
import { USER_POLICY_OPERATIONS } from './user-policies.js';
import { USER_OPERATIONS } from './users.js';

export const IAM_OPERATIONS: ReadonlyMap<string, Operation> = new Map(
  [
    ...USER_OPERATIONS,
    ...ACCESS_KEY_OPERATIONS,
    ...USER_POLICY_OPERATIONS,
    ...GROUP_OPERATIONS,
    ...ROLE_OPERATIONS,
    ...POLICY_OPERATIONS,
    ...SIMULATION_OPERATIONS,
  ].map((op) => [op.name, op]),
);

export { IamError, IAM_ERRORS, type IamErrorCode } from './errors.js';
export type { Caller, IamEnv, Operation, OperationRequest, Target } from './operation.js';
export { policySetsFor, principalContext } from './authorization.js';
export { openSecret, sealSecret, MAX_ACCESS_KEYS_PER_USER } from './access-keys.js';
export { rootArn, userArn } from './arns.js';
