// OpenID Connect and SAML identity providers through the SDK: URL and metadata rules, client id
// and thumbprint lists with their limits, assertion-encryption keys, tags, the per-account
// quotas, AWS's errors, and authorization. Fixtures: test/fixtures/saml, test/fixtures/certs.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateSAMLProviderCommand,
  DeleteOpenIDConnectProviderCommand,
  DeleteSAMLProviderCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  ListOpenIDConnectProvidersCommand,
  ListOpenIDConnectProviderTagsCommand,
  ListSAMLProvidersCommand,
  ListSAMLProviderTagsCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  TagSAMLProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UntagSAMLProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  UpdateSAMLProviderCommand,
} from '@aws-sdk/client-iam';
import {
  accessDeniedMessage,
  awsCli,
  awsCliMissing,
  boto3,
  boto3Missing,
  policy,
  rejectsWith,
  serverFixture,
  signedCall,
  userWithKey,
} from './helpers.js';

const metadata = readFileSync(new URL('../fixtures/saml/idp-metadata.xml', import.meta.url), 'utf8');
const cert = (name: string): string => readFileSync(new URL(`../fixtures/certs/${name}`, import.meta.url), 'utf8');
const thumb = (c: string): string => c.repeat(40);

const fx = serverFixture();
const { iam: client } = fx;

test('OIDC providers: create, get, client ids, thumbprints, tags, list, delete', async () => {
  const created = await fx.root.send(
    new CreateOpenIDConnectProviderCommand({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIDList: ['sts.amazonaws.com'],
      ThumbprintList: [thumb('a')],
      Tags: [{ Key: 'team', Value: 'ci' }],
    }),
  );
  const arn = created.OpenIDConnectProviderArn!;
  assert.equal(arn, `arn:aws:iam::${fx.ts.accountId}:oidc-provider/token.actions.githubusercontent.com`);
  assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'ci' }]);

  const got = await fx.root.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  assert.equal(got.Url, 'token.actions.githubusercontent.com');
  assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com']);
  assert.deepEqual(got.ThumbprintList, [thumb('a')]);
  assert.ok(got.CreateDate instanceof Date);
  assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'ci' }]);

  await rejectsWith(fx.root.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.actions.githubusercontent.com', ThumbprintList: [thumb('b')] })), {
    code: 'EntityAlreadyExists',
    status: 409,
    message: 'Provider with url https://token.actions.githubusercontent.com already exists.',
  });

  await fx.root.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'my-app' }));
  await fx.root.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'my-app' }));
  await fx.root.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'sts.amazonaws.com' }));
  await fx.root.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'not-there' }));
  await fx.root.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: [thumb('c'), thumb('d')] }));
  const changed = await fx.root.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  assert.deepEqual(changed.ClientIDList, ['my-app']);
  assert.deepEqual(changed.ThumbprintList, [thumb('c'), thumb('d')]);

  await fx.root.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'Team', Value: 'other' }] }));
  await fx.root.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['team'] }));
  const tags = await fx.root.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }));
  // Provider tag keys are case-sensitive: "Team" and "team" were two keys.
  assert.deepEqual(tags.Tags, [{ Key: 'Team', Value: 'other' }, { Key: 'env', Value: 'prod' }]);
  assert.equal(tags.IsTruncated, false);

  await fx.root.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://oidc.example.com/tenant/1', ThumbprintList: [thumb('e')] }));
  const list = await fx.root.send(new ListOpenIDConnectProvidersCommand({}));
  assert.deepEqual(list.OpenIDConnectProviderList!.map((p) => p.Arn), [
    `arn:aws:iam::${fx.ts.accountId}:oidc-provider/oidc.example.com/tenant/1`,
    arn,
  ]);

  await fx.root.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  // Deleting is idempotent (API_DeleteOpenIDConnectProvider.html).
  await fx.root.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
  await rejectsWith(fx.root.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })), {
    code: 'NoSuchEntity',
    status: 404,
    message: `OpenIDConnect Provider not found for arn ${arn}`,
  });
  await rejectsWith(fx.root.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'x' })), { code: 'NoSuchEntity', status: 404 });
  await rejectsWith(fx.root.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: 'arn:aws:iam::123456789012:role/not-a-provider' })), {
    code: 'InvalidInput',
    status: 400,
  });
  await fx.root.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: `arn:aws:iam::${fx.ts.accountId}:oidc-provider/oidc.example.com/tenant/1` }));
});

