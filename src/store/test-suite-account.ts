// The store contract for account aliases, account settings and the account-wide counts that
// GetAccountSummary and GetAccountAuthorizationDetails read, run on every dialect.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StoreConflict, StoreNotFound } from './errors.js';
import type { StoreSuiteOptions, TestDatabase } from './store-suite.js';
import { useSuiteStore } from './test-harness.js';

const A = '111111111111';
const B = '222222222222';
const MISSING = '999999999999';
const T0 = new Date('2024-05-06T07:08:09.123Z');

export function accountSuite(label: string, openDatabase: () => Promise<TestDatabase>, options: StoreSuiteOptions = {}): void {
  describe(`store contract (accounts): ${label}`, { skip: options.skip ?? false }, () => {
    const { store } = useSuiteStore(openDatabase, async (tx) => {
      await tx.accounts.create({ id: A, createdAt: T0 });
      await tx.accounts.create({ id: B, createdAt: T0 });
    });

    test('an account has at most one alias; a new one replaces it', async () => {
      assert.equal(await store.read((tx) => tx.accountAliases.get(A)), undefined);
      await store.write((tx) => tx.accountAliases.set(A, 'first-alias'));
      assert.equal(await store.read((tx) => tx.accountAliases.get(A)), 'first-alias');
      await store.write((tx) => tx.accountAliases.set(A, 'second-alias'));
      assert.equal(await store.read((tx) => tx.accountAliases.get(A)), 'second-alias');
      // Setting the alias it already has changes nothing.
      await store.write((tx) => tx.accountAliases.set(A, 'second-alias'));
      assert.equal(await store.read((tx) => tx.accountAliases.get(A)), 'second-alias');
      // The replaced alias is free again, for any account.
      await store.write((tx) => tx.accountAliases.set(B, 'first-alias'));
      assert.equal(await store.read((tx) => tx.accountAliases.get(B)), 'first-alias');
    });

    test('an alias belongs to one account only', async () => {
      await store.write((tx) => tx.accountAliases.set(A, 'shared'));
      await assert.rejects(store.write((tx) => tx.accountAliases.set(B, 'shared')), StoreConflict);
      assert.equal(await store.read((tx) => tx.accountAliases.get(B)), undefined);
      await assert.rejects(store.write((tx) => tx.accountAliases.set(MISSING, 'nobody')), StoreNotFound);
    });

    test('two accounts racing for one alias: exactly one gets it', async () => {
      const results = await Promise.allSettled([A, B].map((account) => store.write((tx) => tx.accountAliases.set(account, 'contested'))));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const rejected = results.find((r) => r.status === 'rejected');
      assert.ok(rejected && rejected.status === 'rejected' && rejected.reason instanceof StoreConflict);
    });

    test('delete removes only the alias the account has', async () => {
      await store.write((tx) => tx.accountAliases.set(A, 'mine'));
      assert.equal(await store.write((tx) => tx.accountAliases.delete(B, 'mine')), false);
      assert.equal(await store.write((tx) => tx.accountAliases.delete(A, 'other')), false);
      assert.equal(await store.write((tx) => tx.accountAliases.delete(A, 'mine')), true);
      assert.equal(await store.read((tx) => tx.accountAliases.get(A)), undefined);
    });

    test('settings are per account and replace their value', async () => {
      assert.equal(await store.read((tx) => tx.accountSettings.get(A, 'sts')), undefined);
      await store.write((tx) => tx.accountSettings.set(A, 'sts', 'v1Token'));
      await store.write((tx) => tx.accountSettings.set(A, 'sts', 'v2Token'));
      assert.equal(await store.read((tx) => tx.accountSettings.get(A, 'sts')), 'v2Token');
      assert.equal(await store.read((tx) => tx.accountSettings.get(B, 'sts')), undefined);
      await assert.rejects(store.write((tx) => tx.accountSettings.set(MISSING, 'sts', 'v1Token')), StoreNotFound);
    });

    test('reset takes aliases and settings with the accounts', async () => {
      await store.write(async (tx) => {
        await tx.accountAliases.set(A, 'gone-soon');
        await tx.accountSettings.set(A, 'sts', 'v2Token');
      });
      await store.reset();
      await store.write((tx) => tx.accounts.create({ id: A, createdAt: T0 }));
      assert.equal(await store.read((tx) => tx.accountAliases.get(A)), undefined);
      assert.equal(await store.read((tx) => tx.accountSettings.get(A, 'sts')), undefined);
    });

    test('versions of an account’s policies and its attached policy ARNs are counted per account', async () => {
      const policyOf = (account: string, name: string) => ({
        accountId: account,
        policyId: `ANPA${account}${name}`.toUpperCase(),
        name,
        path: '/',
        arn: `arn:aws:iam::${account}:policy/${name}`,
        createDate: T0,
      });
      await store.write(async (tx) => {
        const p1 = await tx.managedPolicies.create(policyOf(A, 'one'), '{}');
        await tx.managedPolicies.createVersion(p1.arn, { document: '{"v":2}', createDate: T0, setAsDefault: false });
        await tx.managedPolicies.createVersion(p1.arn, { document: '{"v":3}', createDate: T0, setAsDefault: true });
        await tx.managedPolicies.create(policyOf(A, 'two'), '{}');
        await tx.managedPolicies.create(policyOf(B, 'three'), '{}');
        const u = { accountId: A, userId: 'AIDAUSERONE000000001', name: 'u', path: '/', arn: `arn:aws:iam::${A}:user/u`, createDate: T0 };
        await tx.users.create(u);
        const g = { accountId: A, groupId: 'AGPAGROUPONE00000001', name: 'g', path: '/', arn: `arn:aws:iam::${A}:group/g`, createDate: T0 };
        await tx.groups.create(g);
        await tx.policyAttachments.attach('user', u.userId, p1.arn);
        await tx.policyAttachments.attach('group', g.groupId, p1.arn);
        await tx.policyAttachments.attach('group', g.groupId, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
      });
      assert.equal(await store.read((tx) => tx.managedPolicies.countVersionsInAccount(A)), 4);
      assert.equal(await store.read((tx) => tx.managedPolicies.countVersionsInAccount(B)), 1);
      assert.deepEqual(await store.read((tx) => tx.policyAttachments.listAttachedPolicyArns(A)), [
        'arn:aws:iam::111111111111:policy/one',
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
      ]);
      assert.deepEqual(await store.read((tx) => tx.policyAttachments.listAttachedPolicyArns(B)), []);
    });
  });
}
