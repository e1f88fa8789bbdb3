// What a repository works with inside one transaction, and the small conversions every
// repository shares (times, bytes, case-folded names, row locks).
import type { CompiledQuery, Kysely, RawBuilder } from 'kysely';
import { CompiledQuery as Compiled, sql } from 'kysely';
import { StoreNotFound } from '../errors.js';
import type { Database } from '../schema.js';

export interface TxContext {
  /** The transaction's connection; throws once the transaction has ended. */
  readonly db: Kysely<Database>;
  /** Row locks exist (capabilities.rowLocks). */
  readonly rowLocks: boolean;
  readonly isUniqueViolation: (error: unknown) => boolean;
  /** SQL text of the fixed-shape queries, by name, compiled once per store (see fixedQuery). */
  readonly compiled: Map<string, string>;
}

/**
 * Runs a query whose SQL text never depends on its values (no IN lists, no optional filters),
 * building and compiling it only the first time for this store: on the hot path (authentication,
 * GetUser) the query builder costs more than the database does to answer. `params` are the
 * query's values in the order the compiled query binds them; the first compile checks that.
 */
export async function fixedQuery<R>(ctx: TxContext, name: string, params: readonly unknown[], build: () => { compile(): CompiledQuery<R> }): Promise<R[]> {
  let text = ctx.compiled.get(name);
  if (text === undefined) {
    const compiled = build().compile();
    if (compiled.parameters.length !== params.length || compiled.parameters.some((p, i) => p !== params[i])) {
      throw new TypeError(`fixedQuery ${name}: its parameters are not the ones given, in that order`);
    }
    text = compiled.sql;
    ctx.compiled.set(name, text);
  }
  const result = await ctx.db.executeQuery<R>(Compiled.raw(text, [...params]));
  return result.rows;
}

/** The case-folded form IAM compares names by. IAM names are ASCII, so no locale is involved. */
export function fold(name: string): string {
  return name.toLowerCase();
}

export function toIso(date: Date): string {
  return date.toISOString();
}

export function fromIso(text: string): Date {
  return new Date(text);
}

/** Both drivers bind a Buffer as blob/bytea; a plain Uint8Array is wrapped without copying. */
export function toBlob(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A plain Uint8Array copy, so callers never hold a driver's buffer. */
export function fromBlob(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/** A count(*) comes back as number (SQLite) or as a bigint's text (PostgreSQL). */
export function toCount(value: string | number | bigint): number {
  return Number(value);
}

/**
 * Marks a SELECT as taking a row lock until the transaction ends where the database has row
 * locks; where it has none, write transactions are already serialized and the plain SELECT is
 * enough. FOR NO KEY UPDATE rather than FOR UPDATE: it still queues writers of the same owner,
 * but does not block inserts of rows that merely reference the owner by foreign key.
 */
export function locking<Q extends { forNoKeyUpdate(): Q }>(ctx: TxContext, query: Q): Q {
  return ctx.rowLocks ? query.forNoKeyUpdate() : query;
}

/**
 * The path prefix test of the List* operations, case-sensitive on both databases (LIKE ignores
 * case in SQLite); undefined when the prefix admits every path.
 */
export function pathPrefixFilter(column: string, prefix: string | undefined): RawBuilder<boolean> | undefined {
  if (prefix === undefined || prefix === '/' || prefix === '') return undefined;
  return sql<boolean>`substr(${sql.ref(column)}, 1, ${prefix.length}) = ${prefix}`;
}

/** Checks that the account exists; `lock` takes the account's owner lock of the quota pattern. */
export async function requireAccount(ctx: TxContext, accountId: string, lock = false): Promise<void> {
  const query = ctx.db.selectFrom('accounts').select('id').where('id', '=', accountId);
  if (!(await (lock ? locking(ctx, query) : query).executeTakeFirst())) throw new StoreNotFound('account', accountId);
}
