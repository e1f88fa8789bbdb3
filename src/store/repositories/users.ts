// IAM users. A user is keyed by its stable id (AIDA...); its name is unique per account
// case-insensitively through the name_lower column. Access keys and inline policies reference
// the id (ON DELETE CASCADE), tags reference it by resource key, so a rename updates one row.
import type { Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import { StoreConflict, StoreNotFound } from '../errors.js';
import type { Page, UserListRequest, UserPatch, UserRepository } from '../port.js';
import type { UsersTable } from '../schema.js';
import type { User } from '../types.js';
import { fixedQuery, fold, fromIso, locking, toCount, toIso } from './context.js';
import type { TxContext } from './context.js';
import { deleteAttachmentsOf } from './identities.js';
import { checkMaxItems, decodeMarker, toPage } from './pagination.js';
import { createWithinLimit } from './quota.js';

type UserRow = Selectable<UsersTable>;

export function toUser(row: UserRow): User {
  return {
    accountId: row.account_id,
    userId: row.user_id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    createDate: fromIso(row.create_date),
    ...(row.password_last_used !== null && { passwordLastUsed: fromIso(row.password_last_used) }),
    ...(row.permissions_boundary_arn !== null && { permissionsBoundaryArn: row.permissions_boundary_arn }),
  };
}

/** The user's stable id, or undefined; `lock` takes the owner lock of the quota pattern. */
export async function findUserId(ctx: TxContext, accountId: string, name: string, lock = false): Promise<string | undefined> {
  const query = ctx.db.selectFrom('users').select('user_id').where('account_id', '=', accountId).where('name_lower', '=', fold(name));
  const row = await (lock ? locking(ctx, query) : query).executeTakeFirst();
  return row?.user_id;
}

export async function requireUserId(ctx: TxContext, accountId: string, name: string, lock = false): Promise<string> {
  const id = await findUserId(ctx, accountId, name, lock);
  if (id === undefined) throw new StoreNotFound('user', name);
  return id;
}

export class SqlUserRepository implements UserRepository {
  constructor(private readonly ctx: TxContext) {}

  #byName(accountId: string, name: string) {
    return this.ctx.db.selectFrom('users').selectAll().where('account_id', '=', accountId).where('name_lower', '=', fold(name));
  }

  async get(accountId: string, name: string): Promise<User | undefined> {
    const [row] = await fixedQuery(this.ctx, 'users.get', [accountId, fold(name)], () => this.#byName(accountId, name));
    return row && toUser(row);
  }

  async getById(userId: string): Promise<User | undefined> {
    const row = await this.ctx.db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return row && toUser(row);
  }

  async getForUpdate(accountId: string, name: string): Promise<User | undefined> {
    const row = await locking(this.ctx, this.#byName(accountId, name)).executeTakeFirst();
    return row && toUser(row);
  }

  async create(user: User): Promise<User> {
    const account = await this.ctx.db.selectFrom('accounts').select('id').where('id', '=', user.accountId).executeTakeFirst();
    if (!account) throw new StoreNotFound('account', user.accountId);
    const row: UserRow = {
      user_id: user.userId,
      account_id: user.accountId,
      name: user.name,
      name_lower: fold(user.name),
      path: user.path,
      arn: user.arn,
      create_date: toIso(user.createDate),
      password_last_used: user.passwordLastUsed ? toIso(user.passwordLastUsed) : null,
      permissions_boundary_arn: user.permissionsBoundaryArn ?? null,
    };
    // DO NOTHING rather than an error, so the transaction stays usable after a conflict.
    const result = await this.ctx.db.insertInto('users').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('user', user.name);
    return toUser(row);
  }

  async createWithLimit(user: User, limit: number): Promise<User> {
    return createWithinLimit({
      entity: 'user',
      limit,
      lockOwner: async () => {
        const query = this.ctx.db.selectFrom('accounts').select('id').where('id', '=', user.accountId);
        if (!(await locking(this.ctx, query).executeTakeFirst())) throw new StoreNotFound('account', user.accountId);
      },
      count: () => this.count(user.accountId),
      insert: () => this.create(user),
    });
  }

  async update(accountId: string, name: string, patch: UserPatch): Promise<User | undefined> {
    const current = await this.#byName(accountId, name).executeTakeFirst();
    if (!current) return undefined;
    const changes: Updateable<UsersTable> = {};
    if (patch.name !== undefined) {
      changes.name = patch.name;
      changes.name_lower = fold(patch.name);
    }
    if (patch.path !== undefined) changes.path = patch.path;
    if (patch.arn !== undefined) changes.arn = patch.arn;
    if (patch.passwordLastUsed !== undefined) {
      changes.password_last_used = patch.passwordLastUsed === null ? null : toIso(patch.passwordLastUsed);
    }
    if (patch.permissionsBoundaryArn !== undefined) changes.permissions_boundary_arn = patch.permissionsBoundaryArn;
    const next: UserRow = { ...current, ...changes };
    if (Object.keys(changes).length === 0) return toUser(next);

    if (next.name_lower !== current.name_lower) {
      // Checked first so that the usual conflict leaves the transaction usable; the unique
      // index still decides a race, reported the same way.
      const taken = await findUserId(this.ctx, accountId, next.name);
      if (taken !== undefined) throw new StoreConflict('user', next.name);
    }
    try {
      await this.ctx.db.updateTable('users').set(changes).where('user_id', '=', current.user_id).execute();
    } catch (error) {
      if (this.ctx.isUniqueViolation(error)) throw new StoreConflict('user', next.name, { cause: error });
      throw error;
    }
    return toUser(next);
  }

  async delete(accountId: string, name: string): Promise<boolean> {
    const userId = await findUserId(this.ctx, accountId, name);
    if (userId === undefined) return false;
    // Tags and attachments name their owner without a foreign key; memberships, keys and inline
    // policies cascade.
    await this.ctx.db.deleteFrom('tags').where('resource_type', '=', 'user').where('resource_key', '=', userId).execute();
    await deleteAttachmentsOf(this.ctx, 'user', userId);
    await this.ctx.db.deleteFrom('users').where('user_id', '=', userId).execute();
    return true;
  }

  async list(accountId: string, request: UserListRequest = {}): Promise<Page<User>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.ctx.db.selectFrom('users').selectAll().where('account_id', '=', accountId);
    const prefix = request.pathPrefix;
    // Case-sensitive prefix test on both databases (LIKE ignores case in SQLite).
    if (prefix !== undefined && prefix !== '/') query = query.where(sql<boolean>`substr(path, 1, ${prefix.length}) = ${prefix}`);
    if (request.marker !== undefined) query = query.where('name_lower', '>', decodeMarker(request.marker));
    const rows = await query.orderBy('name_lower').limit(maxItems + 1).execute();
    return toPage(rows, maxItems, (row) => row.name_lower, toUser);
  }

  async count(accountId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }
}