test('OIDC providers: the URL rules, the thumbprint rules, and an unreachable provider', async () => {
  for (const Url of ['http://idp.example.com', 'https://idp.example.com?x=1', 'https://idp.example.com:8443', 'idp.example.com', 'https://idp.example.com#a']) {
    await rejectsWith(fx.root.send(new CreateOpenIDConnectProviderCommand({ Url, ThumbprintList: [thumb('a')] })), {
      code: 'InvalidInput',
      status: 400,
      message: 'Invalid Open ID Connect Provider URL',
    });
  }
  await rejectsWith(fx.root.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://idp.example.com', ThumbprintList: ['a', 'b', 'c', 'd', 'e', 'f'].map(thumb) })), {
    code: 'LimitExceeded',
    status: 409,
    message: 'Cannot exceed quota for ThumbprintsPerOpenIdConnectProvider: 5',
  });
  await rejectsWith(fx.root.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://idp.example.com', ThumbprintList: ['z'.repeat(40)] })), {
    code: 'InvalidInput',
    status: 400,
  });
  // The model's own bounds: a thumbprint is exactly 40 characters.
  await rejectsWith(fx.root.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://idp.example.com', ThumbprintList: ['abc'] })), {
    code: 'ValidationError',
    status: 400,
  });
  // Without a ThumbprintList IAM asks the provider's host for its certificate chain.
  await rejectsWith(fx.root.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://nonexistent.invalid', ClientIDList: ['a'] })), {
    code: 'OpenIdIdpCommunicationError',
    status: 400,
  });
  assert.deepEqual((await fx.root.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList, []);
});

test('OIDC providers: 100 client ids and the 101st; 100 providers and the 101st', async () => {
  const arn = (
    await fx.root.send(
      new CreateOpenIDConnectProviderCommand({
        Url: 'https://clients.example.com',
        ThumbprintList: [thumb('a')],
        ClientIDList: Array.from({ length: 99 }, (_, i) => `client-${i}`),
      }),
    )
  ).OpenIDConnectProviderArn!;
  await fx.root.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'client-99' }));
  await rejectsWith(fx.root.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'client-100' })), {
    code: 'LimitExceeded',
    status: 409,
    message: 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
  });
  assert.equal((await fx.root.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).ClientIDList!.length, 100);

  for (let i = 1; i < 100; i++) {
    await fx.root.send(new CreateOpenIDConnectProviderCommand({ Url: `https://idp${i}.example.com`, ThumbprintList: [thumb('a')] }));
  }
  await rejectsWith(fx.root.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://idp100.example.com', ThumbprintList: [thumb('a')] })), {
    code: 'LimitExceeded',
    status: 409,
    message: 'Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100',
  });
  const all = (await fx.root.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList!;
  assert.equal(all.length, 100);
  for (const p of all) await fx.root.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: p.Arn! }));
});

