// Signing and server certificates through the SDK: upload, status, listing, the per-user and
// per-account quotas, AWS's certificate errors (MalformedCertificate, InvalidCertificate,
// DuplicateCertificate, KeyPairMismatch, chain order), DeleteUser's DeleteConflict, tags, the
// private key never answered and sealed at rest, and authorization. Fixtures: test/fixtures/certs.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import {
  CreateUserCommand,
  DeleteServerCertificateCommand,
  DeleteSigningCertificateCommand,
  DeleteUserCommand,
  GetServerCertificateCommand,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  ListSigningCertificatesCommand,
  TagServerCertificateCommand,
  UntagServerCertificateCommand,
  UpdateServerCertificateCommand,
  UpdateSigningCertificateCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
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

const cert = (name: string): string => readFileSync(new URL(`../fixtures/certs/${name}`, import.meta.url), 'utf8');

const fx = serverFixture();
const { iam: client } = fx;

test('signing certificates: upload, list, deactivate, delete; the id is 32 upper-case letters and digits', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'Signer' }));
  const uploaded = (await fx.root.send(new UploadSigningCertificateCommand({ UserName: 'Signer', CertificateBody: cert('signing-1.pem') }))).Certificate!;
  assert.match(uploaded.CertificateId!, /^[A-Z0-9]{32}$/);
  assert.equal(uploaded.UserName, 'Signer');
  assert.equal(uploaded.Status, 'Active');
  assert.equal(uploaded.CertificateBody, cert('signing-1.pem'));
  assert.ok(uploaded.UploadDate instanceof Date);

  await fx.root.send(new UpdateSigningCertificateCommand({ UserName: 'signer', CertificateId: uploaded.CertificateId!, Status: 'Inactive' }));
  const listed = await fx.root.send(new ListSigningCertificatesCommand({ UserName: 'Signer' }));
  assert.equal(listed.IsTruncated, false);
  assert.deepEqual(listed.Certificates!.map((c) => [c.CertificateId, c.Status]), [[uploaded.CertificateId, 'Inactive']]);

  await rejectsWith(fx.root.send(new UpdateSigningCertificateCommand({ UserName: 'Signer', CertificateId: 'A'.repeat(32), Status: 'Active' })), {
    code: 'NoSuchEntity',
    status: 404,
    message: `The Certificate with id ${'A'.repeat(32)} cannot be found.`,
  });
  await rejectsWith(fx.root.send(new UploadSigningCertificateCommand({ UserName: 'Nobody', CertificateBody: cert('signing-1.pem') })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'The user with name Nobody cannot be found.',
  });

  // DeleteUser refuses while the user has a signing certificate.
  await rejectsWith(fx.root.send(new DeleteUserCommand({ UserName: 'Signer' })), {
    code: 'DeleteConflict',
    status: 409,
    message: 'Cannot delete entity, must delete signing certificates first.',
  });
  await fx.root.send(new DeleteSigningCertificateCommand({ UserName: 'Signer', CertificateId: uploaded.CertificateId! }));
  await rejectsWith(fx.root.send(new DeleteSigningCertificateCommand({ UserName: 'Signer', CertificateId: uploaded.CertificateId! })), { code: 'NoSuchEntity', status: 404 });
  await fx.root.send(new DeleteUserCommand({ UserName: 'Signer' }));
});

