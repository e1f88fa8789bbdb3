// SSH public keys of IAM users. A key hangs on its user's stable id; its userName is read
// through a join, so it follows renames. A user holds a given key (fingerprint) at most once.
import type { Selectable } from 'kysely';
import { StoreConflict } from '../errors.js';
import type { Page, PageRequest, SshPublicKeyRepository } from '../port.js';
import type { SshPublicKeysTable } from '../schema.js';
import type { AccessKeyStatus, SshPublicKey } from '../types.js';
import { fold, fromIso, toCount, toIso } from './context.js';
import type { TxContext } from './context.js';
import { afterKeys, checkMaxItems, decodeKeysMarker, toPageByKeys } from './pagination.js';
import { createWithinLimit } from './quota.js';
import { findUserId, requireUserId } from './users.js';

type KeyRow = Selectable<SshPublicKeysTable> & { user_name: string };

function toKey(row: KeyRow): SshPublicKey {
  return {
    sshPublicKeyId: row.ssh_public_key_id,
    accountId: row.account_id,
    userName: row.user_name,
    body: row.body,
    fingerprint: row.fingerprint,
    status: row.status as AccessKeyStatus,
    uploadDate: fromIso(row.upload_date),
  };
}

export class SqlSshPublicKeyRepository implements SshPublicKeyRepository {
  constructor(private readonly ctx: TxContext) {}

  #select() {
    return this.ctx.db.selectFrom('ssh_public_keys as k').innerJoin('users as u', 'u.user_id', 'k.user_id').selectAll('k').select('u.name as user_name');
  }

  async get(sshPublicKeyId: string): Promise<SshPublicKey | undefined> {
    const row = await this.#select().where('k.ssh_public_key_id', '=', sshPublicKeyId).executeTakeFirst();
    return row && toKey(row);
  }

  async listForUser(accountId: string, userName: string, request: PageRequest = {}): Promise<Page<SshPublicKey>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.#select().where('k.account_id', '=', accountId).where('u.name_lower', '=', fold(userName));
    if (request.marker !== undefined) {
      query = query.where(afterKeys(['k.upload_date', 'k.ssh_public_key_id'], decodeKeysMarker(request.marker, 2)));
    }
    const rows = await query.orderBy('k.upload_date').orderBy('k.ssh_public_key_id').limit(maxItems + 1).execute();
    return toPageByKeys(rows, maxItems, (r) => [r.upload_date, r.ssh_public_key_id], toKey);
  }

  async countForUser(accountId: string, userName: string): Promise<number> {
    const userId = await findUserId(this.ctx, accountId, userName);
    return userId === undefined ? 0 : this.#count(userId);
  }

  async #count(userId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('ssh_public_keys')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  async #insert(key: SshPublicKey, userId: string): Promise<SshPublicKey> {
    // DO NOTHING rather than an error, so the transaction stays usable after a conflict.
    const result = await this.ctx.db
      .insertInto('ssh_public_keys')
      .values({
        ssh_public_key_id: key.sshPublicKeyId,
        account_id: key.accountId,
        user_id: userId,
        body: key.body,
        fingerprint: key.fingerprint,
        status: key.status,
        upload_date: toIso(key.uploadDate),
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('sshPublicKey', key.fingerprint);
    return key;
  }

  async create(key: SshPublicKey): Promise<SshPublicKey> {
    return this.#insert(key, await requireUserId(this.ctx, key.accountId, key.userName));
  }

  async createWithLimit(key: SshPublicKey, limit: number): Promise<SshPublicKey> {
    return createWithinLimit({
      entity: 'sshPublicKey',
      limit,
      lockOwner: () => requireUserId(this.ctx, key.accountId, key.userName, true),
      count: (userId) => this.#count(userId),
      insert: (userId) => this.#insert(key, userId),
    });
  }

  async setStatus(sshPublicKeyId: string, status: AccessKeyStatus): Promise<boolean> {
    const result = await this.ctx.db.updateTable('ssh_public_keys').set({ status }).where('ssh_public_key_id', '=', sshPublicKeyId).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async delete(sshPublicKeyId: string): Promise<boolean> {
    const result = await this.ctx.db.deleteFrom('ssh_public_keys').where('ssh_public_key_id', '=', sshPublicKeyId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