test('SAML providers: create, get, update metadata and keys, tags, list, delete', async () => {
  const created = await fx.root.send(new CreateSAMLProviderCommand({ Name: 'Okta', SAMLMetadataDocument: metadata, Tags: [{ Key: 'team', Value: 'id' }] }));
  const arn = created.SAMLProviderArn!;
  assert.equal(arn, `arn:aws:iam::${fx.ts.accountId}:saml-provider/Okta`);
  assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'id' }]);

  const got = await fx.root.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
  assert.equal(got.SAMLMetadataDocument, metadata);
  assert.equal(got.ValidUntil!.toISOString(), '2099-12-31T23:59:59.000Z');
  assert.ok(got.CreateDate instanceof Date);
  assert.match(got.SAMLProviderUUID!, /^[A-Z0-9]{22,64}$/);
  assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'id' }]);
  assert.equal(got.PrivateKeyList, undefined);

  await rejectsWith(fx.root.send(new CreateSAMLProviderCommand({ Name: 'okta', SAMLMetadataDocument: metadata })), { code: 'EntityAlreadyExists', status: 409 });

  // New metadata without a validUntil: valid for a hundred years from now.
  const undated = metadata.replace(' validUntil="2099-12-31T23:59:59Z"', '');
  assert.equal((await fx.root.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: undated }))).SAMLProviderArn, arn);
  const updated = await fx.root.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
  assert.equal(updated.SAMLMetadataDocument, undated);
  assert.ok(updated.ValidUntil!.getUTCFullYear() >= new Date().getUTCFullYear() + 99);

  // Assertion encryption: a key first, then Required; the key is never answered.
  await rejectsWith(fx.root.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AssertionEncryptionMode: 'Required' })), { code: 'InvalidInput', status: 400 });
  await fx.root.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AddPrivateKey: cert('server.key'), AssertionEncryptionMode: 'Required' }));
  await fx.root.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AddPrivateKey: cert('signing-1.key') }));
  await rejectsWith(fx.root.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AddPrivateKey: cert('signing-2.key') })), {
    code: 'LimitExceeded',
    status: 409,
  });
  const encrypted = await fx.root.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
  assert.equal(encrypted.AssertionEncryptionMode, 'Required');
  assert.equal(encrypted.PrivateKeyList!.length, 2);
  for (const k of encrypted.PrivateKeyList!) assert.match(k.KeyId!, /^[A-Z0-9]{22,64}$/);
  const raw = await signedCall(fx.ts.url, { Action: 'GetSAMLProvider', Version: '2010-05-08', SAMLProviderArn: arn }, { credentials: fx.ts.root });
  assert.doesNotMatch(raw.body, /PRIVATE KEY/);
  await fx.root.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, RemovePrivateKey: encrypted.PrivateKeyList![0]!.KeyId! }));
  assert.equal((await fx.root.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).PrivateKeyList!.length, 1);
  await rejectsWith(fx.root.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, RemovePrivateKey: 'A'.repeat(26) })), { code: 'InvalidInput', status: 400 });
  await rejectsWith(fx.root.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AddPrivateKey: 'not a key' })), { code: 'MalformedCertificate', status: 400 });

  await fx.root.send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
  await fx.root.send(new UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: ['team'] }));
  assert.deepEqual((await fx.root.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }))).Tags, [{ Key: 'env', Value: 'prod' }]);

  const list = (await fx.root.send(new ListSAMLProvidersCommand({}))).SAMLProviderList!;
  assert.deepEqual(list.map((p) => p.Arn), [arn]);
  assert.ok(list[0]!.ValidUntil instanceof Date && list[0]!.CreateDate instanceof Date);

  await fx.root.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn }));
  await rejectsWith(fx.root.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })), { code: 'NoSuchEntity', status: 404, message: `Manifest not found for arn ${arn}` });
  await rejectsWith(fx.root.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn })), { code: 'NoSuchEntity', status: 404 });
  await rejectsWith(fx.root.send(new GetSAMLProviderCommand({ SAMLProviderArn: 'arn:aws:iam::123456789012:user/not-a-provider' })), { code: 'InvalidInput', status: 400 });
});

