import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IamError } from './errors.js';
import { checkMergedTagCount, checkTags, MAX_TAGS, resourceTagContext } from './tags.js';

const tags = (n: number, prefix = 'k') => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: 'v' }));
const stored = (n: number, prefix = 'k') => tags(n, prefix).map((t) => ({ key: t.Key }));
const isCode = (code: string) => (e: unknown) => e instanceof IamError && e.code === code;

test('checkTags: reserved prefix and duplicates', () => {
  assert.deepEqual(checkTags(undefined), []);
  assert.equal(checkTags(tags(MAX_TAGS)).length, MAX_TAGS);
  assert.throws(() => checkTags(tags(MAX_TAGS + 1)), isCode('LimitExceeded'));
  for (const key of ['aws:x', 'AWS:x', 'Aws:team']) assert.throws(() => checkTags([{ Key: key, Value: 'v' }]), isCode('InvalidInput'), key);
  assert.doesNotThrow(() => checkTags([{ Key: 'awsx', Value: 'v' }]));
  assert.throws(() => checkTags([{ Key: 'Team', Value: 'a' }, { Key: 'team', Value: 'b' }]), isCode('InvalidInput'));
});

test('checkMergedTagCount: at most 50 keys after the merge', () => {
  const cases: [string, ReturnType<typeof stored>, ReturnType<typeof tags>, boolean, boolean][] = [
    ['49 + 1 new', stored(49), tags(1, 'n'), false, true],
    ['50 + 1 new', stored(50), tags(1, 'n'), false, false],
    ['50 + replacing one', stored(50), tags(1), false, true],
    ['40 + 10 new', stored(40), tags(10, 'n'), false, true],
    ['40 + 11 new', stored(40), tags(11, 'n'), false, false],
    ['50 + other case, case-insensitive keys', stored(50), [{ Key: 'K0', Value: 'v' }], true, true],
    ['50 + other case, case-sensitive keys', stored(50), [{ Key: 'K0', Value: 'v' }], false, false],
  ];
  for (const [name, existing, added, ignoreCase, ok] of cases) {
    if (ok) assert.doesNotThrow(() => checkMergedTagCount(existing, added, ignoreCase), name);
    else assert.throws(() => checkMergedTagCount(existing, added, ignoreCase), isCode('LimitExceeded'), name);
  }
});

test('resourceTagContext: aws: and iam: ResourceTag keys', () => {
  const team = [{ key: 'team', value: 'red' }];
  assert.deepEqual(resourceTagContext(team, { iamResourceTag: true }), [
    ['aws:ResourceTag/team', 'red'],
    ['iam:ResourceTag/team', 'red'],
  ]);
  assert.deepEqual(resourceTagContext(team, { iamResourceTag: false }), [['aws:ResourceTag/team', 'red']]);
  assert.deepEqual(resourceTagContext([], { iamResourceTag: true }), []);
});
