// What every Organizations operation shares: ARNs and ids as AWS makes them, the caller's
// organization (and the management-account check), lookups that answer AWS's not-found errors,
// NextToken paging, and the response shapes.
import { randomInt } from 'node:crypto';
import { IamError, type IamErrorCode } from '../iam/errors.js';
import type { Caller, Target, TargetDependency } from '../iam/operation.js';
import { serviceLinkedRoleArn } from '../iam/service-linked-roles.js';
import type { ContextValue } from '../policy/context.js';
import type { StoreTx } from '../store/port.js';
import type { OrgAccount, Organization, OrgPolicy, OrgPolicyType, OrgUnit } from '../store/types.js';

export const SCP: OrgPolicyType = 'SERVICE_CONTROL_POLICY';
export const RCP: OrgPolicyType = 'RESOURCE_CONTROL_POLICY';
export const POLICY_TYPES: readonly OrgPolicyType[] = [SCP, RCP];

/** The AWS-managed policy of each type, attached wherever the type is enabled. */
export const FULL_ACCESS: Readonly<Record<OrgPolicyType, { id: string; name: string; description: string; content: string }>> = {
  SERVICE_CONTROL_POLICY: {
    id: 'p-FullAWSAccess',
    name: 'FullAWSAccess',
    description: 'Allows access to every operation',
    content: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}',
  },
  RESOURCE_CONTROL_POLICY: {
    id: 'p-RCPFullAWSAccess',
    name: 'RCPFullAWSAccess',
    description: 'Allows access to every operation',
    content: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": "*",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}',
  },
};

