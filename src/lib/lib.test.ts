import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { accessKeyId, accountId, accountOfAccessKeyId, constantTimeEqual, ManualClock, SealingKey, secretAccessKey, uniqueId } from './index.js';

test('ids have AWS formats', () => {
  const cases: [string, RegExp][] = [
    [uniqueId('AIDA'), /^AIDA[A-Z2-7]{17}$/],
    [uniqueId('AROA'), /^AROA[A-Z2-7]{17}$/],
    [accessKeyId(), /^AKIA[A-Z2-7]{16}$/],
    [accessKeyId(true), /^ASIA[A-Z2-7]{16}$/],
    [secretAccessKey(), /^[A-Za-z0-9+/]{40}$/],
    [accountId(), /^[1-9]\d{11}$/],
  ];
  for (const [value, re] of cases) assert.match(value, re);
  assert.notEqual(uniqueId('AIDA'), uniqueId('AIDA'));
});

test('access key ids carry their account as AWS encodes it', () => {
  // AWS's documented example: ASIAY34FZKBOKMUTVV7A belongs to account 609629065308.
  assert.equal(accountOfAccessKeyId('ASIAY34FZKBOKMUTVV7A'), '609629065308');
  for (const account of ['123456789012', '000000000001', '999999999999', accountId()]) {
    for (const temporary of [false, true]) {
      const id = accessKeyId(temporary, account);
      assert.match(id, temporary ? /^ASIA[A-Z2-7]{16}$/ : /^AKIA[A-Z2-7]{16}$/);
      assert.equal(accountOfAccessKeyId(id), account, id);
    }
  }
  assert.notEqual(accessKeyId(false, '123456789012'), accessKeyId(false, '123456789012'));
  assert.equal(accountOfAccessKeyId('AKIA0000'), undefined);
});

test('constantTimeEqual', () => {
  const cases: [string, string, boolean][] = [
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'abcd', false],
    ['', '', true],
  ];
  for (const [a, b, want] of cases) assert.equal(constantTimeEqual(a, b), want, `${a} vs ${b}`);
});

test('sealing round-trips and is bound to key and context', () => {
  const key = new SealingKey(randomBytes(32));
  const sealed = key.seal('secret', 'access_key:AKIA1:secret');
  assert.equal(key.open(sealed, 'access_key:AKIA1:secret')?.toString(), 'secret');
  assert.equal(key.open(sealed, 'access_key:AKIA2:secret'), undefined, 'other context');
  assert.equal(new SealingKey(randomBytes(32)).open(sealed, 'access_key:AKIA1:secret'), undefined, 'other key');
  for (let i = 0; i < sealed.length; i++) {
    const bad = Buffer.from(sealed);
    bad[i] = bad[i]! ^ 1;
    assert.equal(key.open(bad, 'access_key:AKIA1:secret'), undefined, `byte ${i} altered`);
  }
  assert.equal(key.open(sealed.subarray(0, 10), 'x'), undefined, 'truncated');
  assert.notDeepEqual(key.seal('secret', 'c'), key.seal('secret', 'c'), 'random nonce');
  assert.throws(() => new SealingKey(randomBytes(16)), TypeError);
});

test('ManualClock moves only when told', () => {
  const c = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  assert.equal(c.now().toISOString(), '2026-01-01T00:00:00.000Z');
  c.advance(1000);
  assert.equal(c.now().toISOString(), '2026-01-01T00:00:01.000Z');
});
