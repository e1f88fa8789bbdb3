// Member accounts: CreateAccount (a real Tessera account, at once, with its access role),
// DescribeCreateAccountStatus, ListCreateAccountStatus, DescribeAccount, ListAccounts,
// ListAccountsForParent, MoveAccount, RemoveAccountFromOrganization, CloseAccount.
import { roleArn, rootArn } from '../iam/arns.js';
import { defineOperation, type Operation } from '../iam/operation.js';
import { createLinkedRole } from '../iam/service-linked-roles.js';
import { requestTagContext } from '../iam/tags.js';
import { accountId as newAccountId } from '../lib/ids.js';
import { uniqueId } from '../lib/ids.js';
import { StoreConflict } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { OrgAccount, OrgCreateAccountRequest } from '../store/types.js';
import {
  accountOf,
  accountShape,
  anyTarget,
  arns,
  checkTagInput,
  constraint,
  idTarget,
  managementScope,
  orgError,
  ORGANIZATIONS_SERVICE,
  page,
  parentNotFound,
  parentUnit,
  randomId,
  serviceLinkedRoleDependency,
  type Scope,
  type TagInput,
} from './common.js';
import { attachDefaults } from './structure.js';

/** The default quota of accounts in an organization (orgs_reference_limits.html). */
export const MAX_ACCOUNTS = 10;
export const DEFAULT_ACCESS_ROLE = 'OrganizationAccountAccessRole';

interface Paged {
  NextToken?: string;
  MaxResults?: number;
}

/** The trust policy of the access role: the management account (its root: any of its principals). */
export function accessRoleTrustPolicy(partition: string, managementAccountId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: rootArn(partition, managementAccountId) }, Action: 'sts:AssumeRole' }],
  });
}

/** The access role's permissions: an inline policy named AdministratorAccess, as Organizations writes it. */
export const ACCESS_ROLE_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

const statusShape = (r: OrgCreateAccountRequest): Record<string, unknown> => ({
  Id: r.id,
  AccountName: r.accountName,
  State: r.state,
  RequestedTimestamp: r.requestedAt,
  ...(r.completedAt ? { CompletedTimestamp: r.completedAt } : {}),
  ...(r.accountId !== undefined ? { AccountId: r.accountId } : {}),
  ...(r.failureReason !== undefined ? { FailureReason: r.failureReason } : {}),
});

/** Makes a fresh Tessera account (a new 12-digit id; no root access key). */
async function freshAccount(tx: StoreTx, createdAt: Date): Promise<string> {
  for (;;) {
    const id = newAccountId();
    if (await tx.accounts.get(id)) continue;
    try {
      await tx.accounts.create({ id, createdAt });
      return id;
    } catch (e) {
      if (!(e instanceof StoreConflict)) throw e;
    }
  }
}

interface CreateAccountInput {
  Email: string;
  AccountName: string;
  RoleName?: string;
  IamUserAccessToBilling?: string;
  Tags?: TagInput[];
}

export const createAccount = defineOperation<CreateAccountInput, Record<string, unknown>>({
  name: 'CreateAccount',
  action: 'organizations:CreateAccount',
  writes: true,
  // The new account gets Organizations' service-linked role, made on the caller's permissions.
  target: ({ input, caller }) => ({ ...anyTarget(requestTagContext(input.Tags)), dependencies: [serviceLinkedRoleDependency(caller)] }),
  async handle({ input, caller, tx, env }) {
    const scope = await managementScope(tx, caller, { lock: true });
    const tags = checkTagInput(input.Tags);
    const now = env.clock.now();
    const requestId = `car-${randomId(32)}`;
    const existing = await tx.organizations.listAccounts(scope.org.id);
    if (existing.length >= MAX_ACCOUNTS) {
      throw constraint('ACCOUNT_NUMBER_LIMIT_EXCEEDED', 'You have reached the maximum number of accounts in the organization.');
    }
    if (existing.some((a) => a.email.toLowerCase() === input.Email.toLowerCase())) {
      const failed: OrgCreateAccountRequest = { id: requestId, organizationId: scope.org.id, accountName: input.AccountName, state: 'FAILED', requestedAt: now, completedAt: now, failureReason: 'EMAIL_ALREADY_EXISTS' };
      await tx.organizations.putCreateAccountRequest(failed);
      return { CreateAccountStatus: statusShape(failed) };
    }
    const id = await freshAccount(tx, now);
    const p = caller.partition;
    const roleName = input.RoleName ?? DEFAULT_ACCESS_ROLE;
    const role = {
      accountId: id,
      roleId: uniqueId('AROA'),
      name: roleName,
      path: '/',
      arn: roleArn(p, id, '/', roleName),
      createDate: now,
      assumeRolePolicyDocument: accessRoleTrustPolicy(p, scope.org.managementAccountId),
      maxSessionDuration: 3600,
    };
    await tx.roles.create(role);
    await tx.inlinePolicies.put({ ownerType: 'role', ownerId: role.roleId, policyName: 'AdministratorAccess', document: ACCESS_ROLE_POLICY });
    await createLinkedRole(tx, p, id, ORGANIZATIONS_SERVICE, now);
    const member: OrgAccount = {
      accountId: id,
      organizationId: scope.org.id,
      parentId: scope.root.id,
      name: input.AccountName,
      email: input.Email,
      arn: arns.account(p, scope.org.managementAccountId, scope.org.id, id),
      status: 'ACTIVE',
      joinedMethod: 'CREATED',
      joinedAt: now,
    };
    await tx.organizations.addAccount(member);
    await attachDefaults(tx, scope, id, now);
    if (tags.length > 0) await tx.organizations.putTags(scope.org.id, id, tags.map((t) => ({ key: t.Key, value: t.Value })));
    const done: OrgCreateAccountRequest = { id: requestId, organizationId: scope.org.id, accountName: input.AccountName, state: 'SUCCEEDED', requestedAt: now, completedAt: now, accountId: id };
    await tx.organizations.putCreateAccountRequest(done);
    return { CreateAccountStatus: statusShape(done) };
  },
});

