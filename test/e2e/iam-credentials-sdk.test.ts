// The other credentials of IAM users through the SDK: SSH public keys (real RSA keys made with
// node:crypto, in OpenSSH and PEM form: fingerprints, encodings, duplicates, bad keys, the limit of
// five, pages) and service-specific credentials (CodeCommit/Keyspaces passwords, Bedrock API keys
// that expire, the limit of two per service, reset, AllUsers), DeleteUser's conflicts, secrets
// sealed at rest, authorization on the user's ARN with its tags and the service-name condition
// key; plus one flow each through aws-cli and boto3.

import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';
import {
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  GetSSHPublicKeyCommand,
  IAMClient,
  ListServiceSpecificCredentialsCommand,
  ListSSHPublicKeysCommand,
  ResetServiceSpecificCredentialCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateSSHPublicKeyCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { ManualClock } from '../../src/lib/clock.js';
import {
  accessDeniedMessage,
  awsCli,
  awsCliMissing,
  boto3,
  boto3Missing,
  policy,
  REGION,
  rejectsWith,
  serverFixture,
  userWithKey,
} from './helpers.js';

const clock = new ManualClock();
const fx = serverFixture({ clock });
const { iam: client } = fx;
// The server's clock stands still unless moved: keep it at the real time for each test.
beforeEach(() => clock.set(Date.now()));

// --- keys made here, in the forms users upload ------------------------------------------------

interface TestKey {
  /** `ssh-rsa <base64> comment`, as ssh-keygen writes a .pub file. */
  openssh: string;
  /** The same key as a SubjectPublicKeyInfo PEM. */
  pem: string;
  /** `ssh-rsa <base64>`. */
  canonical: string;
  /** MD5 of the blob, colon hex (what `ssh-keygen -l -E md5` prints). */
  fingerprint: string;
}

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function sshMpint(bytes: Buffer): Buffer {
  return sshString((bytes[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** An RSA key pair from node:crypto, its public half written out in OpenSSH's format (RFC 4253). */
function rsaKey(bits = 2048, comment = 'dev@laptop'): TestKey {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const jwk = publicKey.export({ format: 'jwk' });
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), sshMpint(Buffer.from(jwk.e!, 'base64url')), sshMpint(Buffer.from(jwk.n!, 'base64url'))]);
  const canonical = `ssh-rsa ${blob.toString('base64')}`;
  const fingerprint = createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
  return { openssh: `${canonical} ${comment}`, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), canonical, fingerprint };
}

const KEYS = Array.from({ length: 7 }, () => rsaKey());

// --- SSH public keys ----------------------------------------------------------------------------

test('SSH public key lifecycle: upload, get in both encodings, deactivate, list, delete', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'ssh-dev' }));
  const key = KEYS[0]!;
  const uploaded = (await fx.root.send(new UploadSSHPublicKeyCommand({ UserName: 'SSH-DEV', SSHPublicKeyBody: key.openssh }))).SSHPublicKey!;
  assert.match(uploaded.SSHPublicKeyId!, /^APKA[A-Z2-7]{16}$/);
  assert.equal(uploaded.UserName, 'ssh-dev');
  assert.equal(uploaded.Fingerprint, key.fingerprint);
  assert.equal(uploaded.SSHPublicKeyBody, key.canonical);
  assert.equal(uploaded.Status, 'Active');
  assert.ok(uploaded.UploadDate instanceof Date && Math.abs(uploaded.UploadDate.getTime() - Date.now()) < 60_000);

  const id = uploaded.SSHPublicKeyId!;
  const asSsh = (await fx.root.send(new GetSSHPublicKeyCommand({ UserName: 'ssh-dev', SSHPublicKeyId: id, Encoding: 'SSH' }))).SSHPublicKey!;
  assert.equal(asSsh.SSHPublicKeyBody, key.canonical);
  assert.equal(asSsh.Fingerprint, key.fingerprint);
  const asPem = (await fx.root.send(new GetSSHPublicKeyCommand({ UserName: 'ssh-dev', SSHPublicKeyId: id, Encoding: 'PEM' }))).SSHPublicKey!;
  assert.equal(asPem.SSHPublicKeyBody, key.pem);

  await fx.root.send(new UpdateSSHPublicKeyCommand({ UserName: 'ssh-dev', SSHPublicKeyId: id, Status: 'Inactive' }));
  const listed = await fx.root.send(new ListSSHPublicKeysCommand({ UserName: 'ssh-dev' }));
  assert.equal(listed.IsTruncated, false);
  assert.equal(listed.SSHPublicKeys!.length, 1);
  assert.deepEqual(
    { ...listed.SSHPublicKeys![0], UploadDate: undefined },
    { UserName: 'ssh-dev', SSHPublicKeyId: id, Status: 'Inactive', UploadDate: undefined },
  );
  await rejectsWith(fx.root.send(new UpdateSSHPublicKeyCommand({ UserName: 'ssh-dev', SSHPublicKeyId: id, Status: 'Expired' })), { code: 'InvalidInput', status: 400 });

  await fx.root.send(new DeleteSSHPublicKeyCommand({ UserName: 'ssh-dev', SSHPublicKeyId: id }));
  await rejectsWith(fx.root.send(new GetSSHPublicKeyCommand({ UserName: 'ssh-dev', SSHPublicKeyId: id, Encoding: 'SSH' })), {
    code: 'NoSuchEntity',
    status: 404,
    message: `The Public Key with id ${id} cannot be found.`,
  });
  await rejectsWith(fx.root.send(new DeleteSSHPublicKeyCommand({ UserName: 'ssh-dev', SSHPublicKeyId: id })), { code: 'NoSuchEntity', status: 404 });
  assert.deepEqual((await fx.root.send(new ListSSHPublicKeysCommand({ UserName: 'ssh-dev' }))).SSHPublicKeys, []);
  await fx.root.send(new DeleteUserCommand({ UserName: 'ssh-dev' }));
});

