// String condition operators. One implementation, three flags: negated (applied by the registry),
// ignoreCase, and wildcards (`*` and `?`, StringLike only).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
//
// Under policy Version 2012-10-17 (options.escapes) `${*}`, `${?}`, `${$}` stand for the literal
// characters: they are literals in StringLike patterns and are unescaped for the equality
// operators. Under 2008-10-17 the same text is ordinary characters (and `*` in it is a wildcard
// for StringLike).

import { compileGlob, hasWildcard, unescapeLiterals, type Matcher } from '../glob.js';
import type { CompileOptions, OperatorDefinition, ValueTest } from './types.js';

interface StringFlags {
  ignoreCase: boolean;
  wildcards: boolean;
}

const never: ValueTest = () => false;

function compileEquality(literals: readonly string[], ignoreCase: boolean): ValueTest {
  const lits = ignoreCase ? literals.map((l) => l.toLowerCase()) : literals;
  const [only] = lits;
  if (only === undefined) return never;
  if (lits.length === 1) return ignoreCase ? (t) => t.toLowerCase() === only : (t) => t === only;
  const set = new Set(lits);
  return ignoreCase ? (t) => set.has(t.toLowerCase()) : (t) => set.has(t);
}

function compileStringTest(values: readonly string[], flags: StringFlags, options: CompileOptions): ValueTest {
  const { escapes } = options;
  if (!flags.wildcards) return compileEquality(escapes ? values.map(unescapeLiterals) : values, flags.ignoreCase);

  // StringLike: literal patterns go to one set lookup, the rest are globs tried in order.
  const literals: string[] = [];
  const globs: Matcher[] = [];
  for (const v of values) {
    if (hasWildcard(v, escapes)) globs.push(compileGlob(v, { escapes }));
    else literals.push(escapes ? unescapeLiterals(v) : v);
  }
  const exact = compileEquality(literals, false);
  if (globs.length === 0) return exact;
  const [first] = globs;
  if (literals.length === 0 && globs.length === 1 && first) return first;
  return (t) => {
    if (exact(t)) return true;
    for (const g of globs) if (g(t)) return true;
    return false;
  };
}

function string(name: string, negated: boolean, flags: StringFlags): OperatorDefinition {
  return {
    name,
    family: 'string',
    negated,
    variables: true,
    ifExists: true,
    compile: (values, options) => ({ ok: true, test: compileStringTest(values, flags, options) }),
  };
}

const EQUALS: StringFlags = { ignoreCase: false, wildcards: false };
const EQUALS_IGNORE_CASE: StringFlags = { ignoreCase: true, wildcards: false };
const LIKE: StringFlags = { ignoreCase: false, wildcards: true };

export const STRING_OPERATORS: readonly OperatorDefinition[] = [
  string('StringEquals', false, EQUALS),
  string('StringNotEquals', true, EQUALS),
  string('StringEqualsIgnoreCase', false, EQUALS_IGNORE_CASE),
  string('StringNotEqualsIgnoreCase', true, EQUALS_IGNORE_CASE),
  string('StringLike', false, LIKE),
  string('StringNotLike', true, LIKE),
];
