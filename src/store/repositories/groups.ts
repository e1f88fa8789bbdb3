// IAM groups and their members. A group is keyed by its stable id (AGPA...), its name unique per
// account case-insensitively through name_lower. Memberships (group_members) and inline policies
// reference the id with ON DELETE CASCADE on both sides, so a rename updates one row and the
// delete of a group or of a user takes its memberships along.
import type { Selectable, Updateable } from 'kysely';
import { StoreConflict, StoreLimitExceeded, StoreNotFound } from '../errors.js';
import type { GroupPatch, GroupRepository, Page, PageRequest, PathListRequest } from '../port.js';
import type { GroupsTable } from '../schema.js';
import type { Group, User } from '../types.js';
import { fold, fromIso, locking, pathPrefixFilter, requireAccount, toCount, toIso } from './context.js';
import type { TxContext } from './context.js';
import { deleteAttachmentsOf } from './identities.js';
import { checkMaxItems, decodeMarker, toPage } from './pagination.js';
import { createWithinLimit } from './quota.js';
import { toUser } from './users.js';

type GroupRow = Selectable<GroupsTable>;

function toGroup(row: GroupRow): Group {
  return {
    accountId: row.account_id,
    groupId: row.group_id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    createDate: fromIso(row.create_date),
  };
}

export class SqlGroupRepository implements GroupRepository {
  constructor(private readonly ctx: TxContext) {}

