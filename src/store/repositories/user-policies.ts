// Inline policies embedded in users, keyed by (user_id, case-folded policy name): a user's
// rename leaves them in place, and its delete takes them along (ON DELETE CASCADE).
import { sql } from 'kysely';
import type { Page, PageRequest, UserPolicyRepository } from '../port.js';
import type { UserPolicy } from '../types.js';
import { fold } from './context.js';
import type { TxContext } from './context.js';
import { checkMaxItems, decodeMarker, toPage } from './pagination.js';
import { findUserId, requireUserId } from './users.js';

interface PolicyRow {
  account_id: string;
  user_name: string;
  policy_name: string;
  policy_name_lower: string;
  document: string;
}

function toUserPolicy(row: PolicyRow): UserPolicy {
  return { accountId: row.account_id, userName: row.user_name, policyName: row.policy_name, document: row.document };
}

export class SqlUserPolicyRepository implements UserPolicyRepository {
  constructor(private readonly ctx: TxContext) {}

  #select(accountId: string, userName: string) {
    return this.ctx.db
      .selectFrom('user_policies as p')
      .innerJoin('users as u', 'u.user_id', 'p.user_id')
      .select(['u.account_id', 'u.name as user_name', 'p.policy_name', 'p.policy_name_lower', 'p.document'])
      .where('u.account_id', '=', accountId)
      .where('u.name_lower', '=', fold(userName));
  }

  async get(accountId: string, userName: string, policyName: string): Promise<UserPolicy | undefined> {
    const row = await this.#select(accountId, userName).where('p.policy_name_lower', '=', fold(policyName)).executeTakeFirst();
    return row && toUserPolicy(row);
  }

  async put(policy: UserPolicy): Promise<void> {
    const userId = await requireUserId(this.ctx, policy.accountId, policy.userName);
    await this.ctx.db
      .insertInto('user_policies')
      .values({
        user_id: userId,
        policy_name: policy.policyName,
        policy_name_lower: fold(policy.policyName),
        document: policy.document,
      })
      .onConflict((oc) =>
        oc.columns(['user_id', 'policy_name_lower']).doUpdateSet({
          policy_name: sql<string>`excluded.policy_name`,
          document: sql<string>`excluded.document`,
        }),
      )
      .execute();
  }

  async delete(accountId: string, userName: string, policyName: string): Promise<boolean> {
    const userId = await findUserId(this.ctx, accountId, userName);
    if (userId === undefined) return false;
    const result = await this.ctx.db
      .deleteFrom('user_policies')
      .where('user_id', '=', userId)
      .where('policy_name_lower', '=', fold(policyName))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async list(accountId: string, userName: string, request: PageRequest = {}): Promise<Page<UserPolicy>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.#select(accountId, userName);
    if (request.marker !== undefined) query = query.where('p.policy_name_lower', '>', decodeMarker(request.marker));
    const rows = await query.orderBy('p.policy_name_lower').limit(maxItems + 1).execute();
    return toPage(rows, maxItems, (row) => row.policy_name_lower, toUserPolicy);
  }

  async listAll(accountId: string, userName: string): Promise<UserPolicy[]> {
    const rows = await this.#select(accountId, userName).orderBy('p.policy_name_lower').execute();
    return rows.map(toUserPolicy);
  }
}
