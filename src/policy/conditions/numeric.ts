// Numeric condition operators: NumericEquals, NumericNotEquals, NumericLessThan[Equals],
// NumericGreaterThan[Equals]. Also owns the ordered comparison shared with the date family:
// both parse their values to numbers at compile time and compare one context number per call.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
//
// A policy value that is not a number is accepted and never matches. IAM's policy parser checks
// the values of Date operators only (they fail "legacy parsing"); numeric values are not checked
// when a policy is stored, so a policy with NumericLessThan "abc" is valid and that value simply
// matches nothing. A context value that is not a number matches nothing.

import type { CompileResult, OperatorDefinition, ValueTest } from './types.js';

/** How one context value is compared with the policy values. */
export type Ordering = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Integer or decimal, optionally signed, with an optional exponent; NaN when it is anything else. */
export function parseNumber(text: string): number {
  return NUMBER.test(text) ? Number(text) : NaN;
}

const never: ValueTest = () => false;

/**
 * One test over already-parsed policy values: "context OP any policy value". The ordered cases
 * reduce to one bound (x < any v  <=>  x < max v), so a call costs one parse and one comparison.
 */
export function compileOrdered(policy: readonly number[], ordering: Ordering, parse: (text: string) => number): ValueTest {
  const bounds = policy.filter((n) => !Number.isNaN(n));
  if (bounds.length === 0) return never;
  switch (ordering) {
    case 'eq': {
      const [only] = bounds;
      if (bounds.length === 1 && only !== undefined) return (text) => parse(text) === only;
      const set = new Set(bounds);
      return (text) => set.has(parse(text));
    }
    case 'lt': {
      const max = bounds.reduce((a, b) => (b > a ? b : a));
      return (text) => parse(text) < max;
    }
    case 'le': {
      const max = bounds.reduce((a, b) => (b > a ? b : a));
      return (text) => parse(text) <= max;
    }
    case 'gt': {
      const min = bounds.reduce((a, b) => (b < a ? b : a));
      return (text) => parse(text) > min;
    }
    case 'ge': {
      const min = bounds.reduce((a, b) => (b < a ? b : a));
      return (text) => parse(text) >= min;
    }
  }
}

function numeric(name: string, ordering: Ordering, negated = false): OperatorDefinition {
  return {
    name,
    family: 'numeric',
    negated,
    variables: false,
    ifExists: true,
    compile: (values): CompileResult => ({ ok: true, test: compileOrdered(values.map(parseNumber), ordering, parseNumber) }),
  };
}

export const NUMERIC_OPERATORS: readonly OperatorDefinition[] = [
  numeric('NumericEquals', 'eq'),
  numeric('NumericNotEquals', 'eq', true),
  numeric('NumericLessThan', 'lt'),
  numeric('NumericLessThanEquals', 'le'),
  numeric('NumericGreaterThan', 'gt'),
  numeric('NumericGreaterThanEquals', 'ge'),
];
