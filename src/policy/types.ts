// The policy language's data types, from validated document to request context.
// A PolicyDocument is what validation hands to compilation: every element normalized to arrays,
// statements keep their position in the source text (the simulator reports it).

/** The kinds of policy IAM distinguishes; each has its own grammar rules. */
export type PolicyType = 'identity' | 'resource' | 'trust' | 'boundary' | 'scp' | 'rcp' | 'session';

export const POLICY_TYPES: readonly PolicyType[] = ['identity', 'resource', 'trust', 'boundary', 'scp', 'rcp', 'session'];

export type Effect = 'Allow' | 'Deny';

/** Where a statement sits in the policy text: 1-based line and column, as AWS's simulator reports. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** Principal kinds as they appear in a policy's Principal element. */
export type PrincipalKind = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

/** "*" or a map from principal kind to its values (always arrays after normalization). */
export type PrincipalSpec = '*' | Partial<Record<PrincipalKind, string[]>>;

/** One condition: operator text as written (e.g. "ForAnyValue:StringLikeIfExists"), one key, its values. */
export interface ConditionClause {
  operator: string;
  key: string;
  values: string[];
}

export interface Statement {
  /** 0-based index within the document's Statement list. */
  index: number;
  sid?: string;
  effect: Effect;
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  conditions: ConditionClause[];
  start: SourcePosition;
  end: SourcePosition;
}

export type PolicyVersion = '2012-10-17' | '2008-10-17';

export interface PolicyDocument {
  /** Absent Version behaves as 2008-10-17 (policy variables are literal text). */
  version?: PolicyVersion;
  id?: string;
  statements: Statement[];
}

export type Severity = 'error' | 'warning';

/** A finding about a policy document. Errors carry AWS's MalformedPolicyDocument message. */
export interface Diagnostic {
  severity: Severity;
  message: string;
  /** JSON path of the offending element when known, e.g. "Statement[1].Condition". */
  path?: string;
}

export type ValidationResult =
  | { ok: true; document: PolicyDocument; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };
