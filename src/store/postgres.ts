// PostgreSQL through pg's Pool: for several server processes or nodes sharing one database.
// Write transactions run at READ COMMITTED and queue on the owner's row lock (FOR NO KEY UPDATE)
// where a quota needs it; reads run REPEATABLE READ READ ONLY for one snapshot. Migrations hold
// a transaction-scoped advisory lock, so nodes starting together migrate once.
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { SqlDialect } from './dialect.js';
import type { Database } from './schema.js';

export interface PostgresOptions {
  /** postgres://user:password@host:port/database */
  readonly url: string;
  /**
   * The schema the tables live in (created when missing); default: the connection's
   * search_path (normally "public").
   */
  readonly schema?: string;
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const UNIQUE_VIOLATION = '23505';
const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';

function pgCode(error: unknown): string | undefined {
  return error instanceof pg.DatabaseError ? error.code : undefined;
}

function checkSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`invalid PostgreSQL schema name ${JSON.stringify(schema)}: use [a-z_][a-z0-9_]*`);
  return schema;
}

export function postgresDialect(options: PostgresOptions): SqlDialect {
  const schema = options.schema === undefined ? undefined : checkSchema(options.schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    ...(schema !== undefined && { options: `-c search_path=${schema}` }),
  });
  // An idle connection that breaks (server restart) is dropped from the pool; without a
  // listener its error would end the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

  return {
    db,
    capabilities: { serializedWrites: false, rowLocks: true, durable: true, multiNode: true },
    columnTypes: { binary: 'bytea', sortableText: sql`text collate "C"` },
    async begin(conn, mode) {
      // Said explicitly, so a server default (default_transaction_isolation) cannot change it.
      await (mode === 'write' ? sql`begin isolation level read committed` : sql`begin isolation level repeatable read read only`).execute(conn);
    },
    async end(conn, _mode, outcome) {
      await (outcome === 'commit' ? sql`commit` : sql`rollback`).execute(conn);
    },
    async beforeMigrate(conn) {
      await sql`select pg_advisory_xact_lock(hashtext(${`tessera.migrate:${schema ?? ''}`}))`.execute(conn);
      if (schema === undefined) return;
      const found = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(conn);
      if (found.rows.length === 0) await sql`create schema ${sql.id(schema)}`.execute(conn);
    },
    isUniqueViolation: (error) => pgCode(error) === UNIQUE_VIOLATION,
    isRetryable: (error) => {
      const code = pgCode(error);
      return code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED;
    },
    destroy: () => db.destroy(),
  };
}

/** Drops a schema and everything in it: for test runs that made one of their own. */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${checkSchema(schema)}" cascade`);
  } finally {
    await client.end();
  }
}
