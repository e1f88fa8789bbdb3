// ARN condition operators: ArnEquals and ArnLike (identical), ArnNotEquals and ArnNotLike
// (identical). Each of the six colon-delimited components is matched on its own, case-sensitively,
// and each may hold `*` and `?`; a wildcard never crosses a component's colon (the resource, the
// sixth component, keeps its own colons).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
//
// A context value that is not an ARN matches nothing. A policy value that is not an ARN pattern
// (fewer than six components, e.g. a bare "*") matches nothing: it has no components to match.

import { arnComponents } from '../arn.js';
import { compileGlob, hasWildcard, unescapeLiterals, type Matcher } from '../glob.js';
import type { CompileOptions, OperatorDefinition, ValueTest } from './types.js';

/** Matchers for components 1-5 (component 0 is the literal "arn" on both sides). */
type ArnPattern = readonly Matcher[];

function matchesComponents(parts: readonly string[], pattern: ArnPattern): boolean {
  let i = 1;
  for (const match of pattern) if (!match(parts[i++] ?? '')) return false;
  return true;
}

function compileArnTest(values: readonly string[], options: CompileOptions): ValueTest {
  const { escapes } = options;
  // A pattern without wildcards matches exactly the ARN that spells it: equal components
  // <=> equal text, when both sides are ARNs. Those go to one set lookup.
  const literals = new Set<string>();
  const patterns: ArnPattern[] = [];
  for (const v of values) {
    const components = arnComponents(v);
    if (!components) continue;
    if (!hasWildcard(v, escapes)) literals.add(escapes ? unescapeLiterals(v) : v);
    else patterns.push(components.slice(1).map((c) => compileGlob(c, { escapes })));
  }
  if (patterns.length === 0) {
    if (literals.size === 0) return () => false;
    return (t) => literals.has(t);
  }
  return (t) => {
    if (literals.has(t)) return true;
    const parts = arnComponents(t);
    if (!parts) return false;
    for (const p of patterns) if (matchesComponents(parts, p)) return true;
    return false;
  };
}

function arn(name: string, negated: boolean): OperatorDefinition {
  return {
    name,
    family: 'arn',
    negated,
    variables: true,
    ifExists: true,
    compile: (values, options) => ({ ok: true, test: compileArnTest(values, options) }),
  };
}

export const ARN_OPERATORS: readonly OperatorDefinition[] = [
  arn('ArnEquals', false),
  arn('ArnLike', false),
  arn('ArnNotEquals', true),
  arn('ArnNotLike', true),
];