  #byName(accountId: string, name: string) {
    return this.ctx.db.selectFrom('groups').selectAll().where('account_id', '=', accountId).where('name_lower', '=', fold(name));
  }

  async get(accountId: string, name: string): Promise<Group | undefined> {
    const row = await this.#byName(accountId, name).executeTakeFirst();
    return row && toGroup(row);
  }

  async getById(groupId: string): Promise<Group | undefined> {
    const row = await this.ctx.db.selectFrom('groups').selectAll().where('group_id', '=', groupId).executeTakeFirst();
    return row && toGroup(row);
  }

  async getForUpdate(accountId: string, name: string): Promise<Group | undefined> {
    const row = await locking(this.ctx, this.#byName(accountId, name)).executeTakeFirst();
    return row && toGroup(row);
  }

  async create(group: Group): Promise<Group> {
    await requireAccount(this.ctx, group.accountId);
    const row: GroupRow = {
      group_id: group.groupId,
      account_id: group.accountId,
      name: group.name,
      name_lower: fold(group.name),
      path: group.path,
      arn: group.arn,
      create_date: toIso(group.createDate),
    };
    // DO NOTHING rather than an error, so the transaction stays usable after a conflict.
    const result = await this.ctx.db.insertInto('groups').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('group', group.name);
    return toGroup(row);
  }

  async createWithLimit(group: Group, limit: number): Promise<Group> {
    return createWithinLimit({
      entity: 'group',
      limit,
      lockOwner: () => requireAccount(this.ctx, group.accountId, true),
      count: () => this.count(group.accountId),
      insert: () => this.create(group),
    });
  }

  async update(accountId: string, name: string, patch: GroupPatch): Promise<Group | undefined> {
    const current = await this.#byName(accountId, name).executeTakeFirst();
    if (!current) return undefined;
    const changes: Updateable<GroupsTable> = {};
    if (patch.name !== undefined) {
      changes.name = patch.name;
      changes.name_lower = fold(patch.name);
    }
    if (patch.path !== undefined) changes.path = patch.path;
    if (patch.arn !== undefined) changes.arn = patch.arn;
    const next: GroupRow = { ...current, ...changes };
    if (Object.keys(changes).length === 0) return toGroup(next);

    if (next.name_lower !== current.name_lower) {
      // Checked first so that the usual conflict leaves the transaction usable; the unique
      // index still decides a race, reported the same way.
      if (await this.#byName(accountId, next.name).executeTakeFirst()) throw new StoreConflict('group', next.name);
    }
    try {
      await this.ctx.db.updateTable('groups').set(changes).where('group_id', '=', current.group_id).execute();
    } catch (error) {
      if (this.ctx.isUniqueViolation(error)) throw new StoreConflict('group', next.name, { cause: error });
      throw error;
    }
    return toGroup(next);
  }

  async delete(accountId: string, name: string): Promise<boolean> {
    const row = await this.#byName(accountId, name).executeTakeFirst();
    if (!row) return false;
    await deleteAttachmentsOf(this.ctx, 'group', row.group_id);
    await this.ctx.db.deleteFrom('groups').where('group_id', '=', row.group_id).execute();
    return true;
  }

  async list(accountId: string, request: PathListRequest = {}): Promise<Page<Group>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.ctx.db.selectFrom('groups').selectAll().where('account_id', '=', accountId);
    const inPath = pathPrefixFilter('path', request.pathPrefix);
    if (inPath) query = query.where(inPath);
    if (request.marker !== undefined) query = query.where('name_lower', '>', decodeMarker(request.marker));
    const rows = await query.orderBy('name_lower').limit(maxItems + 1).execute();
    return toPage(rows, maxItems, (row) => row.name_lower, toGroup);
  }

  async count(accountId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('groups')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  /**
   * Checks that the group and the user exist in one account; `lockUser` takes the user's owner
   * lock (the groups-per-user quota).
   */
  async #checkPair(groupId: string, userId: string, lockUser: boolean): Promise<void> {
    const group = await this.ctx.db.selectFrom('groups').select('account_id').where('group_id', '=', groupId).executeTakeFirst();
    if (!group) throw new StoreNotFound('group', groupId);
    const query = this.ctx.db.selectFrom('users').select('account_id').where('user_id', '=', userId);
    const user = await (lockUser ? locking(this.ctx, query) : query).executeTakeFirst();
    if (user?.account_id !== group.account_id) throw new StoreNotFound('user', userId);
  }

  async #isMember(groupId: string, userId: string): Promise<boolean> {
    const row = await this.ctx.db
      .selectFrom('group_members')
      .select('user_id')
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async #insertMember(groupId: string, userId: string): Promise<boolean> {
    const result = await this.ctx.db
      .insertInto('group_members')
      .values({ group_id: groupId, user_id: userId })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return result.numInsertedOrUpdatedRows !== 0n;
  }

  async addMember(groupId: string, userId: string): Promise<boolean> {
    await this.#checkPair(groupId, userId, false);
    return this.#insertMember(groupId, userId);
  }

  async addMemberWithLimit(groupId: string, userId: string, limit: number): Promise<boolean> {
    await this.#checkPair(groupId, userId, true);
    if (await this.#isMember(groupId, userId)) return false;
    if ((await this.countGroupsForUser(userId)) >= limit) throw new StoreLimitExceeded('groupMembership', limit);
    return this.#insertMember(groupId, userId);
  }

  async removeMember(groupId: string, userId: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('group_members')
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async listMembers(groupId: string, request: PageRequest = {}): Promise<Page<User>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.ctx.db
      .selectFrom('group_members as m')
      .innerJoin('users as u', 'u.user_id', 'm.user_id')
      .selectAll('u')
      .where('m.group_id', '=', groupId);
    if (request.marker !== undefined) query = query.where('u.name_lower', '>', decodeMarker(request.marker));
    const rows = await query.orderBy('u.name_lower').limit(maxItems + 1).execute();
    return toPage(rows, maxItems, (row) => row.name_lower, toUser);
  }

  async countMembers(groupId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('group_members')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('group_id', '=', groupId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  #groupsOf(userId: string) {
    return this.ctx.db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', 'g.group_id', 'm.group_id')
      .selectAll('g')
      .where('m.user_id', '=', userId);
  }

  async listGroupsForUser(userId: string, request: PageRequest = {}): Promise<Page<Group>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.#groupsOf(userId);
    if (request.marker !== undefined) query = query.where('g.name_lower', '>', decodeMarker(request.marker));
    const rows = await query.orderBy('g.name_lower').limit(maxItems + 1).execute();
    return toPage(rows, maxItems, (row) => row.name_lower, toGroup);
  }

  async listAllGroupsForUser(userId: string): Promise<Group[]> {
    const rows = await this.#groupsOf(userId).orderBy('g.name_lower').execute();
    return rows.map(toGroup);
  }

  async countGroupsForUser(userId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('group_members')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }
}
