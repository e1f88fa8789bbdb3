// The tables of AWS Organizations: organizations, their roots and organizational units, member
// accounts, policies (SCPs, RCPs) and their attachments, account-creation requests, tags.
import type { Migration } from './migration.js';

export const organizations: Migration = {
  version: 7,
  name: 'organizations',
  async up(db, t) {
    // An organization belongs to its management account (one organization per account).
    await db.schema
      .createTable('org_organizations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('management_account_id', 'text', (c) => c.notNull().unique().references('accounts.id').onDelete('cascade'))
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('feature_set', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    // Roots (parent_id null) and organizational units; an OU's name is unique under its parent.
    await db.schema
      .createTable('org_units')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('org_organizations.id').onDelete('cascade'))
      .addColumn('parent_id', 'text', (c) => c.references('org_units.id').onDelete('cascade'))
      .addColumn('name', t.sortableText, (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('org_units_parent_name').unique().on('org_units').columns(['parent_id', 'name']).execute();
    await db.schema.createIndex('org_units_organization').on('org_units').columns(['organization_id']).execute();

    // The policy types enabled on a root.
    await db.schema
      .createTable('org_policy_types')
      .addColumn('root_id', 'text', (c) => c.notNull().references('org_units.id').onDelete('cascade'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_policy_types_pkey', ['root_id', 'type'])
      .execute();

    // An account is a member of at most one organization, under one parent (root or OU).
    await db.schema
      .createTable('org_accounts')
      .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('organization_id', 'text', (c) => c.notNull().references('org_organizations.id').onDelete('cascade'))
      .addColumn('parent_id', 'text', (c) => c.notNull().references('org_units.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('email_lower', t.sortableText, (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('joined_method', 'text', (c) => c.notNull())
      .addColumn('joined_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('org_accounts_email').unique().on('org_accounts').columns(['organization_id', 'email_lower']).execute();
    await db.schema.createIndex('org_accounts_parent').on('org_accounts').columns(['parent_id']).execute();

    // Policies of an organization, the AWS-managed ones (p-FullAWSAccess, ...) included: their
    // ids are the same in every organization, so a policy is keyed by organization and id.
    await db.schema
      .createTable('org_policies')
      .addColumn('organization_id', 'text', (c) => c.notNull().references('org_organizations.id').onDelete('cascade'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('name', t.sortableText, (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('aws_managed', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_policies_pkey', ['organization_id', 'id'])
      .execute();
    await db.schema.createIndex('org_policies_name').unique().on('org_policies').columns(['organization_id', 'type', 'name']).execute();

    // Which policy is attached to which target (a root, an OU or an account id).
    await db.schema
      .createTable('org_policy_attachments')
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('policy_id', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('attached_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_policy_attachments_pkey', ['organization_id', 'policy_id', 'target_id'])
      .addForeignKeyConstraint('org_policy_attachments_policy', ['organization_id', 'policy_id'], 'org_policies', ['organization_id', 'id'], (fk) => fk.onDelete('cascade'))
      .execute();
    await db.schema.createIndex('org_policy_attachments_target').on('org_policy_attachments').columns(['target_id']).execute();

    // CreateAccount requests and how they ended.
    await db.schema
      .createTable('org_create_account_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('org_organizations.id').onDelete('cascade'))
      .addColumn('account_name', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'text', (c) => c.notNull())
      .addColumn('completed_at', 'text')
      .addColumn('account_id', 'text')
      .addColumn('failure_reason', 'text')
      .execute();

    // Tags of roots, OUs, accounts and policies, by the resource's id.
    await db.schema
      .createTable('org_tags')
      .addColumn('organization_id', 'text', (c) => c.notNull().references('org_organizations.id').onDelete('cascade'))
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('key', t.sortableText, (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_tags_pkey', ['organization_id', 'resource_id', 'key'])
      .execute();
  },
};
