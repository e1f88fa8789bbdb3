// Helpers the store suites share: writes that race, and reading a paged listing to its end.
import assert from 'node:assert/strict';
import type { Page, Store, StoreTx } from './port.js';

/**
 * Runs `attempts` writes at once (round-robin over `stores`, several nodes when more than one),
 * each holding its transaction across a turn of the event loop; every outcome, in order.
 */
export function raceSettled<T>(stores: Store | readonly Store[], attempts: number, fn: (tx: StoreTx, i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const list = Array.isArray(stores) ? (stores as readonly Store[]) : [stores as Store];
  return Promise.allSettled(
    Array.from({ length: attempts }, (_, i) =>
      list[i % list.length]!.write(async (tx) => {
        const result = await fn(tx, i);
        await new Promise((resolve) => setImmediate(resolve));
        return result;
      }),
    ),
  );
}

/** raceSettled, sorted into the winners' results and the losers' errors. */
export async function raceWrites<T>(stores: Store | readonly Store[], attempts: number, fn: (tx: StoreTx, i: number) => Promise<T>): Promise<{ won: T[]; lost: unknown[] }> {
  const results = await raceSettled(stores, attempts, fn);
  return {
    won: results.filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === 'fulfilled').map((r) => r.value),
    lost: results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown),
  };
}

/** Every item of a paged listing, pages of `maxItems`; checks the marker/isTruncated agreement. */
export async function pageAll<T>(maxItems: number, list: (request: { maxItems: number; marker?: string }) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let marker: string | undefined;
  do {
    const page = await list({ maxItems, ...(marker !== undefined && { marker }) });
    assert.ok(page.items.length <= maxItems);
    assert.equal(page.marker !== undefined, page.isTruncated);
    items.push(...page.items);
    marker = page.marker;
  } while (marker !== undefined);
  return items;
}