test('SSH public keys: duplicates in any encoding, bad keys, unknown users, other users\' key ids', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'ssh-errors' }));
  await fx.root.send(new CreateUserCommand({ UserName: 'ssh-other' }));
  const key = KEYS[1]!;
  const { SSHPublicKey } = await fx.root.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-errors', SSHPublicKeyBody: key.pem }));
  assert.equal(SSHPublicKey!.SSHPublicKeyBody, key.canonical);
  assert.equal(SSHPublicKey!.Fingerprint, key.fingerprint);
  for (const body of [key.pem, key.openssh, key.canonical]) {
    await rejectsWith(fx.root.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-errors', SSHPublicKeyBody: body })), { code: 'DuplicateSSHPublicKey', status: 400 });
  }
  // Another user may hold the same key.
  await fx.root.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-other', SSHPublicKeyBody: key.openssh }));

  const short = rsaKey(1024);
  await rejectsWith(fx.root.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-errors', SSHPublicKeyBody: short.openssh })), { code: 'InvalidPublicKey', status: 400 });
  await rejectsWith(fx.root.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-errors', SSHPublicKeyBody: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB' })), {
    code: 'InvalidPublicKey',
    status: 400,
  });
  const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
  const edBlob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(Buffer.from(ed.x!, 'base64url'))]);
  await rejectsWith(fx.root.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-errors', SSHPublicKeyBody: `ssh-ed25519 ${edBlob.toString('base64')} me` })), {
    code: 'UnrecognizedPublicKeyEncoding',
    status: 400,
  });
  await rejectsWith(fx.root.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-errors', SSHPublicKeyBody: 'not a key' })), { code: 'UnrecognizedPublicKeyEncoding', status: 400 });
  await rejectsWith(fx.root.send(new UploadSSHPublicKeyCommand({ UserName: 'nobody', SSHPublicKeyBody: KEYS[2]!.openssh })), {
    code: 'NoSuchEntity',
    status: 404,
    message: 'The user with name nobody cannot be found.',
  });
  await rejectsWith(fx.root.send(new ListSSHPublicKeysCommand({ UserName: 'nobody' })), { code: 'NoSuchEntity', status: 404 });

  // A key id is found only under its own user.
  const id = SSHPublicKey!.SSHPublicKeyId!;
  await rejectsWith(fx.root.send(new GetSSHPublicKeyCommand({ UserName: 'ssh-other', SSHPublicKeyId: id, Encoding: 'SSH' })), { code: 'NoSuchEntity', status: 404 });
  await rejectsWith(fx.root.send(new UpdateSSHPublicKeyCommand({ UserName: 'ssh-other', SSHPublicKeyId: id, Status: 'Inactive' })), { code: 'NoSuchEntity', status: 404 });
  await rejectsWith(fx.root.send(new DeleteSSHPublicKeyCommand({ UserName: 'ssh-other', SSHPublicKeyId: id })), { code: 'NoSuchEntity', status: 404 });
  // The model's own checks come first: an id shorter than 20 characters, an unknown encoding.
  await rejectsWith(fx.root.send(new GetSSHPublicKeyCommand({ UserName: 'ssh-errors', SSHPublicKeyId: 'APKA', Encoding: 'SSH' })), { code: 'ValidationError', status: 400 });
});

