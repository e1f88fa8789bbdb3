import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SigningKeyCache, deriveSigningKey } from './signing-key.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

describe('deriveSigningKey', () => {
  // AWS's documented example ("Examples of how to derive a signing key for Signature Version 4").
  test('AWS documentation example: 20120215 / us-east-1 / iam', () => {
    assert.equal(
      deriveSigningKey(SECRET, '20120215', 'us-east-1', 'iam').toString('hex'),
      'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d',
    );
  });
});

describe('SigningKeyCache', () => {
  test('a hit returns the same key; each scope element is part of the key', () => {
    const cache = new SigningKeyCache(16);
    const key = cache.get(SECRET, '20150830', 'us-east-1', 'iam');
    assert.equal(cache.get(SECRET, '20150830', 'us-east-1', 'iam'), key);
    assert.deepEqual(key, deriveSigningKey(SECRET, '20150830', 'us-east-1', 'iam'));
    const variants: Array<[string, string, string, string]> = [
      [`${SECRET}x`, '20150830', 'us-east-1', 'iam'],
      [SECRET, '20150831', 'us-east-1', 'iam'],
      [SECRET, '20150830', 'us-east-2', 'iam'],
      [SECRET, '20150830', 'us-east-1', 'sts'],
      // Length prefixes keep shifted boundaries apart.
      [SECRET, '20150830', 'us-east-1i', 'am'],
    ];
    for (const [secret, date, region, service] of variants) {
      assert.deepEqual(cache.get(secret, date, region, service), deriveSigningKey(secret, date, region, service));
    }
    assert.equal(cache.size, 1 + variants.length);
  });

  test('evicts the least recently used entry', () => {
    const cache = new SigningKeyCache(2);
    const a = cache.get(SECRET, '20150830', 'us-east-1', 'a');
    cache.get(SECRET, '20150830', 'us-east-1', 'b');
    assert.equal(cache.get(SECRET, '20150830', 'us-east-1', 'a'), a);
    cache.get(SECRET, '20150830', 'us-east-1', 'c');
    assert.equal(cache.size, 2);
    // 'a' was used more recently than 'b', so 'b' went.
    assert.equal(cache.get(SECRET, '20150830', 'us-east-1', 'a'), a);
    assert.equal(cache.size, 2);
  });

  test('keys are opaque hashes: the secret is never stored', () => {
    const cache = new SigningKeyCache();
    cache.get(SECRET, '20150830', 'us-east-1', 'iam');
    const [id] = cache.keys();
    assert.match(id!, /^[A-Za-z0-9+/]{43}=$/);
    assert.ok(!id!.includes(SECRET) && !id!.includes('us-east-1'));
    cache.clear();
    assert.equal(cache.size, 0);
  });

  test('two caches use different salts', () => {
    const one = new SigningKeyCache();
    const two = new SigningKeyCache();
    one.get(SECRET, '20150830', 'us-east-1', 'iam');
    two.get(SECRET, '20150830', 'us-east-1', 'iam');
    assert.notEqual(one.keys()[0], two.keys()[0]);
  });

  test('a non-positive size is a programming error', () => {
    for (const size of [0, -1, 1.5, Number.NaN]) assert.throws(() => new SigningKeyCache(size), TypeError);
  });
});
