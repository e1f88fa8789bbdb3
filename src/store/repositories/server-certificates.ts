// Server certificates, keyed by their stable id (ASCA...), the name unique per account
// case-insensitively through name_lower. The private key arrives sealed. Tags name the id
// without a foreign key and go with the certificate explicitly.
import type { Selectable, Updateable } from 'kysely';
import { StoreConflict } from '../errors.js';
import type { Page, PathListRequest, ServerCertificatePatch, ServerCertificateRepository } from '../port.js';
import type { ServerCertificatesTable } from '../schema.js';
import type { ServerCertificate } from '../types.js';
import { fold, fromBlob, fromIso, pathPrefixFilter, requireAccount, toBlob, toCount, toIso } from './context.js';
import type { TxContext } from './context.js';
import { checkMaxItems, decodeMarker, toPage } from './pagination.js';
import { createWithinLimit } from './quota.js';

type CertificateRow = Selectable<ServerCertificatesTable>;

function toCertificate(row: CertificateRow): ServerCertificate {
  return {
    accountId: row.account_id,
    serverCertificateId: row.server_certificate_id,
    name: row.name,
    path: row.path,
    arn: row.arn,
    body: row.body,
    ...(row.chain !== null && { chain: row.chain }),
    privateKeyCiphertext: fromBlob(row.private_key_ciphertext),
    uploadDate: fromIso(row.upload_date),
    expiration: fromIso(row.expiration),
  };
}

export class SqlServerCertificateRepository implements ServerCertificateRepository {
  constructor(private readonly ctx: TxContext) {}

  #byName(accountId: string, name: string) {
    return this.ctx.db.selectFrom('server_certificates').selectAll().where('account_id', '=', accountId).where('name_lower', '=', fold(name));
  }

  async get(accountId: string, name: string): Promise<ServerCertificate | undefined> {
    const row = await this.#byName(accountId, name).executeTakeFirst();
    return row && toCertificate(row);
  }

  async #insert(certificate: ServerCertificate): Promise<ServerCertificate> {
    const row: CertificateRow = {
      server_certificate_id: certificate.serverCertificateId,
      account_id: certificate.accountId,
      name: certificate.name,
      name_lower: fold(certificate.name),
      path: certificate.path,
      arn: certificate.arn,
      body: certificate.body,
      chain: certificate.chain ?? null,
      private_key_ciphertext: toBlob(certificate.privateKeyCiphertext),
      upload_date: toIso(certificate.uploadDate),
      expiration: toIso(certificate.expiration),
    };
    const result = await this.ctx.db.insertInto('server_certificates').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('serverCertificate', certificate.name);
    return toCertificate(row);
  }

  async createWithLimit(certificate: ServerCertificate, limit: number): Promise<ServerCertificate> {
    return createWithinLimit({
      entity: 'serverCertificate',
      limit,
      lockOwner: () => requireAccount(this.ctx, certificate.accountId, true),
      count: () => this.count(certificate.accountId),
      insert: () => this.#insert(certificate),
    });
  }

  async update(accountId: string, name: string, patch: ServerCertificatePatch): Promise<ServerCertificate | undefined> {
    const current = await this.#byName(accountId, name).executeTakeFirst();
    if (!current) return undefined;
    const changes: Updateable<ServerCertificatesTable> = {};
    if (patch.name !== undefined) {
      changes.name = patch.name;
      changes.name_lower = fold(patch.name);
    }
    if (patch.path !== undefined) changes.path = patch.path;
    if (patch.arn !== undefined) changes.arn = patch.arn;
    if (changes.name_lower !== undefined && changes.name_lower !== current.name_lower) {
      const taken = await this.#byName(accountId, patch.name!).select('server_certificate_id').executeTakeFirst();
      if (taken) throw new StoreConflict('serverCertificate', patch.name!);
    }
    if (Object.keys(changes).length > 0) {
      try {
        await this.ctx.db.updateTable('server_certificates').set(changes).where('server_certificate_id', '=', current.server_certificate_id).execute();
      } catch (error) {
        if (this.ctx.isUniqueViolation(error)) throw new StoreConflict('serverCertificate', patch.name ?? name, { cause: error });
        throw error;
      }
    }
    return toCertificate({ ...current, ...changes });
  }

  async delete(accountId: string, name: string): Promise<boolean> {
    const row = await this.#byName(accountId, name).executeTakeFirst();
    if (!row) return false;
    await this.ctx.db.deleteFrom('tags').where('resource_type', '=', 'server-certificate').where('resource_key', '=', row.server_certificate_id).execute();
    await this.ctx.db.deleteFrom('server_certificates').where('server_certificate_id', '=', row.server_certificate_id).execute();
    return true;
  }

  async list(accountId: string, request: PathListRequest = {}): Promise<Page<ServerCertificate>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.ctx.db.selectFrom('server_certificates').selectAll().where('account_id', '=', accountId);
    const inPath = pathPrefixFilter('path', request.pathPrefix);
    if (inPath) query = query.where(inPath);
    if (request.marker !== undefined) query = query.where('name_lower', '>', decodeMarker(request.marker));
    const rows = await query.orderBy('name_lower').limit(maxItems + 1).execute();
    return toPage(rows, maxItems, (row) => row.name_lower, toCertificate);
  }

  async count(accountId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('server_certificates')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }
}
