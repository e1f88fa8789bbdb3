// Tags on IAM entities: AWS's limits and rules (at most 50, keys unique, aws: reserved) and the
// condition keys a tagging request carries (aws:RequestTag/*, aws:TagKeys).

import type { ContextValue } from '../policy/context.js';
import { IamError } from './errors.js';

export interface TagInput {
  Key: string;
  Value: string;
}

export const MAX_TAGS = 50;

/** Rejects reserved keys and duplicates as AWS does; returns the tags to store. */
export function checkTags(tags: readonly TagInput[] | undefined): TagInput[] {
  const list = tags ?? [];
  const seen = new Set<string>();
  for (const t of list) {
    if (t.Key.toLowerCase().startsWith('aws:')) {
      throw new IamError('InvalidInput', 'User tag keys starting with "aws:" are reserved for AWS use.');
    }
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw new IamError('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
  if (list.length > MAX_TAGS) throw tagLimit();
  return [...list];
}

export function tagLimit(): IamError {
  return new IamError('LimitExceeded', `The number of tags has reached the maximum limit of ${MAX_TAGS}.`);
}

/** aws:RequestTag/<key> for each tag and aws:TagKeys for the set. */
export function requestTagContext(tags: readonly TagInput[] | undefined): Array<readonly [string, ContextValue]> {
  if (!tags || tags.length === 0) return [];
  return [...tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value] as const), ['aws:TagKeys', tags.map((t) => t.Key)] as const];
}

/** aws:TagKeys for an untag request. */
export function tagKeysContext(keys: readonly string[] | undefined): Array<readonly [string, ContextValue]> {
  return keys && keys.length > 0 ? [['aws:TagKeys', [...keys]]] : [];
}
