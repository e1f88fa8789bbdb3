// X.509 signing certificates of users and of root users. A certificate hangs on its owner's
// stable id (user_id, or null for the root user's); its userName is read through a join, so it
// follows renames. The account holds each certificate (by fingerprint) at most once.
import type { Selectable } from 'kysely';
import { StoreConflict, StoreNotFound } from '../errors.js';
import type { SigningCertificateRepository } from '../port.js';
import type { SigningCertificatesTable } from '../schema.js';
import type { SigningCertificate, SigningCertificateStatus } from '../types.js';
import { fold, fromIso, locking, toCount, toIso } from './context.js';
import type { TxContext } from './context.js';
import { createWithinLimit } from './quota.js';
import { requireUserId } from './users.js';

type CertificateRow = Selectable<SigningCertificatesTable> & { user_name: string | null };

function toCertificate(row: CertificateRow): SigningCertificate {
  return {
    accountId: row.account_id,
    certificateId: row.certificate_id,
    userName: row.user_name,
    body: row.body,
    fingerprint: row.fingerprint,
    status: row.status as SigningCertificateStatus,
    uploadDate: fromIso(row.upload_date),
  };
}

export class SqlSigningCertificateRepository implements SigningCertificateRepository {
  constructor(private readonly ctx: TxContext) {}

  #select() {
    return this.ctx.db
      .selectFrom('signing_certificates as c')
      .leftJoin('users as u', 'u.user_id', 'c.user_id')
      .selectAll('c')
      .select('u.name as user_name');
  }

  /** The owner's user_id (null for root) after checking it exists; `lock` takes the quota's owner lock. */
  async #owner(accountId: string, userName: string | null, lock: boolean): Promise<string | null> {
    if (userName !== null) return requireUserId(this.ctx, accountId, userName, lock);
    const query = this.ctx.db.selectFrom('accounts').select('id').where('id', '=', accountId);
    if (!(await (lock ? locking(this.ctx, query) : query).executeTakeFirst())) throw new StoreNotFound('account', accountId);
    return null;
  }

  async get(certificateId: string): Promise<SigningCertificate | undefined> {
    const row = await this.#select().where('c.certificate_id', '=', certificateId).executeTakeFirst();
    return row && toCertificate(row);
  }

  async listForUser(accountId: string, userName: string | null): Promise<SigningCertificate[]> {
    let query = this.#select().where('c.account_id', '=', accountId);
    query = userName === null ? query.where('c.user_id', 'is', null) : query.where('u.name_lower', '=', fold(userName));
    const rows = await query.orderBy('c.upload_date').orderBy('c.certificate_id').execute();
    return rows.map(toCertificate);
  }

  async countForUserId(userId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('signing_certificates')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  async #count(accountId: string, userId: string | null): Promise<number> {
    const query = this.ctx.db.selectFrom('signing_certificates').select((eb) => eb.fn.countAll().as('n')).where('account_id', '=', accountId);
    const row = await (userId === null ? query.where('user_id', 'is', null) : query.where('user_id', '=', userId)).executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  async #insert(certificate: SigningCertificate, userId: string | null): Promise<SigningCertificate> {
    // DO NOTHING rather than an error, so the transaction stays usable after a conflict.
    const result = await this.ctx.db
      .insertInto('signing_certificates')
      .values({
        certificate_id: certificate.certificateId,
        account_id: certificate.accountId,
        user_id: userId,
        fingerprint: certificate.fingerprint,
        body: certificate.body,
        status: certificate.status,
        upload_date: toIso(certificate.uploadDate),
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('signingCertificate', certificate.fingerprint);
    return certificate;
  }

  async createWithLimit(certificate: SigningCertificate, limit: number): Promise<SigningCertificate> {
    return createWithinLimit({
      entity: 'signingCertificate',
      limit,
      lockOwner: () => this.#owner(certificate.accountId, certificate.userName, true),
      count: (userId) => this.#count(certificate.accountId, userId),
      insert: (userId) => this.#insert(certificate, userId),
    });
  }

  async setStatus(certificateId: string, status: SigningCertificateStatus): Promise<boolean> {
    const result = await this.ctx.db.updateTable('signing_certificates').set({ status }).where('certificate_id', '=', certificateId).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async delete(certificateId: string): Promise<boolean> {
    const result = await this.ctx.db.deleteFrom('signing_certificates').where('certificate_id', '=', certificateId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
