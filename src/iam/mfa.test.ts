// verifyMfaCode and the device lifecycle's code handling, on an in-memory store with a manual
// clock: the window, the drift a resync records, one-time acceptance (also under parallel
// requests), and what is refused why.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { PolicyCache } from '../evaluation/index.js';
import { ManualClock } from '../lib/clock.js';
import { SealingKey } from '../lib/sealing.js';
import { base32Decode, totp } from '../lib/totp.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/port.js';
import type { User } from '../store/types.js';
import { IamError } from './errors.js';
import {
  createVirtualMfaDevice,
  deactivateMfaDevice,
  enableMfaDevice,
  listMfaDeviceTags,
  otpauthUri,
  resyncMfaDevice,
  SYNC_WINDOW_STEPS,
  tagMfaDevice,
  untagMfaDevice,
  verifyMfaCode,
} from './mfa.js';
import type { Caller, IamEnv } from './operation.js';

const ACCOUNT = '123456789012';
// A step boundary, so that "now" is the first second of a step.
const T0 = Math.floor(Date.parse('2026-01-02T03:04:00Z') / 30_000) * 30_000;
const STEP_MS = 30_000;

const alice: User = { accountId: ACCOUNT, userId: 'AIDAALICEALICEALICE01', name: 'alice', path: '/', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, createDate: new Date(0) };
const bob: User = { accountId: ACCOUNT, userId: 'AIDABOBBOBBOBBOBBOB01', name: 'bob', path: '/', arn: `arn:aws:iam::${ACCOUNT}:user/bob`, createDate: new Date(0) };
const caller: Caller = {
  principal: { type: 'root', account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` },
  accountId: ACCOUNT,
  accessKeyId: 'AKIAROOTROOTROOTROOT',
  region: 'us-east-1',
  partition: 'aws',
};

let store: Store;
const clock = new ManualClock(T0);
const env: IamEnv = { clock, sealing: new SealingKey(randomBytes(32)), policies: new PolicyCache() };
let counter = 0;

before(async () => {
  store = await openStore({ kind: 'sqlite-memory' });
  await store.write(async (tx) => {
    await tx.accounts.create({ id: ACCOUNT, createdAt: new Date(0) });
    await tx.users.create(alice);
    await tx.users.create(bob);
  });
});
after(() => store?.close());

/** A new device, enabled for alice with the codes of the two steps before T0's. */
async function enabledDevice(): Promise<{ serial: string; seed: Uint8Array }> {
  clock.set(T0);
  const out = (await store.write((tx) =>
    createVirtualMfaDevice.handle({ input: { VirtualMFADeviceName: `dev${counter++}` }, caller, tx, env }),
  )) as { VirtualMFADevice: { SerialNumber: string; Base32StringSeed: Buffer } };
  const serial = out.VirtualMFADevice.SerialNumber;
  const seed = base32Decode(out.VirtualMFADevice.Base32StringSeed.toString('ascii'))!;
  await store.write((tx) =>
    enableMfaDevice.handle({
      input: { UserName: 'alice', SerialNumber: serial, AuthenticationCode1: totp(seed, T0 - STEP_MS), AuthenticationCode2: totp(seed, T0) },
      caller,
      tx,
      env,
    }),
  );
  return { serial, seed };
}

const verify = (serial: string, code: string, userId?: string) => store.write((tx) => verifyMfaCode(tx, env, ACCOUNT, serial, code, userId));

describe('verifyMfaCode', () => {
  beforeEach(() => clock.set(T0));

  test('a code is accepted once, for a step later than the last accepted one, within one step of now', async () => {
    const { serial, seed } = await enabledDevice();
    const code = (offsetSteps: number) => totp(seed, T0 + offsetSteps * STEP_MS);
    // [server time offset in steps, the code's step offset, expected]
    const cases: Array<[number, number, Awaited<ReturnType<typeof verify>>]> = [
      [0, 0, { ok: false, reason: 'replayed' }], // EnableMFADevice took step 0
      [0, -1, { ok: false, reason: 'replayed' }],
      [0, 1, { ok: true }], // one step ahead: accepted
      [0, 1, { ok: false, reason: 'replayed' }],
      [0, 2, { ok: false, reason: 'invalid' }], // two steps ahead: outside the window
      [1, 2, { ok: true }],
      [3, 2, { ok: false, reason: 'replayed' }], // still in the window, but spent
      [5, 3, { ok: false, reason: 'invalid' }], // too old now
      [5, 5, { ok: true }],
      [5, 6, { ok: true }],
    ];
    for (const [now, step, want] of cases) {
      clock.set(T0 + now * STEP_MS);
      assert.deepEqual(await verify(serial, code(step)), want, `now +${now}, code of +${step}`);
    }
  });

  test('what is refused: no device, unassigned or another user\'s, a malformed or wrong code', async () => {
    const { serial, seed } = await enabledDevice();
    const next = totp(seed, T0 + STEP_MS);
    const wrong = String((Number(next) + 1) % 1_000_000).padStart(6, '0');
    assert.deepEqual(await verify(`${serial}-nope`, next), { ok: false, reason: 'no-device' });
    assert.deepEqual(await verify(serial, next, bob.userId), { ok: false, reason: 'not-assigned' });
    assert.deepEqual(await verify(serial, 'abcdef'), { ok: false, reason: 'invalid' });
    assert.deepEqual(await verify(serial, `${next}0`), { ok: false, reason: 'invalid' });
    assert.deepEqual(await verify(serial, wrong), { ok: false, reason: 'invalid' });
    assert.deepEqual(await verify(serial, next, alice.userId), { ok: true });
    await store.write((tx) => deactivateMfaDevice.handle({ input: { UserName: 'alice', SerialNumber: serial }, caller, tx, env }));
    clock.set(T0 + 5 * STEP_MS);
    assert.deepEqual(await verify(serial, totp(seed, T0 + 5 * STEP_MS)), { ok: false, reason: 'not-assigned' });
  });

  test('of 12 parallel requests with one code, exactly one is accepted', async () => {
    const { serial, seed } = await enabledDevice();
    const code = totp(seed, T0 + STEP_MS);
    const results = await Promise.all(Array.from({ length: 12 }, () => verify(serial, code)));
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.equal(results.filter((r) => !r.ok && r.reason === 'replayed').length, 11);
  });

  test('a resync records the device\'s drift; later codes are read with it', async () => {
    const { serial, seed } = await enabledDevice();
    // The device's clock runs 6 steps (3 minutes) ahead of the server's.
    const device = (steps: number) => totp(seed, T0 + steps * STEP_MS);
    clock.set(T0 + 2 * STEP_MS);
    assert.deepEqual(await verify(serial, device(8)), { ok: false, reason: 'invalid' });
    await store.write((tx) =>
      resyncMfaDevice.handle({ input: { UserName: 'alice', SerialNumber: serial, AuthenticationCode1: device(7), AuthenticationCode2: device(8) }, caller, tx, env }),
    );
    // The resync's codes are spent; the next one is accepted.
    assert.deepEqual(await verify(serial, device(8)), { ok: false, reason: 'replayed' });
    assert.deepEqual(await verify(serial, device(9)), { ok: true });
    clock.set(T0 + 10 * STEP_MS);
    assert.deepEqual(await verify(serial, device(16)), { ok: true });
    assert.deepEqual(await verify(serial, totp(seed, T0 + 10 * STEP_MS)), { ok: false, reason: 'invalid' });
  });
});

describe('EnableMFADevice and ResyncMFADevice codes', () => {
  test('two consecutive codes within the sync window; anything else is InvalidAuthenticationCode', async () => {
    clock.set(T0);
    const out = (await store.write((tx) => createVirtualMfaDevice.handle({ input: { VirtualMFADeviceName: `dev${counter++}` }, caller, tx, env }))) as {
      VirtualMFADevice: { SerialNumber: string; Base32StringSeed: Buffer };
    };
    const serial = out.VirtualMFADevice.SerialNumber;
    const seed = base32Decode(out.VirtualMFADevice.Base32StringSeed.toString('ascii'))!;
    const at = (steps: number) => totp(seed, T0 + steps * STEP_MS);
    const enable = (c1: string, c2: string) =>
      store.write((tx) => enableMfaDevice.handle({ input: { UserName: 'bob', SerialNumber: serial, AuthenticationCode1: c1, AuthenticationCode2: c2 }, caller, tx, env }));
    const refused: Array<[string, string, string]> = [
      [at(0), at(0), 'the same code twice'],
      [at(1), at(0), 'in the wrong order'],
      [at(0), at(2), 'not consecutive'],
      [at(SYNC_WINDOW_STEPS + 1), at(SYNC_WINDOW_STEPS + 2), 'beyond the window'],
      [at(-SYNC_WINDOW_STEPS - 2), at(-SYNC_WINDOW_STEPS - 1), 'before the window'],
    ];
    for (const [c1, c2, why] of refused) {
      await assert.rejects(enable(c1, c2), (e) => e instanceof IamError && e.code === 'InvalidAuthenticationCode' && e.message === 'Authentication code for device is not valid.', why);
    }
    await enable(at(-SYNC_WINDOW_STEPS), at(-SYNC_WINDOW_STEPS + 1));
    const device = await store.read((tx) => tx.mfaDevices.get(ACCOUNT, serial));
    assert.equal(device?.userName, 'bob');
    assert.equal(device?.driftSteps, -SYNC_WINDOW_STEPS + 1);
  });

  test('the otpauth URI is the one AWS documents', () => {
    const seed = 'JBSWY3DPEHPK3PXP';
    assert.equal(otpauthUri('alice-phone', '123456789012', seed), `otpauth://totp/alice-phone@123456789012?secret=${seed}`);
    assert.equal(otpauthUri('dev', 'my-alias', seed), `otpauth://totp/dev@my-alias?secret=${seed}`);
  });
});

