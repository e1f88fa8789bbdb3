// Inline policies of users, groups and roles, addressed by (owner type, owner's stable id). Each
// owner type has its own table (user_policies, group_policies, role_policies) of one shape, so
// that a foreign key with ON DELETE CASCADE ties every policy to its owner; the queries are the
// same for the three, with the table and owner column filled in.
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import { StoreNotFound } from '../errors.js';
import type { InlinePolicyRepository, Page, PageRequest } from '../port.js';
import type { TableName } from '../schema.js';
import type { IdentityType, InlinePolicy } from '../types.js';
import { fold } from './context.js';
import type { TxContext } from './context.js';
import { findIdentityAccount } from './identities.js';
import { checkMaxItems, decodeMarker, toPage } from './pagination.js';

const OWNERS = {
  user: { table: 'user_policies', column: 'user_id' },
  group: { table: 'group_policies', column: 'group_id' },
  role: { table: 'role_policies', column: 'role_id' },
} as const satisfies Record<IdentityType, { table: TableName; column: string }>;

interface PolicyRow {
  policy_name: string;
  policy_name_lower: string;
  document: string;
}

export class SqlInlinePolicyRepository implements InlinePolicyRepository {
  constructor(private readonly ctx: TxContext) {}

  async #select(ownerType: IdentityType, ownerId: string, rest: RawBuilder<unknown>): Promise<InlinePolicy[]> {
    const { table, column } = OWNERS[ownerType];
    const { rows } = await sql<PolicyRow>`select policy_name, policy_name_lower, document from ${sql.table(table)}
      where ${sql.ref(column)} = ${ownerId} ${rest}`.execute(this.ctx.db);
    return rows.map((row) => ({ ownerType, ownerId, policyName: row.policy_name, document: row.document }));
  }

  async get(ownerType: IdentityType, ownerId: string, policyName: string): Promise<InlinePolicy | undefined> {
    const [policy] = await this.#select(ownerType, ownerId, sql`and policy_name_lower = ${fold(policyName)}`);
    return policy;
  }

  async put(policy: InlinePolicy): Promise<void> {
    if ((await findIdentityAccount(this.ctx, policy.ownerType, policy.ownerId)) === undefined) {
      throw new StoreNotFound(policy.ownerType, policy.ownerId);
    }
    const { table, column } = OWNERS[policy.ownerType];
    await sql`insert into ${sql.table(table)} (${sql.ref(column)}, policy_name, policy_name_lower, document)
      values (${policy.ownerId}, ${policy.policyName}, ${fold(policy.policyName)}, ${policy.document})
      on conflict (${sql.ref(column)}, policy_name_lower)
      do update set policy_name = excluded.policy_name, document = excluded.document`.execute(this.ctx.db);
  }

  async delete(ownerType: IdentityType, ownerId: string, policyName: string): Promise<boolean> {
    const { table, column } = OWNERS[ownerType];
    const result = await sql`delete from ${sql.table(table)}
      where ${sql.ref(column)} = ${ownerId} and policy_name_lower = ${fold(policyName)}`.execute(this.ctx.db);
    return (result.numAffectedRows ?? 0n) > 0n;
  }

  async list(ownerType: IdentityType, ownerId: string, request: PageRequest = {}): Promise<Page<InlinePolicy>> {
    const maxItems = checkMaxItems(request.maxItems);
    const after = request.marker === undefined ? sql`` : sql`and policy_name_lower > ${decodeMarker(request.marker)}`;
    const items = await this.#select(ownerType, ownerId, sql`${after} order by policy_name_lower limit ${maxItems + 1}`);
    return toPage(items, maxItems, (policy) => fold(policy.policyName), (policy) => policy);
  }

  async listAll(ownerType: IdentityType, ownerId: string): Promise<InlinePolicy[]> {
    return this.#select(ownerType, ownerId, sql`order by policy_name_lower`);
  }
}
