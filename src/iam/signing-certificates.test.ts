import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signingCertificateId, upperAlphanumeric } from './signing-certificates.js';

test('signing certificate ids: 32 upper-case letters and digits, within the model’s [\\w]{24,128}', () => {
  const ids = new Set(Array.from({ length: 200 }, () => signingCertificateId()));
  assert.equal(ids.size, 200);
  for (const id of ids) {
    assert.match(id, /^[A-Z0-9]{32}$/);
    assert.match(id, /^\w{24,128}$/);
  }
});

test('upperAlphanumeric: the length asked, every symbol of the alphabet in use', () => {
  for (const n of [0, 1, 22, 26, 64]) assert.equal(upperAlphanumeric(n).length, n);
  const seen = new Set(upperAlphanumeric(4000));
  assert.equal(seen.size, 36);
});
