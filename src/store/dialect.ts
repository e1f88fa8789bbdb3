// The smallest interface a database must offer the store (compare Kysely's DialectAdapter): a
// query builder, what it can do as capability flags, how to open and end a transaction, how to
// recognise its errors, and the column types the schema needs. sqlite.ts and postgres.ts
// implement it; they are the only files that know a driver.
import type { ColumnDataType, Expression, Kysely } from 'kysely';
import type { StoreCapabilities } from './port.js';
import type { Database } from './schema.js';

export type TxMode = 'read' | 'write';

/** A column type as the schema builder takes it (Kysely does not export its own name for this). */
export type DataTypeExpression = ColumnDataType | Expression<unknown>;

/** Column types that differ between databases; migrations build every table from these. */
export interface ColumnTypes {
  /** Bytes (blob / bytea). */
  readonly binary: DataTypeExpression;
  /**
   * Text that compares and sorts byte-wise whatever the database's locale: the `*_lower` name
   * columns and paths, so that listing order and markers agree on every database.
   */
  readonly sortableText: DataTypeExpression;
}

export interface SqlDialect {
  /** The query builder over the whole database; transactions take one connection from it. */
  readonly db: Kysely<Database>;
  readonly capabilities: StoreCapabilities;
  readonly columnTypes: ColumnTypes;
  /**
   * Opens a transaction on conn. 'write' must either take the database's write lock at once
   * (capabilities.serializedWrites) or run where row locks work (capabilities.rowLocks); 'read'
   * must see one snapshot and refuse writes.
   */
  begin(conn: Kysely<Database>, mode: TxMode): Promise<void>;
  /** Commits or rolls back what begin opened, and undoes any connection state begin set. */
  end(conn: Kysely<Database>, mode: TxMode, outcome: 'commit' | 'rollback'): Promise<void>;
  /**
   * Runs first in the migration transaction: takes whatever lock keeps several processes from
   * migrating at once, and creates the namespace the tables go into when there is one.
   */
  beforeMigrate(conn: Kysely<Database>): Promise<void>;
  /** The error is the driver's unique or primary-key violation. */
  isUniqueViolation(error: unknown): boolean;
  /** The database aborted the transaction to break a deadlock or a serialization conflict: run it again. */
  isRetryable(error: unknown): boolean;
  /**
   * A value that changes when another connection or process commits to the database, read
   * without a round trip (SQLite's PRAGMA data_version); absent where that costs a round trip.
   * It may lag another process's commit by EXTERNAL_VERSION_LAG_MS (IAM is eventually
   * consistent on AWS too); this process's own commits are counted by the store itself.
   */
  readonly externalVersion?: () => number;
  /** Releases the connections. */
  destroy(): Promise<void>;
}

/**
 * How long a read of another process's commit counter stands (see externalVersion). SQLite's
 * PRAGMA data_version takes a shared-memory lock and costs ~10 µs, several times a whole cached
 * request; read at most once a millisecond it costs nothing per request.
 */
export const EXTERNAL_VERSION_LAG_MS = 1;
