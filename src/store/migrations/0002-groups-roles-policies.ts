// The second IAM milestone: groups and their members, roles, inline policies of groups and roles,
// customer managed policies with their versions, managed-policy attachments, instance profiles.
import { sql } from 'kysely';
import type { Migration } from './migration.js';

export const groupsRolesPolicies: Migration = {
  version: 2,
  name: 'groups-roles-policies',
  async up(db, t) {
    await db.schema
      .createTable('groups')
      .addColumn('group_id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_lower', t.sortableText, (c) => c.notNull())
      .addColumn('path', t.sortableText, (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('create_date', 'text', (c) => c.notNull())
      .addUniqueConstraint('groups_account_name_key', ['account_id', 'name_lower'])
      .execute();

    await db.schema
      .createTable('group_members')
      .addColumn('group_id', 'text', (c) => c.notNull().references('groups.group_id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id').onDelete('cascade'))
      .addPrimaryKeyConstraint('group_members_pkey', ['group_id', 'user_id'])
      .execute();
    await db.schema.createIndex('group_members_user_idx').on('group_members').column('user_id').execute();

    await db.schema
      .createTable('roles')
      .addColumn('role_id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_lower', t.sortableText, (c) => c.notNull())
      .addColumn('path', t.sortableText, (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('create_date', 'text', (c) => c.notNull())
      .addColumn('assume_role_policy_document', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('max_session_duration', 'integer', (c) => c.notNull())
      .addColumn('permissions_boundary_arn', 'text')
      .addColumn('last_used_date', 'text')
      .addColumn('last_used_region', 'text')
      .addUniqueConstraint('roles_account_name_key', ['account_id', 'name_lower'])
      .execute();

    await db.schema
      .createTable('group_policies')
      .addColumn('group_id', 'text', (c) => c.notNull().references('groups.group_id').onDelete('cascade'))
      .addColumn('policy_name', 'text', (c) => c.notNull())
      .addColumn('policy_name_lower', t.sortableText, (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('group_policies_pkey', ['group_id', 'policy_name_lower'])
      .execute();

    await db.schema
      .createTable('role_policies')
      .addColumn('role_id', 'text', (c) => c.notNull().references('roles.role_id').onDelete('cascade'))
      .addColumn('policy_name', 'text', (c) => c.notNull())
      .addColumn('policy_name_lower', t.sortableText, (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('role_policies_pkey', ['role_id', 'policy_name_lower'])
      .execute();

    await db.schema
      .createTable('managed_policies')
      .addColumn('policy_id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_lower', t.sortableText, (c) => c.notNull())
      .addColumn('path', t.sortableText, (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('default_version_id', 'text', (c) => c.notNull())
      .addColumn('version_counter', 'integer', (c) => c.notNull())
      .addColumn('create_date', 'text', (c) => c.notNull())
      .addColumn('update_date', 'text', (c) => c.notNull())
      .addUniqueConstraint('managed_policies_account_name_key', ['account_id', 'name_lower'])
      .addUniqueConstraint('managed_policies_arn_key', ['arn'])
      .execute();

    await db.schema
      .createTable('policy_versions')
      .addColumn('policy_id', 'text', (c) => c.notNull().references('managed_policies.policy_id').onDelete('cascade'))
      .addColumn('version_id', 'text', (c) => c.notNull())
      .addColumn('version_number', 'integer', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('create_date', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('policy_versions_pkey', ['policy_id', 'version_id'])
      .execute();

    await db.schema
      .createTable('policy_attachments')
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('entity_type', t.sortableText, (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('policy_arn', t.sortableText, (c) => c.notNull())
      .addColumn('policy_name', 'text', (c) => c.notNull())
      .addColumn('policy_name_lower', t.sortableText, (c) => c.notNull())
      .addColumn('policy_path', t.sortableText, (c) => c.notNull())
      .addPrimaryKeyConstraint('policy_attachments_pkey', ['entity_type', 'entity_id', 'policy_arn'])
      .addCheckConstraint('policy_attachments_entity_type_check', sql`entity_type in ('user', 'group', 'role')`)
      .execute();
    // ListEntitiesForPolicy, the attachment count, and the sweep when a policy goes.
    await db.schema.createIndex('policy_attachments_policy_idx').on('policy_attachments').columns(['account_id', 'policy_arn']).execute();

    await db.schema
      .createTable('instance_profiles')
      .addColumn('instance_profile_id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_lower', t.sortableText, (c) => c.notNull())
      .addColumn('path', t.sortableText, (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('create_date', 'text', (c) => c.notNull())
      // At most one role per profile, as IAM allows; the role's delete leaves the profile empty.
      .addColumn('role_id', 'text', (c) => c.references('roles.role_id').onDelete('set null'))
      .addUniqueConstraint('instance_profiles_account_name_key', ['account_id', 'name_lower'])
      .execute();
    await db.schema.createIndex('instance_profiles_role_idx').on('instance_profiles').column('role_id').execute();
  },
};
