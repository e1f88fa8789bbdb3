// Customer managed policies and their versions. A policy is keyed by its stable id (ANPA...) and
// addressed by its ARN (unique); its name is unique per account case-insensitively. Versions hang
// on the id (ON DELETE CASCADE). Which version is the default is one column of the policy, so a
// policy has exactly one default and setDefault is one update; version numbers come from the
// policy's version_counter, so a deleted version's number is never handed out again.
import type { Selectable } from 'kysely';
import { StoreConflict, StoreNotFound } from '../errors.js';
import type { ManagedPolicyListRequest, ManagedPolicyRepository, NewPolicyVersion, Page } from '../port.js';
import type { ManagedPoliciesTable } from '../schema.js';
import type { ManagedPolicy, NewManagedPolicy, PolicyVersion } from '../types.js';
import { fold, fromIso, locking, pathPrefixFilter, requireAccount, toCount, toIso } from './context.js';
import type { TxContext } from './context.js';
import { checkMaxItems, decodeMarker, toPage } from './pagination.js';
import { createWithinLimit } from './quota.js';

type PolicyRow = Selectable<ManagedPoliciesTable>;

interface VersionRow {
  policy_id: string;
  arn: string;
  version_id: string;
  document: string;
  create_date: string;
  default_version_id: string;
}

function toPolicy(row: PolicyRow): ManagedPolicy {
  return {
    accountId: row.account_id,
    policyId: row.policy_id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    ...(row.description !== null && { description: row.description }),
    defaultVersionId: row.default_version_id,
    createDate: fromIso(row.create_date),
    updateDate: fromIso(row.update_date),
  };
}

function toVersion(row: VersionRow): PolicyVersion {
  return {
    policyId: row.policy_id,
    policyArn: row.arn,
    versionId: row.version_id,
    document: row.document,
    isDefault: row.version_id === row.default_version_id,
    createDate: fromIso(row.create_date),
  };
}

function versionId(versionNumber: number): string {
  return `v${versionNumber}`;
}

export class SqlManagedPolicyRepository implements ManagedPolicyRepository {
  constructor(private readonly ctx: TxContext) {}

