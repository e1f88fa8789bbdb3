// Managed policies attached to users, groups and roles. A row names the policy by ARN (AWS
// managed policies live outside the store, so no foreign key) with the name and path parsed from
// it for ordering and filtering, and the entity by type and stable id; the entity's delete
// removes its rows (deleteAttachmentsOf), as does a customer managed policy's.
import { StoreLimitExceeded } from '../errors.js';
import type { Page, PathListRequest, PolicyAttachmentRepository, PolicyEntityListRequest } from '../port.js';
import type { AttachedPolicy, IdentityType, PolicyEntity } from '../types.js';
import { fold, pathPrefixFilter, toCount } from './context.js';
import type { TxContext } from './context.js';
import { requireIdentityAccount } from './identities.js';
import { afterKeys, checkMaxItems, decodeKeysMarker, toPageByKeys } from './pagination.js';

/** The name (last path segment) and path of a policy ARN: arn:aws:iam::aws:policy/service-role/X. */
export function parsePolicyArn(policyArn: string): { name: string; path: string } {
  const resource = policyArn.split(':').slice(5).join(':');
  const slash = resource.indexOf('/');
  const pathAndName = slash < 0 ? `/${resource}` : resource.slice(slash);
  const last = pathAndName.lastIndexOf('/');
  return { name: pathAndName.slice(last + 1), path: pathAndName.slice(0, last + 1) };
}

interface AttachedRow {
  policy_arn: string;
  policy_name: string;
  policy_name_lower: string;
}

function toAttached(row: AttachedRow): AttachedPolicy {
  return { policyArn: row.policy_arn, policyName: row.policy_name };
}

export class SqlPolicyAttachmentRepository implements PolicyAttachmentRepository {
  constructor(private readonly ctx: TxContext) {}

  #of(entityType: IdentityType, entityId: string) {
    return this.ctx.db
      .selectFrom('policy_attachments')
      .select(['policy_arn', 'policy_name', 'policy_name_lower'])
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', entityId);
  }

  async #insert(accountId: string, entityType: IdentityType, entityId: string, policyArn: string): Promise<boolean> {
    const { name, path } = parsePolicyArn(policyArn);
    const result = await this.ctx.db
      .insertInto('policy_attachments')
      .values({
        account_id: accountId,
        entity_type: entityType,
        entity_id: entityId,
        policy_arn: policyArn,
        policy_name: name,
        policy_name_lower: fold(name),
        policy_path: path,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return result.numInsertedOrUpdatedRows !== 0n;
  }

  async attach(entityType: IdentityType, entityId: string, policyArn: string): Promise<boolean> {
    const accountId = await requireIdentityAccount(this.ctx, entityType, entityId);
    return this.#insert(accountId, entityType, entityId, policyArn);
  }

  async attachWithLimit(entityType: IdentityType, entityId: string, policyArn: string, limit: number): Promise<boolean> {
    // The quota pattern, with the entity as owner; an attachment that exists needs no slot.
    const accountId = await requireIdentityAccount(this.ctx, entityType, entityId, true);
    if (await this.#of(entityType, entityId).where('policy_arn', '=', policyArn).executeTakeFirst()) return false;
    if ((await this.countAttached(entityType, entityId)) >= limit) throw new StoreLimitExceeded('policyAttachment', limit);
    return this.#insert(accountId, entityType, entityId, policyArn);
  }

  async detach(entityType: IdentityType, entityId: string, policyArn: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('policy_attachments')
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', entityId)
      .where('policy_arn', '=', policyArn)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async listAttached(entityType: IdentityType, entityId: string, request: PathListRequest = {}): Promise<Page<AttachedPolicy>> {
    const maxItems = checkMaxItems(request.maxItems);
    let query = this.#of(entityType, entityId);
    const inPath = pathPrefixFilter('policy_path', request.pathPrefix);
    if (inPath) query = query.where(inPath);
    if (request.marker !== undefined) {
      query = query.where(afterKeys(['policy_name_lower', 'policy_arn'], decodeKeysMarker(request.marker, 2)));
    }
    const rows = await query.orderBy('policy_name_lower').orderBy('policy_arn').limit(maxItems + 1).execute();
    return toPageByKeys(rows, maxItems, (row) => [row.policy_name_lower, row.policy_arn], toAttached);
  }

  async listAllAttached(entityType: IdentityType, entityId: string): Promise<AttachedPolicy[]> {
    const rows = await this.#of(entityType, entityId).orderBy('policy_name_lower').orderBy('policy_arn').execute();
    return rows.map(toAttached);
  }

  async countAttached(entityType: IdentityType, entityId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('policy_attachments')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('entity_type', '=', entityType)
      .where('entity_id', '=', entityId)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  async listEntitiesForPolicy(accountId: string, policyArn: string, request: PolicyEntityListRequest = {}): Promise<Page<PolicyEntity>> {
    const maxItems = checkMaxItems(request.maxItems);
    const entities = this.ctx.db
      .selectFrom('policy_attachments as a')
      .leftJoin('users as u', (join) => join.onRef('u.user_id', '=', 'a.entity_id').on('a.entity_type', '=', 'user'))
      .leftJoin('groups as g', (join) => join.onRef('g.group_id', '=', 'a.entity_id').on('a.entity_type', '=', 'group'))
      .leftJoin('roles as r', (join) => join.onRef('r.role_id', '=', 'a.entity_id').on('a.entity_type', '=', 'role'))
      .select((eb) => [
        'a.entity_type',
        'a.entity_id',
        eb.fn.coalesce('u.name', 'g.name', 'r.name').as('name'),
        eb.fn.coalesce('u.name_lower', 'g.name_lower', 'r.name_lower').as('name_lower'),
        eb.fn.coalesce('u.path', 'g.path', 'r.path').as('path'),
      ])
      .where('a.account_id', '=', accountId)
      .where('a.policy_arn', '=', policyArn);
    let query = this.ctx.db.selectFrom(entities.as('e')).selectAll('e');
    if (request.entityType !== undefined) query = query.where('e.entity_type', '=', request.entityType);
    const inPath = pathPrefixFilter('e.path', request.pathPrefix);
    if (inPath) query = query.where(inPath);
    if (request.marker !== undefined) {
      query = query.where(afterKeys(['e.entity_type', 'e.name_lower'], decodeKeysMarker(request.marker, 2)));
    }
    const rows = await query.orderBy('e.entity_type').orderBy('e.name_lower').limit(maxItems + 1).execute();
    return toPageByKeys(
      rows,
      maxItems,
      (row) => [row.entity_type, row.name_lower ?? ''],
      (row) => ({ entityType: row.entity_type as IdentityType, entityId: row.entity_id, name: row.name ?? '', path: row.path ?? '' }),
    );
  }

  async countAttachmentsForPolicy(accountId: string, policyArn: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('policy_attachments')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .where('policy_arn', '=', policyArn)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  }

  async listAttachedPolicyArns(accountId: string): Promise<string[]> {
    const rows = await this.ctx.db
      .selectFrom('policy_attachments')
      .select('policy_arn')
      .distinct()
      .where('account_id', '=', accountId)
      .orderBy('policy_arn')
      .execute();
    return rows.map((r) => r.policy_arn);
  }

  async countBoundaryUsage(accountId: string, policyArn: string): Promise<number> {
    const users = await this.ctx.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .where('permissions_boundary_arn', '=', policyArn)
      .executeTakeFirstOrThrow();
    const roles = await this.ctx.db
      .selectFrom('roles')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .where('permissions_boundary_arn', '=', policyArn)
      .executeTakeFirstOrThrow();
    return toCount(users.n) + toCount(roles.n);
  }
}