test('signing certificates: two per user, each certificate once per account, malformed and expired refused', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'Quota' }));
  await fx.root.send(new CreateUserCommand({ UserName: 'Other' }));
  await fx.root.send(new UploadSigningCertificateCommand({ UserName: 'Quota', CertificateBody: cert('signing-1.pem') }));
  await rejectsWith(fx.root.send(new UploadSigningCertificateCommand({ UserName: 'Other', CertificateBody: cert('signing-1.pem') })), {
    code: 'DuplicateCertificate',
    status: 409,
  });
  await fx.root.send(new UploadSigningCertificateCommand({ UserName: 'Quota', CertificateBody: cert('signing-2.pem') }));
  await rejectsWith(fx.root.send(new UploadSigningCertificateCommand({ UserName: 'Quota', CertificateBody: cert('signing-3.pem') })), {
    code: 'LimitExceeded',
    status: 409,
    message: 'Cannot exceed quota for CertificatesPerUser: 2',
  });
  await rejectsWith(fx.root.send(new UploadSigningCertificateCommand({ UserName: 'Other', CertificateBody: 'not a certificate' })), {
    code: 'MalformedCertificate',
    status: 400,
    message: 'Unable to parse certificate. Please ensure the certificate is in PEM format.',
  });
  await rejectsWith(fx.root.send(new UploadSigningCertificateCommand({ UserName: 'Other', CertificateBody: cert('expired.pem') })), {
    code: 'InvalidCertificate',
    status: 400,
  });
  await rejectsWith(fx.root.send(new UploadSigningCertificateCommand({ UserName: 'Other', CertificateBody: cert('future.pem') })), {
    code: 'InvalidCertificate',
    status: 400,
  });
  // Pages of one, the marker handed back.
  const first = await fx.root.send(new ListSigningCertificatesCommand({ UserName: 'Quota', MaxItems: 1 }));
  assert.equal(first.IsTruncated, true);
  const second = await fx.root.send(new ListSigningCertificatesCommand({ UserName: 'Quota', MaxItems: 1, Marker: first.Marker! }));
  assert.equal(second.IsTruncated, false);
  assert.notEqual(first.Certificates![0]!.CertificateId, second.Certificates![0]!.CertificateId);
});

