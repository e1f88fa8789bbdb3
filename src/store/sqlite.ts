// SQLite through better-sqlite3: the embedded default, one file in the data directory (or
// memory, for --in-memory). One connection serves the process (Kysely queues its users), and
// write transactions open with BEGIN IMMEDIATE, taking the database's write lock at once: writes
// are serialized, also against other processes on the same file, so no row locks are needed.
// Durability: WAL journal with synchronous=FULL, so a commit that returned survives power loss.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { SqlDialect } from './dialect.js';
import type { Database } from './schema.js';

export interface SqliteOptions {
  /** The database file, or ':memory:' for a store that keeps nothing. */
  readonly file: string;
  /** How long a transaction waits for another process's write lock before failing (default 5 s). */
  readonly busyTimeoutMs?: number;
}

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

function sqliteCode(error: unknown): string | undefined {
  return error instanceof BetterSqlite3.SqliteError ? error.code : undefined;
}

export function sqliteDialect(options: SqliteOptions): SqlDialect {
  const memory = options.file === ':memory:';
  if (!memory) mkdirSync(dirname(options.file), { recursive: true });
  const database = new BetterSqlite3(options.file, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    if (!memory) database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  // Kysely prepares every query anew; SQLite's prepare costs more than most of our queries run.
  // Statements are cached by their SQL text (bounded), and better-sqlite3 re-prepares a cached
  // statement itself when the schema changes.
  const prepare = database.prepare.bind(database);
  const statements = new Map<string, ReturnType<typeof prepare>>();
  database.prepare = ((text: string) => {
    let stmt = statements.get(text);
    if (!stmt) {
      if (statements.size >= 500) statements.clear();
      stmt = prepare(text);
      statements.set(text, stmt);
    }
    return stmt;
  }) as typeof database.prepare;
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });

  return {
    db,
    capabilities: { serializedWrites: true, rowLocks: false, durable: !memory, multiNode: false },
    columnTypes: { binary: 'blob', sortableText: 'text' }, // SQLite compares text byte-wise (BINARY)
    async begin(conn, mode) {
      if (mode === 'write') {
        await sql`begin immediate`.execute(conn);
      } else {
        // query_only makes a stray write inside read() fail as it would on PostgreSQL.
        await sql`pragma query_only = 1`.execute(conn);
        await sql`begin`.execute(conn);
      }
    },
    async end(conn, mode, outcome) {
      try {
        await (outcome === 'commit' ? sql`commit` : sql`rollback`).execute(conn);
      } finally {
        if (mode === 'read') await sql`pragma query_only = 0`.execute(conn);
      }
    },
    async beforeMigrate() {
      // BEGIN IMMEDIATE already holds the file's write lock: no other process can migrate.
    },
    isUniqueViolation: (error) => UNIQUE_CODES.has(sqliteCode(error) ?? ''),
    // Writes take the lock up front, so SQLite never aborts one to break a deadlock.
    isRetryable: () => false,
    destroy: () => db.destroy(),
  };
}
