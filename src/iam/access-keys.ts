// Access keys: CreateAccessKey, UpdateAccessKey, DeleteAccessKey, ListAccessKeys,
// GetAccessKeyLastUsed. Secrets are sealed (AES-256-GCM, bound to the key id) before the store
// sees them and are returned once, by CreateAccessKey.

import { accessKeyId as newAccessKeyId, secretAccessKey } from '../lib/ids.js';
import type { SealingKey } from '../lib/sealing.js';
import { StoreLimitExceeded } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { AccessKey } from '../store/types.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller } from './operation.js';
import { namedUser, userTarget } from './users.js';

export const MAX_ACCESS_KEYS_PER_USER = 2;

/** The sealing context of a key's secret: a ciphertext moved to another key does not open. */
export function secretContext(accessKeyId: string): string {
  return `access-key-secret:${accessKeyId}`;
}

export function sealSecret(sealing: SealingKey, accessKeyId: string, secret: string): Uint8Array {
  return sealing.seal(secret, secretContext(accessKeyId));
}

export function openSecret(sealing: SealingKey, key: AccessKey): string | undefined {
  return sealing.open(key.secretCiphertext, secretContext(key.accessKeyId))?.toString('utf8');
}

/** Whose keys a call is about: a named user, the calling user, or the root user (null). */
async function keyOwner(tx: StoreTx, caller: Caller, userName: string | undefined): Promise<string | null> {
  if (userName !== undefined) return (await namedUser(tx, caller, userName)).name;
  if (caller.user) return caller.user.name;
  if (caller.principal.type === 'root') return null;
  throw new IamError('ValidationError', 'Must specify userName when calling with non-User credentials');
}

const noSuchKey = (id: string): IamError => new IamError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`);

function keyShape(key: AccessKey): Record<string, unknown> {
  return {
    ...(key.userName !== null ? { UserName: key.userName } : {}),
    AccessKeyId: key.accessKeyId,
    Status: key.status,
    CreateDate: key.createDate,
  };
}

export const createAccessKey = defineOperation<{ UserName?: string }, Record<string, unknown>>({
  name: 'CreateAccessKey',
  action: 'iam:CreateAccessKey',
  writes: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx, env }) {
    const owner = await keyOwner(tx, caller, input.UserName);
    const id = newAccessKeyId(false, caller.accountId);
    const secret = secretAccessKey();
    const key = {
      accessKeyId: id,
      accountId: caller.accountId,
      userName: owner,
      status: 'Active' as const,
      secretCiphertext: sealSecret(env.sealing, id, secret),
      createDate: env.clock.now(),
    };
    try {
      await tx.accessKeys.createWithLimit(key, MAX_ACCESS_KEYS_PER_USER);
    } catch (e) {
      if (e instanceof StoreLimitExceeded) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${MAX_ACCESS_KEYS_PER_USER}`);
      }
      throw e;
    }
    return { AccessKey: { ...keyShape(key), SecretAccessKey: secret } };
  },
});

/** The key named by the call, which must belong to the owner the call is about. */
async function ownedKey(tx: StoreTx, caller: Caller, userName: string | undefined, id: string): Promise<AccessKey> {
  const owner = await keyOwner(tx, caller, userName);
  const key = await tx.accessKeys.get(id);
  if (!key || key.accountId !== caller.accountId || (key.userName ?? null)?.toLowerCase() !== owner?.toLowerCase()) {
    throw noSuchKey(id);
  }
  return key;
}

export const updateAccessKey = defineOperation<{ UserName?: string; AccessKeyId: string; Status: 'Active' | 'Inactive' }, Record<string, unknown>>({
  name: 'UpdateAccessKey',
  action: 'iam:UpdateAccessKey',
  writes: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const key = await ownedKey(tx, caller, input.UserName, input.AccessKeyId);
    await tx.accessKeys.setStatus(key.accessKeyId, input.Status);
    return undefined;
  },
});

export const deleteAccessKey = defineOperation<{ UserName?: string; AccessKeyId: string }, Record<string, unknown>>({
  name: 'DeleteAccessKey',
  action: 'iam:DeleteAccessKey',
  writes: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const key = await ownedKey(tx, caller, input.UserName, input.AccessKeyId);
    await tx.accessKeys.delete(key.accessKeyId);
    return undefined;
  },
});

export const listAccessKeys = defineOperation<{ UserName?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListAccessKeys',
  action: 'iam:ListAccessKeys',
  writes: false,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const owner = await keyOwner(tx, caller, input.UserName);
    const keys = await tx.accessKeys.listForUser(caller.accountId, owner);
    // A user has at most two keys: one page always holds them, so the marker is an index.
    const start = input.Marker !== undefined ? Number.parseInt(input.Marker, 10) : 0;
    if (!Number.isInteger(start) || start < 0 || start > keys.length) throw new IamError('InvalidInput', 'Invalid Marker.');
    const max = input.MaxItems ?? 100;
    const page = keys.slice(start, start + max);
    const truncated = start + max < keys.length;
    return {
      AccessKeyMetadata: page.map(keyShape),
      IsTruncated: truncated,
      ...(truncated ? { Marker: String(start + max) } : {}),
    };
  },
});

export const getAccessKeyLastUsed = defineOperation<{ AccessKeyId: string }, Record<string, unknown>>({
  name: 'GetAccessKeyLastUsed',
  action: 'iam:GetAccessKeyLastUsed',
  writes: false,
  target: async ({ input, caller, tx }) => {
    const key = await tx.accessKeys.get(input.AccessKeyId);
    const owner = key && key.accountId === caller.accountId ? (key.userName ?? undefined) : undefined;
    return userTarget(tx, caller, owner);
  },
  async handle({ input, caller, tx }) {
    const key = await tx.accessKeys.get(input.AccessKeyId);
    if (!key || key.accountId !== caller.accountId) throw noSuchKey(input.AccessKeyId);
    return {
      ...(key.userName !== null ? { UserName: key.userName } : {}),
      AccessKeyLastUsed: key.lastUsedDate
        ? { LastUsedDate: key.lastUsedDate, ServiceName: key.lastUsedService ?? 'N/A', Region: key.lastUsedRegion ?? 'N/A' }
        : { ServiceName: 'N/A', Region: 'N/A' },
    };
  },
});

export const ACCESS_KEY_OPERATIONS = [createAccessKey, updateAccessKey, deleteAccessKey, listAccessKeys, getAccessKeyLastUsed];
