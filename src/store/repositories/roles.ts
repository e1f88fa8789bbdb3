// IAM roles. A role is keyed by its stable id (AROA...), its name unique per account
// case-insensitively through name_lower. Inline policies reference the id (ON DELETE CASCADE),
// instance profiles too (ON DELETE SET NULL); tags and attachments name it without a foreign key
// and go with it explicitly.
import type { Selectable, Updateable } from 'kysely';
import { StoreConflict } from '../errors.js';
import type { Page, PathListRequest, RolePatch, RoleRepository } from '../port.js';
import type { RolesTable } from '../schema.js';
import type { Role } from '../types.js';
import { fold, fromIso, locking, pathPrefixFilter, requireAccount, toCount, toIso } from './context.js';
import type { TxContext } from './context.js';
import { deleteAttachmentsOf } from './identities.js';
import { checkMaxItems, decodeMarker, toPage } from './pagination.js';
import { createWithinLimit } from './quota.js';

type RoleRow = Selectable<RolesTable>;

export function toRole(row: RoleRow): Role {
  return {
    accountId: row.account_id,
    roleId: row.role_id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    createDate: fromIso(row.create_date),
    assumeRolePolicyDocument: row.assume_role_policy_document,
    ...(row.description !== null && { description: row.description }),
    maxSessionDuration: Number(row.max_session_duration),
    ...(row.permissions_boundary_arn !== null && { permissionsBoundaryArn: row.permissions_boundary_arn }),
    ...(row.last_used_date !== null && { lastUsedDate: fromIso(row.last_used_date) }),
    ...(row.last_used_region !== null && { lastUsedRegion: row.last_used_region }),
  };
}

export class SqlRoleRepository implements RoleRepository {
  constructor(private readonly ctx: TxContext) {}

  #byName(accountId: string, name: string) {
    return this.ctx.db.selectFrom('roles').selectAll().where('account_id', '=', accountId).where('name_lower', '=', fold(name));
  }

  async get(accountId: string, name: string): Promise<Role | undefined> {
    const row = await this.#byName(accountId, name).executeTakeFirst();
    return row && toRole(row);
  }

  async getById(roleId: string): Promise<Role | undefined> {
    const row = await this.ctx.db.selectFrom('roles').selectAll().where('role_id', '=', roleId).executeTakeFirst();
    return row && toRole(row);
  }

  async getForUpdate(accountId: string, name: string): Promise<Role | undefined> {
    const row = await locking(this.ctx, this.#byName(accountId, name)).executeTakeFirst();
    return row && toRole(row);
  }

  async create(role: Role): Promise<Role> {
    await requireAccount(this.ctx, role.accountId);
    const row: RoleRow = {
      role_id: role.roleId,
      account_id: role.accountId,
      name: role.name,
      name_lower: fold(role.name),
      path: role.path,
      arn: role.arn,
      create_date: toIso(role.createDate),
      assume_role_policy_document: role.assumeRolePolicyDocument,
      description: role.description ?? null,
      max_session_duration: role.maxSessionDuration,
      permissions_boundary_arn: role.permissionsBoundaryArn ?? null,
      last_used_date: role.lastUsedDate ? toIso(role.lastUsedDate) : null,
      last_used_region: role.lastUsedRegion ?? null,
    };
    // DO NOTHING rather than an error, so the transaction stays usable after a conflict.
    const result = await this.ctx.db.insertInto('roles').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('role', role.name);
    return toRole(row);
  }

  async createWithLimit(role: Role, limit: number): Promise<Role> {
    return createWithinLimit({
      entity: 'role',
      limit,
      lockOwner: () => requireAccount(this.ctx, role.accountId, true),
      count: () => this.count(role.accountId),
      insert: () => this.create(role),
    });
  }

  async update(accountId: string, name: string, patch: RolePatch): Promise<Role | undefined> {
    const current = await this.#byName(accountId, name).executeTakeFirst();
    if (!current) return undefined;
    const changes: Updateable<RolesTable> = {};
    if (patch.description !== undefined) changes.description = patch.description;
    if (patch.maxSessionDuration !== undefined) changes.max_session_duration = patch.maxSessionDuration;
    if (patch.assumeRolePolicyDocument !== undefined) changes.assume_role_policy_document = patch.assumeRolePolicyDocument;
    if (patch.permissionsBoundaryArn !== undefined) changes.permissions_boundary_arn = patch.permissionsBoundaryArn;
    if (patch.lastUsed !== undefined) {
      changes.last_used_date = patch.lastUsed === null ? null : toIso(patch.lastUsed.date);
      changes.last_used_region = patch.lastUsed === null ? null : patch.lastUsed.region;
    }
    const next: RoleRow = { ...current, ...changes };
    if (Object.keys(changes).length > 0) {
      await this.ctx.db.updateTable('roles').set(changes).where('role_id', '=', current.role_id).execute();
    }
    return toRole(next);
  }

  async delete(accountId: string, name: string): Promise<boolean> {
    const row = await this.#byName(accountId, name).executeTakeFirst();
    if (!row) return false;
    await this.ctx.db.deleteFrom('tags').where('resource_type', '=', 'role').where('resource_key', '=', row.role_id).execute();
    await deleteAttachmentsOf(this.ctx, 'role', row.role_id);
    await this.ctx.db.deleteFrom('roles').where('role_id', '=', row.role_id).execute();
    return true;
  }

  async list(accountId: string, request: PathListRequest = {}): Promise<Page<Role>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.ctx.db.selectFrom('roles').selectAll().where('account_id', '=', accountId);
    const inPath = pathPrefixFilter('path', request.pathPrefix);
    if (inPath) query = query.where(inPath);
    if (request.marker !== undefined) query = query.where('name_lower', '>', decodeMarker(request.marker));
    const rows = await query.orderBy('name_lower').limit(maxItems + 1).execute();
    return toPage(rows, maxItems, (row) => row.name_lower, toRole);
  }

  async count(accountId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('roles')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }
}
