// Service-specific credentials of IAM users. A credential hangs on its user's stable id; its
// userName is read through a join, so it follows renames. The quota counts per user and service.
import type { Selectable } from 'kysely';
import { StoreConflict } from '../errors.js';
import type { Page, ServiceCredentialListRequest, ServiceCredentialRepository } from '../port.js';
import type { ServiceCredentialsTable } from '../schema.js';
import type { AccessKeyStatus, ServiceSpecificCredential } from '../types.js';
import { fold, fromBlob, fromIso, toBlob, toCount, toIso } from './context.js';
import type { TxContext } from './context.js';
import { afterKeys, checkMaxItems, decodeKeysMarker, toPageByKeys } from './pagination.js';
import { createWithinLimit } from './quota.js';
import { findUserId, requireUserId } from './users.js';

type CredentialRow = Selectable<ServiceCredentialsTable> & { user_name: string };

function toCredential(row: CredentialRow): ServiceSpecificCredential {
  return {
    serviceSpecificCredentialId: row.credential_id,
    accountId: row.account_id,
    userName: row.user_name,
    serviceName: row.service_name,
    serviceUserName: row.service_user_name,
    ...(row.service_credential_alias !== null && { serviceCredentialAlias: row.service_credential_alias }),
    secretCiphertext: fromBlob(row.secret_ciphertext),
    status: row.status as AccessKeyStatus,
    createDate: fromIso(row.create_date),
    ...(row.expiration_date !== null && { expirationDate: fromIso(row.expiration_date) }),
  };
}

export class SqlServiceCredentialRepository implements ServiceCredentialRepository {
  constructor(private readonly ctx: TxContext) {}

  #select() {
    return this.ctx.db.selectFrom('service_credentials as c').innerJoin('users as u', 'u.user_id', 'c.user_id').selectAll('c').select('u.name as user_name');
  }

  async get(serviceSpecificCredentialId: string): Promise<ServiceSpecificCredential | undefined> {
    const row = await this.#select().where('c.credential_id', '=', serviceSpecificCredentialId).executeTakeFirst();
    return row && toCredential(row);
  }

  listForUser(accountId: string, userName: string, request: ServiceCredentialListRequest = {}): Promise<Page<ServiceSpecificCredential>> {
    return this.#page(accountId, fold(userName), request);
  }

  listForAccount(accountId: string, request: ServiceCredentialListRequest = {}): Promise<Page<ServiceSpecificCredential>> {
    return this.#page(accountId, undefined, request);
  }

  async #page(accountId: string, userNameLower: string | undefined, request: ServiceCredentialListRequest): Promise<Page<ServiceSpecificCredential>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.#select().where('c.account_id', '=', accountId);
    if (userNameLower !== undefined) query = query.where('u.name_lower', '=', userNameLower);
    if (request.serviceName !== undefined) query = query.where('c.service_name', '=', request.serviceName);
    if (request.marker !== undefined) query = query.where(afterKeys(['c.create_date', 'c.credential_id'], decodeKeysMarker(request.marker, 2)));
    const rows = await query.orderBy('c.create_date').orderBy('c.credential_id').limit(maxItems + 1).execute();
    return toPageByKeys(rows, maxItems, (r) => [r.create_date, r.credential_id], toCredential);
  }

  async countForUser(accountId: string, userName: string, serviceName?: string): Promise<number> {
    const userId = await findUserId(this.ctx, accountId, userName);
    return userId === undefined ? 0 : this.#count(userId, serviceName);
  }

  async #count(userId: string, serviceName: string | undefined): Promise<number> {
    let query = this.ctx.db.selectFrom('service_credentials').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId);
    if (serviceName !== undefined) query = query.where('service_name', '=', serviceName);
    return toCount((await query.executeTakeFirstOrThrow()).n);
  }

  async #insert(credential: ServiceSpecificCredential, userId: string): Promise<ServiceSpecificCredential> {
    const result = await this.ctx.db
      .insertInto('service_credentials')
      .values({
        credential_id: credential.serviceSpecificCredentialId,
        account_id: credential.accountId,
        user_id: userId,
        service_name: credential.serviceName,
        service_user_name: credential.serviceUserName,
        service_credential_alias: credential.serviceCredentialAlias ?? null,
        secret_ciphertext: toBlob(credential.secretCiphertext),
        status: credential.status,
        create_date: toIso(credential.createDate),
        expiration_date: credential.expirationDate ? toIso(credential.expirationDate) : null,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('serviceCredential', credential.serviceSpecificCredentialId);
    return { ...credential, secretCiphertext: new Uint8Array(credential.secretCiphertext) };
  }

  async create(credential: ServiceSpecificCredential): Promise<ServiceSpecificCredential> {
    return this.#insert(credential, await requireUserId(this.ctx, credential.accountId, credential.userName));
  }

  async createWithLimit(credential: ServiceSpecificCredential, limit: number): Promise<ServiceSpecificCredential> {
    return createWithinLimit({
      entity: 'serviceCredential',
      limit,
      lockOwner: () => requireUserId(this.ctx, credential.accountId, credential.userName, true),
      count: (userId) => this.#count(userId, credential.serviceName),
      insert: (userId) => this.#insert(credential, userId),
    });
  }

  async setStatus(serviceSpecificCredentialId: string, status: AccessKeyStatus): Promise<boolean> {
    const result = await this.ctx.db.updateTable('service_credentials').set({ status }).where('credential_id', '=', serviceSpecificCredentialId).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async setSecret(serviceSpecificCredentialId: string, secretCiphertext: Uint8Array): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('service_credentials')
      .set({ secret_ciphertext: toBlob(secretCiphertext) })
      .where('credential_id', '=', serviceSpecificCredentialId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async delete(serviceSpecificCredentialId: string): Promise<boolean> {
    const result = await this.ctx.db.deleteFrom('service_credentials').where('credential_id', '=', serviceSpecificCredentialId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
