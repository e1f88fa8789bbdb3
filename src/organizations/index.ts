// AWS Organizations: every operation Tessera serves, for the server's registry.
import type { Operation } from '../iam/operation.js';
import { ACCOUNT_OPERATIONS } from './accounts.js';
import { POLICY_OPERATIONS } from './policies.js';
import { STRUCTURE_OPERATIONS } from './structure.js';

export const ORGANIZATIONS_OPERATIONS: readonly Operation[] = [...STRUCTURE_OPERATIONS, ...ACCOUNT_OPERATIONS, ...POLICY_OPERATIONS];
