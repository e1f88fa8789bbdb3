// Accounts: the root of every IAM entity.
import type { Selectable } from 'kysely';
import { StoreConflict } from '../errors.js';
import type { AccountRepository } from '../port.js';
import type { AccountsTable } from '../schema.js';
import type { Account } from '../types.js';
import { fromIso, locking, toIso } from './context.js';
import type { TxContext } from './context.js';

function toAccount(row: Selectable<AccountsTable>): Account {
  return { id: row.id, createdAt: fromIso(row.created_at) };
}

export class SqlAccountRepository implements AccountRepository {
  constructor(private readonly ctx: TxContext) {}

  async get(id: string): Promise<Account | undefined> {
    const row = await this.ctx.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toAccount(row);
  }

  async getForUpdate(id: string): Promise<Account | undefined> {
    const row = await locking(this.ctx, this.ctx.db.selectFrom('accounts').selectAll().where('id', '=', id)).executeTakeFirst();
    return row && toAccount(row);
  }

  async create(account: Account): Promise<Account> {
    const result = await this.ctx.db
      .insertInto('accounts')
      .values({ id: account.id, created_at: toIso(account.createdAt) })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n) throw new StoreConflict('account', account.id);
    return { id: account.id, createdAt: account.createdAt };
  }

  async list(): Promise<Account[]> {
    const rows = await this.ctx.db.selectFrom('accounts').selectAll().orderBy('id').execute();
    return rows.map(toAccount);
  }
}
