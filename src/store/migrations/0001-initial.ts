// The first server milestone: settings, accounts, users, access keys, inline user policies, tags.
import { sql } from 'kysely';
import type { Migration } from './migration.js';

export const initial: Migration = {
  version: 1,
  name: 'initial',
  async up(db, t) {
    await db.schema
      .createTable('meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_lower', t.sortableText, (c) => c.notNull())
      .addColumn('path', t.sortableText, (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('create_date', 'text', (c) => c.notNull())
      .addColumn('password_last_used', 'text')
      .addColumn('permissions_boundary_arn', 'text')
      // Also the index for lookups by name and for listing in name order.
      .addUniqueConstraint('users_account_name_key', ['account_id', 'name_lower'])
      .execute();

    await db.schema
      .createTable('access_keys')
      .addColumn('access_key_id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      // null: a key of the account's root user.
      .addColumn('user_id', 'text', (c) => c.references('users.user_id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('secret_ciphertext', t.binary, (c) => c.notNull())
      .addColumn('create_date', 'text', (c) => c.notNull())
      .addColumn('last_used_date', 'text')
      .addColumn('last_used_service', 'text')
      .addColumn('last_used_region', 'text')
      .addCheckConstraint('access_keys_status_check', sql`status in ('Active', 'Inactive')`)
      .execute();
    await db.schema.createIndex('access_keys_owner_idx').on('access_keys').columns(['account_id', 'user_id']).execute();
    // Every foreign key gets an index, so a cascading delete does not scan.
    await db.schema.createIndex('access_keys_user_idx').on('access_keys').column('user_id').execute();

    await db.schema
      .createTable('user_policies')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id').onDelete('cascade'))
      .addColumn('policy_name', 'text', (c) => c.notNull())
      .addColumn('policy_name_lower', t.sortableText, (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_policies_pkey', ['user_id', 'policy_name_lower'])
      .execute();

    await db.schema
      .createTable('tags')
      .addColumn('resource_type', 'text', (c) => c.notNull())
      .addColumn('resource_key', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('key_norm', t.sortableText, (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('tags_pkey', ['resource_type', 'resource_key', 'key_norm'])
      .execute();
  },
};
