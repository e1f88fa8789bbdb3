// The decision engine's public surface.
export type * from './types.js';
export { CompiledPolicy, type CompiledStatement } from './compile.js';
export { PolicyCache, type LoadResult } from './cache.js';
export { evaluate, type EvaluateOptions } from './evaluate.js';
export { fixedSets } from './sets.js';
export { accessDeniedMessage, denialReason, explainDecision, policyKindName } from './explain.js';
export { callerArn } from './principal.js';
export {
  simulate,
  simulateCustomPolicy,
  toSimulateResponse,
  contextFromEntries,
  principalFromArn,
  SimulationInputError,
  type SimulateInput,
  type SimulateOptions,
  type SimulationResult,
  type SimulatePolicyResponse,
  type EvaluationResult,
} from './simulate.js';
export { referenceEvaluate, type ReferenceSets } from './reference.js';
