// AWS Organizations: organizations, roots and OUs, member accounts, policies and attachments,
// account-creation requests and tags. Every listing is in creation order (then id).
import type { Selectable } from 'kysely';
import { StoreConflict, StoreNotFound } from '../errors.js';
import type { OrganizationRepository, OrgPolicyPatch } from '../port.js';
import type {
  OrgAccountsTable,
  OrgCreateAccountRequestsTable,
  OrgOrganizationsTable,
  OrgPoliciesTable,
  OrgUnitsTable,
} from '../schema.js';
import type {
  OrgAccount,
  OrgAccountStatus,
  OrgCreateAccountRequest,
  Organization,
  OrgPolicy,
  OrgPolicyLevels,
  OrgPolicyType,
  OrgUnit,
} from '../types.js';
import { fromIso, locking, toIso } from './context.js';
import type { TxContext } from './context.js';

function toOrganization(row: Selectable<OrgOrganizationsTable>): Organization {
  return { id: row.id, arn: row.arn, featureSet: 'ALL', managementAccountId: row.management_account_id, createdAt: fromIso(row.created_at) };
}

function toUnit(row: Selectable<OrgUnitsTable>): OrgUnit {
  return { id: row.id, organizationId: row.organization_id, parentId: row.parent_id ?? undefined, name: row.name, arn: row.arn, createdAt: fromIso(row.created_at) };
}

function toAccount(row: Selectable<OrgAccountsTable>): OrgAccount {
  return {
    accountId: row.account_id,
    organizationId: row.organization_id,
    parentId: row.parent_id,
    name: row.name,
    email: row.email,
    arn: row.arn,
    status: row.status as OrgAccountStatus,
    joinedMethod: row.joined_method as OrgAccount['joinedMethod'],
    joinedAt: fromIso(row.joined_at),
  };
}

function toPolicy(row: Selectable<OrgPoliciesTable>): OrgPolicy {
  return {
    organizationId: row.organization_id,
    id: row.id,
    type: row.type as OrgPolicyType,
    name: row.name,
    description: row.description,
    content: row.content,
    arn: row.arn,
    awsManaged: Number(row.aws_managed) === 1,
    createdAt: fromIso(row.created_at),
  };
}

function toRequest(row: Selectable<OrgCreateAccountRequestsTable>): OrgCreateAccountRequest {
  return {
    id: row.id,
    organizationId: row.organization_id,
    accountName: row.account_name,
    state: row.state as OrgCreateAccountRequest['state'],
    requestedAt: fromIso(row.requested_at),
    ...(row.completed_at !== null ? { completedAt: fromIso(row.completed_at) } : {}),
    ...(row.account_id !== null ? { accountId: row.account_id } : {}),
    ...(row.failure_reason !== null ? { failureReason: row.failure_reason } : {}),
  };
}

function policyRow(p: OrgPolicy): Selectable<OrgPoliciesTable> {
  return {
    organization_id: p.organizationId,
    id: p.id,
    type: p.type,
    name: p.name,
    description: p.description,
    content: p.content,
    arn: p.arn,
    aws_managed: p.awsManaged ? 1 : 0,
    created_at: toIso(p.createdAt),
  };
}

function accountRow(a: OrgAccount): Selectable<OrgAccountsTable> {
  return {
    account_id: a.accountId,
    organization_id: a.organizationId,
    parent_id: a.parentId,
    name: a.name,
    email: a.email,
    email_lower: a.email.toLowerCase(),
    arn: a.arn,
    status: a.status,
    joined_method: a.joinedMethod,
    joined_at: toIso(a.joinedAt),
  };
}

export class SqlOrganizationRepository implements OrganizationRepository {
  constructor(private readonly ctx: TxContext) {}