test('signing certificates without UserName are the calling user’s', async () => {
  const me = client(
    await userWithKey(fx.root, 'SelfSigner', {
      Self: policy({ Effect: 'Allow', Action: ['iam:UploadSigningCertificate', 'iam:ListSigningCertificates'], Resource: `arn:aws:iam::${fx.ts.accountId}:user/SelfSigner` }),
    }),
  );
  const mine = (await me.send(new UploadSigningCertificateCommand({ CertificateBody: cert('signing-3.pem') }))).Certificate!;
  assert.equal(mine.UserName, 'SelfSigner');
  assert.deepEqual((await me.send(new ListSigningCertificatesCommand({}))).Certificates!.map((c) => c.CertificateId), [mine.CertificateId]);
  // Someone else's certificates are another resource.
  await rejectsWith(me.send(new ListSigningCertificatesCommand({ UserName: 'Quota' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(`arn:aws:iam::${fx.ts.accountId}:user/SelfSigner`, 'iam:ListSigningCertificates', `arn:aws:iam::${fx.ts.accountId}:user/Quota`, 'implicit'),
  });
});

test('signing certificates of the root user: without UserName, the root user’s own', async () => {
  const mine = (await fx.root.send(new UploadSigningCertificateCommand({ CertificateBody: cert('intermediate-ca.pem') }))).Certificate!;
  assert.match(mine.CertificateId!, /^[A-Z0-9]{32}$/);
  assert.deepEqual((await fx.root.send(new ListSigningCertificatesCommand({}))).Certificates!.map((c) => c.CertificateId), [mine.CertificateId]);
  // Not a user's: naming a user does not reach it.
  await fx.root.send(new CreateUserCommand({ UserName: 'NotRoot' }));
  await rejectsWith(fx.root.send(new DeleteSigningCertificateCommand({ UserName: 'NotRoot', CertificateId: mine.CertificateId! })), { code: 'NoSuchEntity', status: 404 });
  await fx.root.send(new DeleteSigningCertificateCommand({ CertificateId: mine.CertificateId! }));
  assert.deepEqual((await fx.root.send(new ListSigningCertificatesCommand({}))).Certificates, []);
});

test('server certificates: upload with chain and tags, get, list, rename and move, delete', async () => {
  const uploaded = await fx.root.send(
    new UploadServerCertificateCommand({
      ServerCertificateName: 'Web',
      Path: '/cloudfront/',
      CertificateBody: cert('server.pem'),
      PrivateKey: cert('server.key'),
      CertificateChain: cert('chain.pem'),
      Tags: [{ Key: 'env', Value: 'prod' }],
    }),
  );
  const meta = uploaded.ServerCertificateMetadata!;
  assert.match(meta.ServerCertificateId!, /^ASCA[A-Z2-7]{17}$/);
  assert.equal(meta.Arn, `arn:aws:iam::${fx.ts.accountId}:server-certificate/cloudfront/Web`);
  assert.equal(meta.Path, '/cloudfront/');
  assert.equal(meta.Expiration!.toISOString(), new Date(new (await import('node:crypto')).X509Certificate(cert('server.pem')).validTo).toISOString());
  assert.deepEqual(uploaded.Tags, [{ Key: 'env', Value: 'prod' }]);

  const got = (await fx.root.send(new GetServerCertificateCommand({ ServerCertificateName: 'web' }))).ServerCertificate!;
  assert.equal(got.CertificateBody, cert('server.pem'));
  assert.equal(got.CertificateChain, cert('chain.pem'));
  assert.deepEqual(got.Tags, [{ Key: 'env', Value: 'prod' }]);
  assert.equal(got.ServerCertificateMetadata!.ServerCertificateId, meta.ServerCertificateId);

  // The private key is never answered, and is sealed at rest.
  const raw = await signedCall(fx.ts.url, { Action: 'GetServerCertificate', Version: '2010-05-08', ServerCertificateName: 'Web' }, { credentials: fx.ts.root });
  assert.equal(raw.status, 200);
  assert.doesNotMatch(raw.body, /PRIVATE KEY/);
  const keyBody = cert('server.key').split('\n')[1]!;
  for (const file of readdirSync(fx.ts.dataDir)) {
    if (!file.startsWith('tessera.db')) continue;
    assert.ok(!readFileSync(join(fx.ts.dataDir, file)).includes(keyBody), `${file} holds the private key in the clear`);
  }

  await rejectsWith(
    fx.root.send(new UploadServerCertificateCommand({ ServerCertificateName: 'WEB', CertificateBody: cert('server.pem'), PrivateKey: cert('server.key') })),
    { code: 'EntityAlreadyExists', status: 409, message: 'The Server Certificate with name WEB already exists.' },
  );

  await fx.root.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'Web', NewServerCertificateName: 'Www', NewPath: '/edge/' }));
  await rejectsWith(fx.root.send(new GetServerCertificateCommand({ ServerCertificateName: 'Web' })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'The Server Certificate with name Web cannot be found.',
  });
  const moved = (await fx.root.send(new GetServerCertificateCommand({ ServerCertificateName: 'Www' }))).ServerCertificate!.ServerCertificateMetadata!;
  assert.equal(moved.Arn, `arn:aws:iam::${fx.ts.accountId}:server-certificate/edge/Www`);
  assert.equal(moved.ServerCertificateId, meta.ServerCertificateId);

  await fx.root.send(new UploadServerCertificateCommand({ ServerCertificateName: 'Api', CertificateBody: cert('server.pem'), PrivateKey: cert('server.key') }));
  await rejectsWith(fx.root.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'Api', NewServerCertificateName: 'www' })), {
    code: 'EntityAlreadyExists',
    status: 409,
  });
  const edge = await fx.root.send(new ListServerCertificatesCommand({ PathPrefix: '/edge/' }));
  assert.deepEqual(edge.ServerCertificateMetadataList!.map((c) => c.ServerCertificateName), ['Www']);

  // Tags.
  await fx.root.send(new TagServerCertificateCommand({ ServerCertificateName: 'Www', Tags: [{ Key: 'team', Value: 'web' }] }));
  await fx.root.send(new UntagServerCertificateCommand({ ServerCertificateName: 'Www', TagKeys: ['env'] }));
  assert.deepEqual((await fx.root.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'Www' }))).Tags, [{ Key: 'team', Value: 'web' }]);
  await rejectsWith(fx.root.send(new TagServerCertificateCommand({ ServerCertificateName: 'Www', Tags: [{ Key: 'aws:x', Value: 'y' }] })), {
    code: 'InvalidInput',
    status: 400,
  });

  await fx.root.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'Www' }));
  await fx.root.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'Api' }));
  await rejectsWith(fx.root.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'Www' })), { code: 'NoSuchEntity', status: 404 });
  await rejectsWith(fx.root.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'Www' })), { code: 'NoSuchEntity', status: 404 });
});

