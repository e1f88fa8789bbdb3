// Users, groups and roles as holders of policies: finding one by type and stable id (inline
// policies and attachments name their owner that way), and removing what hangs on one without a
// foreign key when it goes.
import type { IdentityType } from '../types.js';
import { StoreNotFound } from '../errors.js';
import { locking } from './context.js';
import type { TxContext } from './context.js';

/** The identity's account, or undefined when there is none; `lock` takes its owner lock. */
export async function findIdentityAccount(ctx: TxContext, type: IdentityType, id: string, lock = false): Promise<string | undefined> {
  switch (type) {
    case 'user': {
      const query = ctx.db.selectFrom('users').select('account_id').where('user_id', '=', id);
      return (await (lock ? locking(ctx, query) : query).executeTakeFirst())?.account_id;
    }
    case 'group': {
      const query = ctx.db.selectFrom('groups').select('account_id').where('group_id', '=', id);
      return (await (lock ? locking(ctx, query) : query).executeTakeFirst())?.account_id;
    }
    case 'role': {
      const query = ctx.db.selectFrom('roles').select('account_id').where('role_id', '=', id);
      return (await (lock ? locking(ctx, query) : query).executeTakeFirst())?.account_id;
    }
  }
}

/** As findIdentityAccount. @throws StoreNotFound (entity: the type) when there is none. */
export async function requireIdentityAccount(ctx: TxContext, type: IdentityType, id: string, lock = false): Promise<string> {
  const accountId = await findIdentityAccount(ctx, type, id, lock);
  if (accountId === undefined) throw new StoreNotFound(type, id);
  return accountId;
}

/** Removes the identity's policy attachments (which no foreign key can remove). */
export async function deleteAttachmentsOf(ctx: TxContext, type: IdentityType, id: string): Promise<void> {
  await ctx.db.deleteFrom('policy_attachments').where('entity_type', '=', type).where('entity_id', '=', id).execute();
}
