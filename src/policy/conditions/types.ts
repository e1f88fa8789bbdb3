// The contract every condition-operator family implements, and the parsed form of an operator
// name. Families own value parsing and comparison; qualifiers (ForAllValues:/ForAnyValue:),
// IfExists and negation are applied generically by the registry, never by a family.

/** True when one context value matches at least one of the (compiled) policy values. */
export type ValueTest = (contextValue: string) => boolean;

export interface CompileOptions {
  /** Policy Version 2012-10-17: `${*}`, `${?}`, `${$}` are escapes for literal characters. */
  escapes: boolean;
}

export type CompileResult = { ok: true; test: ValueTest } | { ok: false; message: string };

export interface OperatorDefinition {
  /** Base operator name as AWS spells it, without qualifier or IfExists, e.g. "StringNotLike". */
  name: string;
  /** The family file that owns it, e.g. "string". */
  family: 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';
  /** The operator is the negation of a positive one (StringNotEquals, NotIpAddress, ArnNotLike...). */
  negated: boolean;
  /** Policy variables are substituted in its values (string and ARN operators). */
  variables: boolean;
  /** Whether the operator accepts the IfExists suffix (all but Null). */
  ifExists: boolean;
  /**
   * Compiles the policy values (already variable-substituted) into one test. For a negated
   * operator the test is the positive one: the registry applies the negation.
   */
  compile(values: readonly string[], options: CompileOptions): CompileResult;
}

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

/** An operator name taken apart: "ForAnyValue:StringLikeIfExists". */
export interface ParsedOperator {
  text: string;
  definition: OperatorDefinition;
  qualifier?: SetQualifier;
  ifExists: boolean;
}
