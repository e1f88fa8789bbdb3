// Java-pattern translation: every pattern of the three service models compiles, and the
// differences between java.util.regex and JavaScript that matter for them are pinned by examples.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadServiceModel } from './model.js';
import { codePointLength, compileJavaPattern, translateJavaPattern, UnsupportedPatternError } from './pattern.js';

const MODELS = ['iam-2010-05-08', 'sts-2011-06-15', 'organizations-2016-11-28'].map((n) =>
  loadServiceModel(new URL(`../../data/aws-models/${n}.json`, import.meta.url)),
);

describe('every pattern in the service models', () => {
  for (const model of MODELS) {
    test(`${model.metadata.serviceId}: compiles`, () => {
      let count = 0;
      for (const shape of model.shapes.values()) {
        if (shape.type !== 'string' || shape.pattern === undefined) continue;
        assert.doesNotThrow(() => compileJavaPattern(shape.pattern!), shape.name);
        count += 1;
      }
      assert.ok(count > 0);
    });
  }
});

describe('matching, as Java matches() the whole value', () => {
  const cases: [pattern: string, value: string, matches: boolean, why: string][] = [
    ['[\\w+=,.@-]+', 'Bob_the+builder=,.@-', true, 'IAM names'],
    ['[\\w+=,.@-]+', 'bad/name', false, 'a slash is not in the class'],
    ['[\\w+=,.@-]+', 'élan', false, '\\w is ASCII-only in Java'],
    ['[\\w+=,.@-]+', '', false, '+ needs one character'],
    ['[\\w+=,.@-]*', '', true, '* takes the empty value'],
    ['(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)', '/', true, 'the root path'],
    ['(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)', '/a/b/', true, 'a nested path'],
    ['(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)', '/a', false, 'both alternatives must span the value'],
    ['[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+', '{"a":\n\t"é"}', true, 'policy documents: tab, newline, Latin-1'],
    ['[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+', '{"a":"ā"}', false, 'beyond Latin-1'],
    ['[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+', 'arn:aws:iam::1:role/é', true, 'BMP text'],
    [
      '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+',
      'arn:aws:iam::1:role/\u{1F600}',
      false,
      '\\u10000 is \\u1000 then 0 in Java too: AWS rejects supplementary characters',
    ],
    ['[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+', 'Köln 2024 = ok', true, 'tag keys: Unicode letters, separators, numbers'],
    ['[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+', 'a!b', false, '! is not allowed'],
    ['[\\w+=,.@\\:-]*', 'a:b', true, 'Java lets : be escaped; JavaScript u-mode does not'],
    ['[\\w+=,.@:\\/-]*', 'a/b:c', true, 'an escaped slash'],
    ['[^\\s@]+@[^\\s@]+\\.[^\\s@]+', 'a@b.co', true, 'e-mail'],
    ['[^\\s@]+@[^\\s@]+\\.[^\\s@]+', 'a b@c.d', false, 'a space is \\s'],
    ['[^\\s@]+@[^\\s@]+\\.[^\\s@]+', 'a\u00A0b@c.d', true, 'NBSP is not \\s in Java'],
    ['[\\s\\S]*', 'anything\u2028at all', true, '[\\s\\S] is everything'],
    ['^(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$', '123456789012', true, 'anchors inside the pattern'],
    ['^(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$', 'ou-ab12-abcdefgh', true, 'the second alternative'],
    ['^(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$', '1234567890123', false, '13 digits'],
    ['^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$', 'a-b-c', true, 'lookahead'],
    ['^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$', 'a--b', false, 'lookahead rejects a double dash'],
    ['^arn:aws:organizations::.+:.+', 'arn:aws:organizations::1:x', true, '. matches'],
    ['^arn:aws:organizations::.+:.+', 'arn:aws:organizations::1:x\u0085', false, 'Java . excludes NEL'],
    ['^o-[0-9a-z]{10,32}\\/r-[0-9a-z]{4,32}[0-9a-z-\\/]*', 'o-abcdefghij/r-abcd/ou-x', true, 'a dash before an escaped slash'],
  ];
  for (const [pattern, value, expected, why] of cases) {
    test(`${why}: ${JSON.stringify(value)} ${expected ? 'matches' : 'does not match'} ${pattern}`, () => {
      assert.equal(compileJavaPattern(pattern).test(value), expected);
    });
  }
});

describe('translation', () => {
  const cases: [java: string, js: string][] = [
    ['[\\w+=,.@\\:-]*', '[\\w+=,.@:-]*'],
    ['\\s', '[\\t\\n\\x0B\\f\\r ]'],
    ['[\\s@]', '[\\t\\n\\x0B\\f\\r @]'],
    ['a.b', 'a[^\\n\\r\\u0085\\u2028\\u2029]b'],
    ['[a.b]', '[a.b]'],
    ['\\p{IsLetter}', '\\p{L}'],
    ['a\\-b', 'a-b'],
    ['[a\\-b]', '[a\\-b]'],
  ];
  for (const [java, js] of cases) {
    test(`${java} -> ${js}`, () => assert.equal(translateJavaPattern(java), js));
  }

  const unsupported: [pattern: string, why: string][] = [
    ['(?i)abc', 'inline flags'],
    ['a++', 'possessive quantifiers'],
    ['[a-z&&[^aeiou]]', 'class intersection'],
    ['[abc', 'an unterminated class'],
    ['\\q', 'an unknown letter escape'],
  ];
  for (const [pattern, why] of unsupported) {
    test(`${why} are refused, not guessed: ${pattern}`, () => {
      assert.throws(() => compileJavaPattern(pattern), UnsupportedPatternError);
    });
  }
});

describe('length is counted in code points, as AWS counts', () => {
  const cases: [value: string, length: number][] = [
    ['', 0],
    ['abc', 3],
    ['é'.repeat(4), 4],
    ['e\u0301', 2],
    ['\u{1F600}\u{1F600}', 2],
    ['\uD83D', 1],
  ];
  for (const [value, length] of cases) {
    test(`${JSON.stringify(value)} has ${length}`, () => assert.equal(codePointLength(value), length));
  }
});
