// The store contract for signing and server certificates, OpenID Connect and SAML providers,
// run against every dialect beside storeSuite (sqlite.test.ts, postgres.test.ts).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { StoreConflict, StoreInvalidMarker, StoreLimitExceeded, StoreNotFound } from './errors.js';
import type { StoreTx } from './port.js';
import type { StoreSuiteOptions, TestDatabase } from './store-suite.js';
import { useSuiteStore } from './test-harness.js';
import { raceWrites } from './test-helpers.js';
import type { OidcProvider, SamlProvider, ServerCertificate, SigningCertificate, User } from './types.js';

const ACCOUNT = '123456789012';
const OTHER_ACCOUNT = '210987654321';
const T0 = new Date('2024-05-06T07:08:09.123Z');

const hex = (n: number): string => randomBytes(n).toString('hex').toUpperCase();

function user(name: string, accountId = ACCOUNT): User {
  return { accountId, userId: `AIDA${hex(8)}`, name, path: '/', arn: `arn:aws:iam::${accountId}:user/${name}`, createDate: T0 };
}

function signing(userName: string | null, options: { accountId?: string; fingerprint?: string; uploadDate?: Date } = {}): SigningCertificate {
  return {
    accountId: options.accountId ?? ACCOUNT,
    certificateId: hex(16),
    userName,
    body: '-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n',
    fingerprint: options.fingerprint ?? hex(32),
    status: 'Active',
    uploadDate: options.uploadDate ?? T0,
  };
}

function serverCertificate(name: string, options: { accountId?: string; path?: string; chain?: string } = {}): ServerCertificate {
  const accountId = options.accountId ?? ACCOUNT;
  const path = options.path ?? '/';
  return {
    accountId,
    serverCertificateId: `ASCA${hex(8)}`,
    name,
    path,
    arn: `arn:aws:iam::${accountId}:server-certificate${path}${name}`,
    body: 'body',
    ...(options.chain !== undefined ? { chain: options.chain } : {}),
    privateKeyCiphertext: new Uint8Array(randomBytes(40)),
    uploadDate: T0,
    expiration: new Date('2030-01-01T00:00:00.000Z'),
  };
}

function oidc(host: string, accountId = ACCOUNT): OidcProvider {
  return {
    accountId,
    providerId: hex(16),
    arn: `arn:aws:iam::${accountId}:oidc-provider/${host}`,
    url: host,
    clientIds: ['sts.amazonaws.com'],
    thumbprints: ['a'.repeat(40)],
    createDate: T0,
  };
}

function saml(name: string, accountId = ACCOUNT, keys = 0): SamlProvider {
  return {
    accountId,
    providerId: hex(13),
    name,
    arn: `arn:aws:iam::${accountId}:saml-provider/${name}`,
    metadataDocument: '<md:EntityDescriptor/>',
    validUntil: new Date('2099-01-01T00:00:00.000Z'),
    createDate: T0,
    privateKeys: Array.from({ length: keys }, (_, i) => ({
      keyId: hex(13),
      privateKeyCiphertext: new Uint8Array(randomBytes(32)),
      timestamp: new Date(T0.getTime() + i * 1000),
    })),
  };
}

async function seedAccounts(tx: StoreTx): Promise<void> {
  await tx.accounts.create({ id: ACCOUNT, createdAt: T0 });
  await tx.accounts.create({ id: OTHER_ACCOUNT, createdAt: T0 });
}

