// Access keys of users and of root users. A key hangs on its owner's stable id (user_id, or
// null for the root user's keys); its userName is read through a join, so it follows renames.
import type { Selectable } from 'kysely';
import { StoreConflict, StoreNotFound } from '../errors.js';
import type { AccessKeyRepository } from '../port.js';
import type { AccessKeysTable } from '../schema.js';
import type { AccessKey, AccessKeyStatus, NewAccessKey } from '../types.js';
import { fold, fromBlob, fromIso, locking, toBlob, toCount, toIso } from './context.js';
import type { TxContext } from './context.js';
import { createWithinLimit } from './quota.js';
import { findUserId, requireUserId } from './users.js';

type KeyRow = Selectable<AccessKeysTable> & { user_name: string | null };

function toAccessKey(row: KeyRow): AccessKey {
  return {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    userName: row.user_name,
    status: row.status as AccessKeyStatus,
    secretCiphertext: fromBlob(row.secret_ciphertext),
    createDate: fromIso(row.create_date),
    ...(row.last_used_date !== null && { lastUsedDate: fromIso(row.last_used_date) }),
    ...(row.last_used_service !== null && { lastUsedService: row.last_used_service }),
    ...(row.last_used_region !== null && { lastUsedRegion: row.last_used_region }),
  };
}

export class SqlAccessKeyRepository implements AccessKeyRepository {
  constructor(private readonly ctx: TxContext) {}

  #select() {
    return this.ctx.db
      .selectFrom('access_keys as k')
      .leftJoin('users as u', 'u.user_id', 'k.user_id')
      .selectAll('k')
      .select('u.name as user_name');
  }

  /**
   * The owner's user_id (null for the root user), after checking the owner exists; `lock` takes
   * the owner lock of the quota pattern (the user's row, or the account's for root keys).
   */
  async #owner(accountId: string, userName: string | null, lock: boolean): Promise<string | null> {
    if (userName !== null) return requireUserId(this.ctx, accountId, userName, lock);
    const query = this.ctx.db.selectFrom('accounts').select('id').where('id', '=', accountId);
    const account = await (lock ? locking(this.ctx, query) : query).executeTakeFirst();
    if (!account) throw new StoreNotFound('account', accountId);
    return null;
  }

  async get(accessKeyId: string): Promise<AccessKey | undefined> {
    const row = await this.#select().where('k.access_key_id', '=', accessKeyId).executeTakeFirst();
    return row && toAccessKey(row);
  }

  async listForUser(accountId: string, userName: string | null): Promise<AccessKey[]> {
    let query = this.#select().where('k.account_id', '=', accountId);
    query = userName === null ? query.where('k.user_id', 'is', null) : query.where('u.name_lower', '=', fold(userName));
    const rows = await query.orderBy('k.create_date').orderBy('k.access_key_id').execute();
    return rows.map(toAccessKey);
  }

  async countForUser(accountId: string, userName: string | null): Promise<number> {
    if (userName === null) return this.#count(accountId, null);
    const userId = await findUserId(this.ctx, accountId, userName);
    return userId === undefined ? 0 : this.#count(accountId, userId);
  }

  async #count(accountId: string, userId: string | null): Promise<number> {
    const query = this.ctx.db.selectFrom('access_keys').select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', accountId);
    const row = await (userId === null ? query.where('user_id', 'is', null) : query.where('user_id', '=', userId)).executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  async #insert(key: NewAccessKey, userId: string | null): Promise<AccessKey> {
    const result = await this.ctx.db
      .insertInto('access_keys')
      .values({
        access_key_id: key.accessKeyId,
        account_id: key.accountId,
        user_id: userId,
        status: key.status,
        secret_ciphertext: toBlob(key.secretCiphertext),
        create_date: toIso(key.createDate),
        last_used_date: null,
        last_used_service: null,
        last_used_region: null,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('accessKey', key.accessKeyId);
    return { ...key, secretCiphertext: new Uint8Array(key.secretCiphertext) };
  }

  async create(key: NewAccessKey): Promise<AccessKey> {
    return this.#insert(key, await this.#owner(key.accountId, key.userName, false));
  }

  async createWithLimit(key: NewAccessKey, limit: number): Promise<AccessKey> {
    return createWithinLimit({
      entity: 'accessKey',
      limit,
      lockOwner: () => this.#owner(key.accountId, key.userName, true),
      count: (userId) => this.#count(key.accountId, userId),
      insert: (userId) => this.#insert(key, userId),
    });
  }

  async setStatus(accessKeyId: string, status: AccessKeyStatus): Promise<boolean> {
    const result = await this.ctx.db.updateTable('access_keys').set({ status }).where('access_key_id', '=', accessKeyId).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async delete(accessKeyId: string): Promise<boolean> {
    const result = await this.ctx.db.deleteFrom('access_keys').where('access_key_id', '=', accessKeyId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async recordKeyUse(accessKeyId: string, date: Date, service: string, region: string): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('access_keys')
      .set({ last_used_date: toIso(date), last_used_service: service, last_used_region: region })
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
