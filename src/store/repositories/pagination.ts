// Keyset pagination as IAM's List* operations page: items ordered by a sort key (a name's
// case-folded form), the marker being the last key returned, encoded so callers treat it as
// opaque. A marker therefore stays valid while items are added or removed between pages.
import type { Page } from '../port.js';

export const DEFAULT_MAX_ITEMS = 100;

export function encodeMarker(sortKey: string): string {
  return Buffer.from(sortKey, 'utf8').toString('base64url');
}

export function decodeMarker(marker: string): string {
  return Buffer.from(marker, 'base64url').toString('utf8');
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
