// Condition operators: what the rest of Tessera may import. A condition is parsed once
// (parseOperator), compiled once per policy (compileCondition), and evaluated per request
// (evaluateCondition) against the key's value in the request context.

export type {
  CompileOptions,
  CompileResult,
  OperatorDefinition,
  ParsedOperator,
  SetQualifier,
  ValueTest,
} from './types.js';
export { OPERATORS, compileCondition, evaluateCondition, findOperator, parseOperator } from './registry.js';