test('five SSH public keys per user, the sixth refused; pages of them', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'ssh-many' }));
  const ids: string[] = [];
  for (const key of KEYS.slice(0, 5)) {
    clock.advance(1000);
    ids.push((await fx.root.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-many', SSHPublicKeyBody: key.openssh }))).SSHPublicKey!.SSHPublicKeyId!);
  }
  await rejectsWith(fx.root.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-many', SSHPublicKeyBody: KEYS[5]!.openssh })), {
    code: 'LimitExceeded',
    status: 409,
    message: 'Cannot exceed quota for SSHPublicKeysPerUser: 5',
  });
  const seen: string[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await fx.root.send(new ListSSHPublicKeysCommand({ UserName: 'ssh-many', MaxItems: 2, ...(marker ? { Marker: marker } : {}) }));
    assert.equal(page.IsTruncated, page.Marker !== undefined);
    seen.push(...page.SSHPublicKeys!.map((k) => k.SSHPublicKeyId!));
    marker = page.Marker;
    pages++;
  } while (marker);
  assert.equal(pages, 3);
  assert.deepEqual(seen, ids);
  await rejectsWith(fx.root.send(new ListSSHPublicKeysCommand({ UserName: 'ssh-many', Marker: 'not-a-marker' })), { code: 'InvalidInput', status: 400 });

  // Deleting one frees a slot.
  await fx.root.send(new DeleteSSHPublicKeyCommand({ UserName: 'ssh-many', SSHPublicKeyId: ids[0]! }));
  await fx.root.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-many', SSHPublicKeyBody: KEYS[5]!.openssh }));
});

// --- service-specific credentials --------------------------------------------------------------

