// The table runner every operator family's tests share: one row is an operator, its policy
// values, the request's value (undefined = key absent) and the expected result. Test support only.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ContextValue } from '../context.js';
import { compileCondition, evaluateCondition, parseOperator } from './registry.js';

export type Case = readonly [operator: string, policy: readonly string[], context: ContextValue | undefined, expected: boolean];

/** Parses, compiles and evaluates one condition clause (escapes: policy Version 2012-10-17). */
export function evaluate(operator: string, policy: readonly string[], context: ContextValue | undefined, escapes = true): boolean {
  const op = parseOperator(operator);
  assert.ok(op, `unknown operator ${operator}`);
  const compiled = compileCondition(op, policy, { escapes });
  assert.ok(compiled.ok, `compile failed: ${operator} ${JSON.stringify(policy)}`);
  return evaluateCondition(op, compiled.test, context);
}

/** One test per row. */
export function table(cases: readonly Case[], escapes = true): void {
  for (const [operator, policy, context, expected] of cases) {
    it(`${operator} ${JSON.stringify(policy)} on ${JSON.stringify(context)} is ${expected}`, () => {
      assert.equal(evaluate(operator, policy, context, escapes), expected);
    });
  }
}