describe('device tags', () => {
  test('TagMFADevice, UntagMFADevice, ListMFADeviceTags: names, pages, and aws:ResourceTag (not iam:ResourceTag) on the device', async () => {
    assert.deepEqual([tagMfaDevice, untagMfaDevice, listMfaDeviceTags].map((op) => [op.name, op.action, op.writes]), [
      ['TagMFADevice', 'iam:TagMFADevice', true],
      ['UntagMFADevice', 'iam:UntagMFADevice', true],
      ['ListMFADeviceTags', 'iam:ListMFADeviceTags', false],
    ]);
    const { serial } = await enabledDevice();
    const Tags = [{ Key: 'team', Value: 'blue' }, { Key: 'env', Value: 'prod' }];
    const tagTarget = await store.read(async (tx) => tagMfaDevice.target({ input: { SerialNumber: serial, Tags }, caller, tx, env }));
    assert.deepEqual(tagTarget, { resource: serial, context: [['aws:RequestTag/team', 'blue'], ['aws:RequestTag/env', 'prod'], ['aws:TagKeys', ['team', 'env']]] });
    await store.write((tx) => tagMfaDevice.handle({ input: { SerialNumber: serial, Tags }, caller, tx, env }));

    const listTarget = await store.read(async (tx) => listMfaDeviceTags.target({ input: { SerialNumber: serial }, caller, tx, env }));
    assert.deepEqual(listTarget, { resource: serial, context: [['aws:ResourceTag/env', 'prod'], ['aws:ResourceTag/team', 'blue']] });
    const list = (input: Record<string, unknown>) => store.read((tx) => listMfaDeviceTags.handle({ input: { SerialNumber: serial, ...input }, caller, tx, env }));
    const first = await list({ MaxItems: 1 });
    assert.deepEqual(Object.keys(first ?? {}), ['Tags', 'IsTruncated', 'Marker']);
    assert.equal(first?.IsTruncated, true);
    assert.equal(typeof first?.Marker, 'string');
    const rest = await list({ Marker: first?.Marker });
    assert.deepEqual(rest, { Tags: [Tags[0]], IsTruncated: false });
    assert.deepEqual(first?.Tags, [Tags[1]]);

    const untagTarget = await store.read(async (tx) => untagMfaDevice.target({ input: { SerialNumber: serial, TagKeys: ['env'] }, caller, tx, env }));
    assert.deepEqual(untagTarget.context, [['aws:ResourceTag/env', 'prod'], ['aws:ResourceTag/team', 'blue'], ['aws:TagKeys', ['env']]]);
    await store.write((tx) => untagMfaDevice.handle({ input: { SerialNumber: serial, TagKeys: ['env'] }, caller, tx, env }));
    assert.deepEqual(await list({}), { Tags: [Tags[0]], IsTruncated: false });

    const missing = `arn:aws:iam::${ACCOUNT}:mfa/nope`;
    const noSuch = (e: unknown) => e instanceof IamError && e.code === 'NoSuchEntity' && e.message === `VirtualMFADevice with serial number ${missing} doesn't exist.`;
    await assert.rejects(store.read((tx) => listMfaDeviceTags.handle({ input: { SerialNumber: missing }, caller, tx, env })), noSuch);
    await assert.rejects(store.write((tx) => tagMfaDevice.handle({ input: { SerialNumber: missing, Tags }, caller, tx, env })), noSuch);
    await assert.rejects(store.write((tx) => untagMfaDevice.handle({ input: { SerialNumber: missing, TagKeys: ['env'] }, caller, tx, env })), noSuch);
  });
});
