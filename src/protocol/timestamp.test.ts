import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIsoSeconds } from './timestamp.js';

test('formatIsoSeconds: to the second in UTC, whatever came before (its one-entry memory never leaks)', () => {
  const cases: Array<[unknown, string]> = [
    [new Date('2013-04-18T17:55:21.999Z'), '2013-04-18T17:55:21Z'],
    [new Date('2013-04-18T17:55:21.001Z'), '2013-04-18T17:55:21Z'],
    [new Date('2013-04-18T17:55:22.000Z'), '2013-04-18T17:55:22Z'],
    ['2020-01-31T10:00:00+01:00', '2020-01-31T09:00:00Z'],
    [1_700_000_000, '2023-11-14T22:13:20Z'],
    [new Date('2013-04-18T17:55:21.500Z'), '2013-04-18T17:55:21Z'],
    [new Date(-1), '1969-12-31T23:59:59Z'],
    [new Date(0), '1970-01-01T00:00:00Z'],
  ];
  // Twice over, in order and reversed, so every case follows others.
  for (const list of [cases, [...cases].reverse(), cases]) {
    for (const [input, want] of list) assert.equal(formatIsoSeconds(input), want, String(input));
  }
});
