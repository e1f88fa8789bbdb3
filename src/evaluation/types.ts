// The decision engine's inputs and outputs. Decisions are data: the three outcomes stay apart
// (Allow, ExplicitDeny, ImplicitDeny) with the reason for each policy type, until the edge
// (HTTP, simulator, CLI) renders them.

import type { RequestContext } from '../policy/context.js';
import type { SourcePosition, Statement } from '../policy/types.js';

export type Outcome = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** The evaluation's policy types, in the order AWS's enforcement logic considers them. */
export type PolicySetKind = 'scp' | 'rcp' | 'resource' | 'identity' | 'boundary' | 'session';

/** Who makes the request. ARNs are the caller's own (session ARN for an assumed role). */
export type Principal =
  | { type: 'root'; account: string; arn: string }
  | { type: 'user'; account: string; arn: string; userId?: string }
  | {
      type: 'assumed-role';
      account: string;
      /** arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION */
      arn: string;
      /** arn:aws:iam::ACCOUNT:role/PATH/ROLE: what aws:PrincipalArn names. */
      roleArn: string;
      serviceLinked?: boolean;
    }
  | {
      type: 'federated-user';
      account: string;
      /** arn:aws:sts::ACCOUNT:federated-user/NAME */
      arn: string;
      /** The IAM user that called GetFederationToken. */
      userArn?: string;
    }
  | { type: 'service'; service: string }
  /** A web-identity or SAML federated principal before it becomes a session (trust evaluation). */
  | { type: 'federated'; provider: string }
  | { type: 'anonymous' };

export interface AuthorizationRequest {
  principal: Principal;
  /** "service:Action" as AWS spells it. */
  action: string;
  /** The resource ARN, or "*". */
  resource: string;
  /** The account that owns the resource; undefined means the principal's own account. */
  resourceAccount?: string;
  context: RequestContext;
}

/** A policy as the engine receives it: validated and compiled, with the id the simulator reports. */
export interface PolicyRef<C = unknown> {
  /** e.g. "PolicyInputList.1", "arn:aws:iam::aws:policy/ReadOnlyAccess", "inline:user/bob/p1". */
  id: string;
  /**
 * AWS simulator's SourcePolicyType: user | group | role | aws-managed | user-managed | resource |
 * none, and "IAM Policy", which AWS's simulator reports for policies passed in its input lists.
 */
  sourceType: SourcePolicyType;
  compiled: C;
}

export type SourcePolicyType = 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed' | 'resource' | 'none' | 'IAM Policy';

/**
 * The policies that apply to one request. `undefined` means "this policy type does not apply"
 * (no boundary set, no session policies, not in an organization or exempt from SCPs); an empty
 * array means "applies, and allows nothing" (e.g. a federated user given no session policy).
 */
export interface PolicySets<C = unknown> {
  identity: readonly PolicyRef<C>[];
  resource?: PolicyRef<C>;
  boundary?: PolicyRef<C>;
  session?: readonly PolicyRef<C>[];
  /** One entry per organization level, root first, account last; each level must allow. */
  scps?: PolicyRef<C>[][];
  /** The resource account's RCPs, per level like SCPs. */
  rcps?: PolicyRef<C>[][];
  /**
   * The resource policy must allow even within one account (a role's trust policy for
   * sts:AssumeRole and its kin: an identity policy alone never lets anyone assume a role).
   */
  resourceRequired?: boolean;
}

export interface MatchedStatement {
  policyId: string;
  sourceType: SourcePolicyType;
  kind: PolicySetKind;
  effect: 'Allow' | 'Deny';
  sid?: string;
  index: number;
  start: SourcePosition;
  end: SourcePosition;
}

/** The outcome of one policy type (for SCPs and RCPs: all levels together). */
export interface KindDecision {
  kind: PolicySetKind;
  outcome: Outcome;
}

export interface Decision {
  outcome: Outcome;
  /** The policy type whose deny decided a denial (explicit or implicit); undefined when allowed. */
  deniedBy?: PolicySetKind;
  /** Request crossed accounts (principal account != resource account). */
  crossAccount: boolean;
  /** Decision per policy type that applied. */
  kinds: KindDecision[];
  /**
   * Statements that decided: the denying ones for an explicit deny, else the allowing ones.
   * Collected in explain mode only (the enforcement path does not pay for it).
   */
  matched: MatchedStatement[];
  /** Context keys that a condition looked up and did not find (lower-case names as written). */
  missingContextKeys: string[];
}

export type { Statement };
