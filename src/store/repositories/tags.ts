// Tags of any taggable resource, keyed by (resource type, the resource's stable id, key as
// uniqueness sees it). Whether keys ignore case depends on the resource type (TAG_KEYS_IGNORE_CASE).
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Page, PageRequest, TagRepository } from '../port.js';
import type { TagsTable } from '../schema.js';
import { TAG_KEYS_IGNORE_CASE } from '../types.js';
import type { Tag, TagOwner, TagResourceType } from '../types.js';
import { fixedQuery, fold, toCount } from './context.js';
import type { TxContext } from './context.js';
import { checkMaxItems, decodeMarker, toPage } from './pagination.js';

function normalize(resourceType: TagResourceType, key: string): string {
  return TAG_KEYS_IGNORE_CASE[resourceType] ? fold(key) : key;
}

function toTag(row: Selectable<TagsTable>): Tag {
  return { resourceType: row.resource_type as TagResourceType, resourceKey: row.resource_key, key: row.key, value: row.value };
}

export class SqlTagRepository implements TagRepository {
  constructor(private readonly ctx: TxContext) {}

  #of(owner: TagOwner) {
    return this.ctx.db
      .selectFrom('tags')
      .selectAll()
      .where('resource_type', '=', owner.resourceType)
      .where('resource_key', '=', owner.resourceKey);
  }

  async list(owner: TagOwner, request: PageRequest = {}): Promise<Page<Tag>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.#of(owner);
    if (request.marker !== undefined) query = query.where('key_norm', '>', decodeMarker(request.marker));
    const rows = await query.orderBy('key_norm').limit(maxItems + 1).execute();
    return toPage(rows, maxItems, (row) => row.key_norm, toTag);
  }

  async listAll(owner: TagOwner): Promise<Tag[]> {
    const rows = await fixedQuery(this.ctx, 'tags.listAll', [owner.resourceType, owner.resourceKey], () => this.#of(owner).orderBy('key_norm'));
    return rows.map(toTag);
  }

  async count(owner: TagOwner): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('tags')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('resource_type', '=', owner.resourceType)
      .where('resource_key', '=', owner.resourceKey)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  async put(owner: TagOwner, tags: ReadonlyArray<{ readonly key: string; readonly value: string }>): Promise<void> {
    // One row per normalized key, the last one given winning: a single INSERT may not touch a
    // row twice.
    const rows = new Map<string, { key: string; value: string }>();
    for (const tag of tags) rows.set(normalize(owner.resourceType, tag.key), { key: tag.key, value: tag.value });
    if (rows.size === 0) return;
    await this.ctx.db
      .insertInto('tags')
      .values(
        [...rows].map(([keyNorm, tag]) => ({
          resource_type: owner.resourceType,
          resource_key: owner.resourceKey,
          key: tag.key,
          key_norm: keyNorm,
          value: tag.value,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['resource_type', 'resource_key', 'key_norm']).doUpdateSet({
          key: sql<string>`excluded.key`,
          value: sql<string>`excluded.value`,
        }),
      )
      .execute();
  }

  async remove(owner: TagOwner, keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const result = await this.ctx.db
      .deleteFrom('tags')
      .where('resource_type', '=', owner.resourceType)
      .where('resource_key', '=', owner.resourceKey)
      .where('key_norm', 'in', [...new Set(keys.map((key) => normalize(owner.resourceType, key)))])
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async removeAll(owner: TagOwner): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('tags')
      .where('resource_type', '=', owner.resourceType)
      .where('resource_key', '=', owner.resourceKey)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
