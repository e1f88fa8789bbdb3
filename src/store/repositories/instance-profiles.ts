// Instance profiles: a name and path holding at most one role, as IAM allows. The role is a
// column of the profile (role_id, ON DELETE SET NULL), so "at most one" is the schema's own
// rule and adding a role is one conditional update.
import type { Selectable } from 'kysely';
import { StoreConflict, StoreLimitExceeded, StoreNotFound } from '../errors.js';
import type { InstanceProfileRepository, Page, PageRequest, PathListRequest } from '../port.js';
import type { InstanceProfilesTable } from '../schema.js';
import type { InstanceProfile, Role } from '../types.js';
import { fold, fromIso, pathPrefixFilter, requireAccount, toCount, toIso } from './context.js';
import type { TxContext } from './context.js';
import { checkMaxItems, decodeMarker, toPage } from './pagination.js';
import { createWithinLimit } from './quota.js';
import { toRole } from './roles.js';

type ProfileRow = Selectable<InstanceProfilesTable>;

function toProfile(row: ProfileRow): InstanceProfile {
  return {
    accountId: row.account_id,
    instanceProfileId: row.instance_profile_id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    createDate: fromIso(row.create_date),
  };
}

export class SqlInstanceProfileRepository implements InstanceProfileRepository {
  constructor(private readonly ctx: TxContext) {}

  #byName(accountId: string, name: string) {
    return this.ctx.db.selectFrom('instance_profiles').selectAll().where('account_id', '=', accountId).where('name_lower', '=', fold(name));
  }

  async get(accountId: string, name: string): Promise<InstanceProfile | undefined> {
    const row = await this.#byName(accountId, name).executeTakeFirst();
    return row && toProfile(row);
  }

  async getById(instanceProfileId: string): Promise<InstanceProfile | undefined> {
    const row = await this.ctx.db
      .selectFrom('instance_profiles')
      .selectAll()
      .where('instance_profile_id', '=', instanceProfileId)
      .executeTakeFirst();
    return row && toProfile(row);
  }

  async create(profile: InstanceProfile): Promise<InstanceProfile> {
    await requireAccount(this.ctx, profile.accountId);
    const row: ProfileRow = {
      instance_profile_id: profile.instanceProfileId,
      account_id: profile.accountId,
      name: profile.name,
      name_lower: fold(profile.name),
      path: profile.path,
      arn: profile.arn,
      create_date: toIso(profile.createDate),
      role_id: null,
    };
    // DO NOTHING rather than an error, so the transaction stays usable after a conflict.
    const result = await this.ctx.db.insertInto('instance_profiles').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('instanceProfile', profile.name);
    return toProfile(row);
  }

  async createWithLimit(profile: InstanceProfile, limit: number): Promise<InstanceProfile> {
    return createWithinLimit({
      entity: 'instanceProfile',
      limit,
      lockOwner: () => requireAccount(this.ctx, profile.accountId, true),
      count: () => this.count(profile.accountId),
      insert: () => this.create(profile),
    });
  }

  async delete(accountId: string, name: string): Promise<boolean> {
    const row = await this.#byName(accountId, name).executeTakeFirst();
    if (!row) return false;
    await this.ctx.db
      .deleteFrom('tags')
      .where('resource_type', '=', 'instance-profile')
      .where('resource_key', '=', row.instance_profile_id)
      .execute();
    await this.ctx.db.deleteFrom('instance_profiles').where('instance_profile_id', '=', row.instance_profile_id).execute();
    return true;
  }

  async list(accountId: string, request: PathListRequest = {}): Promise<Page<InstanceProfile>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.ctx.db.selectFrom('instance_profiles').selectAll().where('account_id', '=', accountId);
    const inPath = pathPrefixFilter('path', request.pathPrefix);
    if (inPath) query = query.where(inPath);
    if (request.marker !== undefined) query = query.where('name_lower', '>', decodeMarker(request.marker));
    const rows = await query.orderBy('name_lower').limit(maxItems + 1).execute();
    return toPage(rows, maxItems, (row) => row.name_lower, toProfile);
  }

  async count(accountId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('instance_profiles')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  async addRole(instanceProfileId: string, roleId: string): Promise<void> {
    const profile = await this.ctx.db
      .selectFrom('instance_profiles')
      .select('account_id')
      .where('instance_profile_id', '=', instanceProfileId)
      .executeTakeFirst();
    if (!profile) throw new StoreNotFound('instanceProfile', instanceProfileId);
    const role = await this.ctx.db.selectFrom('roles').select('account_id').where('role_id', '=', roleId).executeTakeFirst();
    if (role?.account_id !== profile.account_id) throw new StoreNotFound('role', roleId);
    // Conditional, so that of two racing adds one finds the slot taken.
    const result = await this.ctx.db
      .updateTable('instance_profiles')
      .set({ role_id: roleId })
      .where('instance_profile_id', '=', instanceProfileId)
      .where('role_id', 'is', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new StoreLimitExceeded('instanceProfileRole', 1);
  }

  async removeRole(instanceProfileId: string, roleId: string): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('instance_profiles')
      .set({ role_id: null })
      .where('instance_profile_id', '=', instanceProfileId)
      .where('role_id', '=', roleId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async getRole(instanceProfileId: string): Promise<Role | undefined> {
    const row = await this.ctx.db
      .selectFrom('instance_profiles as p')
      .innerJoin('roles as r', 'r.role_id', 'p.role_id')
      .selectAll('r')
      .where('p.instance_profile_id', '=', instanceProfileId)
      .executeTakeFirst();
    return row && toRole(row);
  }

  async listForRole(roleId: string, request: PageRequest = {}): Promise<Page<InstanceProfile>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.ctx.db.selectFrom('instance_profiles').selectAll().where('role_id', '=', roleId);
    if (request.marker !== undefined) query = query.where('name_lower', '>', decodeMarker(request.marker));
    const rows = await query.orderBy('name_lower').limit(maxItems + 1).execute();
    return toPage(rows, maxItems, (row) => row.name_lower, toProfile);
  }
}