export const describeCreateAccountStatus = defineOperation<{ CreateAccountRequestId: string }, Record<string, unknown>>({
  name: 'DescribeCreateAccountStatus',
  action: 'organizations:DescribeCreateAccountStatus',
  writes: false,
  target: () => anyTarget(),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const request = await tx.organizations.getCreateAccountRequest(scope.org.id, input.CreateAccountRequestId);
    if (!request) throw orgError('CreateAccountStatusNotFoundException', "We can't find an create account request with the CreateAccountRequestId that you specified.");
    return { CreateAccountStatus: statusShape(request) };
  },
});

export const listCreateAccountStatus = defineOperation<{ States?: string[] } & Paged, Record<string, unknown>>({
  name: 'ListCreateAccountStatus',
  action: 'organizations:ListCreateAccountStatus',
  writes: false,
  target: () => anyTarget(),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const states = input.States && input.States.length > 0 ? new Set(input.States) : undefined;
    const all = (await tx.organizations.listCreateAccountRequests(scope.org.id)).filter((r) => !states || states.has(r.state));
    const { items, NextToken } = page(all, input);
    return { CreateAccountStatuses: items.map(statusShape), ...(NextToken ? { NextToken } : {}) };
  },
});

export const describeAccount = defineOperation<{ AccountId: string }, Record<string, unknown>>({
  name: 'DescribeAccount',
  action: 'organizations:DescribeAccount',
  writes: false,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.AccountId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    return { Account: accountShape(await accountOf(tx, scope, input.AccountId)) };
  },
});

export const listAccounts = defineOperation<Paged, Record<string, unknown>>({
  name: 'ListAccounts',
  action: 'organizations:ListAccounts',
  writes: false,
  target: () => anyTarget(),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const { items, NextToken } = page(await tx.organizations.listAccounts(scope.org.id), input);
    return { Accounts: items.map(accountShape), ...(NextToken ? { NextToken } : {}) };
  },
});

export const listAccountsForParent = defineOperation<{ ParentId: string } & Paged, Record<string, unknown>>({
  name: 'ListAccountsForParent',
  action: 'organizations:ListAccountsForParent',
  writes: false,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.ParentId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const parent = await parentUnit(tx, scope, input.ParentId, parentNotFound);
    const { items, NextToken } = page(await tx.organizations.listAccounts(scope.org.id, parent.id), input);
    return { Accounts: items.map(accountShape), ...(NextToken ? { NextToken } : {}) };
  },
});

export const moveAccount = defineOperation<{ AccountId: string; SourceParentId: string; DestinationParentId: string }, Record<string, unknown>>({
  name: 'MoveAccount',
  action: 'organizations:MoveAccount',
  writes: true,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.AccountId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const account = await accountOf(tx, scope, input.AccountId);
    const source = await parentUnit(tx, scope, input.SourceParentId, () =>
      orgError('SourceParentNotFoundException', "We can't find a source root or OU with the ParentId that you specified."),
    );
    const destination = await parentUnit(tx, scope, input.DestinationParentId, () =>
      orgError('DestinationParentNotFoundException', "We can't find a destination root or OU with the ParentId that you specified."),
    );
    if (account.parentId === destination.id) throw orgError('DuplicateAccountException', 'That account is already present in the specified destination.');
    if (account.parentId !== source.id) throw orgError('AccountNotFoundException', "You specified an account that doesn't exist.");
    await tx.organizations.moveAccount(scope.org.id, account.accountId, destination.id);
    return {};
  },
});

function assertMember(scope: Scope, account: OrgAccount): void {
  if (account.accountId === scope.org.managementAccountId) {
    throw orgError(
      'MasterCannotLeaveOrganizationException',
      "You can't remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.",
    );
  }
}

export const removeAccountFromOrganization = defineOperation<{ AccountId: string }, Record<string, unknown>>({
  name: 'RemoveAccountFromOrganization',
  action: 'organizations:RemoveAccountFromOrganization',
  writes: true,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.AccountId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const account = await accountOf(tx, scope, input.AccountId);
    assertMember(scope, account);
    await tx.organizations.removeAccount(scope.org.id, account.accountId);
    return {};
  },
});

export const closeAccount = defineOperation<{ AccountId: string }, Record<string, unknown>>({
  name: 'CloseAccount',
  action: 'organizations:CloseAccount',
  writes: true,
  target: ({ input, caller, tx }) => idTarget(tx, caller, input.AccountId),
  async handle({ input, caller, tx }) {
    const scope = await managementScope(tx, caller);
    const account = await accountOf(tx, scope, input.AccountId);
    if (account.accountId === scope.org.managementAccountId) {
      throw constraint('CANNOT_CLOSE_MANAGEMENT_ACCOUNT', 'You cannot close the management account of an organization with this operation.');
    }
    if (account.status !== 'ACTIVE') throw orgError('AccountAlreadyClosedException', 'You are trying to close an account that is already closed.');
    await tx.organizations.setAccountStatus(scope.org.id, account.accountId, 'SUSPENDED');
    return {};
  },
});

export const ACCOUNT_OPERATIONS: readonly Operation[] = [
  createAccount,
  describeCreateAccountStatus,
  listCreateAccountStatus,
  describeAccount,
  listAccounts,
  listAccountsForParent,
  moveAccount,
  removeAccountFromOrganization,
  closeAccount,
];
