// Virtual MFA devices: CreateVirtualMFADevice, EnableMFADevice, ResyncMFADevice,
// DeactivateMFADevice, DeleteVirtualMFADevice, ListMFADevices, ListVirtualMFADevices,
// GetMFADevice, TagMFADevice, UntagMFADevice, ListMFADeviceTags; and verifyMfaCode, which STS
// uses to check a SerialNumber + TokenCode.
//
// A device's serial number is its ARN. Its TOTP seed (RFC 6238: HMAC-SHA-1, 6 digits, 30 s) is
// 320 random bits, returned once in Base32 and as a QR code, and sealed at rest as access-key
// secrets are. A code is accepted once: each acceptance moves the device's last accepted time
// step forward through one conditional UPDATE, so a code (or a pair of codes) replayed, even by
// parallel requests, is refused.

import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { base32Decode, base32Encode, matchingSteps, timeStep } from '../lib/totp.js';
import { StoreConflict, StoreLimitExceeded } from '../store/errors.js';
import type { MfaAssignmentStatus, StoreTx } from '../store/port.js';
import type { MfaDevice, User } from '../store/types.js';
import { TAG_KEYS_IGNORE_CASE } from '../store/types.js';
import { secretContext, sealSecret } from './access-keys.js';
import { mfaArn } from './arns.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller, type IamEnv, type Target } from './operation.js';
import { pageOrInvalidMarker, pageOutput, paging } from './paging.js';
import { checkTags, requestTagContext, resourceTagContext, tagOperations, type TagInput } from './tags.js';
import { namedUser, userShape, userTarget } from './users.js';

/** "You can assign up to eight MFA devices of any combination" to a user (id_credentials_mfa.html). */
export const MAX_MFA_DEVICES_PER_USER = 8;

/** Seed length: AWS's seeds are 64 Base32 characters, 320 bits. */
const SEED_BYTES = 40;

/**
 * How far (in 30 s steps, either way) EnableMFADevice and ResyncMFADevice look for the two
 * consecutive codes around the server's time. AWS does not document its window; this admits
 * codes read up to five minutes before the call, or from a device whose clock is that far off,
 * and records the offset found (the device's drift) for later codes.
 */
export const SYNC_WINDOW_STEPS = 10;

/**
 * How far (in steps, either way) a single code may be from the server's time corrected by the
 * device's drift: one step, as RFC 6238 section 5.2 recommends for network delay.
 */
export const VERIFY_WINDOW_STEPS = 1;

const tagOwner = (serialNumber: string) => ({ resourceType: 'mfa' as const, resourceKey: serialNumber });

const noSuchDevice = (serial: string): IamError => new IamError('NoSuchEntity', `VirtualMFADevice with serial number ${serial} doesn't exist.`);
const invalidCode = (): IamError => new IamError('InvalidAuthenticationCode', 'Authentication code for device is not valid.');

/** The sealing id of a device's seed: distinct from every access key id, bound to the device. */
const seedSealId = (serialNumber: string) => `mfa-seed:${serialNumber}`;

function sealSeed(env: IamEnv, serialNumber: string, seed: string): Uint8Array {
  return sealSecret(env.sealing, seedSealId(serialNumber), seed);
}

/** The device's seed bytes. A seed that does not open is our failure (master key), not the caller's. */
function openSeed(env: IamEnv, device: MfaDevice): Uint8Array {
  const text = env.sealing.open(device.seedCiphertext, secretContext(seedSealId(device.serialNumber)))?.toString('ascii');
  const seed = text === undefined ? undefined : base32Decode(text);
  if (!seed) throw new Error(`the seed of MFA device ${device.serialNumber} does not open with this master key`);
  return seed;
}

/**
 * The later step of two consecutive codes (code1 at step s, code2 at s + 1) within the sync
 * window around `now`, later than the device's last accepted step; undefined when there is none.
 */
function consecutiveSteps(seed: Uint8Array, code1: string, code2: string, now: number, lastStep: number | undefined): number | undefined {
  const firsts = matchingSteps(seed, code1, now - SYNC_WINDOW_STEPS, now + SYNC_WINDOW_STEPS - 1);
  let found: number | undefined;
  for (const s of firsts) {
    // Every candidate is checked, so the time taken does not depend on which one matches.
    const pair = matchingSteps(seed, code2, s + 1, s + 1).length === 1;
    if (pair && (lastStep === undefined || s > lastStep)) found = s + 1;
  }
  return found;
}