  #byArn(policyArn: string) {
    return this.ctx.db.selectFrom('managed_policies').selectAll().where('arn', '=', policyArn);
  }

  async #requireLocked(policyArn: string): Promise<PolicyRow> {
    const row = await locking(this.ctx, this.#byArn(policyArn)).executeTakeFirst();
    if (!row) throw new StoreNotFound('policy', policyArn);
    return row;
  }

  #versions() {
    return this.ctx.db
      .selectFrom('policy_versions as v')
      .innerJoin('managed_policies as p', 'p.policy_id', 'v.policy_id')
      .select(['v.policy_id', 'p.arn', 'v.version_id', 'v.document', 'v.create_date', 'p.default_version_id']);
  }

  async get(policyArn: string): Promise<ManagedPolicy | undefined> {
    const row = await this.#byArn(policyArn).executeTakeFirst();
    return row && toPolicy(row);
  }

  async getById(policyId: string): Promise<ManagedPolicy | undefined> {
    const row = await this.ctx.db.selectFrom('managed_policies').selectAll().where('policy_id', '=', policyId).executeTakeFirst();
    return row && toPolicy(row);
  }

  async getForUpdate(policyArn: string): Promise<ManagedPolicy | undefined> {
    const row = await locking(this.ctx, this.#byArn(policyArn)).executeTakeFirst();
    return row && toPolicy(row);
  }

  async create(policy: NewManagedPolicy, document: string): Promise<ManagedPolicy> {
    await requireAccount(this.ctx, policy.accountId);
    const createDate = toIso(policy.createDate);
    const row: PolicyRow = {
      policy_id: policy.policyId,
      account_id: policy.accountId,
      name: policy.name,
      name_lower: fold(policy.name),
      path: policy.path,
      arn: policy.arn,
      description: policy.description ?? null,
      default_version_id: versionId(1),
      version_counter: 1,
      create_date: createDate,
      update_date: createDate,
    };
    // DO NOTHING rather than an error, so the transaction stays usable after a conflict.
    const result = await this.ctx.db.insertInto('managed_policies').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('policy', policy.name);
    await this.ctx.db
      .insertInto('policy_versions')
      .values({ policy_id: policy.policyId, version_id: versionId(1), version_number: 1, document, create_date: createDate })
      .execute();
    return toPolicy(row);
  }

  async createWithLimit(policy: NewManagedPolicy, document: string, limit: number): Promise<ManagedPolicy> {
    return createWithinLimit({
      entity: 'policy',
      limit,
      lockOwner: () => requireAccount(this.ctx, policy.accountId, true),
      count: () => this.count(policy.accountId),
      insert: () => this.create(policy, document),
    });
  }

  async delete(policyArn: string): Promise<boolean> {
    const row = await this.#byArn(policyArn).executeTakeFirst();
    if (!row) return false;
    // Tags and attachments name the policy without a foreign key.
    await this.ctx.db.deleteFrom('tags').where('resource_type', '=', 'policy').where('resource_key', '=', row.policy_id).execute();
    await this.ctx.db.deleteFrom('policy_attachments').where('account_id', '=', row.account_id).where('policy_arn', '=', row.arn).execute();
    await this.ctx.db.deleteFrom('managed_policies').where('policy_id', '=', row.policy_id).execute();
    return true;
  }

  async list(accountId: string, request: ManagedPolicyListRequest = {}): Promise<Page<ManagedPolicy>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.ctx.db.selectFrom('managed_policies as p').selectAll('p').where('p.account_id', '=', accountId);
    const inPath = pathPrefixFilter('p.path', request.pathPrefix);
    if (inPath) query = query.where(inPath);
    if (request.onlyAttached) {
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('policy_attachments as a')
            .select('a.entity_id')
            .whereRef('a.account_id', '=', 'p.account_id')
            .whereRef('a.policy_arn', '=', 'p.arn'),
        ),
      );
    }
    if (request.marker !== undefined) query = query.where('p.name_lower', '>', decodeMarker(request.marker));
    const rows = await query.orderBy('p.name_lower').limit(maxItems + 1).execute();
    return toPage(rows, maxItems, (row) => row.name_lower, toPolicy);
  }

  async count(accountId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('managed_policies')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  /** Adds the next version to a policy whose row this transaction has locked. */
  async #insertVersion(policy: PolicyRow, version: NewPolicyVersion): Promise<PolicyVersion> {
    const number = policy.version_counter + 1;
    const id = versionId(number);
    const createDate = toIso(version.createDate);
    await this.ctx.db
      .insertInto('policy_versions')
      .values({ policy_id: policy.policy_id, version_id: id, version_number: number, document: version.document, create_date: createDate })
      .execute();
    await this.ctx.db
      .updateTable('managed_policies')
      .set({
        version_counter: number,
        update_date: createDate,
        ...(version.setAsDefault && { default_version_id: id }),
      })
      .where('policy_id', '=', policy.policy_id)
      .execute();
    return {
      policyId: policy.policy_id,
      policyArn: policy.arn,
      versionId: id,
      document: version.document,
      isDefault: version.setAsDefault,
      createDate: version.createDate,
    };
  }

  async createVersion(policyArn: string, version: NewPolicyVersion): Promise<PolicyVersion> {
    // The lock makes concurrent creates take turns at the counter.
    return this.#insertVersion(await this.#requireLocked(policyArn), version);
  }

  async createVersionWithLimit(policyArn: string, version: NewPolicyVersion, limit: number): Promise<PolicyVersion> {
    return createWithinLimit({
      entity: 'policyVersion',
      limit,
      lockOwner: () => this.#requireLocked(policyArn),
      count: (policy) => this.#countVersions(policy.policy_id),
      insert: (policy) => this.#insertVersion(policy, version),
    });
  }

  async getVersion(policyArn: string, versionId: string): Promise<PolicyVersion | undefined> {
    const row = await this.#versions().where('p.arn', '=', policyArn).where('v.version_id', '=', versionId).executeTakeFirst();
    return row && toVersion(row);
  }

  async listVersions(policyArn: string): Promise<PolicyVersion[]> {
    const rows = await this.#versions().where('p.arn', '=', policyArn).orderBy('v.version_number', 'desc').execute();
    return rows.map(toVersion);
  }

  async #countVersions(policyId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('policy_versions')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('policy_id', '=', policyId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  async countVersions(policyArn: string): Promise<number> {
    const row = await this.#byArn(policyArn).executeTakeFirst();
    return row ? this.#countVersions(row.policy_id) : 0;
  }

  async countVersionsInAccount(accountId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('policy_versions as v')
      .innerJoin('managed_policies as p', 'p.policy_id', 'v.policy_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('p.account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  async deleteVersion(policyArn: string, versionId: string): Promise<boolean> {
    // Locked, so that a concurrent setDefault cannot make this version the default meanwhile.
    const policy = await locking(this.ctx, this.#byArn(policyArn)).executeTakeFirst();
    if (!policy) return false;
    if (policy.default_version_id === versionId) throw new StoreConflict('policyVersion', versionId);
    const result = await this.ctx.db
      .deleteFrom('policy_versions')
      .where('policy_id', '=', policy.policy_id)
      .where('version_id', '=', versionId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async setDefault(policyArn: string, versionId: string): Promise<boolean> {
    // Locked first, so that the version checked below cannot be deleted before the update.
    const policy = await locking(this.ctx, this.#byArn(policyArn)).executeTakeFirst();
    if (!policy) return false;
    const version = await this.ctx.db
      .selectFrom('policy_versions')
      .select('version_id')
      .where('policy_id', '=', policy.policy_id)
      .where('version_id', '=', versionId)
      .executeTakeFirst();
    if (!version) return false;
    await this.ctx.db.updateTable('managed_policies').set({ default_version_id: versionId }).where('policy_id', '=', policy.policy_id).execute();
    return true;
  }

  async getDefaultVersions(policyArns: readonly string[]): Promise<Map<string, PolicyVersion>> {
    const found = new Map<string, PolicyVersion>();
    if (policyArns.length === 0) return found;
    const rows = await this.#versions()
      .where('p.arn', 'in', [...new Set(policyArns)])
      .whereRef('v.version_id', '=', 'p.default_version_id')
      .execute();
    for (const row of rows) found.set(row.arn, toVersion(row));
    return found;
  }
}