test('service-specific credentials: create, list without the password, deactivate, reset, delete', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'git-user' }));
  const created = (await fx.root.send(new CreateServiceSpecificCredentialCommand({ UserName: 'Git-User', ServiceName: 'codecommit.amazonaws.com' }))).ServiceSpecificCredential!;
  assert.match(created.ServiceSpecificCredentialId!, /^ACCA[A-Z2-7]{17}$/);
  assert.equal(created.UserName, 'git-user');
  assert.equal(created.ServiceName, 'codecommit.amazonaws.com');
  assert.equal(created.ServiceUserName, `git-user-at-${fx.ts.accountId}`);
  assert.match(created.ServicePassword!, /^[A-Za-z0-9+/]{43}=$/);
  assert.equal(created.Status, 'Active');
  assert.equal(created.ServiceCredentialSecret, undefined);
  assert.equal(created.ExpirationDate, undefined);
  const id = created.ServiceSpecificCredentialId!;

  const listed = (await fx.root.send(new ListServiceSpecificCredentialsCommand({ UserName: 'git-user' }))).ServiceSpecificCredentials!;
  assert.equal(listed.length, 1);
  assert.equal(listed[0]!.ServiceSpecificCredentialId, id);
  assert.equal(listed[0]!.ServiceUserName, `git-user-at-${fx.ts.accountId}`);
  assert.equal((listed[0] as unknown as Record<string, unknown>).ServicePassword, undefined);

  await fx.root.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'git-user', ServiceSpecificCredentialId: id, Status: 'Inactive' }));
  assert.equal((await fx.root.send(new ListServiceSpecificCredentialsCommand({ UserName: 'git-user' }))).ServiceSpecificCredentials![0]!.Status, 'Inactive');

  const reset = (await fx.root.send(new ResetServiceSpecificCredentialCommand({ UserName: 'git-user', ServiceSpecificCredentialId: id }))).ServiceSpecificCredential!;
  assert.equal(reset.ServiceSpecificCredentialId, id);
  assert.match(reset.ServicePassword!, /^[A-Za-z0-9+/]{43}=$/);
  assert.notEqual(reset.ServicePassword, created.ServicePassword);
  assert.equal(reset.Status, 'Inactive');

  // The passwords are sealed at rest: neither is anywhere in the database files.
  await fx.ts.drain();
  const files = readdirSync(fx.ts.dataDir, { recursive: true }).map(String);
  const dbFiles = files.filter((f) => /\.db(-wal)?$/.test(f));
  assert.ok(dbFiles.length > 0, `database files in ${files.join(', ')}`);
  for (const f of dbFiles) {
    const bytes = readFileSync(join(fx.ts.dataDir, f));
    for (const secret of [created.ServicePassword!, reset.ServicePassword!]) assert.equal(bytes.includes(Buffer.from(secret)), false, `${secret} in ${f}`);
  }

  await rejectsWith(fx.root.send(new UpdateServiceSpecificCredentialCommand({ ServiceSpecificCredentialId: id, Status: 'Active' })), {
    code: 'ValidationError',
    status: 400,
    message: 'Must specify userName when calling with non-User credentials',
  });
  await fx.root.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'git-user', ServiceSpecificCredentialId: id }));
  for (const call of [
    new DeleteServiceSpecificCredentialCommand({ UserName: 'git-user', ServiceSpecificCredentialId: id }),
    new ResetServiceSpecificCredentialCommand({ UserName: 'git-user', ServiceSpecificCredentialId: id }),
    new UpdateServiceSpecificCredentialCommand({ UserName: 'git-user', ServiceSpecificCredentialId: id, Status: 'Active' }),
  ]) {
    await rejectsWith(fx.root.send(call as never), { code: 'NoSuchEntity', status: 404, message: `The Service Specific Credential with id ${id} cannot be found.` });
  }
  await fx.root.send(new DeleteUserCommand({ UserName: 'git-user' }));
});

