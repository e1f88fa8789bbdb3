// One transaction on one connection, as every dialect runs it: begin, run, commit; on any
// error roll back and rethrow the original error. Kysely's own transaction() cannot open
// SQLite's BEGIN IMMEDIATE, so the statements come from the dialect instead.
import type { Kysely } from 'kysely';
import type { SqlDialect, TxMode } from './dialect.js';
import type { Database } from './schema.js';

export async function inTransaction<T>(
  dialect: SqlDialect,
  mode: TxMode,
  fn: (conn: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return dialect.db.connection().execute(async (conn) => {
    let result: T;
    try {
      await dialect.begin(conn, mode);
      result = await fn(conn);
      await dialect.end(conn, mode, 'commit');
    } catch (error) {
      // Also after a failed BEGIN (undoing connection state it set) or COMMIT (which leaves some
      // databases' transaction open); a ROLLBACK with nothing open fails harmlessly. Either way
      // the caller hears the original error.
      await dialect.end(conn, mode, 'rollback').catch(() => undefined);
      throw error;
    }
    return result;
  });
}
