// Tags on IAM entities: AWS's limits and rules (at most 50, keys unique, aws: reserved), the
// condition keys a tagging request carries (aws:RequestTag/*, aws:TagKeys) and a resource's tags
// carry (aws:ResourceTag/*), and the Tag<Entity>, Untag<Entity>, List<Entity>Tags operations
// every taggable entity has (tagOperations).

import type { ContextValue } from '../policy/context.js';
import type { StoreTx } from '../store/port.js';
import type { Tag, TagOwner } from '../store/types.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller, type Operation, type Target } from './operation.js';
import { pageOrInvalidMarker, pageOutput, paging, type PagingInput } from './paging.js';

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

/**
 * Throws AWS's LimitExceeded when adding `added` to a resource's `existing` tags would leave it
 * with more than MAX_TAGS keys (a key it already has is replaced, not added; `ignoreCase` for the
 * resource types whose keys ignore case, see TAG_KEYS_IGNORE_CASE).
 */
export function checkMergedTagCount(existing: ReadonlyArray<{ readonly key: string }>, added: readonly TagInput[], ignoreCase: boolean): void {
  const norm = (k: string) => (ignoreCase ? k.toLowerCase() : k);
  const keys = new Set(existing.map((t) => norm(t.key)));
  for (const t of added) keys.add(norm(t.Key));
  if (keys.size > MAX_TAGS) throw tagLimit();
}

/**
 * A resource's tags as aws:ResourceTag/<key>, and as iam:ResourceTag/<key> too for the resource
 * types the IAM service authorization reference lists that key for (users and roles,
 * access_iam-tags.html): every caller says which its resource type is.
 */
export function resourceTagContext(
  tags: ReadonlyArray<{ readonly key: string; readonly value: string }>,
  keys: { readonly iamResourceTag: boolean },
): Array<readonly [string, ContextValue]> {
  return tags.flatMap((t) =>
    keys.iamResourceTag ? [[`aws:ResourceTag/${t.key}`, t.value] as const, [`iam:ResourceTag/${t.key}`, t.value] as const] : [[`aws:ResourceTag/${t.key}`, t.value] as const],
  );
}

/** Joins a target with more request keys (e.g. the tags a Tag<Entity> call adds). */
export function withContext(target: Target, more: Target['context']): Target {
  return { resource: target.resource, context: [...(target.context ?? []), ...(more ?? [])] };
}

/** Stored tags as the API's Tag structure. */
export function tagShape(tags: readonly Tag[]): TagInput[] {
  return tags.map((t) => ({ Key: t.key, Value: t.value }));
}

/** How one taggable entity is named, found, authorized on and keyed in the tag store. */
export interface TaggedEntity<E, N extends string> {
  /** The name in the operations: 'User' gives TagUser, UntagUser, ListUserTags. */
  readonly entity: string;
  /** The input member naming the entity, e.g. 'UserName' or 'SAMLProviderArn'. */
  readonly nameMember: N;
  /** The entity the call names; throws AWS's error (NoSuchEntity, ...) when there is none. */
  readonly find: (tx: StoreTx, caller: Caller, name: string) => Promise<E>;
  /** What a call on the entity is authorized on (its ARN and aws:ResourceTag/* keys). */
  readonly target: (tx: StoreTx, caller: Caller, name: string) => Promise<Target>;
  readonly owner: (entity: E) => TagOwner;
  /** Whether `Env` and `env` are one key for the 50-tag limit (TAG_KEYS_IGNORE_CASE). */
  readonly keysIgnoreCase: boolean;
  /** A name that stands for an entity that exists but carries no tags (ListTags answers none). */
  readonly untagged?: (name: string) => boolean;
}

/** Tag<Entity>, Untag<Entity> and List<Entity>Tags for one entity, in that order. */
export function tagOperations<E, N extends string>(spec: TaggedEntity<E, N>): [Operation, Operation, Operation] {
  type Named = Record<N, string>;
  const { entity, nameMember, find, target, owner, keysIgnoreCase, untagged } = spec;
  const tag = defineOperation<Named & { Tags: TagInput[] }, Record<string, unknown>>({
    name: `Tag${entity}`,
    action: `iam:Tag${entity}`,
    writes: true,
    target: async ({ input, caller, tx }) => withContext(await target(tx, caller, input[nameMember]), requestTagContext(input.Tags)),
    async handle({ input, caller, tx }) {
      const found = await find(tx, caller, input[nameMember]);
      const tags = checkTags(input.Tags);
      checkMergedTagCount(await tx.tags.listAll(owner(found)), tags, keysIgnoreCase);
      await tx.tags.put(owner(found), tags.map((t) => ({ key: t.Key, value: t.Value })));
      return undefined;
    },
  });
  const untag = defineOperation<Named & { TagKeys: string[] }, Record<string, unknown>>({
    name: `Untag${entity}`,
    action: `iam:Untag${entity}`,
    writes: true,
    target: async ({ input, caller, tx }) => withContext(await target(tx, caller, input[nameMember]), tagKeysContext(input.TagKeys)),
    async handle({ input, caller, tx }) {
      await tx.tags.remove(owner(await find(tx, caller, input[nameMember])), input.TagKeys);
      return undefined;
    },
  });
  const list = defineOperation<Named & PagingInput, Record<string, unknown>>({
    name: `List${entity}Tags`,
    action: `iam:List${entity}Tags`,
    writes: false,
    target: ({ input, caller, tx }) => target(tx, caller, input[nameMember]),
    async handle({ input, caller, tx }) {
      if (untagged?.(input[nameMember])) return { Tags: [], IsTruncated: false };
      const found = await find(tx, caller, input[nameMember]);
      const page = await pageOrInvalidMarker(() => tx.tags.list(owner(found), paging(input)));
      return pageOutput('Tags', page, (t) => ({ Key: t.key, Value: t.value }));
    },
  });
  return [tag, untag, list];
}