test('SAML providers: metadata that is not SAML 2.0 IdP metadata is refused', async () => {
  const bad = [
    metadata.replace('</md:EntityDescriptor>', ''),
    metadata.replace(/IDPSSODescriptor/g, 'SPSSODescriptor'),
    metadata.replace('use="signing"', 'use="encryption"'),
    metadata.replace('urn:oasis:names:tc:SAML:2.0:metadata', 'urn:example:not-saml'),
  ];
  for (const doc of bad) {
    await rejectsWith(fx.root.send(new CreateSAMLProviderCommand({ Name: 'Bad', SAMLMetadataDocument: doc })), {
      code: 'InvalidInput',
      status: 400,
      message: 'Could not parse metadata',
    });
  }
  // The model's own lower bound on the document's length.
  await rejectsWith(fx.root.send(new CreateSAMLProviderCommand({ Name: 'Short', SAMLMetadataDocument: '<x/>' })), { code: 'ValidationError', status: 400 });
  assert.deepEqual((await fx.root.send(new ListSAMLProvidersCommand({}))).SAMLProviderList, []);
});

test('SAML providers: 100 per account, the 101st refused', async () => {
  for (let i = 0; i < 100; i++) await fx.root.send(new CreateSAMLProviderCommand({ Name: `idp-${i}`, SAMLMetadataDocument: metadata }));
  await rejectsWith(fx.root.send(new CreateSAMLProviderCommand({ Name: 'idp-100', SAMLMetadataDocument: metadata })), {
    code: 'LimitExceeded',
    status: 409,
    message: 'Cannot exceed quota for SAMLProvidersPerAccount: 100',
  });
  const all = (await fx.root.send(new ListSAMLProvidersCommand({}))).SAMLProviderList!;
  assert.equal(all.length, 100);
  for (const p of all) await fx.root.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: p.Arn! }));
});

test('providers: an unprivileged user is denied; a scoped policy allows exactly its provider', async () => {
  const oktaArn = (await fx.root.send(new CreateSAMLProviderCommand({ Name: 'Scoped', SAMLMetadataDocument: metadata }))).SAMLProviderArn!;
  const otherArn = (await fx.root.send(new CreateSAMLProviderCommand({ Name: 'Other', SAMLMetadataDocument: metadata }))).SAMLProviderArn!;
  const oidcArn = (await fx.root.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://auth.example.com', ThumbprintList: [thumb('a')] }))).OpenIDConnectProviderArn!;

  const nobody = client(await userWithKey(fx.root, 'idp-nobody'));
  const nobodyArn = `arn:aws:iam::${fx.ts.accountId}:user/idp-nobody`;
  await rejectsWith(nobody.send(new CreateSAMLProviderCommand({ Name: 'Mine', SAMLMetadataDocument: metadata })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(nobodyArn, 'iam:CreateSAMLProvider', `arn:aws:iam::${fx.ts.accountId}:saml-provider/Mine`, 'implicit'),
  });
  await rejectsWith(nobody.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: oidcArn })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(nobodyArn, 'iam:GetOpenIDConnectProvider', oidcArn, 'implicit'),
  });
  await rejectsWith(nobody.send(new ListOpenIDConnectProvidersCommand({})), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(nobodyArn, 'iam:ListOpenIDConnectProviders', '*', 'implicit'),
  });

  const reader = client(
    await userWithKey(fx.root, 'idp-reader', {
      One: policy({ Effect: 'Allow', Action: ['iam:GetSAMLProvider', 'iam:ListSAMLProviderTags'], Resource: oktaArn }),
    }),
  );
  assert.equal((await reader.send(new GetSAMLProviderCommand({ SAMLProviderArn: oktaArn }))).SAMLMetadataDocument, metadata);
  await reader.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: oktaArn }));
  await rejectsWith(reader.send(new GetSAMLProviderCommand({ SAMLProviderArn: otherArn })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(`arn:aws:iam::${fx.ts.accountId}:user/idp-reader`, 'iam:GetSAMLProvider', otherArn, 'implicit'),
  });
  await rejectsWith(reader.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: oktaArn })), { code: 'AccessDenied', status: 403 });

  // A tag condition on the provider (aws:ResourceTag).
  await fx.root.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: oidcArn, Tags: [{ Key: 'team', Value: 'blue' }] }));
  const blue = client(
    await userWithKey(fx.root, 'idp-blue', {
      Blue: policy({ Effect: 'Allow', Action: 'iam:GetOpenIDConnectProvider', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } }),
    }),
  );
  assert.equal((await blue.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: oidcArn }))).Url, 'auth.example.com');
  await fx.root.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: oidcArn, Tags: [{ Key: 'team', Value: 'red' }] }));
  await rejectsWith(blue.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: oidcArn })), { code: 'AccessDenied', status: 403 });
});

