import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  canonicalHeaderValue,
  canonicalHeaders,
  canonicalQueryString,
  canonicalUri,
  parseQuery,
} from './canonical.js';
import { canonicalQueryComponent, decodeCanonical, uriEncode } from './encoding.js';
import { formatAmzDate, parseAmzDate, parseCredential } from './parse.js';

describe('canonicalUri', () => {
  const cases: Array<[path: string, normalize: boolean, expected: string]> = [
    ['/', true, '/'],
    ['', true, '/'],
    ['/iam/', true, '/iam/'],
    ['//example//', true, '/example/'],
    ['//example//', false, '//example//'],
    ['/./', true, '/'],
    ['/./example', true, '/example'],
    ['/example/..', true, '/'],
    ['/example1/example2/../..', true, '/'],
    ['/../../a', true, '/a'],
    ['/a/./b/../c/', true, '/a/c/'],
    ['/a/.', true, '/a'],
    ['/.hidden/x', true, '/.hidden/x'],
    ['/example/..', false, '/example/..'],
    ['/example space/', true, '/example%20space/'],
    // The wire path is encoded once more: an escaped space becomes %2520 (double encoding).
    ['/example%20space/', true, '/example%2520space/'],
    ['/\u1234', true, '/%E1%88%B4'],
    ['/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', true, '/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'],
    ['/a+b=c!*\'()', true, '/a%2Bb%3Dc%21%2A%27%28%29'],
    ['/\u{1F600}', true, '/%F0%9F%98%80'],
    ['/\uD800', true, '/%EF%BF%BD'],
  ];
  for (const [path, normalize, expected] of cases) {
    test(`${JSON.stringify(path)} normalize=${normalize}`, () => {
      assert.equal(canonicalUri(path, normalize), expected);
    });
  }
});

describe('uriEncode', () => {
  const cases: Array<[input: string, keepSlash: boolean, expected: string]> = [
    ['abc', false, 'abc'],
    ['a/b', false, 'a%2Fb'],
    ['a/b', true, 'a/b'],
    ['%', false, '%25'],
    ['\u00e9', false, '%C3%A9'],
    ['\u20ac', false, '%E2%82%AC'],
  ];
  for (const [input, keepSlash, expected] of cases) {
    test(JSON.stringify(input), () => assert.equal(uriEncode(input, keepSlash), expected));
  }
});

describe('canonicalQueryComponent', () => {
  const cases: Array<[raw: string, expected: string | undefined]> = [
    ['value1', 'value1'],
    ['', ''],
    ['a b', 'a%20b'],
    ['a+b', 'a%20b'],
    ['a%2bb', 'a%2Bb'],
    ['a%2Bb', 'a%2Bb'],
    ['%41%7e', 'A~'],
    ['%E1%88%B4', '%E1%88%B4'],
    ['\u1234', '%E1%88%B4'],
    ['a=b', 'a%3Db'],
    ['a/b', 'a%2Fb'],
    ['AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request', 'AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request'],
    ['%', undefined],
    ['%4', undefined],
    ['%zz', undefined],
    ['a%4g', undefined],
  ];
  for (const [raw, expected] of cases) {
    test(JSON.stringify(raw), () => assert.equal(canonicalQueryComponent(raw), expected));
  }

  test('decodeCanonical inverts it', () => {
    for (const text of ['a b', 'AKID/20150830/us-east-1/iam/aws4_request', '\u1234+/=', 'token//+==']) {
      assert.equal(decodeCanonical(canonicalQueryComponent(uriEncode(text, false))!), text);
    }
  });
});

describe('parseQuery', () => {
  const cases: Array<[query: string, expected: ReturnType<typeof parseQuery>]> = [
    ['', { ok: true, params: [] }],
    ['a=1', { ok: true, params: [{ key: 'a', value: '1' }] }],
    ['a', { ok: true, params: [{ key: 'a', value: '' }] }],
    ['a=', { ok: true, params: [{ key: 'a', value: '' }] }],
    ['&&a=1&&', { ok: true, params: [{ key: 'a', value: '1' }] }],
    ['a=b=c', { ok: true, params: [{ key: 'a', value: 'b%3Dc' }] }],
    ['=v', { ok: true, params: [{ key: '', value: 'v' }] }],
    ['a=%zz', { ok: false, escape: '%zz' }],
    ['%2=x', { ok: false, escape: '%2' }],
    ['x=%4', { ok: false, escape: '%4' }],
  ];
  for (const [query, expected] of cases) {
    test(JSON.stringify(query), () => assert.deepEqual(parseQuery(query), expected));
  }
});

