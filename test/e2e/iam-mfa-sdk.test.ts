// Virtual MFA devices through the SDK, with the server's clock in the test's hand and codes
// computed here from the seed the server returns once (RFC 6238, src/lib/totp.ts): create (seed
// and QR code), enable with two consecutive codes, list both ways with pages, get, resync,
// deactivate, delete; tags; wrong, malformed and replayed codes; the limit of eight devices per
// user; DeleteUser's and DeleteVirtualMFADevice's conflicts; authorization (denied, narrowly
// allowed, self-service on ${aws:username}); parallel requests replaying one pair of codes; and
// one flow through aws-cli.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetMFADeviceCommand,
  ListMFADevicesCommand,
  ListMFADeviceTagsCommand,
  ListVirtualMFADevicesCommand,
  ResyncMFADeviceCommand,
  TagMFADeviceCommand,
  UntagMFADeviceCommand,
  type AssignmentStatusType,
  type IAMClient,
} from '@aws-sdk/client-iam';
import pg from 'pg';
import QRCode from 'qrcode';
import { ManualClock } from '../../src/lib/clock.js';
import { base32Decode, totp } from '../../src/lib/totp.js';
import { accessDeniedMessage, attempt, awsCli, awsCliMissing, iamClient, policy, rejectsWith, serverFixture, startTestServer, userWithKey, type TestServer } from './helpers.js';

const clock = new ManualClock();
const fx = serverFixture({ clock });
const { iam: client } = fx;
const STEP = 30_000;
/** The server's time in this test: a step boundary near the real time (SigV4 checks the skew). */
let T = 0;

beforeEach(() => {
  T = Math.floor(Date.now() / STEP) * STEP;
  clock.set(T);
});

const serialOf = (name: string, path = '/') => `arn:aws:iam::${fx.ts.accountId}:mfa${path}${name}`;
const userArn = (name: string) => `arn:aws:iam::${fx.ts.accountId}:user/${name}`;

interface Device {
  serial: string;
  seed: Uint8Array;
  /** The device's code `steps` steps from T. */
  code(steps: number): string;
}

async function createDevice(name: string, extra: { Path?: string; Tags?: { Key: string; Value: string }[] } = {}, iam = fx.root): Promise<Device> {
  const out = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, ...extra }));
  const d = out.VirtualMFADevice!;
  const seed = base32Decode(Buffer.from(d.Base32StringSeed!).toString('ascii'));
  assert.ok(seed, 'the seed is Base32');
  return { serial: d.SerialNumber!, seed, code: (steps) => totp(seed, T + steps * STEP) };
}

/** Enables with the codes of the step before T and of T's, as a user reading the device does. */
function enable(device: Device, userName: string, iam = fx.root, at = 0) {
  return iam.send(
    new EnableMFADeviceCommand({ UserName: userName, SerialNumber: device.serial, AuthenticationCode1: device.code(at - 1), AuthenticationCode2: device.code(at) }),
  );
}