export type MfaVerification = { ok: true } | { ok: false; reason: 'no-device' | 'not-assigned' | 'invalid' | 'replayed' };

/**
 * Checks a TOTP code of a virtual MFA device (STS's SerialNumber + TokenCode): the device exists
 * in the account and is assigned (to `userId` when given), the code is the device's at
 * env.clock.now() (allowing the device's recorded drift and one step either way), and its step is
 * later than the last one accepted. An accepted code's step is consumed, atomically: run this in
 * a write transaction; of several requests presenting one code, exactly one gets `ok`.
 */
export async function verifyMfaCode(
  tx: StoreTx,
  env: IamEnv,
  accountId: string,
  serialNumber: string,
  code: string,
  userId?: string,
): Promise<MfaVerification> {
  const device = await tx.mfaDevices.get(accountId, serialNumber);
  if (!device) return { ok: false, reason: 'no-device' };
  if (device.userId === undefined || (userId !== undefined && device.userId !== userId)) return { ok: false, reason: 'not-assigned' };
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'invalid' };
  const center = timeStep(env.clock.now()) + device.driftSteps;
  const steps = matchingSteps(openSeed(env, device), code, center - VERIFY_WINDOW_STEPS, center + VERIFY_WINDOW_STEPS);
  if (steps.length === 0) return { ok: false, reason: 'invalid' };
  const fresh = steps.filter((s) => device.lastStep === undefined || s > device.lastStep);
  if (fresh.length === 0) return { ok: false, reason: 'replayed' };
  const consumed = await tx.mfaDevices.consumeStep(accountId, serialNumber, Math.max(...fresh));
  return consumed ? { ok: true } : { ok: false, reason: 'replayed' };
}

/** What a call on a device is authorized on: its ARN, and its tags when it exists. */
async function deviceTarget(tx: StoreTx, caller: Caller, serialNumber: string): Promise<Target> {
  const device = await tx.mfaDevices.get(caller.accountId, serialNumber);
  if (!device) return { resource: serialNumber };
  // The mfa resource type takes aws:ResourceTag/* only (iam:ResourceTag/* is for users and roles).
  return { resource: device.serialNumber, context: resourceTagContext(await tx.tags.listAll(tagOwner(device.serialNumber)), { iamResourceTag: false }) };
}

async function existingDevice(tx: StoreTx, caller: Caller, serialNumber: string): Promise<MfaDevice> {
  const device = await tx.mfaDevices.get(caller.accountId, serialNumber);
  if (!device) throw noSuchDevice(serialNumber);
  return device;
}

/** The device the call names, which must be assigned to `user`. */
async function assignedDevice(tx: StoreTx, caller: Caller, serialNumber: string, user: User): Promise<MfaDevice> {
  const device = await existingDevice(tx, caller, serialNumber);
  if (device.userId !== user.userId) throw noSuchDevice(serialNumber);
  return device;
}

/**
 * Whose devices a call is about: the named user, else the calling IAM user; null for the root
 * user (who has no virtual devices here: EnableMFADevice always names an IAM user).
 */
async function deviceOwner(tx: StoreTx, caller: Caller, userName: string | undefined): Promise<User | null> {
  if (userName !== undefined || caller.user) return namedUser(tx, caller, userName);
  if (caller.principal.type === 'root') return null;
  throw new IamError('ValidationError', 'Must specify userName when calling with non-User credentials');
}

/** The otpauth:// URI AWS encodes in QRCodePNG: otpauth://totp/$virtualMFADeviceName@$AccountName?secret=$Base32String. */
export function otpauthUri(deviceName: string, accountName: string, seed: string): string {
  return `otpauth://totp/${encodeURIComponent(deviceName)}@${encodeURIComponent(accountName)}?secret=${seed}`;
}

interface CreateInput {
  VirtualMFADeviceName: string;
  Path?: string;
  Tags?: TagInput[];
}

