// Organizations' shared pieces: NextToken paging, id shapes, ARNs, tag checks.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IamError } from '../iam/errors.js';
import { arns, checkTagInput, isAccountId, isOuId, isRootId, page, randomId } from './common.js';

describe('page', () => {
  const items = Array.from({ length: 5 }, (_, i) => i);
  test('walks every item once, in order, at most MaxResults a page', () => {
    for (const max of [1, 2, 3, 5, 20]) {
      const seen: number[] = [];
      let token: string | undefined;
      do {
        const p = page(items, { MaxResults: max, ...(token !== undefined ? { NextToken: token } : {}) });
        assert.ok(p.items.length <= max);
        seen.push(...p.items);
        token = p.NextToken;
      } while (token !== undefined);
      assert.deepEqual(seen, items, `MaxResults ${max}`);
    }
  });
  test('the default page is 20 items; the last page has no NextToken', () => {
    assert.equal(page(Array.from({ length: 25 }), {}).items.length, 20);
    assert.equal(page(items, {}).NextToken, undefined);
  });
  for (const token of ['', 'o1', 'o1.00000000', 'garbage', `o99.${'0'.repeat(8)}`]) {
    test(`a token not handed out is InvalidInputException INVALID_NEXT_TOKEN: ${JSON.stringify(token)}`, () => {
      assert.throws(
        () => page(items, { NextToken: token }),
        (e: unknown) => e instanceof IamError && e.code === 'InvalidInputException' && e.fields?.reason === 'INVALID_NEXT_TOKEN',
      );
    });
  }
});

describe('ids', () => {
  const cases: Array<[string, (id: string) => boolean, boolean]> = [
    ['r-ab12', isRootId, true],
    ['r-AB12', isRootId, false],
    ['ou-ab12-abcdefgh', isOuId, true],
    ['ou-ab12-abc', isOuId, false],
    ['123456789012', isAccountId, true],
    ['12345678901', isAccountId, false],
    ['r-ab12', isOuId, false],
  ];
  for (const [id, check, expected] of cases) test(`${check.name}(${id}) is ${expected}`, () => assert.equal(check(id), expected));
  test('random ids are lowercase alphanumeric of the length asked', () => {
    for (const n of [4, 8, 10, 32]) assert.match(randomId(n), new RegExp(`^[a-z0-9]{${n}}$`));
  });
  test('ARNs as AWS documents them', () => {
    assert.equal(arns.root('aws', '111111111111', 'o-abcdefghij', 'r-ab12'), 'arn:aws:organizations::111111111111:root/o-abcdefghij/r-ab12');
    assert.equal(arns.policy('aws', '111111111111', 'o-abcdefghij', 'RESOURCE_CONTROL_POLICY', 'p-12345678'), 'arn:aws:organizations::111111111111:policy/o-abcdefghij/resource_control_policy/p-12345678');
    assert.equal(arns.awsPolicy('aws', 'SERVICE_CONTROL_POLICY', 'p-FullAWSAccess'), 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess');
  });
});

describe('checkTagInput', () => {
  const reason = (tags: Array<{ Key: string; Value: string }>): string | undefined => {
    try {
      checkTagInput(tags);
      return undefined;
    } catch (e) {
      return e instanceof IamError ? `${e.code} ${e.fields?.reason}` : 'other';
    }
  };
  const cases: Array<[string, Array<{ Key: string; Value: string }>, string | undefined]> = [
    ['fine', [{ Key: 'a', Value: '1' }], undefined],
    ['duplicate key', [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }], 'InvalidInputException DUPLICATE_TAG_KEY'],
    ['aws: prefix', [{ Key: 'aws:x', Value: '1' }], 'InvalidInputException INVALID_SYSTEM_TAGS_PARAMETER'],
    ['50 tags', Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: '' })), undefined],
    ['51 tags', Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' })), 'ConstraintViolationException MAX_TAG_LIMIT_EXCEEDED'],
  ];
  for (const [name, tags, expected] of cases) test(name, () => assert.equal(reason(tags), expected));
});