  async create(organization: Organization, root: OrgUnit, management: OrgAccount, managedPolicies: readonly OrgPolicy[]): Promise<void> {
    if (await this.membership(management.accountId)) throw new StoreConflict('organizationMember', management.accountId);
    const inserted = await this.ctx.db
      .insertInto('org_organizations')
      .values({ id: organization.id, management_account_id: organization.managementAccountId, arn: organization.arn, feature_set: organization.featureSet, created_at: toIso(organization.createdAt) })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (inserted.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('organization', organization.id);
    await this.createUnit(root);
    await this.addAccount(management);
    for (const p of managedPolicies) await this.createPolicy(p);
  }

  async get(organizationId: string): Promise<Organization | undefined> {
    const row = await this.ctx.db.selectFrom('org_organizations').selectAll().where('id', '=', organizationId).executeTakeFirst();
    return row && toOrganization(row);
  }

  async getForUpdate(organizationId: string): Promise<Organization | undefined> {
    const row = await locking(this.ctx, this.ctx.db.selectFrom('org_organizations').selectAll().where('id', '=', organizationId)).executeTakeFirst();
    return row && toOrganization(row);
  }

  async membership(accountId: string): Promise<OrgAccount | undefined> {
    const row = await this.ctx.db.selectFrom('org_accounts').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    return row && toAccount(row);
  }

  async delete(organizationId: string): Promise<void> {
    // The children go first: the tables' cascades would do it, but the order keeps SQLite and
    // PostgreSQL alike where a unit's parent and its accounts go in one statement.
    await this.ctx.db.deleteFrom('org_tags').where('organization_id', '=', organizationId).execute();
    await this.ctx.db.deleteFrom('org_policy_attachments').where('organization_id', '=', organizationId).execute();
    await this.ctx.db.deleteFrom('org_policies').where('organization_id', '=', organizationId).execute();
    await this.ctx.db.deleteFrom('org_create_account_requests').where('organization_id', '=', organizationId).execute();
    await this.ctx.db.deleteFrom('org_accounts').where('organization_id', '=', organizationId).execute();
    await this.ctx.db.deleteFrom('org_organizations').where('id', '=', organizationId).execute();
  }

  async getUnit(organizationId: string, id: string): Promise<OrgUnit | undefined> {
    const row = await this.ctx.db.selectFrom('org_units').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
    return row && toUnit(row);
  }

  async listUnits(organizationId: string, parentId: string | null): Promise<OrgUnit[]> {
    let q = this.ctx.db.selectFrom('org_units').selectAll().where('organization_id', '=', organizationId);
    q = parentId === null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    return rows.map(toUnit);
  }

  async createUnit(unit: OrgUnit): Promise<OrgUnit> {
    if (unit.parentId !== undefined) {
      const taken = await this.ctx.db.selectFrom('org_units').select('id').where('parent_id', '=', unit.parentId).where('name', '=', unit.name).executeTakeFirst();
      if (taken) throw new StoreConflict('organizationalUnit', unit.name);
    }
    const inserted = await this.ctx.db
      .insertInto('org_units')
      .values({ id: unit.id, organization_id: unit.organizationId, parent_id: unit.parentId ?? null, name: unit.name, arn: unit.arn, created_at: toIso(unit.createdAt) })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (inserted.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('organizationalUnit', unit.name);
    return unit;
  }

  async renameUnit(organizationId: string, id: string, name: string): Promise<OrgUnit> {
    const unit = await this.getUnit(organizationId, id);
    if (!unit) throw new StoreNotFound('organizationalUnit', id);
    if (unit.name === name) return unit;
    const taken = await this.ctx.db.selectFrom('org_units').select('id').where('parent_id', '=', unit.parentId ?? null).where('name', '=', name).executeTakeFirst();
    if (taken) throw new StoreConflict('organizationalUnit', name);
    try {
      await this.ctx.db.updateTable('org_units').set({ name }).where('id', '=', id).execute();
    } catch (error) {
      if (this.ctx.isUniqueViolation(error)) throw new StoreConflict('organizationalUnit', name, { cause: error });
      throw error;
    }
    return { ...unit, name };
  }

  async deleteUnit(organizationId: string, id: string): Promise<void> {
    await this.forgetTarget(organizationId, id);
    await this.ctx.db.deleteFrom('org_units').where('organization_id', '=', organizationId).where('id', '=', id).execute();
  }

  async addAccount(account: OrgAccount): Promise<OrgAccount> {
    const inserted = await this.ctx.db.insertInto('org_accounts').values(accountRow(account)).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (inserted.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('organizationAccount', account.accountId);
    return account;
  }

  async getAccount(organizationId: string, accountId: string): Promise<OrgAccount | undefined> {
    const row = await this.ctx.db.selectFrom('org_accounts').selectAll().where('organization_id', '=', organizationId).where('account_id', '=', accountId).executeTakeFirst();
    return row && toAccount(row);
  }

  async listAccounts(organizationId: string, parentId?: string): Promise<OrgAccount[]> {
    let q = this.ctx.db.selectFrom('org_accounts').selectAll().where('organization_id', '=', organizationId);
    if (parentId !== undefined) q = q.where('parent_id', '=', parentId);
    const rows = await q.orderBy('joined_at').orderBy('account_id').execute();
    return rows.map(toAccount);
  }

  async countAccounts(organizationId: string): Promise<number> {
    const row = await this.ctx.db.selectFrom('org_accounts').select((eb) => eb.fn.countAll<string | number>().as('n')).where('organization_id', '=', organizationId).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async moveAccount(organizationId: string, accountId: string, parentId: string): Promise<void> {
    const result = await this.ctx.db.updateTable('org_accounts').set({ parent_id: parentId }).where('organization_id', '=', organizationId).where('account_id', '=', accountId).executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new StoreNotFound('organizationAccount', accountId);
  }

  async setAccountStatus(organizationId: string, accountId: string, status: OrgAccountStatus): Promise<void> {
    const result = await this.ctx.db.updateTable('org_accounts').set({ status }).where('organization_id', '=', organizationId).where('account_id', '=', accountId).executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new StoreNotFound('organizationAccount', accountId);
  }

  async removeAccount(organizationId: string, accountId: string): Promise<void> {
    await this.forgetTarget(organizationId, accountId);
    await this.ctx.db.deleteFrom('org_accounts').where('organization_id', '=', organizationId).where('account_id', '=', accountId).execute();
  }

  private async forgetTarget(organizationId: string, targetId: string): Promise<void> {
    await this.ctx.db.deleteFrom('org_policy_attachments').where('organization_id', '=', organizationId).where('target_id', '=', targetId).execute();
    await this.ctx.db.deleteFrom('org_tags').where('organization_id', '=', organizationId).where('resource_id', '=', targetId).execute();
  }

  async enabledPolicyTypes(rootId: string): Promise<OrgPolicyType[]> {
    const rows = await this.ctx.db.selectFrom('org_policy_types').select('type').where('root_id', '=', rootId).orderBy('type').execute();
    return rows.map((r) => r.type as OrgPolicyType);
  }

  async setPolicyType(rootId: string, type: OrgPolicyType, enabled: boolean): Promise<void> {
    if (enabled) {
      await this.ctx.db.insertInto('org_policy_types').values({ root_id: rootId, type }).onConflict((oc) => oc.doNothing()).execute();
    } else {
      await this.ctx.db.deleteFrom('org_policy_types').where('root_id', '=', rootId).where('type', '=', type).execute();
    }
  }

  async createPolicy(policy: OrgPolicy): Promise<OrgPolicy> {
    const taken = await this.ctx.db
      .selectFrom('org_policies')
      .select('id')
      .where('organization_id', '=', policy.organizationId)
      .where('type', '=', policy.type)
      .where('name', '=', policy.name)
      .executeTakeFirst();
    if (taken) throw new StoreConflict('organizationPolicy', policy.name);
    const inserted = await this.ctx.db.insertInto('org_policies').values(policyRow(policy)).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (inserted.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('organizationPolicy', policy.name);
    return policy;
  }

  async getPolicy(organizationId: string, id: string): Promise<OrgPolicy | undefined> {
    const row = await this.ctx.db.selectFrom('org_policies').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
    return row && toPolicy(row);
  }

  async updatePolicy(organizationId: string, id: string, patch: OrgPolicyPatch): Promise<OrgPolicy> {
    const policy = await this.getPolicy(organizationId, id);
    if (!policy) throw new StoreNotFound('organizationPolicy', id);
    const next: OrgPolicy = {
      ...policy,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.content !== undefined ? { content: patch.content } : {}),
    };
    if (next.name !== policy.name) {
      const taken = await this.ctx.db
        .selectFrom('org_policies')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('type', '=', policy.type)
        .where('name', '=', next.name)
        .executeTakeFirst();
      if (taken) throw new StoreConflict('organizationPolicy', next.name);
    }
    try {
      await this.ctx.db
        .updateTable('org_policies')
        .set({ name: next.name, description: next.description, content: next.content })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .execute();
    } catch (error) {
      if (this.ctx.isUniqueViolation(error)) throw new StoreConflict('organizationPolicy', next.name, { cause: error });
      throw error;
    }
    return next;
  }

  async deletePolicy(organizationId: string, id: string): Promise<void> {
    await this.ctx.db.deleteFrom('org_policy_attachments').where('organization_id', '=', organizationId).where('policy_id', '=', id).execute();
    await this.ctx.db.deleteFrom('org_tags').where('organization_id', '=', organizationId).where('resource_id', '=', id).execute();
    await this.ctx.db.deleteFrom('org_policies').where('organization_id', '=', organizationId).where('id', '=', id).execute();
  }

  async listPolicies(organizationId: string, type: OrgPolicyType): Promise<OrgPolicy[]> {
    const rows = await this.ctx.db.selectFrom('org_policies').selectAll().where('organization_id', '=', organizationId).where('type', '=', type).orderBy('created_at').orderBy('id').execute();
    return rows.map(toPolicy);
  }

  async attach(organizationId: string, policyId: string, targetId: string, at: Date): Promise<void> {
    const inserted = await this.ctx.db
      .insertInto('org_policy_attachments')
      .values({ organization_id: organizationId, policy_id: policyId, target_id: targetId, attached_at: toIso(at) })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (inserted.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('organizationPolicyAttachment', `${policyId} ${targetId}`);
  }

  async detach(organizationId: string, policyId: string, targetId: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('org_policy_attachments')
      .where('organization_id', '=', organizationId)
      .where('policy_id', '=', policyId)
      .where('target_id', '=', targetId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async detachAll(organizationId: string, type: OrgPolicyType): Promise<void> {
    await this.ctx.db
      .deleteFrom('org_policy_attachments')
      .where('organization_id', '=', organizationId)
      .where('policy_id', 'in', (eb) => eb.selectFrom('org_policies').select('id').where('organization_id', '=', organizationId).where('type', '=', type))
      .execute();
  }

  async policiesForTarget(organizationId: string, targetId: string, type: OrgPolicyType): Promise<OrgPolicy[]> {
    const rows = await this.ctx.db
      .selectFrom('org_policy_attachments as a')
      .innerJoin('org_policies as p', (j) => j.onRef('p.organization_id', '=', 'a.organization_id').onRef('p.id', '=', 'a.policy_id'))
      .selectAll('p')
      .where('a.organization_id', '=', organizationId)
      .where('a.target_id', '=', targetId)
      .where('p.type', '=', type)
      .orderBy('a.attached_at')
      .orderBy('p.id')
      .execute();
    return rows.map(toPolicy);
  }

  async targetsForPolicy(organizationId: string, policyId: string): Promise<string[]> {
    const rows = await this.ctx.db
      .selectFrom('org_policy_attachments')
      .select('target_id')
      .where('organization_id', '=', organizationId)
      .where('policy_id', '=', policyId)
      .orderBy('attached_at')
      .orderBy('target_id')
      .execute();
    return rows.map((r) => r.target_id);
  }

  async putCreateAccountRequest(request: OrgCreateAccountRequest): Promise<void> {
    const values = {
      id: request.id,
      organization_id: request.organizationId,
      account_name: request.accountName,
      state: request.state,
      requested_at: toIso(request.requestedAt),
      completed_at: request.completedAt ? toIso(request.completedAt) : null,
      account_id: request.accountId ?? null,
      failure_reason: request.failureReason ?? null,
    };
    await this.ctx.db
      .insertInto('org_create_account_requests')
      .values(values)
      .onConflict((oc) => oc.column('id').doUpdateSet({ state: values.state, completed_at: values.completed_at, account_id: values.account_id, failure_reason: values.failure_reason }))
      .execute();
  }

  async getCreateAccountRequest(organizationId: string, id: string): Promise<OrgCreateAccountRequest | undefined> {
    const row = await this.ctx.db.selectFrom('org_create_account_requests').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
    return row && toRequest(row);
  }

  async listCreateAccountRequests(organizationId: string): Promise<OrgCreateAccountRequest[]> {
    const rows = await this.ctx.db.selectFrom('org_create_account_requests').selectAll().where('organization_id', '=', organizationId).orderBy('requested_at').orderBy('id').execute();
    return rows.map(toRequest);
  }

  async tags(organizationId: string, resourceId: string): Promise<Array<{ key: string; value: string }>> {
    const rows = await this.ctx.db.selectFrom('org_tags').select(['key', 'value']).where('organization_id', '=', organizationId).where('resource_id', '=', resourceId).orderBy('key').execute();
    return rows.map((r) => ({ key: r.key, value: r.value }));
  }

  async putTags(organizationId: string, resourceId: string, tags: ReadonlyArray<{ key: string; value: string }>): Promise<void> {
    for (const tag of tags) {
      await this.ctx.db
        .insertInto('org_tags')
        .values({ organization_id: organizationId, resource_id: resourceId, key: tag.key, value: tag.value })
        .onConflict((oc) => oc.columns(['organization_id', 'resource_id', 'key']).doUpdateSet({ value: tag.value }))
        .execute();
    }
  }

  async removeTags(organizationId: string, resourceId: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.ctx.db.deleteFrom('org_tags').where('organization_id', '=', organizationId).where('resource_id', '=', resourceId).where('key', 'in', [...keys]).execute();
  }

  async policyLevels(accountId: string, type: OrgPolicyType): Promise<OrgPolicyLevels | undefined> {
    const member = await this.membership(accountId);
    if (!member) return undefined;
    const organization = await this.get(member.organizationId);
    if (!organization) return undefined;
    // Walk up from the account's parent to the root.
    const units = await this.ctx.db.selectFrom('org_units').select(['id', 'parent_id']).where('organization_id', '=', member.organizationId).execute();
    const parentOf = new Map(units.map((u) => [u.id, u.parent_id]));
    const path: string[] = [];
    for (let id: string | null | undefined = member.parentId; id != null; id = parentOf.get(id)) {
      if (path.includes(id)) throw new TypeError(`organization ${member.organizationId} has a cycle at ${id}`);
      path.unshift(id);
    }
    const rootId = path[0];
    if (rootId === undefined) throw new TypeError(`account ${accountId} has no root`);
    const targets = [...path, accountId];
    const rows = await this.ctx.db
      .selectFrom('org_policy_attachments as a')
      .innerJoin('org_policies as p', (j) => j.onRef('p.organization_id', '=', 'a.organization_id').onRef('p.id', '=', 'a.policy_id'))
      .select(['a.target_id', 'p.id', 'p.name', 'p.content'])
      .where('a.organization_id', '=', member.organizationId)
      .where('a.target_id', 'in', targets)
      .where('p.type', '=', type)
      .orderBy('a.attached_at')
      .orderBy('p.id')
      .execute();
    const enabled = await this.ctx.db.selectFrom('org_policy_types').select('type').where('root_id', '=', rootId).where('type', '=', type).executeTakeFirst();
    return {
      organizationId: organization.id,
      managementAccountId: organization.managementAccountId,
      rootId,
      path,
      enabled: enabled !== undefined,
      levels: targets.map((targetId) => ({
        targetId,
        policies: rows.filter((r) => r.target_id === targetId).map((r) => ({ id: r.id, name: r.name, content: r.content })),
      })),
    };
  }
}
