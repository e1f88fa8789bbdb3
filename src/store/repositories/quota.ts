// The quota pattern, for every "at most N per owner" rule: inside one write transaction, lock
// the owner, count what it has, insert only below the limit. The owner lock (a row lock, or
// the serialized write transaction where there are no row locks) makes concurrent creates for
// the same owner take turns, so the count each sees is exact.
import { StoreLimitExceeded } from '../errors.js';

export interface QuotaStep<Owner, T> {
  /** The entity being counted, for the error. */
  readonly entity: string;
  readonly limit: number;
  /** Finds and locks the owner (see locking()); throws StoreNotFound when there is none. */
  lockOwner(): Promise<Owner>;
  count(owner: Owner): Promise<number>;
  insert(owner: Owner): Promise<T>;
}

export async function createWithinLimit<Owner, T>(step: QuotaStep<Owner, T>): Promise<T> {
  const owner = await step.lockOwner();
  if ((await step.count(owner)) >= step.limit) throw new StoreLimitExceeded(step.entity, step.limit);
  return step.insert(owner);
}
