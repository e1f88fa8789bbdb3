// IAM's list paging (Marker, MaxItems, IsTruncated), shared by every List* operation.

import { IamError } from './errors.js';

export interface PagingInput {
  Marker?: string;
  MaxItems?: number;
}

export interface PageLike<T> {
  items: T[];
  isTruncated: boolean;
  marker?: string;
}

/** The store's page request for an IAM paging input (MaxItems defaults to 100, as AWS). */
export function paging(input: PagingInput): { marker?: string; maxItems: number } {
  return { ...(input.Marker !== undefined ? { marker: input.Marker } : {}), maxItems: input.MaxItems ?? 100 };
}

/** `{ <key>: items, IsTruncated, Marker? }` as IAM's List* responses have it. */
export function pageOutput<T>(key: string, page: PageLike<T>, shape: (t: T) => unknown): Record<string, unknown> {
  return { [key]: page.items.map(shape), IsTruncated: page.isTruncated, ...(page.marker !== undefined ? { Marker: page.marker } : {}) };
}

/** A marker the store cannot read is the caller's mistake, worded as IAM words it. */
export async function pageOrInvalidMarker<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Error && e.name === 'StoreInvalidMarker') throw new IamError('InvalidInput', 'Invalid Marker.');
    throw e;
  }
}