test('two credentials per user and service; unknown services and misused parameters refused', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'cred-limit' }));
  await fx.root.send(new CreateUserCommand({ UserName: 'cred-other' }));
  // The server's clock stands still: move it, so that creation order is listing order.
  const create = (user: string, service: string) => {
    clock.advance(1000);
    return fx.root.send(new CreateServiceSpecificCredentialCommand({ UserName: user, ServiceName: service }));
  };
  await create('cred-limit', 'codecommit.amazonaws.com');
  await create('cred-limit', 'codecommit.amazonaws.com');
  await rejectsWith(create('cred-limit', 'codecommit.amazonaws.com'), {
    code: 'LimitExceeded',
    status: 409,
    message: 'Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2',
  });
  await create('cred-limit', 'cassandra.amazonaws.com');
  await create('cred-other', 'codecommit.amazonaws.com');
  await rejectsWith(create('cred-limit', 's3.amazonaws.com'), {
    code: 'NotSupportedService',
    status: 404,
    message: 'The specified service does not support service-specific credentials.',
  });
  await rejectsWith(create('nobody', 'codecommit.amazonaws.com'), { code: 'NoSuchEntity', status: 404 });
  await rejectsWith(fx.root.send(new CreateServiceSpecificCredentialCommand({ UserName: 'cred-limit', ServiceName: 'codecommit.amazonaws.com', CredentialAgeDays: 5 })), {
    code: 'ValidationError',
    status: 400,
  });

  const mine = await fx.root.send(new ListServiceSpecificCredentialsCommand({ UserName: 'cred-limit' }));
  assert.deepEqual(mine.ServiceSpecificCredentials!.map((c) => c.ServiceName), ['codecommit.amazonaws.com', 'codecommit.amazonaws.com', 'cassandra.amazonaws.com']);
  const cassandra = await fx.root.send(new ListServiceSpecificCredentialsCommand({ UserName: 'cred-limit', ServiceName: 'cassandra.amazonaws.com' }));
  assert.equal(cassandra.ServiceSpecificCredentials!.length, 1);
  await rejectsWith(fx.root.send(new ListServiceSpecificCredentialsCommand({ UserName: 'cred-limit', ServiceName: 'nope.amazonaws.com' })), { code: 'NotSupportedService', status: 404 });

  const everyone = await fx.root.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, ServiceName: 'codecommit.amazonaws.com' }));
  assert.deepEqual([...new Set(everyone.ServiceSpecificCredentials!.map((c) => c.UserName))].sort(), ['cred-limit', 'cred-other']);
  const paged: string[] = [];
  let marker: string | undefined;
  do {
    const page = await fx.root.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, MaxItems: 1, ...(marker ? { Marker: marker } : {}) }));
    paged.push(...page.ServiceSpecificCredentials!.map((c) => c.ServiceSpecificCredentialId!));
    marker = page.Marker;
  } while (marker);
  assert.ok(paged.length >= 4 && new Set(paged).size === paged.length);
  await rejectsWith(fx.root.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, UserName: 'cred-limit' })), { code: 'ValidationError', status: 400 });

  // DeleteUser refuses while credentials remain, SSH keys first.
  await fx.root.send(new UploadSSHPublicKeyCommand({ UserName: 'cred-limit', SSHPublicKeyBody: KEYS[6]!.openssh }));
  await rejectsWith(fx.root.send(new DeleteUserCommand({ UserName: 'cred-limit' })), {
    code: 'DeleteConflict',
    status: 409,
    message: 'Cannot delete entity, must delete SSH public keys first.',
  });
  const keyId = (await fx.root.send(new ListSSHPublicKeysCommand({ UserName: 'cred-limit' }))).SSHPublicKeys![0]!.SSHPublicKeyId!;
  await fx.root.send(new DeleteSSHPublicKeyCommand({ UserName: 'cred-limit', SSHPublicKeyId: keyId }));
  await rejectsWith(fx.root.send(new DeleteUserCommand({ UserName: 'cred-limit' })), {
    code: 'DeleteConflict',
    status: 409,
    message: 'Cannot delete entity, must delete service specific credentials first.',
  });
  for (const c of mine.ServiceSpecificCredentials!) {
    await fx.root.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'cred-limit', ServiceSpecificCredentialId: c.ServiceSpecificCredentialId! }));
  }
  await fx.root.send(new DeleteUserCommand({ UserName: 'cred-limit' }));
});

test('Bedrock API keys: alias and secret, an expiration date, and Expired once it passes', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'bedrock-app' }));
  const key = (await fx.root.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bedrock-app', ServiceName: 'bedrock.amazonaws.com', CredentialAgeDays: 1 })))
    .ServiceSpecificCredential!;
  const alias = `bedrock-app-at-${fx.ts.accountId}`;
  assert.equal(key.ServiceCredentialAlias, alias);
  assert.equal(key.ServicePassword, undefined);
  assert.ok(key.ServiceCredentialSecret!.startsWith('ABSK'));
  const decoded = Buffer.from(key.ServiceCredentialSecret!.slice(4), 'base64').toString('utf8');
  assert.ok(decoded.startsWith(`${alias}:`), decoded);
  assert.equal(key.ExpirationDate!.getTime() - key.CreateDate!.getTime(), 86_400_000);

  const listed = (await fx.root.send(new ListServiceSpecificCredentialsCommand({ UserName: 'bedrock-app' }))).ServiceSpecificCredentials![0]!;
  assert.equal(listed.Status, 'Active');
  assert.equal(listed.ServiceCredentialAlias, alias);
  assert.equal(listed.ExpirationDate!.getTime(), key.ExpirationDate!.getTime());

  // Two days on (the client's clock moves with the server's, so its signatures stay fresh).
  const offset = 2 * 86_400_000;
  clock.advance(offset);
  // A client per call: the SDK would otherwise re-learn its offset from the response's Date header.
  const later = () => {
    const c = new IAMClient({ endpoint: fx.ts.url, region: REGION, credentials: { ...fx.ts.root }, maxAttempts: 1, systemClockOffset: offset });
    fx.track(c);
    return c;
  };
  const expired = (await later().send(new ListServiceSpecificCredentialsCommand({ UserName: 'bedrock-app' }))).ServiceSpecificCredentials![0]!;
  assert.equal(expired.Status, 'Expired');
  await rejectsWith(later().send(new UpdateServiceSpecificCredentialCommand({ UserName: 'bedrock-app', ServiceSpecificCredentialId: key.ServiceSpecificCredentialId!, Status: 'Expired' })), {
    code: 'ValidationError',
    status: 400,
  });
});

