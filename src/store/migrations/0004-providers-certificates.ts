// The tables of signing and server certificates, OpenID Connect and SAML identity providers.
import { sql } from 'kysely';
import type { Migration } from './migration.js';

export const providersCertificates: Migration = {
  version: 4,
  name: 'providers-certificates',
  async up(db, t) {
    await db.schema
      .createTable('signing_certificates')
      .addColumn('certificate_id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      // null: a certificate of the account's root user.
      .addColumn('user_id', 'text', (c) => c.references('users.user_id').onDelete('cascade'))
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('upload_date', 'text', (c) => c.notNull())
      .addUniqueConstraint('signing_certificates_account_fingerprint_key', ['account_id', 'fingerprint'])
      .addCheckConstraint('signing_certificates_status_check', sql`status in ('Active', 'Inactive')`)
      .execute();
    await db.schema.createIndex('signing_certificates_owner_idx').on('signing_certificates').columns(['account_id', 'user_id']).execute();
    await db.schema.createIndex('signing_certificates_user_idx').on('signing_certificates').column('user_id').execute();

    await db.schema
      .createTable('server_certificates')
      .addColumn('server_certificate_id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_lower', t.sortableText, (c) => c.notNull())
      .addColumn('path', t.sortableText, (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('chain', 'text')
      .addColumn('private_key_ciphertext', t.binary, (c) => c.notNull())
      .addColumn('upload_date', 'text', (c) => c.notNull())
      .addColumn('expiration', 'text', (c) => c.notNull())
      .addUniqueConstraint('server_certificates_account_name_key', ['account_id', 'name_lower'])
      .execute();

    await db.schema
      .createTable('oidc_providers')
      .addColumn('provider_id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('arn', t.sortableText, (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('client_ids', 'text', (c) => c.notNull())
      .addColumn('thumbprints', 'text', (c) => c.notNull())
      .addColumn('create_date', 'text', (c) => c.notNull())
      .addUniqueConstraint('oidc_providers_arn_key', ['arn'])
      .execute();
    await db.schema.createIndex('oidc_providers_account_idx').on('oidc_providers').column('account_id').execute();

    await db.schema
      .createTable('saml_providers')
      .addColumn('provider_id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_lower', t.sortableText, (c) => c.notNull())
      .addColumn('arn', t.sortableText, (c) => c.notNull())
      .addColumn('metadata_document', 'text', (c) => c.notNull())
      .addColumn('valid_until', 'text')
      .addColumn('create_date', 'text', (c) => c.notNull())
      .addColumn('assertion_encryption_mode', 'text')
      .addUniqueConstraint('saml_providers_account_name_key', ['account_id', 'name_lower'])
      .addUniqueConstraint('saml_providers_arn_key', ['arn'])
      .execute();

    await db.schema
      .createTable('saml_provider_keys')
      .addColumn('provider_id', 'text', (c) => c.notNull().references('saml_providers.provider_id').onDelete('cascade'))
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('private_key_ciphertext', t.binary, (c) => c.notNull())
      .addColumn('create_date', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('saml_provider_keys_pkey', ['provider_id', 'key_id'])
      .execute();
  },
};
