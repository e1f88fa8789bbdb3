// What a migration is: a numbered, named step that builds on the schema before it. Migrations
// are append-only: a released one never changes; a later one alters what it must.
import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialect.js';

export interface Migration {
  /** 1, 2, 3, ... in the order they apply; matches the file name's number. */
  readonly version: number;
  readonly name: string;
  /** Runs inside the migration transaction, on either database; dialect-specific types come from `types`. */
  up(db: Kysely<unknown>, types: ColumnTypes): Promise<void>;
}
