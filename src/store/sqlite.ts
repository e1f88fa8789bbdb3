// SQLite through better-sqlite3: the embedded default, one file in the data directory (or
// memory, for --in-memory). One connection serves the process (Kysely queues its users), and
// write transactions open with BEGIN IMMEDIATE, taking the database's write lock at once: writes
// are serialized, also against other processes on the same file, so no row locks are needed.
// Durability: WAL journal with synchronous=FULL, so a commit that returned survives power loss.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { EXTERNAL_VERSION_LAG_MS, type SqlDialect } from './dialect.js';
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
  // statement itself when the schema changes. Inside read() a statement that would change the
  // database is refused here, before it runs (one flag test instead of toggling PRAGMA
  // query_only around every read): one connection serves the process, so the flag is exact.
  const prepare = database.prepare.bind(database);
  const statements = new Map<string, ReturnType<typeof prepare>>();
  let readOnly = false;
  // A read transaction begins at its first statement: one answered wholly from the store's read
  // cache (sql-store.ts) then costs SQLite nothing, and its snapshot is as consistent as ever.
  let beginPending = false;
  database.prepare = ((text: string) => {
    let stmt = statements.get(text);
    if (!stmt) {
      if (statements.size >= 500) statements.clear();
      stmt = prepare(text);
      statements.set(text, stmt);
    }
    if (readOnly && !stmt.readonly) throw new TypeError('read() refuses to write: use write() for a change');
    if (beginPending) {
      beginPending = false;
      control.beginRead.run();
    }
    return stmt;
  }) as typeof database.prepare;
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  // Transaction control and the change counter run on the connection directly: they are fixed
  // statements, and Kysely's query pipeline would cost more than SQLite takes to run them.
  const control = {
    beginRead: prepare('begin'),
    beginWrite: prepare('begin immediate'),
    commit: prepare('commit'),
    rollback: prepare('rollback'),
    dataVersion: prepare('pragma data_version').pluck(),
  };
  let version = 0;
  let versionReadAt = -Infinity;

  return {
    db,
    capabilities: { serializedWrites: true, rowLocks: false, durable: !memory, multiNode: false },
    columnTypes: { binary: 'blob', sortableText: 'text' }, // SQLite compares text byte-wise (BINARY)
    // The caller holds Kysely's connection (its mutex), so nothing else runs on it meanwhile.
    async begin(_conn, mode) {
      if (mode === 'write') {
        control.beginWrite.run();
      } else {
        beginPending = true;
        readOnly = true;
      }
    },
    async end(_conn, _mode, outcome) {
      readOnly = false;
      beginPending = false;
      if (!database.inTransaction) return;
      if (outcome === 'commit') control.commit.run();
      else control.rollback.run();
    },
    externalVersion: () => {
      const now = performance.now();
      if (now - versionReadAt >= EXTERNAL_VERSION_LAG_MS) {
        version = control.dataVersion.get() as number;
        versionReadAt = now;
      }
      return version;
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
