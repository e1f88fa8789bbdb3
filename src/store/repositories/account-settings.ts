// Account aliases (one per account, unique across accounts) and account-wide settings.
import { sql } from 'kysely';
import { StoreConflict } from '../errors.js';
import type { AccountAliasRepository, AccountSettingRepository } from '../port.js';
import { requireAccount } from './context.js';
import type { TxContext } from './context.js';

export class SqlAccountAliasRepository implements AccountAliasRepository {
  constructor(private readonly ctx: TxContext) {}

  async get(accountId: string): Promise<string | undefined> {
    const row = await this.ctx.db.selectFrom('account_aliases').select('alias').where('account_id', '=', accountId).executeTakeFirst();
    return row?.alias;
  }

  async set(accountId: string, alias: string): Promise<void> {
    // The account's lock orders concurrent replacements of one account's alias.
    await requireAccount(this.ctx, accountId, true);
    const owner = await this.ctx.db.selectFrom('account_aliases').select('account_id').where('alias', '=', alias).executeTakeFirst();
    if (owner) {
      if (owner.account_id === accountId) return;
      throw new StoreConflict('accountAlias', alias);
    }
    await this.ctx.db.deleteFrom('account_aliases').where('account_id', '=', accountId).execute();
    // Two accounts racing for one free alias: the primary key lets exactly one insert through.
    const result = await this.ctx.db
      .insertInto('account_aliases')
      .values({ alias, account_id: accountId })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('accountAlias', alias);
  }

  async delete(accountId: string, alias: string): Promise<boolean> {
    const result = await this.ctx.db.deleteFrom('account_aliases').where('account_id', '=', accountId).where('alias', '=', alias).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

export class SqlAccountSettingRepository implements AccountSettingRepository {
  constructor(private readonly ctx: TxContext) {}

  async get(accountId: string, name: string): Promise<string | undefined> {
    const row = await this.ctx.db
      .selectFrom('account_settings')
      .select('value')
      .where('account_id', '=', accountId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value;
  }

  async set(accountId: string, name: string, value: string): Promise<void> {
    await requireAccount(this.ctx, accountId);
    await this.ctx.db
      .insertInto('account_settings')
      .values({ account_id: accountId, name, value })
      .onConflict((oc) => oc.columns(['account_id', 'name']).doUpdateSet({ value: sql<string>`excluded.value` }))
      .execute();
  }
}
