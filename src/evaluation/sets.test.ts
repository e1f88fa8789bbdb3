import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixedSets } from './sets.js';
import type { PolicyRef, PolicySets } from './types.js';

const ref = (id: string): PolicyRef<string> => ({ id, sourceType: 'user-managed', compiled: id });

test('fixedSets keeps every value and gives every result the same keys in the same order', () => {
  const cases: PolicySets<string>[] = [
    { identity: [] },
    { identity: [ref('a')], boundary: ref('b') },
    { identity: [ref('a')], resource: ref('r'), resourceRequired: true },
    { identity: [], session: [ref('s')], scps: [[ref('p')]], rcps: [[ref('q')]] },
  ];
  const keys = ['identity', 'resource', 'boundary', 'session', 'scps', 'rcps', 'resourceRequired'];
  for (const c of cases) {
    const f = fixedSets(c);
    assert.deepEqual(Object.keys(f), keys);
    for (const k of keys) assert.equal(f[k as keyof PolicySets<string>], c[k as keyof PolicySets<string>], k);
  }
});
