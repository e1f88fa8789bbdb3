import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { SealingKey } from '../lib/sealing.js';
import { SessionTokens, type SessionClaims } from './token.js';

const master = new SealingKey(randomBytes(32));
const tokens = new SessionTokens(master);
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);
const claims: SessionClaims = {
  kind: 'assumed-role',
  account: '123456789012',
  akid: 'ASIAEXAMPLE000000001',
  secret: 'secret/secret/secret/secret/secret/0000',
  issuedAt: NOW,
  expiresAt: NOW + 3600_000,
  role: { id: 'AROAEXAMPLE0000000001', arn: 'arn:aws:iam::123456789012:role/r', name: 'r' },
  sessionName: 's',
  policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
  tags: [['team', 'blue']],
  transitiveTagKeys: ['team'],
};

describe('session tokens', () => {
  test('a sealed token opens for its key id, before it expires, with every claim', () => {
    const token = tokens.seal(claims);
    assert.deepEqual(tokens.open(token, claims.akid, NOW + 1000), { ok: true, claims });
  });

  test('expired at and after expiresAt', () => {
    const token = tokens.seal(claims);
    assert.deepEqual(tokens.open(token, claims.akid, claims.expiresAt), { ok: false, error: 'expired' });
  });

  test('every single-byte change to the token is refused', () => {
    const raw = Buffer.from(tokens.seal(claims), 'base64');
    for (let i = 0; i < raw.length; i++) {
      for (const flip of [0x01, 0x80]) {
        const altered = Buffer.from(raw);
        altered[i] = altered[i]! ^ flip;
        const r = tokens.open(altered.toString('base64'), claims.akid, NOW);
        assert.deepEqual(r, { ok: false, error: 'invalid' }, `byte ${i} ^ ${flip}`);
      }
    }
  });

  test('a token with another access key id, a truncated or padded token, and another master key are refused', () => {
    const token = tokens.seal(claims);
    const invalid = { ok: false, error: 'invalid' };
    assert.deepEqual(tokens.open(token, 'ASIAEXAMPLE000000002', NOW), invalid);
    assert.deepEqual(tokens.open(token.slice(0, -4), claims.akid, NOW), invalid);
    assert.deepEqual(tokens.open(`${token}AAAA`, claims.akid, NOW), invalid);
    assert.deepEqual(tokens.open('not base64 at all!', claims.akid, NOW), invalid);
    assert.deepEqual(tokens.open('', claims.akid, NOW), invalid);
    assert.deepEqual(new SessionTokens(new SealingKey(randomBytes(32))).open(token, claims.akid, NOW), invalid);
  });

  test('the token key is derived from the master key: a key of its own, not the master key itself', () => {
    const derived = master.derive('tessera/sts/session-token/v1');
    assert.notDeepEqual(derived.keyId(), master.keyId());
    assert.deepEqual(derived.keyId(), master.derive('tessera/sts/session-token/v1').keyId());
  });
});