export const createVirtualMfaDevice = defineOperation<CreateInput, Record<string, unknown>>({
  name: 'CreateVirtualMFADevice',
  action: 'iam:CreateVirtualMFADevice',
  writes: true,
  target: ({ input, caller }) => ({
    resource: mfaArn(caller.partition, caller.accountId, input.Path ?? '/', input.VirtualMFADeviceName),
    context: requestTagContext(input.Tags),
  }),
  async handle({ input, caller, tx, env }) {
    const tags = checkTags(input.Tags);
    const path = input.Path ?? '/';
    const serialNumber = mfaArn(caller.partition, caller.accountId, path, input.VirtualMFADeviceName);
    const seed = base32Encode(randomBytes(SEED_BYTES));
    try {
      await tx.mfaDevices.create({
        serialNumber,
        accountId: caller.accountId,
        name: input.VirtualMFADeviceName,
        path,
        seedCiphertext: sealSeed(env, serialNumber, seed),
        createDate: env.clock.now(),
      });
    } catch (e) {
      if (e instanceof StoreConflict) throw new IamError('EntityAlreadyExists', 'MFADevice entity at the same path and name already exists.');
      throw e;
    }
    if (tags.length > 0) await tx.tags.put(tagOwner(serialNumber), tags.map((t) => ({ key: t.Key, value: t.Value })));
    // AccountName: the account's alias when it has one, else its id.
    const accountName = (await tx.accountAliases.get(caller.accountId)) ?? caller.accountId;
    const png = await QRCode.toBuffer(otpauthUri(input.VirtualMFADeviceName, accountName, seed), { type: 'png' });
    return {
      VirtualMFADevice: {
        SerialNumber: serialNumber,
        Base32StringSeed: Buffer.from(seed, 'ascii'),
        QRCodePNG: png,
        ...(tags.length > 0 ? { Tags: tags } : {}),
      },
    };
  },
});

interface CodesInput {
  UserName: string;
  SerialNumber: string;
  AuthenticationCode1: string;
  AuthenticationCode2: string;
}

export const enableMfaDevice = defineOperation<CodesInput, Record<string, unknown>>({
  name: 'EnableMFADevice',
  action: 'iam:EnableMFADevice',
  writes: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx, env }) {
    const user = await namedUser(tx, caller, input.UserName);
    const device = await existingDevice(tx, caller, input.SerialNumber);
    const inUse = () => new IamError('EntityAlreadyExists', 'MFA Device is already in use.');
    if (device.userId !== undefined) throw inUse();
    const now = env.clock.now();
    const nowStep = timeStep(now);
    const step = consecutiveSteps(openSeed(env, device), input.AuthenticationCode1, input.AuthenticationCode2, nowStep, device.lastStep);
    if (step === undefined) throw invalidCode();
    let outcome: Awaited<ReturnType<StoreTx['mfaDevices']['assignWithLimit']>>;
    try {
      outcome = await tx.mfaDevices.assignWithLimit(
        caller.accountId,
        device.serialNumber,
        { userId: user.userId, enableDate: now, step, driftSteps: step - nowStep },
        MAX_MFA_DEVICES_PER_USER,
      );
    } catch (e) {
      if (e instanceof StoreLimitExceeded) throw new IamError('LimitExceeded', `Cannot exceed quota for MFADevicesPerUser: ${MAX_MFA_DEVICES_PER_USER}`);
      throw e;
    }
    if (outcome === 'in-use') throw inUse();
    if (outcome === 'replayed') throw invalidCode();
    if (outcome === 'not-found') throw noSuchDevice(input.SerialNumber);
    return undefined;
  },
});

export const resyncMfaDevice = defineOperation<CodesInput, Record<string, unknown>>({
  name: 'ResyncMFADevice',
  action: 'iam:ResyncMFADevice',
  writes: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx, env }) {
    const user = await namedUser(tx, caller, input.UserName);
    const device = await assignedDevice(tx, caller, input.SerialNumber, user);
    const nowStep = timeStep(env.clock.now());
    const step = consecutiveSteps(openSeed(env, device), input.AuthenticationCode1, input.AuthenticationCode2, nowStep, device.lastStep);
    if (step === undefined) throw invalidCode();
    // The device's clock runs `step - nowStep` steps off the server's: later codes are read so.
    if (!(await tx.mfaDevices.consumeStep(caller.accountId, device.serialNumber, step, step - nowStep))) throw invalidCode();
    return undefined;
  },
});

