// The one table of condition operators, the parser of operator names, and the generic evaluation
// rules (set qualifiers, IfExists, negation, missing keys) that no family applies itself.
//
// Operator names are case-sensitive, as IAM takes them: the documentation spells every operator
// in one case (and says only that context key *names* are case-insensitive), and IAM refuses a
// policy with "stringEquals" ("MalformedPolicyDocument: Invalid Condition type : stringEquals",
// https://github.com/ministryofjustice/modernisation-platform-environments/pull/8893).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html

import type { ContextValue } from '../context.js';
import { ARN_OPERATORS } from './arn.js';
import { BINARY_OPERATORS } from './binary.js';
import { BOOL_OPERATORS } from './bool.js';
import { DATE_OPERATORS } from './date.js';
import { IP_OPERATORS } from './ip.js';
import { NULL_OPERATORS } from './null.js';
import { NUMERIC_OPERATORS } from './numeric.js';
import { STRING_OPERATORS } from './string.js';
import type { CompileOptions, CompileResult, OperatorDefinition, ParsedOperator, SetQualifier, ValueTest } from './types.js';

/** Every condition operator IAM knows, by family. Adding an operator is one line in its family. */
export const OPERATORS: readonly OperatorDefinition[] = [
  ...STRING_OPERATORS,
  ...NUMERIC_OPERATORS,
  ...DATE_OPERATORS,
  ...BOOL_OPERATORS,
  ...BINARY_OPERATORS,
  ...IP_OPERATORS,
  ...ARN_OPERATORS,
  ...NULL_OPERATORS,
];

const BY_NAME: ReadonlyMap<string, OperatorDefinition> = new Map(OPERATORS.map((d) => [d.name, d]));

const QUALIFIERS: readonly SetQualifier[] = ['ForAllValues', 'ForAnyValue'];
const IF_EXISTS = 'IfExists';

/** The definition of a base operator name ("StringLike"), exactly as AWS spells it. */
export function findOperator(name: string): OperatorDefinition | undefined {
  return BY_NAME.get(name);
}

/**
 * Takes apart "ForAnyValue:StringLikeIfExists": an optional set qualifier and colon, a base
 * operator, an optional IfExists suffix (refused where the definition does not allow it, i.e.
 * NullIfExists). Undefined when the text is not an operator IAM accepts.
 */
export function parseOperator(text: string): ParsedOperator | undefined {
  let rest = text;
  let qualifier: SetQualifier | undefined;
  for (const q of QUALIFIERS) {
    if (rest.startsWith(q) && rest[q.length] === ':') {
      qualifier = q;
      rest = rest.slice(q.length + 1);
      break;
    }
  }
  let definition = BY_NAME.get(rest);
  let ifExists = false;
  if (!definition && rest.endsWith(IF_EXISTS)) {
    definition = BY_NAME.get(rest.slice(0, -IF_EXISTS.length));
    if (!definition?.ifExists) return undefined;
    ifExists = true;
  }
  if (!definition) return undefined;
  return qualifier ? { text, definition, qualifier, ifExists } : { text, definition, ifExists };
}

/** Compiles the (variable-substituted) policy values of one condition for its operator. */
export function compileCondition(op: ParsedOperator, values: readonly string[], options: CompileOptions): CompileResult {
  return op.definition.compile(values, options);
}

/**
 * A key is absent when the request context lacks it or holds it as a multivalued key with no
 * values. For a set qualifier an empty single value is absent too: "ForAllValues ... also returns
 * true if there are no context keys in the request, or if the context key value resolves to a
 * null dataset, such as an empty string"; ForAnyValue then returns false.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 * Unqualified operators keep "" as a value: s3:prefix "" is a real prefix (the StringLike example
 * on the condition-operators page lists "" among its values).
 */
function isEmpty(value: ContextValue, qualified: boolean): boolean {
  return typeof value === 'string' ? qualified && value.length === 0 : value.length === 0;
}

/**
 * Whether one condition (operator, key) holds for the key's value in the request context.
 *
 * Key absent (undefined, or empty as isEmpty says):
 *   - Null: its test is asked with "true" (absent) or "false" (present); qualifiers do not apply.
 *   - ...IfExists: true. "If the key is not present, evaluate the condition element as true."
 *   - ForAllValues: true; ForAnyValue: false.
 *     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 *   - otherwise a negated operator (StringNotLike, NotIpAddress...) is true, a positive one false:
 *     "If the policy condition requires that the key is not matched ... and the right key is not
 *     present, the condition is true."
 *     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * Key present:
 *   - The per-value predicate is the family's test ("matches any policy value"); for a negated
 *     operator it is its negation ("matches none of the policy values": multiple values of a
 *     negated operator are a NOR).
 *     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 *   - ForAllValues: every context value satisfies the predicate; ForAnyValue: at least one does.
 *   - Unqualified: a positive operator holds when some context value matches; a negated one when
 *     none does. For a single value all of these agree.
 *     Caveat: AWS says multivalued keys "require" a set qualifier and does not document an
 *     unqualified operator on one; we read it as above.
 */
export function evaluateCondition(op: ParsedOperator, test: ValueTest, value: ContextValue | undefined): boolean {
  const def = op.definition;
  if (def.family === 'null') return test(value === undefined || isEmpty(value, false) ? 'true' : 'false');
  if (value === undefined || isEmpty(value, op.qualifier !== undefined)) {
    if (op.ifExists || op.qualifier === 'ForAllValues') return true;
    if (op.qualifier === 'ForAnyValue') return false;
    return def.negated;
  }
  const negated = def.negated;
  if (typeof value === 'string') return test(value) !== negated;
  switch (op.qualifier) {
    case 'ForAllValues':
      for (const v of value) if (test(v) === negated) return false;
      return true;
    case 'ForAnyValue':
      for (const v of value) if (test(v) !== negated) return true;
      return false;
    default:
      for (const v of value) if (test(v)) return !negated;
      return negated;
  }
}
