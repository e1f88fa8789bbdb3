// The tables of SSH public keys and service-specific credentials of IAM users. (Signing
// certificates, planned here at first, live in 0004 with the other certificates.)
import { sql } from 'kysely';
import type { Migration } from './migration.js';

export const userCredentials: Migration = {
  version: 3,
  name: 'user-credentials',
  async up(db, t) {
    await db.schema
      .createTable('ssh_public_keys')
      .addColumn('ssh_public_key_id', t.sortableText, (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id').onDelete('cascade'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('upload_date', t.sortableText, (c) => c.notNull())
      // A user holds a key once (DuplicateSSHPublicKey); also the index on user_id.
      .addUniqueConstraint('ssh_public_keys_user_fingerprint_key', ['user_id', 'fingerprint'])
      .addCheckConstraint('ssh_public_keys_status_check', sql`status in ('Active', 'Inactive')`)
      .execute();

    await db.schema
      .createTable('service_credentials')
      .addColumn('credential_id', t.sortableText, (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id').onDelete('cascade'))
      .addColumn('service_name', 'text', (c) => c.notNull())
      .addColumn('service_user_name', 'text', (c) => c.notNull())
      .addColumn('service_credential_alias', 'text')
      .addColumn('secret_ciphertext', t.binary, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('create_date', t.sortableText, (c) => c.notNull())
      .addColumn('expiration_date', 'text')
      .addCheckConstraint('service_credentials_status_check', sql`status in ('Active', 'Inactive')`)
      .execute();
    // The per-user, per-service quota count and the user's listing; the cascade from users.
    await db.schema.createIndex('service_credentials_user_idx').on('service_credentials').columns(['user_id', 'service_name']).execute();
    // ListServiceSpecificCredentials with AllUsers.
    await db.schema.createIndex('service_credentials_account_idx').on('service_credentials').columns(['account_id', 'create_date']).execute();
  },
};
