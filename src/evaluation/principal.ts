// Principal and NotPrincipal matching for resource-based policies (and trust policies).
// A match has a kind, because AWS's same-account rules depend on what the policy named:
//   direct   - the caller itself (user ARN, session ARN, root, service, federated provider, "*")
//   identity - the identity behind a session (a role ARN for its sessions, the IAM user behind a
//              federated-user session): limited by permissions boundaries and session policies
//   account  - only the account: delegates to the account's identity policies

import type { PrincipalKind, PrincipalSpec } from '../policy/types.js';
import type { Principal } from './types.js';

export type PrincipalMatch = 'none' | 'direct' | 'identity' | 'account';


/**
 * The stronger of two matches, in the order none < account < identity < direct: the strongest
 * kind a statement's Principal grants is what counts. (Comparisons rather than a rank table: this
 * runs for every matching resource-policy statement.)
 */
export function strongest(a: PrincipalMatch, b: PrincipalMatch): PrincipalMatch {
  if (a === b || a === 'direct' || b === 'none') return a;
  if (b === 'direct' || a === 'none') return b;
  return a === 'identity' ? a : b;
}

export type PrincipalMatcher = (p: Principal) => PrincipalMatch;

/** The account a principal value names: "123456789012", or a root ARN in the caller's partition. */
function accountOf(value: string, p: Principal): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const m = /^arn:([\w-]+):iam::(\d{12}):root$/.exec(value);
  if (!m) return undefined;
  // A root ARN of another partition names another principal.
  return 'arn' in p && p.arn.startsWith(`arn:${m[1]}:`) ? m[2] : undefined;
}

/**
 * One value of Principal.AWS, classified once at compile time: "*", an account (12 digits, or a
 * root ARN of one partition), or an exact ARN.
 */
type AwsValue = { kind: 'any' } | { kind: 'account'; account: string; partition?: string } | { kind: 'arn'; arn: string };

function classifyAwsValue(value: string): AwsValue {
  if (value === '*') return { kind: 'any' };
  if (/^\d{12}$/.test(value)) return { kind: 'account', account: value };
  const m = /^arn:([\w-]+):iam::(\d{12}):root$/.exec(value);
  if (m) return { kind: 'account', account: m[2]!, partition: `arn:${m[1]!}:` };
  return { kind: 'arn', arn: value };
}

function matchAwsValue(v: AwsValue, p: Principal): PrincipalMatch {
  if (v.kind === 'any') return 'direct';
  if (p.type === 'service' || p.type === 'federated' || p.type === 'anonymous') return 'none';
  if (v.kind === 'account') {
    // A root ARN of another partition names another principal.
    if (v.account !== p.account || (v.partition !== undefined && !p.arn.startsWith(v.partition))) return 'none';
    return p.type === 'root' ? 'direct' : 'account';
  }
  if (v.arn === p.arn) return 'direct';
  if (p.type === 'assumed-role' && v.arn === p.roleArn) return 'identity';
  if (p.type === 'federated-user' && p.userArn !== undefined && v.arn === p.userArn) return 'identity';
  return 'none';
}

export function compilePrincipal(spec: PrincipalSpec): PrincipalMatcher {
  if (spec === '*') return () => 'direct';
  // Classified once: the per-request work is a few set lookups (an ARN string caches its hash).
  const aws = (spec.AWS ?? []).map(classifyAwsValue);
  const any = aws.some((v) => v.kind === 'any');
  const arns = new Set(aws.flatMap((v) => (v.kind === 'arn' ? [v.arn] : [])));
  const accounts = aws.filter((v): v is Extract<AwsValue, { kind: 'account' }> => v.kind === 'account');
  const services = new Set(spec.Service ?? []);
  const federated = new Set(spec.Federated ?? []);
  return (p) => {
    if (any) return 'direct';
    if (p.type === 'service') return services.has(p.service) ? 'direct' : 'none';
    if (p.type === 'federated') return federated.has(p.provider) ? 'direct' : 'none';
    if (p.type === 'anonymous') return 'none';
    // The strongest kind any value grants: the caller itself, then the identity behind a
    // session, then its account.
    if (arns.has(p.arn)) return 'direct';
    let account: PrincipalMatch = 'none';
    for (const v of accounts) account = strongest(account, matchAwsValue(v, p));
    if (account === 'direct') return account;
    if (p.type === 'assumed-role' && arns.has(p.roleArn)) return 'identity';
    if (p.type === 'federated-user' && p.userArn !== undefined && arns.has(p.userArn)) return 'identity';
    return account;
  };
}

/**
 * NotPrincipal names principals exactly: a role ARN does not exclude its sessions, and an
 * account excludes only its root user (AWS: "include the session ARN ... and the account ARN").
 * Returns true when the principal is excluded (listed).
 */
export function compileNotPrincipal(spec: PrincipalSpec): (p: Principal) => boolean {
  if (spec === '*') return () => true;
  const entries = Object.entries(spec) as [PrincipalKind, string[]][];
  return (p) => {
    for (const [kind, values] of entries) {
      for (const v of values) {
        if (v === '*') return true;
        if (kind === 'AWS') {
          if (p.type === 'service' || p.type === 'federated' || p.type === 'anonymous') continue;
          if (v === p.arn) return true;
          if (p.type === 'root' && accountOf(v, p) === p.account) return true;
        } else if (kind === 'Service') {
          if (p.type === 'service' && p.service === v) return true;
        } else if (kind === 'Federated') {
          if (p.type === 'federated' && p.provider === v) return true;
        }
      }
    }
    return false;
  };
}

/** The principal's own account, or undefined for services, federated providers and anonymous. */
export function principalAccount(p: Principal): string | undefined {
  return 'account' in p ? p.account : undefined;
}

/** The ARN that AccessDenied messages name for the caller. */
export function callerArn(p: Principal): string {
  switch (p.type) {
    case 'service':
      return p.service;
    case 'federated':
      return p.provider;
    case 'anonymous':
      return 'anonymous';
    default:
      return p.arn;
  }
}
