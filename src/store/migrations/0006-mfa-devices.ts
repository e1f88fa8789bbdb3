// The tables of MFA devices: virtual devices with their sealed seeds, their assignment to users,
// and the last time step each accepted (a TOTP code is accepted once).
import type { Migration } from './migration.js';

export const mfaDevices: Migration = {
  version: 6,
  name: 'mfa-devices',
  async up(db, t) {
    await db.schema
      .createTable('mfa_devices')
      // The device ARN: arn:aws:iam::ACCOUNT:mfa/PATH+NAME. Also the tags' resource key.
      .addColumn('serial_number', t.sortableText, (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_lower', t.sortableText, (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('seed_ciphertext', t.binary, (c) => c.notNull())
      .addColumn('create_date', 'text', (c) => c.notNull())
      // Set while assigned. IAM refuses DeleteUser while the user has a device; should a user row
      // go anyway, its device is left unassigned rather than deleted.
      .addColumn('user_id', 'text', (c) => c.references('users.user_id').onDelete('set null'))
      .addColumn('enable_date', 'text')
      // Time steps (30 s since the epoch) fit a 32-bit integer until the year 4010.
      .addColumn('last_step', 'integer')
      .addColumn('drift_steps', 'integer', (c) => c.notNull().defaultTo(0))
      // Names are unique per account, in any case; also the index of the name-ordered listing.
      .addUniqueConstraint('mfa_devices_account_name_key', ['account_id', 'name_lower'])
      .execute();
    // A user's devices (the per-user limit, ListMFADevices) and the foreign key's cascade.
    await db.schema.createIndex('mfa_devices_user_idx').on('mfa_devices').columns(['user_id', 'name_lower']).execute();
  },
};
