// The Bool condition operator: "true"/"false", compared case-insensitively on both sides.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
//
// Policy variables are substituted in Bool values (the page above: "You can use a policy variable
// with the Boolean condition operator"). A policy value other than true/false is accepted (IAM does
// not check it when a policy is stored) and matches nothing; so does such a context value.

import type { OperatorDefinition, ValueTest } from './types.js';

/** 1 for true, 0 for false, -1 for anything else; no allocation for the canonical spellings. */
export function parseBool(text: string): 1 | 0 | -1 {
  if (text === 'true') return 1;
  if (text === 'false') return 0;
  if (text.length !== 4 && text.length !== 5) return -1;
  const lower = text.toLowerCase();
  return lower === 'true' ? 1 : lower === 'false' ? 0 : -1;
}

/** The test for a set of boolean policy values: matches a context value equal to any of them. */
export function compileBoolTest(values: readonly string[]): ValueTest {
  let wantTrue = false;
  let wantFalse = false;
  for (const v of values) {
    const b = parseBool(v);
    if (b === 1) wantTrue = true;
    else if (b === 0) wantFalse = true;
  }
  if (wantTrue && wantFalse) return (t) => parseBool(t) !== -1;
  if (wantTrue) return (t) => parseBool(t) === 1;
  if (wantFalse) return (t) => parseBool(t) === 0;
  return () => false;
}

export const BOOL_OPERATORS: readonly OperatorDefinition[] = [
  {
    name: 'Bool',
    family: 'bool',
    negated: false,
    variables: true,
    ifExists: true,
    compile: (values) => ({ ok: true, test: compileBoolTest(values) }),
  },
];
