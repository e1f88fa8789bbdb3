import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allPages, decodeOffsetMarker, encodeOffsetMarker } from './authorization-details.js';
import { IamError } from './errors.js';

test('offset markers round-trip and refuse anything else', () => {
  for (const n of [0, 1, 99, 100, 123456]) assert.equal(decodeOffsetMarker(encodeOffsetMarker(n)), n);
  const bad = ['', 'x', '5', Buffer.from('gaad:-1').toString('base64url'), Buffer.from('gaad:01').toString('base64url'), Buffer.from('gaad:1.5').toString('base64url'), `${encodeOffsetMarker(3)}=`];
  for (const m of bad) assert.throws(() => decodeOffsetMarker(m), (e: unknown) => e instanceof IamError && e.code === 'InvalidInput' && e.message === 'Invalid Marker.', m);
});

test('allPages follows markers to the end', async () => {
  const items = Array.from({ length: 2500 }, (_, i) => i);
  const seen: (string | undefined)[] = [];
  const all = await allPages(async (r) => {
    seen.push(r.marker);
    const start = r.marker ? Number(r.marker) : 0;
    const end = start + (r.maxItems ?? 100);
    return end < items.length ? { items: items.slice(start, end), isTruncated: true, marker: String(end) } : { items: items.slice(start), isTruncated: false };
  });
  assert.deepEqual(all, items);
  assert.deepEqual(seen, [undefined, '1000', '2000']);
});