test('the lifecycle: create, enable, list, get, resync, deactivate, delete', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'life' }));
  const out = await fx.root.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'life-phone', Path: '/team/', Tags: [{ Key: 'kind', Value: 'phone' }] }));
  const created = out.VirtualMFADevice!;
  assert.equal(created.SerialNumber, serialOf('life-phone', '/team/'));
  assert.deepEqual(created.Tags, [{ Key: 'kind', Value: 'phone' }]);
  const seedText = Buffer.from(created.Base32StringSeed!).toString('ascii');
  // 320 random bits as 64 Base32 characters, as AWS's seeds.
  assert.match(seedText, /^[A-Z2-7]{64}$/);
  // The QR code is a PNG of otpauth://totp/$virtualMFADeviceName@$AccountName?secret=$Base32String.
  const png = Buffer.from(created.QRCodePNG!);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const expected = await QRCode.toBuffer(`otpauth://totp/life-phone@${fx.ts.accountId}?secret=${seedText}`, { type: 'png' });
  assert.ok(png.equals(expected), 'the QR code encodes the otpauth URI');
  const device: Device = { serial: created.SerialNumber, seed: base32Decode(seedText)!, code: (s) => totp(base32Decode(seedText)!, T + s * STEP) };

  // Unassigned: listed without the seed, and without a user.
  const unassigned = await fx.root.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
  const listed = unassigned.VirtualMFADevices!.find((d) => d.SerialNumber === device.serial);
  assert.ok(listed);
  assert.equal(listed.Base32StringSeed, undefined);
  assert.equal(listed.QRCodePNG, undefined);
  assert.equal(listed.User, undefined);

  await enable(device, 'life');
  const mine = await fx.root.send(new ListMFADevicesCommand({ UserName: 'life' }));
  assert.equal(mine.IsTruncated, false);
  assert.equal(mine.MFADevices!.length, 1);
  assert.equal(mine.MFADevices![0]!.UserName, 'life');
  assert.equal(mine.MFADevices![0]!.SerialNumber, device.serial);
  assert.equal(mine.MFADevices![0]!.EnableDate?.getTime(), Math.floor(T / 1000) * 1000);
  const assigned = await fx.root.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
  const entry = assigned.VirtualMFADevices!.find((d) => d.SerialNumber === device.serial);
  assert.equal(entry?.User?.UserName, 'life');
  assert.equal(entry?.User?.Arn, userArn('life'));
  assert.ok(entry?.EnableDate);
  assert.equal((await fx.root.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices!.some((d) => d.SerialNumber === device.serial), false);
  const got = await fx.root.send(new GetMFADeviceCommand({ SerialNumber: device.serial, UserName: 'life' }));
  assert.equal(got.UserName, 'life');
  assert.equal(got.SerialNumber, device.serial);

  // Assigned: not again, not deleted, and the user is not deleted either.
  await rejectsWith(enable(device, 'life'), { code: 'EntityAlreadyExists', status: 409, message: 'MFA Device is already in use.' });
  await rejectsWith(fx.root.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: device.serial })), { code: 'DeleteConflict', status: 409 });
  await rejectsWith(fx.root.send(new DeleteUserCommand({ UserName: 'life' })), {
    code: 'DeleteConflict',
    status: 409,
    message: 'Cannot delete entity, must delete MFA device first.',
  });

  // Resync with two later consecutive codes; the same pair again is refused.
  clock.set(T + 2 * STEP);
  const resync = (c1: string, c2: string) =>
    fx.root.send(new ResyncMFADeviceCommand({ UserName: 'life', SerialNumber: device.serial, AuthenticationCode1: c1, AuthenticationCode2: c2 }));
  await resync(device.code(1), device.code(2));
  await rejectsWith(resync(device.code(1), device.code(2)), { code: 'InvalidAuthenticationCode', status: 403, message: 'Authentication code for device is not valid.' });

  await fx.root.send(new DeactivateMFADeviceCommand({ UserName: 'life', SerialNumber: device.serial }));
  assert.deepEqual((await fx.root.send(new ListMFADevicesCommand({ UserName: 'life' }))).MFADevices, []);
  await rejectsWith(fx.root.send(new DeactivateMFADeviceCommand({ UserName: 'life', SerialNumber: device.serial })), { code: 'NoSuchEntity', status: 404 });
  await fx.root.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: device.serial }));
  await rejectsWith(fx.root.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: device.serial })), {
    code: 'NoSuchEntity',
    status: 404,
    message: `VirtualMFADevice with serial number ${device.serial} doesn't exist.`,
  });
  await fx.root.send(new DeleteUserCommand({ UserName: 'life' }));
  // The name is free again.
  await createDevice('life-phone', { Path: '/team/' });
});

test('names are unique per account in any case', async () => {
  await createDevice('dup-phone');
  await rejectsWith(fx.root.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'DUP-PHONE' })), {
    code: 'EntityAlreadyExists',
    status: 409,
    message: 'MFADevice entity at the same path and name already exists.',
  });
});

test('wrong, malformed and misdirected codes', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'wrong' }));
  const device = await createDevice('wrong-phone');
  const send = (c1: string, c2: string, userName = 'wrong', serial = device.serial) =>
    fx.root.send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: serial, AuthenticationCode1: c1, AuthenticationCode2: c2 }));
  const flip = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const invalid = { code: 'InvalidAuthenticationCode', status: 403, message: 'Authentication code for device is not valid.' };
  const cases: Array<[string, string, string]> = [
    [flip(device.code(-1)), device.code(0), 'first code wrong'],
    [device.code(-1), flip(device.code(0)), 'second code wrong'],
    [device.code(0), device.code(-1), 'in the wrong order'],
    [device.code(0), device.code(0), 'the same code twice'],
    [device.code(-2), device.code(0), 'not consecutive'],
    [device.code(-40), device.code(-39), 'twenty minutes old'],
  ];
  for (const [c1, c2, why] of cases) {
    const e = await attempt(send(c1, c2));
    assert.deepEqual(e && { code: e.code, status: e.status, message: e.message }, invalid, why);
  }
  await rejectsWith(send('12345', device.code(0)), { code: 'ValidationError', status: 400 });
  await rejectsWith(send('12a456', device.code(0)), { code: 'ValidationError', status: 400 });
  await rejectsWith(send(device.code(-1), device.code(0), 'nobody'), { code: 'NoSuchEntity', status: 404, message: 'The user with name nobody cannot be found.' });
  await rejectsWith(send(device.code(-1), device.code(0), 'wrong', serialOf('no-such-phone')), {
    code: 'NoSuchEntity',
    status: 404,
    message: `VirtualMFADevice with serial number ${serialOf('no-such-phone')} doesn't exist.`,
  });
  // None of that assigned it; the right codes do.
  await enable(device, 'wrong');
});

