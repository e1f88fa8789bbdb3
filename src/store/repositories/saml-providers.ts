// SAML 2.0 identity providers, addressed by ARN (unique), the name unique per account
// case-insensitively. Their assertion-decryption keys (sealed above the store) are rows of
// saml_provider_keys (ON DELETE CASCADE); tags name the provider's id and go with it explicitly.
import type { Selectable, Updateable } from 'kysely';
import { StoreConflict } from '../errors.js';
import type { SamlProviderPatch, SamlProviderRepository } from '../port.js';
import type { SamlProviderKeysTable, SamlProvidersTable } from '../schema.js';
import type { SamlPrivateKey, SamlProvider } from '../types.js';
import { fold, fromBlob, fromIso, locking, requireAccount, toBlob, toCount, toIso } from './context.js';
import type { TxContext } from './context.js';
import { createWithinLimit } from './quota.js';

type ProviderRow = Selectable<SamlProvidersTable>;
type KeyRow = Selectable<SamlProviderKeysTable>;

function toKey(row: KeyRow): SamlPrivateKey {
  return { keyId: row.key_id, privateKeyCiphertext: fromBlob(row.private_key_ciphertext), timestamp: fromIso(row.create_date) };
}

function toProvider(row: ProviderRow, keys: readonly KeyRow[]): SamlProvider {
  return {
    accountId: row.account_id,
    providerId: row.provider_id,
    name: row.name,
    arn: row.arn,
    metadataDocument: row.metadata_document,
    ...(row.valid_until !== null && { validUntil: fromIso(row.valid_until) }),
    createDate: fromIso(row.create_date),
    ...(row.assertion_encryption_mode !== null && { assertionEncryptionMode: row.assertion_encryption_mode as 'Required' | 'Allowed' }),
    privateKeys: keys.map(toKey),
  };
}

export class SqlSamlProviderRepository implements SamlProviderRepository {
  constructor(private readonly ctx: TxContext) {}

  #byArn(arn: string) {
    return this.ctx.db.selectFrom('saml_providers').selectAll().where('arn', '=', arn);
  }

  async #keysOf(providerIds: readonly string[]): Promise<Map<string, KeyRow[]>> {
    const byProvider = new Map<string, KeyRow[]>();
    if (providerIds.length === 0) return byProvider;
    const rows = await this.ctx.db
      .selectFrom('saml_provider_keys')
      .selectAll()
      .where('provider_id', 'in', [...providerIds])
      .orderBy('create_date')
      .orderBy('key_id')
      .execute();
    for (const row of rows) byProvider.set(row.provider_id, [...(byProvider.get(row.provider_id) ?? []), row]);
    return byProvider;
  }

  async #withKeys(row: ProviderRow | undefined): Promise<SamlProvider | undefined> {
    if (!row) return undefined;
    return toProvider(row, (await this.#keysOf([row.provider_id])).get(row.provider_id) ?? []);
  }

  async get(arn: string): Promise<SamlProvider | undefined> {
    return this.#withKeys(await this.#byArn(arn).executeTakeFirst());
  }

  async getForUpdate(arn: string): Promise<SamlProvider | undefined> {
    return this.#withKeys(await locking(this.ctx, this.#byArn(arn)).executeTakeFirst());
  }

  async #putKeys(providerId: string, keys: readonly SamlPrivateKey[]): Promise<void> {
    if (keys.length === 0) return;
    await this.ctx.db
      .insertInto('saml_provider_keys')
      .values(
        keys.map((k) => ({
          provider_id: providerId,
          key_id: k.keyId,
          private_key_ciphertext: toBlob(k.privateKeyCiphertext),
          create_date: toIso(k.timestamp),
        })),
      )
      .execute();
  }

  async #insert(provider: SamlProvider): Promise<SamlProvider> {
    const row: ProviderRow = {
      provider_id: provider.providerId,
      account_id: provider.accountId,
      name: provider.name,
      name_lower: fold(provider.name),
      arn: provider.arn,
      metadata_document: provider.metadataDocument,
      valid_until: provider.validUntil ? toIso(provider.validUntil) : null,
      create_date: toIso(provider.createDate),
      assertion_encryption_mode: provider.assertionEncryptionMode ?? null,
    };
    const result = await this.ctx.db.insertInto('saml_providers').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('samlProvider', provider.name);
    await this.#putKeys(provider.providerId, provider.privateKeys);
    return provider;
  }

  async createWithLimit(provider: SamlProvider, limit: number): Promise<SamlProvider> {
    return createWithinLimit({
      entity: 'samlProvider',
      limit,
      lockOwner: () => requireAccount(this.ctx, provider.accountId, true),
      count: () => this.#count(provider.accountId),
      insert: () => this.#insert(provider),
    });
  }

  async update(arn: string, patch: SamlProviderPatch): Promise<SamlProvider | undefined> {
    const current = await this.#byArn(arn).executeTakeFirst();
    if (!current) return undefined;
    const changes: Updateable<SamlProvidersTable> = {};
    if (patch.metadataDocument !== undefined) changes.metadata_document = patch.metadataDocument;
    if (patch.validUntil !== undefined) changes.valid_until = patch.validUntil === null ? null : toIso(patch.validUntil);
    if (patch.assertionEncryptionMode !== undefined) changes.assertion_encryption_mode = patch.assertionEncryptionMode;
    if (Object.keys(changes).length > 0) {
      await this.ctx.db.updateTable('saml_providers').set(changes).where('provider_id', '=', current.provider_id).execute();
    }
    if (patch.privateKeys !== undefined) {
      await this.ctx.db.deleteFrom('saml_provider_keys').where('provider_id', '=', current.provider_id).execute();
      await this.#putKeys(current.provider_id, patch.privateKeys);
    }
    return this.#withKeys({ ...current, ...changes });
  }

  async delete(arn: string): Promise<boolean> {
    const row = await this.#byArn(arn).executeTakeFirst();
    if (!row) return false;
    await this.ctx.db.deleteFrom('tags').where('resource_type', '=', 'saml-provider').where('resource_key', '=', row.provider_id).execute();
    await this.ctx.db.deleteFrom('saml_providers').where('provider_id', '=', row.provider_id).execute();
    return true;
  }

  async listAll(accountId: string): Promise<SamlProvider[]> {
    const rows = await this.ctx.db.selectFrom('saml_providers').selectAll().where('account_id', '=', accountId).orderBy('arn').execute();
    const keys = await this.#keysOf(rows.map((r) => r.provider_id));
    return rows.map((row) => toProvider(row, keys.get(row.provider_id) ?? []));
  }

  async #count(accountId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('saml_providers')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }
}