test('aws-cli creates an OIDC provider and a SAML provider from a metadata file', { skip: awsCliMissing() }, async () => {
  const created = await awsCli(fx.ts.url, fx.ts.root, [
    'iam', 'create-open-id-connect-provider', '--url', 'https://cli.example.com', '--client-id-list', 'sts.amazonaws.com', '--thumbprint-list', thumb('f'),
  ]);
  assert.equal(created.code, 0, created.stderr);
  const arn = (created.json as { OpenIDConnectProviderArn: string }).OpenIDConnectProviderArn;
  assert.equal(arn, `arn:aws:iam::${fx.ts.accountId}:oidc-provider/cli.example.com`);
  const got = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'get-open-id-connect-provider', '--open-id-connect-provider-arn', arn]);
  assert.equal((got.json as { Url: string }).Url, 'cli.example.com');
  const bad = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'create-open-id-connect-provider', '--url', 'http://cli.example.com', '--thumbprint-list', thumb('f')]);
  assert.equal(bad.error?.code, 'InvalidInput');
  assert.equal((await awsCli(fx.ts.url, fx.ts.root, ['iam', 'delete-open-id-connect-provider', '--open-id-connect-provider-arn', arn])).code, 0);

  const file = `file://${fileURLToPath(new URL('../fixtures/saml/idp-metadata.xml', import.meta.url))}`;
  const saml = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'create-saml-provider', '--name', 'FromCli', '--saml-metadata-document', file]);
  assert.equal(saml.code, 0, saml.stderr);
  const samlArn = (saml.json as { SAMLProviderArn: string }).SAMLProviderArn;
  assert.equal(samlArn, `arn:aws:iam::${fx.ts.accountId}:saml-provider/FromCli`);
  assert.equal((await awsCli(fx.ts.url, fx.ts.root, ['iam', 'delete-saml-provider', '--saml-provider-arn', samlArn])).code, 0);
});

test('boto3 manages OIDC client ids and reads a SAML provider', { skip: boto3Missing() }, async () => {
  const r = await boto3(
    fx.ts.url,
    fx.ts.root,
    `
arn = iam.create_open_id_connect_provider(Url='https://boto.example.com', ClientIDList=['a'], ThumbprintList=[V['thumb']])['OpenIDConnectProviderArn']
iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID='b')
out['clients'] = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)['ClientIDList']
iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
out['gone'] = err(iam.get_open_id_connect_provider, OpenIDConnectProviderArn=arn)
s = iam.create_saml_provider(Name='Boto', SAMLMetadataDocument=V['metadata'])['SAMLProviderArn']
g = iam.get_saml_provider(SAMLProviderArn=s)
out['validUntil'] = g['ValidUntil'].isoformat()
out['bad'] = err(iam.create_saml_provider, Name='Bad', SAMLMetadataDocument=V['metadata'].replace('IDPSSODescriptor', 'SPSSODescriptor'))
iam.delete_saml_provider(SAMLProviderArn=s)
`,
    { thumb: thumb('9'), metadata },
  );
  assert.deepEqual(r.out.clients, ['a', 'b']);
  assert.equal((r.out.gone as { code: string }).code, 'NoSuchEntity');
  assert.equal(r.out.validUntil, '2099-12-31T23:59:59+00:00');
  assert.deepEqual(r.out.bad, { code: 'InvalidInput', message: 'Could not parse metadata', status: 400 });
});
