// The BinaryEquals condition operator: policy values are base64; the context value (base64 too,
// as context values are text) matches when its decoded bytes equal those of a policy value.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
//
// Values are compared in canonical base64 (decoded, then encoded again), so padding bits and
// the spelling of equivalent encodings do not matter. A value that is not base64 matches nothing.

import { Buffer } from 'node:buffer';
import type { OperatorDefinition, ValueTest } from './types.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** Canonical base64 of the bytes `text` encodes, or undefined when it is not base64. */
function canonical(text: string): string | undefined {
  return BASE64.test(text) ? Buffer.from(text, 'base64').toString('base64') : undefined;
}

function compileBinaryTest(values: readonly string[]): ValueTest {
  const set = new Set<string>();
  for (const v of values) {
    const c = canonical(v);
    if (c !== undefined) set.add(c);
  }
  if (set.size === 0) return () => false;
  return (t) => {
    const c = canonical(t);
    return c !== undefined && set.has(c);
  };
}

export const BINARY_OPERATORS: readonly OperatorDefinition[] = [
  {
    name: 'BinaryEquals',
    family: 'binary',
    negated: false,
    variables: false,
    ifExists: true,
    compile: (values) => ({ ok: true, test: compileBinaryTest(values) }),
  },
];
