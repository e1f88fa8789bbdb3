// The store contract for AWS Organizations (organizations, roots and OUs, member accounts,
// policies and attachments, account-creation requests, tags, policyLevels), run on every dialect.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StoreConflict, StoreNotFound } from './errors.js';
import type { StoreSuiteOptions, TestDatabase } from './store-suite.js';
import { useSuiteStore } from './test-harness.js';
import type { OrgAccount, Organization, OrgPolicy, OrgPolicyType, OrgUnit } from './types.js';

const MGMT = '111111111111';
const M1 = '222222222222';
const M2 = '333333333333';
const OUTSIDER = '444444444444';
const ORG = 'o-abcdefghij';
const ROOT = 'r-ab12';
const T0 = new Date('2024-05-06T07:08:09.123Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

const organization: Organization = { id: ORG, arn: `arn:aws:organizations::${MGMT}:organization/${ORG}`, featureSet: 'ALL', managementAccountId: MGMT, createdAt: T0 };
const root: OrgUnit = { id: ROOT, organizationId: ORG, parentId: undefined, name: 'Root', arn: `arn:aws:organizations::${MGMT}:root/${ORG}/${ROOT}`, createdAt: T0 };
const ou = (id: string, name: string, parentId: string, seconds = 1): OrgUnit => ({ id, organizationId: ORG, parentId, name, arn: `arn:aws:organizations::${MGMT}:ou/${ORG}/${id}`, createdAt: at(seconds) });
const member = (accountId: string, parentId: string, seconds = 0): OrgAccount => ({
  accountId,
  organizationId: ORG,
  parentId,
  name: `acct-${accountId}`,
  email: `a${accountId}@example.com`,
  arn: `arn:aws:organizations::${MGMT}:account/${ORG}/${accountId}`,
  status: 'ACTIVE',
  joinedMethod: accountId === MGMT ? 'INVITED' : 'CREATED',
  joinedAt: at(seconds),
});
const policy = (id: string, name: string, type: OrgPolicyType = 'SERVICE_CONTROL_POLICY', seconds = 0): OrgPolicy => ({
  organizationId: ORG,
  id,
  type,
  name,
  description: '',
  content: `{"Version":"2012-10-17","Statement":[{"Sid":"${name}","Effect":"Allow","Action":"*","Resource":"*"}]}`,
  arn: `arn:aws:organizations::${MGMT}:policy/${ORG}/service_control_policy/${id}`,
  awsManaged: id === 'p-FullAWSAccess',
  createdAt: at(seconds),
});
const FULL = policy('p-FullAWSAccess', 'FullAWSAccess');
const RCP_FULL = policy('p-RCPFullAWSAccess', 'RCPFullAWSAccess', 'RESOURCE_CONTROL_POLICY');

export function organizationsSuite(label: string, openDatabase: () => Promise<TestDatabase>, options: StoreSuiteOptions = {}): void {
  describe(`store contract (organizations): ${label}`, { skip: options.skip ?? false }, () => {
    const { store } = useSuiteStore(openDatabase, async (tx) => {
      for (const id of [MGMT, M1, M2, OUTSIDER]) await tx.accounts.create({ id, createdAt: T0 });
      await tx.organizations.create(organization, root, member(MGMT, ROOT), [FULL, RCP_FULL]);
    });

    test('an organization has its root, its management account and the AWS-managed policies', async () => {
      await store.read(async (tx) => {
        assert.deepEqual(await tx.organizations.get(ORG), organization);
        assert.deepEqual(await tx.organizations.listUnits(ORG, null), [root]);
        assert.deepEqual(await tx.organizations.membership(MGMT), member(MGMT, ROOT));
        assert.equal(await tx.organizations.membership(OUTSIDER), undefined);
        assert.equal(await tx.organizations.countAccounts(ORG), 1);
        assert.deepEqual(await tx.organizations.getPolicy(ORG, 'p-FullAWSAccess'), FULL);
        assert.deepEqual((await tx.organizations.listPolicies(ORG, 'RESOURCE_CONTROL_POLICY')).map((p) => p.id), ['p-RCPFullAWSAccess']);
      });
    });

    test('an account is in one organization at most', async () => {
      const other: Organization = { ...organization, id: 'o-zzzzzzzzzz', managementAccountId: M1 };
      await store.write((tx) => tx.organizations.addAccount(member(M1, ROOT)));
      await assert.rejects(
        store.write((tx) => tx.organizations.create(other, { ...root, id: 'r-zz99', organizationId: other.id }, { ...member(M1, 'r-zz99'), organizationId: other.id }, [])),
        StoreConflict,
      );
      await assert.rejects(store.write((tx) => tx.organizations.addAccount(member(M1, ROOT))), StoreConflict);
      assert.equal(await store.read((tx) => tx.organizations.get(other.id)), undefined);
      // An email is unique within the organization, case-insensitively.
      await assert.rejects(store.write((tx) => tx.organizations.addAccount({ ...member(M2, ROOT), email: member(M1, ROOT).email.toUpperCase() })), StoreConflict);
    });

    test('OUs: names unique under a parent, rename, list in creation order, delete', async () => {
      await store.write(async (tx) => {
        await tx.organizations.createUnit(ou('ou-ab12-11111111', 'Dev', ROOT, 1));
        await tx.organizations.createUnit(ou('ou-ab12-22222222', 'Prod', ROOT, 2));
        await tx.organizations.createUnit(ou('ou-ab12-33333333', 'Dev', 'ou-ab12-22222222', 3));
      });
      await assert.rejects(store.write((tx) => tx.organizations.createUnit(ou('ou-ab12-44444444', 'Dev', ROOT))), StoreConflict);
      await assert.rejects(store.write((tx) => tx.organizations.renameUnit(ORG, 'ou-ab12-22222222', 'Dev')), StoreConflict);
      await assert.rejects(store.write((tx) => tx.organizations.renameUnit(ORG, 'ou-ab12-99999999', 'X')), StoreNotFound);
      const renamed = await store.write((tx) => tx.organizations.renameUnit(ORG, 'ou-ab12-22222222', 'Production'));
      assert.equal(renamed.name, 'Production');
      await store.read(async (tx) => {
        assert.deepEqual((await tx.organizations.listUnits(ORG, ROOT)).map((u) => u.name), ['Dev', 'Production']);
        assert.deepEqual((await tx.organizations.listUnits(ORG, 'ou-ab12-22222222')).map((u) => u.id), ['ou-ab12-33333333']);
        assert.equal((await tx.organizations.getUnit(ORG, 'ou-ab12-33333333'))?.parentId, 'ou-ab12-22222222');
        assert.equal(await tx.organizations.getUnit('o-zzzzzzzzzz', 'ou-ab12-33333333'), undefined);
      });
      await store.write((tx) => tx.organizations.deleteUnit(ORG, 'ou-ab12-33333333'));
      assert.equal(await store.read((tx) => tx.organizations.getUnit(ORG, 'ou-ab12-33333333')), undefined);
    });

    test('accounts: list by parent, move, status, remove takes attachments and tags along', async () => {
      await store.write(async (tx) => {
        await tx.organizations.createUnit(ou('ou-ab12-11111111', 'Dev', ROOT));
        await tx.organizations.addAccount(member(M1, ROOT, 1));
        await tx.organizations.addAccount(member(M2, 'ou-ab12-11111111', 2));
      });
      await store.read(async (tx) => {
        assert.deepEqual((await tx.organizations.listAccounts(ORG)).map((a) => a.accountId), [MGMT, M1, M2]);
        assert.deepEqual((await tx.organizations.listAccounts(ORG, ROOT)).map((a) => a.accountId), [MGMT, M1]);
        assert.equal(await tx.organizations.countAccounts(ORG), 3);
      });
      await store.write(async (tx) => {
        await tx.organizations.moveAccount(ORG, M1, 'ou-ab12-11111111');
        await tx.organizations.setAccountStatus(ORG, M2, 'SUSPENDED');
        await tx.organizations.attach(ORG, 'p-FullAWSAccess', M2, T0);
        await tx.organizations.putTags(ORG, M2, [{ key: 'team', value: 'a' }]);
      });
      await assert.rejects(store.write((tx) => tx.organizations.moveAccount(ORG, OUTSIDER, ROOT)), StoreNotFound);
      await store.read(async (tx) => {
        assert.deepEqual((await tx.organizations.listAccounts(ORG, 'ou-ab12-11111111')).map((a) => a.accountId), [M1, M2]);
        assert.equal((await tx.organizations.getAccount(ORG, M2))?.status, 'SUSPENDED');
      });
      await store.write((tx) => tx.organizations.removeAccount(ORG, M2));
      await store.read(async (tx) => {
        assert.equal(await tx.organizations.membership(M2), undefined);
        assert.deepEqual(await tx.organizations.targetsForPolicy(ORG, 'p-FullAWSAccess'), []);
        assert.deepEqual(await tx.organizations.tags(ORG, M2), []);
      });
    });

    test('policy types on the root', async () => {
      await store.write((tx) => tx.organizations.setPolicyType(ROOT, 'SERVICE_CONTROL_POLICY', true));
      await store.write((tx) => tx.organizations.setPolicyType(ROOT, 'SERVICE_CONTROL_POLICY', true));
      await store.write((tx) => tx.organizations.setPolicyType(ROOT, 'RESOURCE_CONTROL_POLICY', true));
      assert.deepEqual(await store.read((tx) => tx.organizations.enabledPolicyTypes(ROOT)), ['RESOURCE_CONTROL_POLICY', 'SERVICE_CONTROL_POLICY']);
      await store.write((tx) => tx.organizations.setPolicyType(ROOT, 'SERVICE_CONTROL_POLICY', false));
      assert.deepEqual(await store.read((tx) => tx.organizations.enabledPolicyTypes(ROOT)), ['RESOURCE_CONTROL_POLICY']);
    });

    test('policies: names unique per type, update, attach once, detach, delete takes attachments', async () => {
      await store.write((tx) => tx.organizations.createPolicy(policy('p-11111111', 'DenyAll', 'SERVICE_CONTROL_POLICY', 1)));
      await assert.rejects(store.write((tx) => tx.organizations.createPolicy(policy('p-22222222', 'DenyAll'))), StoreConflict);
      // The same name is free for the other type.
      await store.write((tx) => tx.organizations.createPolicy(policy('p-33333333', 'DenyAll', 'RESOURCE_CONTROL_POLICY', 2)));
      await assert.rejects(store.write((tx) => tx.organizations.updatePolicy(ORG, 'p-11111111', { name: 'FullAWSAccess' })), StoreConflict);
      await assert.rejects(store.write((tx) => tx.organizations.updatePolicy(ORG, 'p-99999999', { name: 'X' })), StoreNotFound);
      const updated = await store.write((tx) => tx.organizations.updatePolicy(ORG, 'p-11111111', { description: 'd', content: '{}' }));
      assert.deepEqual([updated.name, updated.description, updated.content], ['DenyAll', 'd', '{}']);
      assert.deepEqual(await store.read((tx) => tx.organizations.getPolicy(ORG, 'p-11111111')), updated);

      await store.write(async (tx) => {
        await tx.organizations.attach(ORG, 'p-FullAWSAccess', ROOT, at(1));
        await tx.organizations.attach(ORG, 'p-11111111', ROOT, at(2));
        await tx.organizations.attach(ORG, 'p-33333333', ROOT, at(3));
      });
      await assert.rejects(store.write((tx) => tx.organizations.attach(ORG, 'p-11111111', ROOT, at(4))), StoreConflict);
      await store.read(async (tx) => {
        assert.deepEqual((await tx.organizations.policiesForTarget(ORG, ROOT, 'SERVICE_CONTROL_POLICY')).map((p) => p.id), ['p-FullAWSAccess', 'p-11111111']);
        assert.deepEqual((await tx.organizations.policiesForTarget(ORG, ROOT, 'RESOURCE_CONTROL_POLICY')).map((p) => p.id), ['p-33333333']);
        assert.deepEqual(await tx.organizations.targetsForPolicy(ORG, 'p-11111111'), [ROOT]);
      });
      assert.equal(await store.write((tx) => tx.organizations.detach(ORG, 'p-FullAWSAccess', ROOT)), true);
      assert.equal(await store.write((tx) => tx.organizations.detach(ORG, 'p-FullAWSAccess', ROOT)), false);
      await store.write((tx) => tx.organizations.deletePolicy(ORG, 'p-11111111'));
      await store.read(async (tx) => {
        assert.equal(await tx.organizations.getPolicy(ORG, 'p-11111111'), undefined);
        assert.deepEqual(await tx.organizations.policiesForTarget(ORG, ROOT, 'SERVICE_CONTROL_POLICY'), []);
      });
      await store.write((tx) => tx.organizations.detachAll(ORG, 'RESOURCE_CONTROL_POLICY'));
      assert.deepEqual(await store.read((tx) => tx.organizations.targetsForPolicy(ORG, 'p-33333333')), []);
    });

    test('create-account requests and tags', async () => {
      await store.write(async (tx) => {
        await tx.organizations.putCreateAccountRequest({ id: 'car-1', organizationId: ORG, accountName: 'a', state: 'IN_PROGRESS', requestedAt: T0 });
        await tx.organizations.putCreateAccountRequest({ id: 'car-2', organizationId: ORG, accountName: 'b', state: 'FAILED', requestedAt: at(1), completedAt: at(1), failureReason: 'EMAIL_ALREADY_EXISTS' });
        await tx.organizations.putCreateAccountRequest({ id: 'car-1', organizationId: ORG, accountName: 'a', state: 'SUCCEEDED', requestedAt: T0, completedAt: at(2), accountId: M1 });
      });
      await store.read(async (tx) => {
        assert.deepEqual(await tx.organizations.getCreateAccountRequest(ORG, 'car-1'), { id: 'car-1', organizationId: ORG, accountName: 'a', state: 'SUCCEEDED', requestedAt: T0, completedAt: at(2), accountId: M1 });
        assert.deepEqual((await tx.organizations.listCreateAccountRequests(ORG)).map((r) => [r.id, r.state, r.failureReason]), [
          ['car-1', 'SUCCEEDED', undefined],
          ['car-2', 'FAILED', 'EMAIL_ALREADY_EXISTS'],
        ]);
        assert.equal(await tx.organizations.getCreateAccountRequest('o-zzzzzzzzzz', 'car-1'), undefined);
      });
      await store.write(async (tx) => {
        await tx.organizations.putTags(ORG, ROOT, [{ key: 'b', value: '1' }, { key: 'a', value: '2' }]);
        await tx.organizations.putTags(ORG, ROOT, [{ key: 'b', value: '3' }]);
        await tx.organizations.removeTags(ORG, ROOT, ['a', 'missing']);
      });
      assert.deepEqual(await store.read((tx) => tx.organizations.tags(ORG, ROOT)), [{ key: 'b', value: '3' }]);
    });

    test('policyLevels: root, each OU down the path, then the account, with what is attached to each', async () => {
      const OU1 = 'ou-ab12-11111111';
      const OU2 = 'ou-ab12-22222222';
      await store.write(async (tx) => {
        await tx.organizations.createUnit(ou(OU1, 'Workloads', ROOT, 1));
        await tx.organizations.createUnit(ou(OU2, 'Prod', OU1, 2));
        await tx.organizations.addAccount(member(M1, OU2, 1));
        await tx.organizations.addAccount(member(M2, ROOT, 2));
        await tx.organizations.setPolicyType(ROOT, 'SERVICE_CONTROL_POLICY', true);
        await tx.organizations.createPolicy(policy('p-11111111', 'DenyIam', 'SERVICE_CONTROL_POLICY', 1));
        await tx.organizations.createPolicy(policy('p-33333333', 'Rcp', 'RESOURCE_CONTROL_POLICY', 2));
        for (const target of [ROOT, OU1, OU2, M1, M2, MGMT]) await tx.organizations.attach(ORG, 'p-FullAWSAccess', target, at(1));
        await tx.organizations.attach(ORG, 'p-11111111', OU2, at(2));
        await tx.organizations.attach(ORG, 'p-33333333', OU1, at(3));
      });
      const levels = await store.read((tx) => tx.organizations.policyLevels(M1, 'SERVICE_CONTROL_POLICY'));
      const full = { id: 'p-FullAWSAccess', name: 'FullAWSAccess', content: FULL.content };
      assert.deepEqual(levels, {
        organizationId: ORG,
        managementAccountId: MGMT,
        rootId: ROOT,
        path: [ROOT, OU1, OU2],
        enabled: true,
        levels: [
          { targetId: ROOT, policies: [full] },
          { targetId: OU1, policies: [full] },
          { targetId: OU2, policies: [full, { id: 'p-11111111', name: 'DenyIam', content: policy('p-11111111', 'DenyIam').content }] },
          { targetId: M1, policies: [full] },
        ],
      });
      const rcps = await store.read((tx) => tx.organizations.policyLevels(M1, 'RESOURCE_CONTROL_POLICY'));
      assert.equal(rcps?.enabled, false);
      assert.deepEqual(rcps?.levels.map((l) => [l.targetId, l.policies.map((p) => p.id)]), [[ROOT, []], [OU1, ['p-33333333']], [OU2, []], [M1, []]]);
      const direct = await store.read((tx) => tx.organizations.policyLevels(M2, 'SERVICE_CONTROL_POLICY'));
      assert.deepEqual(direct?.path, [ROOT]);
      assert.deepEqual(direct?.levels.map((l) => l.targetId), [ROOT, M2]);
      assert.equal((await store.read((tx) => tx.organizations.policyLevels(MGMT, 'SERVICE_CONTROL_POLICY')))?.managementAccountId, MGMT);
      assert.equal(await store.read((tx) => tx.organizations.policyLevels(OUTSIDER, 'SERVICE_CONTROL_POLICY')), undefined);
    });

    test('deleting the organization leaves the accounts, and a deleted account leaves the organization', async () => {
      await store.write(async (tx) => {
        await tx.organizations.createUnit(ou('ou-ab12-11111111', 'Dev', ROOT));
        await tx.organizations.addAccount(member(M1, 'ou-ab12-11111111'));
        await tx.organizations.attach(ORG, 'p-FullAWSAccess', M1, T0);
        await tx.organizations.putTags(ORG, M1, [{ key: 'k', value: 'v' }]);
        await tx.organizations.putCreateAccountRequest({ id: 'car-1', organizationId: ORG, accountName: 'a', state: 'SUCCEEDED', requestedAt: T0, completedAt: T0, accountId: M1 });
        await tx.organizations.setPolicyType(ROOT, 'SERVICE_CONTROL_POLICY', true);
      });
      await store.write((tx) => tx.organizations.delete(ORG));
      await store.read(async (tx) => {
        assert.equal(await tx.organizations.get(ORG), undefined);
        assert.equal(await tx.organizations.membership(M1), undefined);
        assert.equal(await tx.organizations.membership(MGMT), undefined);
        assert.ok(await tx.accounts.get(M1));
      });
      // The management account may found a new organization afterwards.
      await store.write((tx) => tx.organizations.create(organization, root, member(MGMT, ROOT), [FULL]));
      assert.ok(await store.read((tx) => tx.organizations.membership(MGMT)));
    });

    test('getForUpdate: writers checking a quota of the organization run one after another', async () => {
      assert.equal((await store.write((tx) => tx.organizations.getForUpdate(ORG)))?.id, ORG);
      assert.equal(await store.write((tx) => tx.organizations.getForUpdate('o-zzzzzzzzzz')), undefined);
      // Each writer attaches only while the root has no SCP: exactly one may.
      const results = await Promise.allSettled(
        ['p-FullAWSAccess', 'p-11111111'].map(async (id, i) => {
          if (i === 1) await store.write((tx) => tx.organizations.createPolicy(policy(id, 'Other')));
          return store.write(async (tx) => {
            await tx.organizations.getForUpdate(ORG);
            const attached = await tx.organizations.policiesForTarget(ORG, ROOT, 'SERVICE_CONTROL_POLICY');
            await new Promise((resolve) => setTimeout(resolve, 20));
            if (attached.length > 0) return false;
            await tx.organizations.attach(ORG, id, ROOT, T0);
            return true;
          });
        }),
      );
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled']);
      assert.equal((await store.read((tx) => tx.organizations.policiesForTarget(ORG, ROOT, 'SERVICE_CONTROL_POLICY'))).length, 1);
    });
  });
}
