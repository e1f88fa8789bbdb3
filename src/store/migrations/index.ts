// The migrations, in order, and the runner that brings a database up to date. The runner is
// one transaction: it takes the dialect's migration lock (SQLite: the write lock BEGIN
// IMMEDIATE takes; PostgreSQL: an advisory lock), so several processes starting at once apply
// each migration exactly once, and a failed migration leaves the schema as it was.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialect.js';
import { inTransaction } from '../transaction.js';
import { initial } from './0001-initial.js';
import { groupsRolesPolicies } from './0002-groups-roles-policies.js';
import { userCredentials } from './0003-user-credentials.js';
import { providersCertificates } from './0004-providers-certificates.js';
import { accountSettings } from './0005-account-settings.js';
import { mfaDevices } from './0006-mfa-devices.js';
import { organizations } from './0007-organizations.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [
  initial,
  groupsRolesPolicies,
  userCredentials,
  providersCertificates,
  accountSettings,
  mfaDevices,
  organizations,
];

/** Applies the pending migrations; returns the versions it applied. */
export async function migrate(dialect: SqlDialect, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new TypeError(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  return inTransaction(dialect, 'write', async (conn) => {
    await dialect.beforeMigrate(conn);
    await conn.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .execute();
    const rows = await conn.selectFrom('schema_migrations').select('version').execute();
    const done = new Set(rows.map((row) => Number(row.version)));
    const newest = Math.max(0, ...done);
    if (newest > migrations.length) {
      throw new Error(`the database schema is at version ${newest}, newer than this Tessera knows (${migrations.length}); upgrade Tessera`);
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await migration.up(conn as Kysely<unknown>, dialect.columnTypes);
      await conn
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() })
        .execute();
      applied.push(migration.version);
    }
    return applied;
  });
}