describe('canonicalQueryString', () => {
  const cases: Array<[query: string, exclude: string[] | undefined, expected: string]> = [
    ['', undefined, ''],
    ['Param2=value2&Param1=value1', undefined, 'Param1=value1&Param2=value2'],
    // Sorted by encoded key in code point order: upper case before lower case.
    ['Param1=value2&param1=value1&Param1=value1', undefined, 'Param1=value1&Param1=value2&param1=value1'],
    ['Param-3=Value3&Param=Value2&%E1%88%B4=Value1', undefined, '%E1%88%B4=Value1&Param=Value2&Param-3=Value3'],
    ['b&a=', undefined, 'a=&b='],
    ['Action=ListUsers&Version=2010-05-08&X-Amz-Signature=abc', ['X-Amz-Signature'], 'Action=ListUsers&Version=2010-05-08'],
  ];
  for (const [query, exclude, expected] of cases) {
    test(JSON.stringify(query), () => {
      const parsed = parseQuery(query);
      assert.ok(parsed.ok);
      assert.equal(canonicalQueryString(parsed.params, exclude), expected);
    });
  }
});

describe('canonical headers', () => {
  const values: Array<[value: string, expected: string]> = [
    ['value', 'value'],
    [' value1', 'value1'],
    ['value1  ', 'value1'],
    ['"a   b   c"', '"a b c"'],
    ['a\tb', 'a b'],
    ['value1\n  value2\n     value3', 'value1 value2 value3'],
    ['   ', ''],
    ['', ''],
  ];
  for (const [value, expected] of values) {
    test(`value ${JSON.stringify(value)}`, () => assert.equal(canonicalHeaderValue(value), expected));
  }

  test('only own properties are headers: inherited names are absent, never a crash', () => {
    assert.equal(
      canonicalHeaders({ host: 'h' }, ['__proto__', 'constructor', 'hasownproperty', 'host']),
      '__proto__:\nconstructor:\nhasownproperty:\nhost:h\n',
    );
  });

  test('repeated headers are joined with commas in the order received; absent ones are empty', () => {
    assert.equal(
      canonicalHeaders({ host: 'example.com', 'my-header1': ['value2', ' value2 ', 'value1'] }, ['host', 'my-header1', 'x-missing']),
      'host:example.com\nmy-header1:value2,value2,value1\nx-missing:\n',
    );
  });
});

describe('parseAmzDate / formatAmzDate', () => {
  const cases: Array<[value: string, expected: string | undefined]> = [
    ['20150830T123600Z', '2015-08-30T12:36:00.000Z'],
    ['20240229T235959Z', '2024-02-29T23:59:59.000Z'],
    ['00500101T000000Z', '0050-01-01T00:00:00.000Z'],
    ['20230229T000000Z', undefined],
    ['20151330T000000Z', undefined],
    ['20150830T243600Z', undefined],
    ['20150830T126000Z', undefined],
    ['20150830T123660Z', undefined],
    ['20150830T123600', undefined],
    ['2015-08-30T12:36:00Z', undefined],
    ['20150830t123600z', undefined],
    ['Sun, 30 Aug 2015 12:36:00 GMT', undefined],
    ['', undefined],
  ];
  for (const [value, expected] of cases) {
    test(JSON.stringify(value), () => {
      const ms = parseAmzDate(value);
      assert.equal(ms === undefined ? undefined : new Date(ms).toISOString(), expected);
      if (ms !== undefined && value.startsWith('20')) assert.equal(formatAmzDate(ms), value);
    });
  }
});

describe('parseCredential', () => {
  const cases: Array<[credential: string, expected: unknown]> = [
    ['AKID/20150830/us-east-1/iam/aws4_request', { accessKeyId: 'AKID', date: '20150830', region: 'us-east-1', service: 'iam', terminator: 'aws4_request' }],
    ['AKID/20150830/us-east-1/iam/aws4_request//', { accessKeyId: 'AKID', date: '20150830', region: 'us-east-1', service: 'iam', terminator: 'aws4_request' }],
    ['AKID/20150830//iam/aws4_request', { accessKeyId: 'AKID', date: '20150830', region: '', service: 'iam', terminator: 'aws4_request' }],
    ['AKID/20150830/us-east-1/iam', 'IncompleteSignature'],
    ['AKID/20150830/us-east-1/iam/aws4_request/x', 'IncompleteSignature'],
    ['AKID', 'IncompleteSignature'],
  ];
  for (const [credential, expected] of cases) {
    test(credential, () => {
      const parsed = parseCredential(credential);
      assert.deepEqual('code' in parsed ? parsed.code : parsed, expected);
    });
  }
});
