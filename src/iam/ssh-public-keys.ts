// SSH public keys of IAM users (for CodeCommit): UploadSSHPublicKey, GetSSHPublicKey,
// UpdateSSHPublicKey, DeleteSSHPublicKey, ListSSHPublicKeys. At most five per user; a user holds
// a given key once. Each is authorized on the owning user's ARN, with its tags.

import { sshPublicKeyId } from '../lib/ids.js';
import { StoreConflict, StoreLimitExceeded } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { AccessKeyStatus, SshPublicKey } from '../store/types.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller } from './operation.js';
import { pageOrInvalidMarker, pageOutput, paging } from './paging.js';
import { parseSshPublicKey, toPem } from './ssh-key-format.js';
import { namedUser, userTarget } from './users.js';

export const MAX_SSH_PUBLIC_KEYS_PER_USER = 5;

type Status = AccessKeyStatus | 'Expired';

const noSuchKey = (id: string): IamError => new IamError('NoSuchEntity', `The Public Key with id ${id} cannot be found.`);

const duplicate = (): IamError => new IamError('DuplicateSSHPublicKey', 'The SSH public key is already associated with the specified IAM user.');

function metadataShape(key: SshPublicKey): Record<string, unknown> {
  return { UserName: key.userName, SSHPublicKeyId: key.sshPublicKeyId, Status: key.status, UploadDate: key.uploadDate };
}

function keyShape(key: SshPublicKey, encoding: 'SSH' | 'PEM'): Record<string, unknown> {
  return {
    UserName: key.userName,
    SSHPublicKeyId: key.sshPublicKeyId,
    Fingerprint: key.fingerprint,
    SSHPublicKeyBody: encoding === 'SSH' ? key.body : toPem(key.body),
    Status: key.status,
    UploadDate: key.uploadDate,
  };
}

/** The key named by the call, which must belong to the user the call names. */
async function ownedKey(tx: StoreTx, caller: Caller, userName: string | undefined, id: string): Promise<SshPublicKey> {
  const user = await namedUser(tx, caller, userName);
  const key = await tx.sshPublicKeys.get(id);
  if (!key || key.accountId !== caller.accountId || key.userName.toLowerCase() !== user.name.toLowerCase()) throw noSuchKey(id);
  return key;
}

export const uploadSshPublicKey = defineOperation<{ UserName: string; SSHPublicKeyBody: string }, Record<string, unknown>>({
  name: 'UploadSSHPublicKey',
  action: 'iam:UploadSSHPublicKey',
  writes: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx, env }) {
    const user = await namedUser(tx, caller, input.UserName);
    const parsed = parseSshPublicKey(input.SSHPublicKeyBody);
    const held = await tx.sshPublicKeys.listForUser(caller.accountId, user.name, { maxItems: 1000 });
    if (held.items.some((k) => k.fingerprint === parsed.fingerprint)) throw duplicate();
    const key: SshPublicKey = {
      sshPublicKeyId: sshPublicKeyId(),
      accountId: caller.accountId,
      userName: user.name,
      body: parsed.body,
      fingerprint: parsed.fingerprint,
      status: 'Active',
      uploadDate: env.clock.now(),
    };
    try {
      await tx.sshPublicKeys.createWithLimit(key, MAX_SSH_PUBLIC_KEYS_PER_USER);
    } catch (e) {
      if (e instanceof StoreLimitExceeded) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for SSHPublicKeysPerUser: ${MAX_SSH_PUBLIC_KEYS_PER_USER}`);
      }
      if (e instanceof StoreConflict) throw duplicate();
      throw e;
    }
    return { SSHPublicKey: keyShape(key, 'SSH') };
  },
});

export const getSshPublicKey = defineOperation<{ UserName: string; SSHPublicKeyId: string; Encoding: 'SSH' | 'PEM' }, Record<string, unknown>>({
  name: 'GetSSHPublicKey',
  action: 'iam:GetSSHPublicKey',
  writes: false,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const key = await ownedKey(tx, caller, input.UserName, input.SSHPublicKeyId);
    return { SSHPublicKey: keyShape(key, input.Encoding) };
  },
});

export const updateSshPublicKey = defineOperation<{ UserName: string; SSHPublicKeyId: string; Status: Status }, Record<string, unknown>>({
  name: 'UpdateSSHPublicKey',
  action: 'iam:UpdateSSHPublicKey',
  writes: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const key = await ownedKey(tx, caller, input.UserName, input.SSHPublicKeyId);
    if (input.Status === 'Expired') throw new IamError('InvalidInput', 'The status of an SSH public key can only be set to Active or Inactive.');
    await tx.sshPublicKeys.setStatus(key.sshPublicKeyId, input.Status);
    return undefined;
  },
});

export const deleteSshPublicKey = defineOperation<{ UserName: string; SSHPublicKeyId: string }, Record<string, unknown>>({
  name: 'DeleteSSHPublicKey',
  action: 'iam:DeleteSSHPublicKey',
  writes: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const key = await ownedKey(tx, caller, input.UserName, input.SSHPublicKeyId);
    await tx.sshPublicKeys.delete(key.sshPublicKeyId);
    return undefined;
  },
});

export const listSshPublicKeys = defineOperation<{ UserName?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListSSHPublicKeys',
  action: 'iam:ListSSHPublicKeys',
  writes: false,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const user = await namedUser(tx, caller, input.UserName);
    const page = await pageOrInvalidMarker(() => tx.sshPublicKeys.listForUser(caller.accountId, user.name, paging(input)));
    return pageOutput('SSHPublicKeys', page, metadataShape);
  },
});

export const SSH_PUBLIC_KEY_OPERATIONS = [uploadSshPublicKey, getSshPublicKey, updateSshPublicKey, deleteSshPublicKey, listSshPublicKeys];
