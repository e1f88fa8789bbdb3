// OpenID Connect identity providers, addressed by ARN (unique); client ids and thumbprints are
// short lists (at most 100 and 5) kept as JSON text on the provider's row. Tags name the
// provider's stable id and go with it explicitly.
import type { Selectable, Updateable } from 'kysely';
import { StoreConflict } from '../errors.js';
import type { OidcProviderPatch, OidcProviderRepository } from '../port.js';
import type { OidcProvidersTable } from '../schema.js';
import type { OidcProvider } from '../types.js';
import { fromIso, locking, requireAccount, toCount, toIso } from './context.js';
import type { TxContext } from './context.js';
import { createWithinLimit } from './quota.js';

type ProviderRow = Selectable<OidcProvidersTable>;

function toList(text: string): string[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) throw new TypeError('a stored OIDC list is not a list of strings');
  return value;
}

function toProvider(row: ProviderRow): OidcProvider {
  return {
    accountId: row.account_id,
    providerId: row.provider_id,
    arn: row.arn,
    url: row.url,
    clientIds: toList(row.client_ids),
    thumbprints: toList(row.thumbprints),
    createDate: fromIso(row.create_date),
  };
}

export class SqlOidcProviderRepository implements OidcProviderRepository {
  constructor(private readonly ctx: TxContext) {}

  #byArn(arn: string) {
    return this.ctx.db.selectFrom('oidc_providers').selectAll().where('arn', '=', arn);
  }

  async get(arn: string): Promise<OidcProvider | undefined> {
    const row = await this.#byArn(arn).executeTakeFirst();
    return row && toProvider(row);
  }

  async getForUpdate(arn: string): Promise<OidcProvider | undefined> {
    const row = await locking(this.ctx, this.#byArn(arn)).executeTakeFirst();
    return row && toProvider(row);
  }

  async #insert(provider: OidcProvider): Promise<OidcProvider> {
    const row: ProviderRow = {
      provider_id: provider.providerId,
      account_id: provider.accountId,
      arn: provider.arn,
      url: provider.url,
      client_ids: JSON.stringify(provider.clientIds),
      thumbprints: JSON.stringify(provider.thumbprints),
      create_date: toIso(provider.createDate),
    };
    const result = await this.ctx.db.insertInto('oidc_providers').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('oidcProvider', provider.arn);
    return toProvider(row);
  }

  async createWithLimit(provider: OidcProvider, limit: number): Promise<OidcProvider> {
    return createWithinLimit({
      entity: 'oidcProvider',
      limit,
      lockOwner: () => requireAccount(this.ctx, provider.accountId, true),
      count: () => this.#count(provider.accountId),
      insert: () => this.#insert(provider),
    });
  }

  async update(arn: string, patch: OidcProviderPatch): Promise<OidcProvider | undefined> {
    const current = await this.#byArn(arn).executeTakeFirst();
    if (!current) return undefined;
    const changes: Updateable<OidcProvidersTable> = {};
    if (patch.clientIds !== undefined) changes.client_ids = JSON.stringify(patch.clientIds);
    if (patch.thumbprints !== undefined) changes.thumbprints = JSON.stringify(patch.thumbprints);
    if (Object.keys(changes).length > 0) {
      await this.ctx.db.updateTable('oidc_providers').set(changes).where('provider_id', '=', current.provider_id).execute();
    }
    return toProvider({ ...current, ...changes });
  }

  async delete(arn: string): Promise<boolean> {
    const row = await this.#byArn(arn).executeTakeFirst();
    if (!row) return false;
    await this.ctx.db.deleteFrom('tags').where('resource_type', '=', 'oidc-provider').where('resource_key', '=', row.provider_id).execute();
    await this.ctx.db.deleteFrom('oidc_providers').where('provider_id', '=', row.provider_id).execute();
    return true;
  }

  async listAll(accountId: string): Promise<OidcProvider[]> {
    const rows = await this.ctx.db.selectFrom('oidc_providers').selectAll().where('account_id', '=', accountId).orderBy('arn').execute();
    return rows.map(toProvider);
  }

  async #count(accountId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('oidc_providers')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }
}