// --- authorization ------------------------------------------------------------------------------

test('authorization: on the user\'s ARN, with its tags and the credential\'s service', async () => {
  const arn = (name: string) => `arn:aws:iam::${fx.ts.accountId}:user/${name}`;
  // Manages its own SSH keys and only its CodeCommit credentials; reads keys of team=blue users.
  const self = policy(
    { Effect: 'Allow', Action: ['iam:*SSHPublicKey*'], Resource: `arn:aws:iam::${fx.ts.accountId}:user/\${aws:username}` },
    {
      Effect: 'Allow',
      Action: ['iam:*ServiceSpecificCredential*'],
      Resource: `arn:aws:iam::${fx.ts.accountId}:user/\${aws:username}`,
      Condition: { StringEqualsIfExists: { 'iam:ServiceSpecificCredentialServiceName': 'codecommit.amazonaws.com' } },
    },
    { Effect: 'Allow', Action: 'iam:ListSSHPublicKeys', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } },
  );
  const dev = client(await userWithKey(fx.root, 'auth-dev', { self }));
  const nobody = client(await userWithKey(fx.root, 'auth-nobody'));
  await fx.root.send(new CreateUserCommand({ UserName: 'auth-blue', Tags: [{ Key: 'team', Value: 'blue' }] }));
  await fx.root.send(new CreateUserCommand({ UserName: 'auth-red', Tags: [{ Key: 'team', Value: 'red' }] }));

  // Its own keys, with and without UserName.
  const up = (await dev.send(new UploadSSHPublicKeyCommand({ UserName: 'auth-dev', SSHPublicKeyBody: KEYS[3]!.openssh }))).SSHPublicKey!;
  const own = await dev.send(new ListSSHPublicKeysCommand({}));
  assert.deepEqual(own.SSHPublicKeys!.map((k) => k.SSHPublicKeyId), [up.SSHPublicKeyId]);
  await dev.send(new GetSSHPublicKeyCommand({ UserName: 'auth-dev', SSHPublicKeyId: up.SSHPublicKeyId!, Encoding: 'PEM' }));
  await rejectsWith(dev.send(new UploadSSHPublicKeyCommand({ UserName: 'auth-blue', SSHPublicKeyBody: KEYS[3]!.openssh })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(arn('auth-dev'), 'iam:UploadSSHPublicKey', arn('auth-blue'), 'implicit'),
  });
  // aws:ResourceTag of the named user.
  await dev.send(new ListSSHPublicKeysCommand({ UserName: 'auth-blue' }));
  await rejectsWith(dev.send(new ListSSHPublicKeysCommand({ UserName: 'auth-red' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(arn('auth-dev'), 'iam:ListSSHPublicKeys', arn('auth-red'), 'implicit'),
  });

  // iam:ServiceSpecificCredentialServiceName: CodeCommit yes, Keyspaces no.
  const mine = (await dev.send(new CreateServiceSpecificCredentialCommand({ UserName: 'auth-dev', ServiceName: 'codecommit.amazonaws.com' }))).ServiceSpecificCredential!;
  await rejectsWith(dev.send(new CreateServiceSpecificCredentialCommand({ UserName: 'auth-dev', ServiceName: 'cassandra.amazonaws.com' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(arn('auth-dev'), 'iam:CreateServiceSpecificCredential', arn('auth-dev'), 'implicit'),
  });
  const keyspaces = (await fx.root.send(new CreateServiceSpecificCredentialCommand({ UserName: 'auth-dev', ServiceName: 'cassandra.amazonaws.com' }))).ServiceSpecificCredential!;
  await dev.send(new ResetServiceSpecificCredentialCommand({ ServiceSpecificCredentialId: mine.ServiceSpecificCredentialId! }));
  await rejectsWith(dev.send(new ResetServiceSpecificCredentialCommand({ ServiceSpecificCredentialId: keyspaces.ServiceSpecificCredentialId! })), {
    code: 'AccessDenied',
    status: 403,
  });
  await rejectsWith(dev.send(new DeleteServiceSpecificCredentialCommand({ ServiceSpecificCredentialId: keyspaces.ServiceSpecificCredentialId! })), {
    code: 'AccessDenied',
    status: 403,
  });
  const listed = await dev.send(new ListServiceSpecificCredentialsCommand({}));
  assert.equal(listed.ServiceSpecificCredentials!.length, 2);

  // No policy, no access, not even to its own user.
  await rejectsWith(nobody.send(new ListSSHPublicKeysCommand({})), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(arn('auth-nobody'), 'iam:ListSSHPublicKeys', arn('auth-nobody'), 'implicit'),
  });
  await rejectsWith(nobody.send(new CreateServiceSpecificCredentialCommand({ UserName: 'auth-nobody', ServiceName: 'codecommit.amazonaws.com' })), {
    code: 'AccessDenied',
    status: 403,
  });
});

// --- other clients ------------------------------------------------------------------------------

test('aws-cli: upload-ssh-public-key, get-ssh-public-key --encoding PEM, list-ssh-public-keys', { skip: awsCliMissing() }, async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'cli-ssh' }));
  const key = rsaKey();
  const up = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'upload-ssh-public-key', '--user-name', 'cli-ssh', '--ssh-public-key-body', key.openssh]);
  assert.equal(up.code, 0, up.stderr);
  const uploaded = (up.json as { SSHPublicKey: { SSHPublicKeyId: string; Fingerprint: string } }).SSHPublicKey;
  assert.equal(uploaded.Fingerprint, key.fingerprint);
  const pem = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'get-ssh-public-key', '--user-name', 'cli-ssh', '--ssh-public-key-id', uploaded.SSHPublicKeyId, '--encoding', 'PEM']);
  assert.equal((pem.json as { SSHPublicKey: { SSHPublicKeyBody: string } }).SSHPublicKey.SSHPublicKeyBody, key.pem);
  const listed = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'list-ssh-public-keys', '--user-name', 'cli-ssh']);
  assert.deepEqual((listed.json as { SSHPublicKeys: { SSHPublicKeyId: string }[] }).SSHPublicKeys.map((k) => k.SSHPublicKeyId), [uploaded.SSHPublicKeyId]);
  const dup = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'upload-ssh-public-key', '--user-name', 'cli-ssh', '--ssh-public-key-body', key.pem]);
  assert.equal(dup.error?.code, 'DuplicateSSHPublicKey');
});