test('a code is accepted once: re-enabling with spent codes fails, later codes work', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'replay' }));
  const device = await createDevice('replay-phone');
  await enable(device, 'replay');
  await fx.root.send(new DeactivateMFADeviceCommand({ UserName: 'replay', SerialNumber: device.serial }));
  await rejectsWith(enable(device, 'replay'), { code: 'InvalidAuthenticationCode', status: 403, message: 'Authentication code for device is not valid.' });
  // Codes that overlap the spent ones (step 0 again) are refused too.
  clock.set(T + STEP);
  await rejectsWith(enable(device, 'replay', fx.root, 1), { code: 'InvalidAuthenticationCode', status: 403 });
  clock.set(T + 2 * STEP);
  await enable(device, 'replay', fx.root, 2);
  assert.equal((await fx.root.send(new ListMFADevicesCommand({ UserName: 'replay' }))).MFADevices!.length, 1);
});

/** Parallel requests replaying one pair of codes, and parallel enables of one device. */
async function replayRace(iam: IAMClient): Promise<void> {
  await iam.send(new CreateUserCommand({ UserName: 'racer' }));
  const device = await createDevice('race-phone', {}, iam);
  await enable(device, 'racer', iam);
  clock.set(T + 2 * STEP);
  const results = await Promise.all(
    Array.from({ length: 10 }, () =>
      attempt(iam.send(new ResyncMFADeviceCommand({ UserName: 'racer', SerialNumber: device.serial, AuthenticationCode1: device.code(1), AuthenticationCode2: device.code(2) }))),
    ),
  );
  assert.equal(results.filter((r) => r === undefined).length, 1, JSON.stringify(results));
  for (const r of results) if (r) assert.equal(r.code, 'InvalidAuthenticationCode');

  // Racing to enable one device for several users: one wins, the others find it in use or its codes spent.
  clock.set(T);
  const contested = await createDevice('contested-phone', {}, iam);
  const users = ['racer-a', 'racer-b', 'racer-c', 'racer-d'];
  for (const u of users) await iam.send(new CreateUserCommand({ UserName: u }));
  const enables = await Promise.all(users.map((u) => attempt(enable(contested, u, iam))));
  assert.equal(enables.filter((r) => r === undefined).length, 1, JSON.stringify(enables));
  for (const r of enables) if (r) assert.ok(['EntityAlreadyExists', 'InvalidAuthenticationCode'].includes(r.code), r.code);
}

test('parallel requests replaying one pair of codes: exactly one succeeds', () => replayRace(fx.root));

const baseUrl = process.env.TESSERA_TEST_DATABASE_URL;

