// Installation settings as key/value text (e.g. the master-key check value).
import { sql } from 'kysely';
import type { MetaRepository } from '../port.js';
import type { TxContext } from './context.js';

export class SqlMetaRepository implements MetaRepository {
  constructor(private readonly ctx: TxContext) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.ctx.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.ctx.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql<string>`excluded.value` }))
      .execute();
  }

  async delete(key: string): Promise<boolean> {
    const result = await this.ctx.db.deleteFrom('meta').where('key', '=', key).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
