// The tables of account aliases and account-wide settings.
import type { Migration } from './migration.js';

export const accountSettings: Migration = {
  version: 5,
  name: 'account-settings',
  async up(db, t) {
    // An alias names one account and is unique across the installation (AWS: across the
    // partition); an account has at most one (a new one replaces it).
    await db.schema
      .createTable('account_aliases')
      .addColumn('alias', t.sortableText, (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().unique().references('accounts.id').onDelete('cascade'))
      .execute();

    // Account-wide settings as named text values (e.g. the STS global endpoint token version).
    await db.schema
      .createTable('account_settings')
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('account_settings_pkey', ['account_id', 'name'])
      .execute();
  },
};