describe('the replay race on PostgreSQL', { skip: baseUrl ? false : 'TESSERA_TEST_DATABASE_URL not set: PostgreSQL race skipped' }, () => {
  const database = `tessera_e2e_mfa_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  let pgServer: TestServer | undefined;
  before(async () => {
    await admin(`CREATE DATABASE ${database}`);
    const u = new URL(baseUrl!);
    u.pathname = `/${database}`;
    pgServer = await startTestServer({ clock, databaseUrl: u.toString() });
  });
  after(async () => {
    await pgServer?.close();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  test('parallel requests replaying one pair of codes: exactly one succeeds', async () => {
    await replayRace(fx.track(iamClient(pgServer!.url, pgServer!.root)));
  });
});

test('at most eight MFA devices per user', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'many' }));
  const devices: Device[] = [];
  for (let i = 0; i < 9; i++) devices.push(await createDevice(`many-${i}`));
  for (const d of devices.slice(0, 8)) await enable(d, 'many');
  await rejectsWith(enable(devices[8]!, 'many'), { code: 'LimitExceeded', status: 409, message: 'Cannot exceed quota for MFADevicesPerUser: 8' });
  // Pages of three.
  const seen: string[] = [];
  let marker: string | undefined;
  do {
    const page = await fx.root.send(new ListMFADevicesCommand({ UserName: 'many', MaxItems: 3, ...(marker ? { Marker: marker } : {}) }));
    assert.ok(page.MFADevices!.length <= 3);
    assert.equal(page.IsTruncated, page.Marker !== undefined);
    seen.push(...page.MFADevices!.map((d) => d.SerialNumber!));
    marker = page.Marker;
  } while (marker);
  assert.deepEqual(seen, devices.slice(0, 8).map((d) => d.serial));
  // Freeing a slot lets the ninth in.
  await fx.root.send(new DeactivateMFADeviceCommand({ UserName: 'many', SerialNumber: devices[0]!.serial }));
  await enable(devices[8]!, 'many');
});

test('ListVirtualMFADevices pages through each assignment status', async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'pager' }));
  const devices: Device[] = [];
  for (let i = 0; i < 5; i++) devices.push(await createDevice(`pager-${i}`));
  await enable(devices[1]!, 'pager');
  await enable(devices[3]!, 'pager');
  const all = async (status?: AssignmentStatusType) => {
    const out: string[] = [];
    let marker: string | undefined;
    do {
      const page = await fx.root.send(new ListVirtualMFADevicesCommand({ MaxItems: 2, ...(status ? { AssignmentStatus: status } : {}), ...(marker ? { Marker: marker } : {}) }));
      assert.ok(page.VirtualMFADevices!.length <= 2);
      out.push(...page.VirtualMFADevices!.map((d) => d.SerialNumber!).filter((s) => s.includes(':mfa/pager-')));
      marker = page.Marker;
    } while (marker);
    return out;
  };
  const serials = devices.map((d) => d.serial);
  assert.deepEqual(await all(), serials);
  assert.deepEqual(await all('Any'), serials);
  assert.deepEqual(await all('Assigned'), [serials[1], serials[3]]);
  assert.deepEqual(await all('Unassigned'), [serials[0], serials[2], serials[4]]);
  await rejectsWith(fx.root.send(new ListVirtualMFADevicesCommand({ Marker: 'not-a-marker' })), { code: 'InvalidInput', status: 400 });
});

test('tags: tag, list, untag; case-sensitive keys; unknown devices', async () => {
  const device = await createDevice('tagged-phone', { Tags: [{ Key: 'team', Value: 'red' }] });
  await rejectsWith(fx.root.send(new TagMFADeviceCommand({ SerialNumber: device.serial, Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })), {
    code: 'InvalidInput',
    status: 400,
    message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
  });
  // Across calls, an MFA device's keys keep their case: `Team` is another key than `team`.
  await fx.root.send(new TagMFADeviceCommand({ SerialNumber: device.serial, Tags: [{ Key: 'Team', Value: 'blue' }] }));
  await fx.root.send(new TagMFADeviceCommand({ SerialNumber: device.serial, Tags: [{ Key: 'team', Value: 'green' }] }));
  const tags = async () => (await fx.root.send(new ListMFADeviceTagsCommand({ SerialNumber: device.serial }))).Tags;
  assert.deepEqual(await tags(), [
    { Key: 'Team', Value: 'blue' },
    { Key: 'team', Value: 'green' },
  ]);
  await fx.root.send(new UntagMFADeviceCommand({ SerialNumber: device.serial, TagKeys: ['Team', 'absent'] }));
  assert.deepEqual(await tags(), [{ Key: 'team', Value: 'green' }]);
  const nope = serialOf('no-such-tagged');
  const notFound = { code: 'NoSuchEntity', status: 404, message: `VirtualMFADevice with serial number ${nope} doesn't exist.` };
  await rejectsWith(fx.root.send(new ListMFADeviceTagsCommand({ SerialNumber: nope })), notFound);
  await rejectsWith(fx.root.send(new TagMFADeviceCommand({ SerialNumber: nope, Tags: [{ Key: 'a', Value: 'b' }] })), notFound);
  await rejectsWith(fx.root.send(new UntagMFADeviceCommand({ SerialNumber: nope, TagKeys: ['a'] })), notFound);
  await rejectsWith(fx.root.send(new TagMFADeviceCommand({ SerialNumber: device.serial, Tags: [{ Key: 'aws:x', Value: 'b' }] })), { code: 'InvalidInput', status: 400 });
});