test('server certificates: AWS’s errors for the certificate, the key and the chain', async () => {
  const upload = (body: string, key: string, chain?: string) =>
    fx.root.send(
      new UploadServerCertificateCommand({ ServerCertificateName: 'Bad', CertificateBody: body, PrivateKey: key, ...(chain !== undefined ? { CertificateChain: chain } : {}) }),
    );
  await rejectsWith(upload('garbage', cert('server.key')), { code: 'MalformedCertificate', status: 400, message: /Unable to parse certificate/ });
  await rejectsWith(upload(cert('server.pem'), 'garbage'), { code: 'MalformedCertificate', status: 400, message: /private key/ });
  await rejectsWith(upload(cert('server.pem'), cert('other.key')), {
    code: 'KeyPairMismatch',
    status: 400,
    message: 'The private key did not match the public key provided. Please verify the key material and try again.',
  });
  await rejectsWith(upload(cert('expired.pem'), cert('expired.key')), { code: 'MalformedCertificate', status: 400, message: /expired/ });
  await rejectsWith(upload(cert('future.pem'), cert('future.key')), { code: 'MalformedCertificate', status: 400, message: /not yet valid/ });
  await rejectsWith(upload(cert('server.pem'), cert('server.key'), cert('chain-wrong-order.pem')), {
    code: 'MalformedCertificate',
    status: 400,
    message:
      'Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: -1',
  });
  await rejectsWith(upload(cert('server.pem'), cert('server.key'), cert('intermediate-ca.pem') + cert('signing-2.pem')), {
    code: 'MalformedCertificate',
    status: 400,
    message: /invalid certificate is: 0$/,
  });
  assert.deepEqual((await fx.root.send(new ListServerCertificatesCommand({}))).ServerCertificateMetadataList, []);
});

test('server certificates: 20 per account, the 21st refused; listing pages', async () => {
  for (let i = 0; i < 20; i++) {
    await fx.root.send(
      new UploadServerCertificateCommand({ ServerCertificateName: `cert-${String(i).padStart(2, '0')}`, CertificateBody: cert('server.pem'), PrivateKey: cert('server.key') }),
    );
  }
  await rejectsWith(
    fx.root.send(new UploadServerCertificateCommand({ ServerCertificateName: 'cert-20', CertificateBody: cert('server.pem'), PrivateKey: cert('server.key') })),
    { code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for ServerCertificatesPerAccount: 20' },
  );
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await fx.root.send(new ListServerCertificatesCommand({ MaxItems: 7, ...(marker ? { Marker: marker } : {}) }));
    names.push(...page.ServerCertificateMetadataList!.map((c) => c.ServerCertificateName!));
    assert.equal(page.IsTruncated, page.Marker !== undefined);
    marker = page.Marker;
  } while (marker);
  assert.deepEqual(names, Array.from({ length: 20 }, (_, i) => `cert-${String(i).padStart(2, '0')}`));
  await rejectsWith(fx.root.send(new ListServerCertificatesCommand({ Marker: 'bogus' })), { code: 'InvalidInput', status: 400 });
  for (const name of names) await fx.root.send(new DeleteServerCertificateCommand({ ServerCertificateName: name }));
});