/** AWS's path segment of a policy type in policy ARNs. */
export const typeSegment = (type: OrgPolicyType): string => type.toLowerCase();

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export function randomId(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

export const arns = {
  organization: (p: string, mgmt: string, org: string) => `arn:${p}:organizations::${mgmt}:organization/${org}`,
  root: (p: string, mgmt: string, org: string, id: string) => `arn:${p}:organizations::${mgmt}:root/${org}/${id}`,
  ou: (p: string, mgmt: string, org: string, id: string) => `arn:${p}:organizations::${mgmt}:ou/${org}/${id}`,
  account: (p: string, mgmt: string, org: string, id: string) => `arn:${p}:organizations::${mgmt}:account/${org}/${id}`,
  policy: (p: string, mgmt: string, org: string, type: OrgPolicyType, id: string) => `arn:${p}:organizations::${mgmt}:policy/${org}/${typeSegment(type)}/${id}`,
  awsPolicy: (p: string, type: OrgPolicyType, id: string) => `arn:${p}:organizations::aws:policy/${typeSegment(type)}/${id}`,
};

export const orgError = (code: IamErrorCode, message: string, reason?: string): IamError => new IamError(code, message, reason !== undefined ? { reason } : undefined);

export const notInUse = (): IamError => orgError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
export const accessDenied = (): IamError => orgError('AccessDenied', "You don't have permissions to access this resource.");
export const constraint = (reason: string, message: string): IamError => orgError('ConstraintViolationException', message, reason);
export const invalidInput = (reason: string, message: string): IamError => orgError('InvalidInputException', message, reason);

/** The caller's organization as the management account sees it. */
export interface Scope {
  readonly org: Organization;
  readonly root: OrgUnit;
  readonly member: OrgAccount;
}

/** The caller's organization (undefined: the account is in none). */
export async function callerScope(tx: StoreTx, caller: Caller): Promise<Scope | undefined> {
  const member = await tx.organizations.membership(caller.accountId);
  if (!member) return undefined;
  const org = await tx.organizations.get(member.organizationId);
  const [root] = await tx.organizations.listUnits(member.organizationId, null);
  if (!org || !root) return undefined;
  return { org, root, member };
}

/** The caller's organization; AWSOrganizationsNotInUseException when none. */
export async function memberScope(tx: StoreTx, caller: Caller): Promise<Scope> {
  const scope = await callerScope(tx, caller);
  if (!scope) throw notInUse();
  return scope;
}

/**
 * The caller's organization, which the caller's account must manage. `lock` (write transactions
 * that check a quota: accounts, OUs, policies, attachments, tags) holds the organization's row
 * lock, so concurrent writers check their counts one after another.
 */
export async function managementScope(tx: StoreTx, caller: Caller, options: { lock?: boolean } = {}): Promise<Scope> {
  const scope = await memberScope(tx, caller);
  if (scope.org.managementAccountId !== caller.accountId) throw accessDenied();
  if (options.lock === true && !(await tx.organizations.getForUpdate(scope.org.id))) throw notInUse();
  return scope;
}

export const isRootId = (id: string): boolean => /^r-[0-9a-z]{4,32}$/.test(id);
export const isOuId = (id: string): boolean => /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/.test(id);
export const isAccountId = (id: string): boolean => /^\d{12}$/.test(id);

/** A root or OU of the organization, or the error given. */
export async function parentUnit(tx: StoreTx, scope: Scope, id: string, error: () => IamError): Promise<OrgUnit> {
  const unit = isRootId(id) || isOuId(id) ? await tx.organizations.getUnit(scope.org.id, id) : undefined;
  if (!unit) throw error();
  return unit;
}

export const parentNotFound = (): IamError => orgError('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified.");
export const ouNotFound = (): IamError => orgError('OrganizationalUnitNotFoundException', "We can't find an OU with the OrganizationalUnitId that you specified.");
export const accountNotFound = (): IamError => orgError('AccountNotFoundException', "You specified an account that doesn't exist.");
export const policyNotFound = (): IamError => orgError('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
export const targetNotFound = (): IamError => orgError('TargetNotFoundException', "We can't find a root, OU, account, or email that you specified.");

export async function ouOf(tx: StoreTx, scope: Scope, id: string): Promise<OrgUnit> {
  const unit = isOuId(id) ? await tx.organizations.getUnit(scope.org.id, id) : undefined;
  if (!unit) throw ouNotFound();
  return unit;
}

export async function accountOf(tx: StoreTx, scope: Scope, id: string): Promise<OrgAccount> {
  const account = isAccountId(id) ? await tx.organizations.getAccount(scope.org.id, id) : undefined;
  if (!account) throw accountNotFound();
  return account;
}

export async function policyOf(tx: StoreTx, scope: Scope, id: string): Promise<OrgPolicy> {
  const policy = await tx.organizations.getPolicy(scope.org.id, id);
  if (!policy) throw policyNotFound();
  return policy;
}

export type TargetKind = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

/** A root, OU or account of the organization, with its ARN and name; undefined when absent. */
export async function findTarget(tx: StoreTx, scope: Scope, id: string): Promise<{ id: string; kind: TargetKind; arn: string; name: string } | undefined> {
  if (isAccountId(id)) {
    const account = await tx.organizations.getAccount(scope.org.id, id);
    return account && { id, kind: 'ACCOUNT', arn: account.arn, name: account.name };
  }
  if (isRootId(id) || isOuId(id)) {
    const unit = await tx.organizations.getUnit(scope.org.id, id);
    return unit && { id, kind: unit.parentId === undefined ? 'ROOT' : 'ORGANIZATIONAL_UNIT', arn: unit.arn, name: unit.name };
  }
  return undefined;
}

/** The ARN of an id in the caller's organization (for authorization; built even when absent). */
export function arnOf(caller: Caller, scope: Scope | undefined, id: string, policyType?: OrgPolicyType): string {
  if (!scope) return '*';
  const { partition: p } = caller;
  const mgmt = scope.org.managementAccountId;
  const org = scope.org.id;
  if (isAccountId(id)) return arns.account(p, mgmt, org, id);
  if (isRootId(id)) return arns.root(p, mgmt, org, id);
  if (isOuId(id)) return arns.ou(p, mgmt, org, id);
  if (id === FULL_ACCESS[SCP].id) return arns.awsPolicy(p, SCP, id);
  if (id === FULL_ACCESS[RCP].id) return arns.awsPolicy(p, RCP, id);
  return arns.policy(p, mgmt, org, policyType ?? SCP, id);
}

/** target() of a call on one resource id (looked up for its real ARN and tags when it exists). */
export async function idTarget(tx: StoreTx, caller: Caller, id: string | undefined, context: Array<readonly [string, ContextValue]> = []): Promise<Target> {
  const scope = await callerScope(tx, caller);
  if (!scope || id === undefined) return { resource: '*', context };
  const policy = /^p-/.test(id) ? await tx.organizations.getPolicy(scope.org.id, id) : undefined;
  const resource = policy ? policy.arn : ((await findTarget(tx, scope, id))?.arn ?? arnOf(caller, scope, id));
  const tags = await tx.organizations.tags(scope.org.id, id);
  // A policy's type is organizations:PolicyType for the calls on it (unless the request names one).
  const typeKey = policy && !context.some(([k]) => k === 'organizations:PolicyType') ? [['organizations:PolicyType', policy.type] as const] : [];
  return { resource, context: [...tags.map((t) => [`aws:ResourceTag/${t.key}`, t.value] as const), ...typeKey, ...context] };
}

export const anyTarget = (context: Array<readonly [string, ContextValue]> = []): Target => ({ resource: '*', context });

export const ORGANIZATIONS_SERVICE = 'organizations.amazonaws.com';
/** Organizations' service-linked role, in the management account and every account it creates. */
export const ORGANIZATIONS_ROLE = 'AWSServiceRoleForOrganizations';

/**
 * Organizations makes its service-linked role (AWSServiceRoleForOrganizations) on the caller's
 * permissions: the caller needs iam:CreateServiceLinkedRole for organizations.amazonaws.com, else
 * AccessDeniedForDependencyException (API_CreateOrganization.html, API_CreateAccount.html).
 */
export function serviceLinkedRoleDependency(caller: Caller): TargetDependency {
  return {
    action: 'iam:CreateServiceLinkedRole',
    resource: serviceLinkedRoleArn(caller.partition, caller.accountId, ORGANIZATIONS_SERVICE),
    context: [['iam:AWSServiceName', ORGANIZATIONS_SERVICE]],
    error: () =>
      orgError(
        'AccessDeniedForDependencyException',
        'The operation that you attempted requires you to have the iam:CreateServiceLinkedRole for organizations.amazonaws.com permission so that Organizations can create the required service-linked role. You don\'t have that permission.',
        'ACCESS_DENIED_DURING_CREATE_SERVICE_LINKED_ROLE',
      ),
  };
}

// Paging: NextToken is the offset into the listing (opaque to callers), MaxResults at most 20.
export function page<T>(items: readonly T[], input: { NextToken?: string; MaxResults?: number }): { items: T[]; NextToken?: string } {
  let offset = 0;
  if (input.NextToken !== undefined) {
    const m = /^o([0-9]+)\.([0-9a-f]{8})$/.exec(input.NextToken);
    if (!m || tokenCheck(Number(m[1])) !== m[2] || Number(m[1]) > items.length) throw invalidInput('INVALID_NEXT_TOKEN', 'You specified an invalid value for nextToken.');
    offset = Number(m[1]);
  }
  const max = input.MaxResults ?? 20;
  const slice = items.slice(offset, offset + max);
  const next = offset + slice.length;
  return next < items.length ? { items: slice, NextToken: `o${next}.${tokenCheck(next)}` } : { items: slice };
}

function tokenCheck(n: number): string {
  let h = 0x811c9dc5;
  for (const c of `tessera-org-page-${n}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

// Response shapes.
export const accountShape = (a: OrgAccount): Record<string, unknown> => ({
  Id: a.accountId,
  Arn: a.arn,
  Email: a.email,
  Name: a.name,
  Status: a.status,
  State: a.status === 'ACTIVE' ? 'ACTIVE' : a.status === 'SUSPENDED' ? 'SUSPENDED' : 'PENDING_CLOSURE',
  JoinedMethod: a.joinedMethod,
  JoinedTimestamp: a.joinedAt,
});

export const ouShape = (u: OrgUnit): Record<string, unknown> => ({ Id: u.id, Arn: u.arn, Name: u.name });

export async function rootShape(tx: StoreTx, root: OrgUnit): Promise<Record<string, unknown>> {
  const types = await tx.organizations.enabledPolicyTypes(root.id);
  return { Id: root.id, Arn: root.arn, Name: root.name, PolicyTypes: types.map((Type) => ({ Type, Status: 'ENABLED' })) };
}

export const policySummary = (p: OrgPolicy): Record<string, unknown> => ({
  Id: p.id,
  Arn: p.arn,
  Name: p.name,
  Description: p.description,
  Type: p.type,
  AwsManaged: p.awsManaged,
});

/** Tags as given in a request, checked as Organizations checks them. */
export interface TagInput {
  Key: string;
  Value: string;
}

export const MAX_TAGS = 50;

export function checkTagInput(tags: readonly TagInput[] | undefined): TagInput[] {
  if (!tags) return [];
  const keys = new Set<string>();
  for (const t of tags) {
    if (keys.has(t.Key)) throw invalidInput('DUPLICATE_TAG_KEY', 'You specified a tag key more than once.');
    keys.add(t.Key);
    if (/^aws:/i.test(t.Key)) throw invalidInput('INVALID_SYSTEM_TAGS_PARAMETER', 'You specified a tag key that begins with aws:, which is reserved.');
  }
  if (tags.length > MAX_TAGS) throw constraint('MAX_TAG_LIMIT_EXCEEDED', 'You have exceeded the maximum number of tags allowed on this resource.');
  return [...tags];
}