test('boto3: create, reset and list service-specific credentials', { skip: boto3Missing() }, async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'boto-git' }));
  const { out } = await boto3(
    fx.ts.url,
    fx.ts.root,
    `
c = iam.create_service_specific_credential(UserName='boto-git', ServiceName='codecommit.amazonaws.com')['ServiceSpecificCredential']
r = iam.reset_service_specific_credential(UserName='boto-git', ServiceSpecificCredentialId=c['ServiceSpecificCredentialId'])['ServiceSpecificCredential']
out['created'] = c
out['reset'] = r
out['listed'] = iam.list_service_specific_credentials(UserName='boto-git')['ServiceSpecificCredentials']
out['unsupported'] = err(iam.create_service_specific_credential, UserName='boto-git', ServiceName='ec2.amazonaws.com')
`,
  );
  const created = out.created as Record<string, string>;
  const reset = out.reset as Record<string, string>;
  assert.match(created.ServiceSpecificCredentialId!, /^ACCA/);
  assert.equal(created.ServiceUserName, `boto-git-at-${fx.ts.accountId}`);
  assert.notEqual(created.ServicePassword, reset.ServicePassword);
  assert.equal((out.listed as unknown[]).length, 1);
  assert.deepEqual(out.unsupported, { code: 'NotSupportedService', message: 'The specified service does not support service-specific credentials.', status: 404 });
});