export const deactivateMfaDevice = defineOperation<{ UserName?: string; SerialNumber: string }, Record<string, unknown>>({
  name: 'DeactivateMFADevice',
  action: 'iam:DeactivateMFADevice',
  writes: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const user = await deviceOwner(tx, caller, input.UserName);
    if (!user) throw noSuchDevice(input.SerialNumber);
    const device = await assignedDevice(tx, caller, input.SerialNumber, user);
    if (!(await tx.mfaDevices.unassign(caller.accountId, device.serialNumber, user.userId))) throw noSuchDevice(input.SerialNumber);
    return undefined;
  },
});

export const deleteVirtualMfaDevice = defineOperation<{ SerialNumber: string }, Record<string, unknown>>({
  name: 'DeleteVirtualMFADevice',
  action: 'iam:DeleteVirtualMFADevice',
  writes: true,
  target: ({ input, caller, tx }) => deviceTarget(tx, caller, input.SerialNumber),
  async handle({ input, caller, tx }) {
    const outcome = await tx.mfaDevices.deleteUnassigned(caller.accountId, input.SerialNumber);
    if (outcome === 'not-found') throw noSuchDevice(input.SerialNumber);
    if (outcome === 'in-use') throw new IamError('DeleteConflict', 'MFA device is still in use.');
    return undefined;
  },
});

export const listMfaDevices = defineOperation<{ UserName?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListMFADevices',
  action: 'iam:ListMFADevices',
  writes: false,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const user = await deviceOwner(tx, caller, input.UserName);
    // The root user's devices are not IAM's to list here: it has none.
    if (!user) return { MFADevices: [], IsTruncated: false };
    const page = await pageOrInvalidMarker(() => tx.mfaDevices.listForUser(user.userId, paging(input)));
    return pageOutput('MFADevices', page, (d) => ({ UserName: d.userName ?? user.name, SerialNumber: d.serialNumber, EnableDate: d.enableDate }));
  },
});

export const listVirtualMfaDevices = defineOperation<{ AssignmentStatus?: MfaAssignmentStatus; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListVirtualMFADevices',
  action: 'iam:ListVirtualMFADevices',
  writes: false,
  target: () => ({ resource: '*' }),
  async handle({ input, caller, tx }) {
    const page = await pageOrInvalidMarker(() =>
      tx.mfaDevices.list(caller.accountId, { ...paging(input), ...(input.AssignmentStatus !== undefined ? { assignmentStatus: input.AssignmentStatus } : {}) }),
    );
    const shapes: Record<string, unknown>[] = [];
    for (const d of page.items) {
      const user = d.userId !== undefined ? await tx.users.getById(d.userId) : undefined;
      shapes.push({
        SerialNumber: d.serialNumber,
        ...(user ? { User: userShape(user, undefined, true) } : {}),
        ...(d.enableDate ? { EnableDate: d.enableDate } : {}),
      });
    }
    return { VirtualMFADevices: shapes, IsTruncated: page.isTruncated, ...(page.marker !== undefined ? { Marker: page.marker } : {}) };
  },
});

export const getMfaDevice = defineOperation<{ SerialNumber: string; UserName?: string }, Record<string, unknown>>({
  name: 'GetMFADevice',
  action: 'iam:GetMFADevice',
  writes: false,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const user = await deviceOwner(tx, caller, input.UserName);
    if (!user) throw noSuchDevice(input.SerialNumber);
    const device = await assignedDevice(tx, caller, input.SerialNumber, user);
    return { UserName: user.name, SerialNumber: device.serialNumber, ...(device.enableDate ? { EnableDate: device.enableDate } : {}) };
  },
});

export const [tagMfaDevice, untagMfaDevice, listMfaDeviceTags] = tagOperations({
  entity: 'MFADevice',
  nameMember: 'SerialNumber',
  find: existingDevice,
  target: deviceTarget,
  owner: (d) => tagOwner(d.serialNumber),
  keysIgnoreCase: TAG_KEYS_IGNORE_CASE.mfa,
});

export const MFA_OPERATIONS = [
  createVirtualMfaDevice,
  enableMfaDevice,
  resyncMfaDevice,
  deactivateMfaDevice,
  deleteVirtualMfaDevice,
  listMfaDevices,
  listVirtualMfaDevices,
  getMfaDevice,
  tagMfaDevice,
  untagMfaDevice,
  listMfaDeviceTags,
];
