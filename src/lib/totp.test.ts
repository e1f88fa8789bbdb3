import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base32Decode, base32Encode, hotp, matchingSteps, timeStep, totp, type TotpAlgorithm } from './totp.js';

const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'ascii'));

test('RFC 6238 Appendix B test vectors (8 digits, 30 s steps)', () => {
  const seeds: Record<TotpAlgorithm, Uint8Array> = {
    sha1: ascii('12345678901234567890'),
    sha256: ascii('12345678901234567890123456789012'),
    sha512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
  };
  const cases: Array<[number, TotpAlgorithm, string]> = [
    [59, 'sha1', '94287082'],
    [59, 'sha256', '46119246'],
    [59, 'sha512', '90693936'],
    [1111111109, 'sha1', '07081804'],
    [1111111109, 'sha256', '68084774'],
    [1111111109, 'sha512', '25091201'],
    [1111111111, 'sha1', '14050471'],
    [1111111111, 'sha256', '67062674'],
    [1111111111, 'sha512', '99943326'],
    [1234567890, 'sha1', '89005924'],
    [1234567890, 'sha256', '91819424'],
    [1234567890, 'sha512', '93441116'],
    [2000000000, 'sha1', '69279037'],
    [2000000000, 'sha256', '90698825'],
    [2000000000, 'sha512', '38618901'],
    [20000000000, 'sha1', '65353130'],
    [20000000000, 'sha256', '77737706'],
    [20000000000, 'sha512', '47863826'],
  ];
  for (const [seconds, algorithm, code] of cases) {
    assert.equal(totp(seeds[algorithm], new Date(seconds * 1000), { digits: 8, algorithm }), code, `${algorithm} at ${seconds}`);
  }
});

test('RFC 4226 Appendix D HOTP test vectors (6 digits)', () => {
  const secret = ascii('12345678901234567890');
  const codes = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  codes.forEach((code, counter) => assert.equal(hotp(secret, counter), code, `counter ${counter}`));
});

test('time steps, the 6-digit default and the step boundaries', () => {
  const cases: Array<[number, number]> = [
    [0, 0],
    [29_999, 0],
    [30_000, 1],
    [59_000, 1],
    [1_111_111_109_000, 37_037_036],
  ];
  for (const [ms, step] of cases) assert.equal(timeStep(ms), step, `${ms} ms`);
  const secret = ascii('12345678901234567890');
  // The 6-digit code is the 8-digit one's last six digits (the modulus differs only in size).
  assert.equal(totp(secret, 59_000), '287082');
  assert.equal(totp(secret, 30_000), totp(secret, 59_999));
  assert.notEqual(totp(secret, 59_999), totp(secret, 60_000));
});

test('matchingSteps finds the steps of a code within a range, and nothing outside it', () => {
  const secret = ascii('12345678901234567890');
  const cases: Array<[string, number, number, number[]]> = [
    ['287082', 0, 5, [1]],
    ['287082', 2, 5, []],
    ['520489', 0, 9, [9]],
    ['000000', 0, 9, []],
    ['755224', -3, 0, [0]],
  ];
  for (const [code, from, to, want] of cases) assert.deepEqual(matchingSteps(secret, code, from, to), want, `${code} in [${from}, ${to}]`);
});

test('Base32 (RFC 4648 section 10 test vectors), both directions', () => {
  const cases: Array<[string, string]> = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  for (const [plain, encoded] of cases) {
    assert.equal(base32Encode(ascii(plain)), encoded, plain);
    assert.deepEqual(base32Decode(encoded), ascii(plain), encoded);
    const padded = encoded + '='.repeat((8 - (encoded.length % 8)) % 8);
    assert.deepEqual(base32Decode(padded), ascii(plain), padded);
    assert.deepEqual(base32Decode(encoded.toLowerCase()), ascii(plain), `${encoded} lower case`);
  }
  for (const bad of ['M', 'MZX', 'MZXW6Y', 'MZ1Q', 'MZ Q', 'MZ', 'MZXR']) assert.equal(base32Decode(bad), undefined, bad);
  const seed = new Uint8Array(40).map((_, i) => (i * 37) & 255);
  assert.equal(base32Encode(seed).length, 64);
  assert.deepEqual(base32Decode(base32Encode(seed)), seed);
});

test('misuse is a TypeError', () => {
  const secret = ascii('12345678901234567890');
  assert.throws(() => hotp(secret, -1), TypeError);
  assert.throws(() => hotp(secret, 1.5), TypeError);
  assert.throws(() => hotp(secret, 0, { digits: 5 }), TypeError);
});