export function providersCertificatesSuite(label: string, openDatabase: () => Promise<TestDatabase>, options: StoreSuiteOptions = {}): void {
  describe(`store contract, providers and certificates: ${label}`, { skip: options.skip ?? false }, () => {
    const { store } = useSuiteStore(openDatabase, seedAccounts);

    describe('signing certificates', () => {
      test('per user up to the limit, oldest first; the user name follows a rename', async () => {
        const alice = user('Alice');
        await store.write((tx) => tx.users.create(alice));
        const first = signing('Alice', { uploadDate: T0 });
        const second = signing('alice', { uploadDate: new Date(T0.getTime() + 1000) });
        await store.write((tx) => tx.signingCertificates.createWithLimit(second, 2));
        await store.write((tx) => tx.signingCertificates.createWithLimit(first, 2));
        await assert.rejects(
          store.write((tx) => tx.signingCertificates.createWithLimit(signing('Alice'), 2)),
          (e) => e instanceof StoreLimitExceeded && e.limit === 2,
        );
        const listed = await store.read((tx) => tx.signingCertificates.listForUser(ACCOUNT, 'ALICE'));
        assert.deepEqual(listed.map((c) => c.certificateId), [first.certificateId, second.certificateId]);
        assert.deepEqual(listed[0], { ...first, userName: 'Alice' });
        await store.write((tx) => tx.users.update(ACCOUNT, 'Alice', { name: 'Alicia' }));
        assert.equal((await store.read((tx) => tx.signingCertificates.get(first.certificateId)))?.userName, 'Alicia');
        assert.equal(await store.read((tx) => tx.signingCertificates.countForUserId(alice.userId)), 2);
      });

      test('a certificate is held once per account; another account may hold it too', async () => {
        await store.write(async (tx) => {
          await tx.users.create(user('Alice'));
          await tx.users.create(user('Bob'));
          await tx.users.create(user('Carol', OTHER_ACCOUNT));
        });
        const fingerprint = hex(32);
        await store.write((tx) => tx.signingCertificates.createWithLimit(signing('Alice', { fingerprint }), 2));
        await store.write(async (tx) => {
          await assert.rejects(tx.signingCertificates.createWithLimit(signing('Bob', { fingerprint }), 2), StoreConflict);
          // The transaction stays usable after the conflict.
          await tx.signingCertificates.createWithLimit(signing('Bob'), 2);
        });
        await store.write((tx) => tx.signingCertificates.createWithLimit(signing('Carol', { accountId: OTHER_ACCOUNT, fingerprint }), 2));
        assert.equal((await store.read((tx) => tx.signingCertificates.listForUser(ACCOUNT, 'Bob'))).length, 1);
      });

      test('root certificates, unknown owners, status, delete, and the user delete cascade', async () => {
        const root = signing(null);
        await store.write((tx) => tx.signingCertificates.createWithLimit(root, 2));
        assert.deepEqual(await store.read((tx) => tx.signingCertificates.listForUser(ACCOUNT, null)), [root]);
        assert.deepEqual(await store.read((tx) => tx.signingCertificates.listForUser(OTHER_ACCOUNT, null)), []);
        await assert.rejects(store.write((tx) => tx.signingCertificates.createWithLimit(signing('Nobody'), 2)), StoreNotFound);
        await assert.rejects(store.write((tx) => tx.signingCertificates.createWithLimit(signing(null, { accountId: '999999999999' }), 2)), StoreNotFound);

        assert.equal(await store.write((tx) => tx.signingCertificates.setStatus(root.certificateId, 'Inactive')), true);
        assert.equal((await store.read((tx) => tx.signingCertificates.get(root.certificateId)))?.status, 'Inactive');
        assert.equal(await store.write((tx) => tx.signingCertificates.setStatus('NOPE'.repeat(6), 'Inactive')), false);
        assert.equal(await store.write((tx) => tx.signingCertificates.delete(root.certificateId)), true);
        assert.equal(await store.write((tx) => tx.signingCertificates.delete(root.certificateId)), false);

        const bob = user('Bob');
        await store.write((tx) => tx.users.create(bob));
        const bobs = signing('Bob');
        await store.write((tx) => tx.signingCertificates.createWithLimit(bobs, 2));
        await store.write((tx) => tx.users.delete(ACCOUNT, 'Bob'));
        assert.equal(await store.read((tx) => tx.signingCertificates.get(bobs.certificateId)), undefined);
        assert.equal(await store.read((tx) => tx.signingCertificates.countForUserId(bob.userId)), 0);
      });

      test('racing uploads for the last slot: exactly the limit wins', async () => {
        await store.write((tx) => tx.users.create(user('Racer')));
        const { won, lost } = await raceWrites(store, 6, (tx) => tx.signingCertificates.createWithLimit(signing('Racer'), 2));
        assert.equal(won.length, 2);
        assert.ok(lost.every((e) => e instanceof StoreLimitExceeded), String(lost));
        assert.equal((await store.read((tx) => tx.signingCertificates.listForUser(ACCOUNT, 'Racer'))).length, 2);
      });
    });

    describe('server certificates', () => {
      test('create, get in any case, the account limit, names unique per account regardless of case', async () => {
        const web = serverCertificate('Web', { path: '/cloudfront/', chain: 'chain' });
        assert.deepEqual(await store.write((tx) => tx.serverCertificates.createWithLimit(web, 2)), web);
        assert.deepEqual(await store.read((tx) => tx.serverCertificates.get(ACCOUNT, 'WEB')), web);
        assert.equal(await store.read((tx) => tx.serverCertificates.get(OTHER_ACCOUNT, 'Web')), undefined);
        await assert.rejects(store.write((tx) => tx.serverCertificates.createWithLimit(serverCertificate('web'), 2)), StoreConflict);
        await store.write((tx) => tx.serverCertificates.createWithLimit(serverCertificate('web', { accountId: OTHER_ACCOUNT }), 2));
        await store.write((tx) => tx.serverCertificates.createWithLimit(serverCertificate('Api'), 2));
        await assert.rejects(store.write((tx) => tx.serverCertificates.createWithLimit(serverCertificate('Third'), 2)), StoreLimitExceeded);
        assert.equal(await store.read((tx) => tx.serverCertificates.count(ACCOUNT)), 2);
        const got = await store.read((tx) => tx.serverCertificates.get(ACCOUNT, 'api'));
        assert.equal(got?.chain, undefined);
        assert.deepEqual(got?.privateKeyCiphertext instanceof Uint8Array, true);
      });

      test('rename and move keep the id and tags; a taken name conflicts', async () => {
        const web = serverCertificate('Web');
        await store.write(async (tx) => {
          await tx.serverCertificates.createWithLimit(web, 20);
          await tx.serverCertificates.createWithLimit(serverCertificate('Api'), 20);
          await tx.tags.put({ resourceType: 'server-certificate', resourceKey: web.serverCertificateId }, [{ key: 'env', value: 'prod' }]);
        });
        const arn = `arn:aws:iam::${ACCOUNT}:server-certificate/edge/Www`;
        const moved = await store.write((tx) => tx.serverCertificates.update(ACCOUNT, 'web', { name: 'Www', path: '/edge/', arn }));
        assert.deepEqual(moved, { ...web, name: 'Www', path: '/edge/', arn });
        assert.equal(await store.read((tx) => tx.serverCertificates.get(ACCOUNT, 'Web')), undefined);
        await assert.rejects(store.write((tx) => tx.serverCertificates.update(ACCOUNT, 'Www', { name: 'API' })), StoreConflict);
        assert.equal(await store.write((tx) => tx.serverCertificates.update(ACCOUNT, 'Nope', { name: 'X' })), undefined);
        const tagged = await store.read((tx) => tx.tags.listAll({ resourceType: 'server-certificate', resourceKey: web.serverCertificateId }));
        assert.deepEqual(tagged.map((t) => t.key), ['env']);
        assert.equal(await store.write((tx) => tx.serverCertificates.delete(ACCOUNT, 'www')), true);
        assert.equal(await store.write((tx) => tx.serverCertificates.delete(ACCOUNT, 'www')), false);
        assert.deepEqual(await store.read((tx) => tx.tags.listAll({ resourceType: 'server-certificate', resourceKey: web.serverCertificateId })), []);
      });

      test('list by path prefix, in pages, ordered by name regardless of case', async () => {
        await store.write(async (tx) => {
          for (const [name, path] of [['delta', '/a/'], ['Alpha', '/a/'], ['charlie', '/b/'], ['Bravo', '/a/b/']] as const) {
            await tx.serverCertificates.createWithLimit(serverCertificate(name, { path }), 20);
          }
        });
        const names = async (pathPrefix: string) =>
          (await store.read((tx) => tx.serverCertificates.list(ACCOUNT, { pathPrefix }))).items.map((c) => c.name);
        assert.deepEqual(await names('/'), ['Alpha', 'Bravo', 'charlie', 'delta']);
        assert.deepEqual(await names('/a/'), ['Alpha', 'Bravo', 'delta']);
        assert.deepEqual(await names('/A/'), []);
        const first = await store.read((tx) => tx.serverCertificates.list(ACCOUNT, { maxItems: 3 }));
        assert.equal(first.isTruncated, true);
        const second = await store.read((tx) => tx.serverCertificates.list(ACCOUNT, { maxItems: 3, marker: first.marker! }));
        assert.deepEqual(second.items.map((c) => c.name), ['delta']);
        assert.equal(second.isTruncated, false);
        await assert.rejects(store.read((tx) => tx.serverCertificates.list(ACCOUNT, { marker: 'not a marker!' })), StoreInvalidMarker);
      });

      test('racing uploads for the last slot: exactly the limit wins', async () => {
        const { won, lost } = await raceWrites(store, 5, (tx, i) => tx.serverCertificates.createWithLimit(serverCertificate(`racer-${i}`), 3));
        assert.equal(won.length, 3);
        assert.ok(lost.every((e) => e instanceof StoreLimitExceeded), String(lost));
      });
    });

    describe('OIDC providers', () => {
      test('create, get, update the lists, list per account, delete with tags', async () => {
        const github = oidc('token.actions.githubusercontent.com');
        assert.deepEqual(await store.write((tx) => tx.oidcProviders.createWithLimit(github, 100)), github);
        await assert.rejects(store.write((tx) => tx.oidcProviders.createWithLimit({ ...github, providerId: hex(16) }, 100)), StoreConflict);
        await store.write((tx) => tx.oidcProviders.createWithLimit(oidc('accounts.google.com'), 100));
        await store.write((tx) => tx.oidcProviders.createWithLimit(oidc('token.actions.githubusercontent.com', OTHER_ACCOUNT), 100));
        assert.deepEqual(await store.read((tx) => tx.oidcProviders.get(github.arn)), github);
        assert.deepEqual(await store.write((tx) => tx.oidcProviders.getForUpdate(github.arn)), github);

        const updated = await store.write((tx) => tx.oidcProviders.update(github.arn, { clientIds: ['a', 'b'], thumbprints: [] }));
        assert.deepEqual(updated, { ...github, clientIds: ['a', 'b'], thumbprints: [] });
        assert.deepEqual(await store.read((tx) => tx.oidcProviders.get(github.arn)), updated);
        assert.equal(await store.write((tx) => tx.oidcProviders.update('arn:aws:iam::123456789012:oidc-provider/none', { clientIds: [] })), undefined);

        assert.deepEqual(
          (await store.read((tx) => tx.oidcProviders.listAll(ACCOUNT))).map((p) => p.url),
          ['accounts.google.com', 'token.actions.githubusercontent.com'],
        );
        const owner = { resourceType: 'oidc-provider' as const, resourceKey: github.providerId };
        await store.write((tx) => tx.tags.put(owner, [{ key: 'team', value: 'ci' }]));
        assert.equal(await store.write((tx) => tx.oidcProviders.delete(github.arn)), true);
        assert.equal(await store.write((tx) => tx.oidcProviders.delete(github.arn)), false);
        assert.deepEqual(await store.read((tx) => tx.tags.listAll(owner)), []);
        assert.equal((await store.read((tx) => tx.oidcProviders.listAll(OTHER_ACCOUNT))).length, 1);
      });

      test('the account limit holds under racing creates', async () => {
        await assert.rejects(store.write((tx) => tx.oidcProviders.createWithLimit(oidc('a.example.com', '999999999999'), 2)), StoreNotFound);
        const { won, lost } = await raceWrites(store, 5, (tx, i) => tx.oidcProviders.createWithLimit(oidc(`idp${i}.example.com`), 2));
        assert.equal(won.length, 2);
        assert.ok(lost.every((e) => e instanceof StoreLimitExceeded), String(lost));
      });
    });

    describe('SAML providers', () => {
      test('create with keys, get, update metadata and keys, names unique regardless of case, delete with keys and tags', async () => {
        const okta = saml('Okta', ACCOUNT, 1);
        assert.deepEqual(await store.write((tx) => tx.samlProviders.createWithLimit(okta, 100)), okta);
        assert.deepEqual(await store.read((tx) => tx.samlProviders.get(okta.arn)), okta);
        assert.deepEqual(await store.write((tx) => tx.samlProviders.getForUpdate(okta.arn)), okta);
        await assert.rejects(store.write((tx) => tx.samlProviders.createWithLimit(saml('OKTA'), 100)), StoreConflict);
        await store.write((tx) => tx.samlProviders.createWithLimit(saml('Okta', OTHER_ACCOUNT), 100));

        const [kept] = okta.privateKeys;
        const added = { keyId: hex(13), privateKeyCiphertext: new Uint8Array(randomBytes(32)), timestamp: new Date(T0.getTime() + 60_000) };
        const updated = await store.write((tx) =>
          tx.samlProviders.update(okta.arn, { metadataDocument: '<new/>', validUntil: null, assertionEncryptionMode: 'Required', privateKeys: [kept!, added] }),
        );
        const { validUntil: _dropped, ...withoutValidUntil } = okta;
        void _dropped;
        assert.deepEqual(updated, { ...withoutValidUntil, metadataDocument: '<new/>', assertionEncryptionMode: 'Required', privateKeys: [kept, added] });
        assert.deepEqual(await store.read((tx) => tx.samlProviders.get(okta.arn)), updated);
        const cleared = await store.write((tx) => tx.samlProviders.update(okta.arn, { assertionEncryptionMode: null, privateKeys: [] }));
        assert.equal(cleared?.assertionEncryptionMode, undefined);
        assert.deepEqual(cleared?.privateKeys, []);
        assert.equal(await store.write((tx) => tx.samlProviders.update(`${okta.arn}x`, { metadataDocument: 'x' })), undefined);

        await store.write((tx) => tx.samlProviders.createWithLimit(saml('Azure', ACCOUNT, 2), 100));
        const listed = await store.read((tx) => tx.samlProviders.listAll(ACCOUNT));
        assert.deepEqual(listed.map((p) => [p.name, p.privateKeys.length]), [['Azure', 2], ['Okta', 0]]);

        const owner = { resourceType: 'saml-provider' as const, resourceKey: okta.providerId };
        await store.write((tx) => tx.tags.put(owner, [{ key: 'team', value: 'id' }]));
        assert.equal(await store.write((tx) => tx.samlProviders.delete(okta.arn)), true);
        assert.equal(await store.write((tx) => tx.samlProviders.delete(okta.arn)), false);
        assert.deepEqual(await store.read((tx) => tx.tags.listAll(owner)), []);
        assert.equal((await store.read((tx) => tx.samlProviders.listAll(OTHER_ACCOUNT))).length, 1);
      });

      test('the account limit holds under racing creates', async () => {
        const { won, lost } = await raceWrites(store, 5, (tx, i) => tx.samlProviders.createWithLimit(saml(`idp-${i}`), 3));
        assert.equal(won.length, 3);
        assert.ok(lost.every((e) => e instanceof StoreLimitExceeded), String(lost));
      });
    });
  });
}
