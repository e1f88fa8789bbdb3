// The Null condition operator: tests whether a key is absent ("true") or present ("false").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
//
// Null never takes IfExists and has no policy variables. The registry calls its test with the
// text "true" when the key is absent (missing, or a multivalued key with no values) and "false"
// when it is present; the test says whether any policy value (case-insensitive) equals that.

import { compileBoolTest } from './bool.js';
import type { OperatorDefinition } from './types.js';

export const NULL_OPERATORS: readonly OperatorDefinition[] = [
  {
    name: 'Null',
    family: 'null',
    negated: false,
    variables: false,
    ifExists: false,
    compile: (values) => ({ ok: true, test: compileBoolTest(values) }),
  },
];