test('authorization: an unprivileged user is denied; a narrow policy allows what it names; self-service', async () => {
  const nobody = client(await userWithKey(fx.root, 'mfa-nobody'));
  await rejectsWith(nobody.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'sneaky' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(userArn('mfa-nobody'), 'iam:CreateVirtualMFADevice', serialOf('sneaky'), 'implicit'),
  });
  await rejectsWith(nobody.send(new ListVirtualMFADevicesCommand({})), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(userArn('mfa-nobody'), 'iam:ListVirtualMFADevices', '*', 'implicit'),
  });
  const other = await createDevice('others-phone');
  await rejectsWith(nobody.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: other.serial })), { code: 'AccessDenied', status: 403 });

  // The policy AWS documents for self-managed MFA: devices named after the user, codes for themselves.
  const self = client(
    await userWithKey(fx.root, 'mfa-self', {
      selfService: policy(
        { Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice'], Resource: `arn:aws:iam::*:mfa/\${aws:username}` },
        {
          Effect: 'Allow',
          Action: ['iam:EnableMFADevice', 'iam:ResyncMFADevice', 'iam:DeactivateMFADevice', 'iam:ListMFADevices'],
          Resource: `arn:aws:iam::*:user/\${aws:username}`,
        },
      ),
    }),
  );
  const own = await createDevice('mfa-self', {}, self);
  await rejectsWith(self.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'not-mine' })), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(userArn('mfa-self'), 'iam:CreateVirtualMFADevice', serialOf('not-mine'), 'implicit'),
  });
  await enable(own, 'mfa-self', self);
  // ListMFADevices without a user name lists the caller's own.
  const listed = await self.send(new ListMFADevicesCommand({}));
  assert.deepEqual(listed.MFADevices!.map((d) => d.SerialNumber), [own.serial]);
  await rejectsWith(enable(other, 'mfa-nobody', self), {
    code: 'AccessDenied',
    status: 403,
    message: accessDeniedMessage(userArn('mfa-self'), 'iam:EnableMFADevice', userArn('mfa-nobody'), 'implicit'),
  });
  await self.send(new DeactivateMFADeviceCommand({ SerialNumber: own.serial }));
  await self.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: own.serial }));

  // Conditions on the device's tags.
  const tagged = await createDevice('tag-scoped', { Tags: [{ Key: 'team', Value: 'blue' }] });
  const plain = await createDevice('tag-unscoped');
  const scoped = client(
    await userWithKey(fx.root, 'mfa-scoped', {
      tags: policy({ Effect: 'Allow', Action: 'iam:ListMFADeviceTags', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } }),
    }),
  );
  await scoped.send(new ListMFADeviceTagsCommand({ SerialNumber: tagged.serial }));
  await rejectsWith(scoped.send(new ListMFADeviceTagsCommand({ SerialNumber: plain.serial })), { code: 'AccessDenied', status: 403 });
});

test('aws-cli: create with the Base32 seed written out, then enable with codes from it', { skip: awsCliMissing() }, async () => {
  await fx.root.send(new CreateUserCommand({ UserName: 'cli-mfa' }));
  const dir = mkdtempSync(join(tmpdir(), 'tessera-mfa-'));
  try {
    const seedFile = join(dir, 'seed.txt');
    const created = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'create-virtual-mfa-device', '--virtual-mfa-device-name', 'cli-phone', '--outfile', seedFile, '--bootstrap-method', 'Base32StringSeed']);
    assert.equal(created.code, 0, created.stderr);
    const serial = (created.json as { VirtualMFADevice: { SerialNumber: string } }).VirtualMFADevice.SerialNumber;
    assert.equal(serial, serialOf('cli-phone'));
    const seed = base32Decode(readFileSync(seedFile, 'ascii').trim());
    assert.ok(seed);
    const enabled = await awsCli(fx.ts.url, fx.ts.root, [
      'iam',
      'enable-mfa-device',
      '--user-name',
      'cli-mfa',
      '--serial-number',
      serial,
      '--authentication-code1',
      totp(seed, T - STEP),
      '--authentication-code2',
      totp(seed, T),
    ]);
    assert.equal(enabled.code, 0, enabled.stderr);
    const listed = await awsCli(fx.ts.url, fx.ts.root, ['iam', 'list-mfa-devices', '--user-name', 'cli-mfa']);
    assert.deepEqual((listed.json as { MFADevices: { SerialNumber: string }[] }).MFADevices.map((d) => d.SerialNumber), [serial]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