test('server certificates: an unprivileged user is denied; a scoped policy allows exactly its certificate', async () => {
  await fx.root.send(new UploadServerCertificateCommand({ ServerCertificateName: 'Scoped', Path: '/team/', CertificateBody: cert('server.pem'), PrivateKey: cert('server.key') }));
  await fx.root.send(new UploadServerCertificateCommand({ ServerCertificateName: 'Others', CertificateBody: cert('server.pem'), PrivateKey: cert('server.key') }));
  const nobody = client(await userWithKey(fx.root, 'cert-nobody'));
  const nobodyArn = `arn:aws:iam::${fx.ts.accountId}:user/cert-nobody`;
  await rejectsWith(
    nobody.send(new UploadServerCertificateCommand({ ServerCertificateName: 'Mine', CertificateBody: cert('server.pem'), PrivateKey: cert('server.key') })),
    {
      code: 'AccessDenied',
      status: 403,
      message: accessDeniedMessage(nobodyArn, 'iam:UploadServerCertificate', `arn:aws:iam::${fx.ts.accountId}:server-certificate/Mine`, 'implicit'),
    },
  );
  await rejectsWith(nobody.send(new ListServerCertificatesCommand({})), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(nobodyArn, 'iam:ListServerCertificates', '*', 'implicit'),
  });

  const reader = client(
    await userWithKey(fx.root, 'cert-reader', {
      One: policy({ Effect: 'Allow', Action: 'iam:GetServerCertificate', Resource: `arn:aws:iam::${fx.ts.accountId}:server-certificate/team/Scoped` }),
    }),
  );
  const readerArn = `arn:aws:iam::${fx.ts.accountId}:user/cert-reader`;
  assert.equal((await reader.send(new GetServerCertificateCommand({ ServerCertificateName: 'Scoped' }))).ServerCertificate!.CertificateBody, cert('server.pem'));
  await rejectsWith(reader.send(new GetServerCertificateCommand({ ServerCertificateName: 'Others' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(readerArn, 'iam:GetServerCertificate', `arn:aws:iam::${fx.ts.accountId}:server-certificate/Others`, 'implicit'),
  });
  await rejectsWith(reader.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'Scoped' })), { code: 'AccessDenied', status: 403 });
  await fx.root.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'Scoped' }));
  await fx.root.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'Others' }));
});

test('aws-cli uploads a server certificate from files and lists it', { skip: awsCliMissing() }, async () => {
  const file = (name: string) => `file://${fileURLToPath(new URL(`../fixtures/certs/${name}`, import.meta.url))}`;
  const uploaded = await awsCli(fx.ts.url, fx.ts.root, [
    'iam', 'upload-server-certificate', '--server-certificate-name', 'FromCli', '--path', '/cli/',
    '--certificate-body', file('server.pem'), '--private-key', file('server.key'), '--certificate-chain', file('chain.pem'),
  ]);
  assert.equal(uploaded.code, 0, uploaded.stderr);
  const meta = (uploaded.json as { ServerCertificateMetadata: { Arn: string } }).ServerCertificateMetadata;
  assert.equal(meta.Arn, `arn:aws:iam::${fx.ts.accountId}:server-certificate/cli/FromCli`);
  const mismatch = await awsCli(fx.ts.url, fx.ts.root, [
    'iam', 'upload-server-certificate', '--server-certificate-name', 'Mismatch', '--certificate-body', file('server.pem'), '--private-key', file('other.key'),
  ]);
  assert.equal(mismatch.error?.code, 'KeyPairMismatch');
  const listed = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'list-server-certificates', '--path-prefix', '/cli/']);
  assert.deepEqual((listed.json as { ServerCertificateMetadataList: { ServerCertificateName: string }[] }).ServerCertificateMetadataList.map((c) => c.ServerCertificateName), ['FromCli']);
  assert.equal((await awsCli(fx.ts.url, fx.ts.root, ['iam', 'delete-server-certificate', '--server-certificate-name', 'FromCli'])).code, 0);
});

test('boto3 uploads, lists and deletes a signing certificate', { skip: boto3Missing() }, async () => {
  const r = await boto3(
    fx.ts.url,
    fx.ts.root,
    `
iam.create_user(UserName='boto-signer')
c = iam.upload_signing_certificate(UserName='boto-signer', CertificateBody=V['body'])['Certificate']
out['id'] = c['CertificateId']
out['status'] = c['Status']
out['listed'] = [x['CertificateId'] for x in iam.list_signing_certificates(UserName='boto-signer')['Certificates']]
out['dup'] = err(iam.upload_signing_certificate, UserName='boto-signer', CertificateBody=V['body'])
iam.delete_signing_certificate(UserName='boto-signer', CertificateId=c['CertificateId'])
iam.delete_user(UserName='boto-signer')
`,
    { body: cert('root-ca.pem') },
  );
  assert.match(r.out.id as string, /^[A-Z0-9]{32}$/);
  assert.equal(r.out.status, 'Active');
  assert.deepEqual(r.out.listed, [r.out.id]);
  assert.equal((r.out.dup as { code: string }).code, 'DuplicateCertificate');
});
