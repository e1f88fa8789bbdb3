// Keyset pagination as IAM's List* operations page: items ordered by a sort key (a name's
// case-folded form), the marker being the last key returned, encoded so callers treat it as
// opaque. A marker therefore stays valid while items are added or removed between pages. Where
// the sort key alone is not unique (an attached policy's name), the marker carries a tuple of
// keys and the query compares row values.
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import { StoreInvalidMarker } from '../errors.js';
import type { Page } from '../port.js';

export const DEFAULT_MAX_ITEMS = 100;

export function encodeMarker(sortKey: string): string {
  return Buffer.from(sortKey, 'utf8').toString('base64url');
}

/** @throws StoreInvalidMarker when the marker is not one encodeMarker made. */
export function decodeMarker(marker: string): string {
  const sortKey = Buffer.from(marker, 'base64url').toString('utf8');
  if (encodeMarker(sortKey) !== marker) throw new StoreInvalidMarker(marker);
  return sortKey;
}

export function encodeKeysMarker(keys: readonly string[]): string {
  return encodeMarker(JSON.stringify(keys));
}

/** @throws StoreInvalidMarker when the marker is not one encodeKeysMarker made of `arity` keys. */
export function decodeKeysMarker(marker: string, arity: number): string[] {
  let keys: unknown;
  try {
    keys = JSON.parse(decodeMarker(marker));
  } catch {
    throw new StoreInvalidMarker(marker);
  }
  if (!Array.isArray(keys) || keys.length !== arity || !keys.every((k): k is string => typeof k === 'string')) throw new StoreInvalidMarker(marker);
  return keys;
}

/** `(col1, col2, ...) > (key1, key2, ...)`: a row value comparison (SQLite and PostgreSQL). */
export function afterKeys(columns: readonly string[], keys: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(columns.map((c) => sql.ref(c)))}) > (${sql.join(keys)})`;
}

export function checkMaxItems(maxItems: number | undefined): number {
  const n = maxItems ?? DEFAULT_MAX_ITEMS;
  if (!Number.isInteger(n) || n < 1) throw new TypeError(`maxItems must be a positive integer, got ${n}`);
  return n;
}

/** Turns maxItems + 1 fetched rows into a page: the extra row only says there is more. */
export function toPage<Row, T>(rows: Row[], maxItems: number, sortKey: (row: Row) => string, map: (row: Row) => T): Page<T> {
  if (rows.length <= maxItems) return { items: rows.map(map), isTruncated: false };
  const kept = rows.slice(0, maxItems);
  return { items: kept.map(map), isTruncated: true, marker: encodeMarker(sortKey(kept[kept.length - 1]!)) };
}

/** As toPage, for a sort key of several columns. */
export function toPageByKeys<Row, T>(rows: Row[], maxItems: number, sortKeys: (row: Row) => string[], map: (row: Row) => T): Page<T> {
  return toPage(rows, maxItems, (row) => JSON.stringify(sortKeys(row)), map);
}
