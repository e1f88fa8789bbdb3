import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LineIndex, parseJson, property, simulatorPositions, type JsonNode } from './parse.js';

describe('parseJson accepts strict JSON only', () => {
  const table: { text: string; ok: boolean; reason?: string }[] = [
    { text: '{}', ok: true },
    { text: '{"a":[1,-2.5e3,true,false,null,"x"]}', ok: true },
    { text: ' \t\r\n{ "a" : 1 }\n', ok: true },
    { text: '[1]', ok: true },
    { text: '"s"', ok: true },
    { text: '', ok: false, reason: 'ValueExpected' },
    { text: '   ', ok: false, reason: 'ValueExpected' },
    { text: '{"a":1,}', ok: false, reason: 'PropertyNameExpected' },
    { text: '[1,]', ok: false, reason: 'ValueExpected' },
    { text: '{/* c */}', ok: false, reason: 'InvalidCommentToken' },
    { text: '{} // c', ok: false, reason: 'InvalidCommentToken' },
    { text: "{'a':1}", ok: false, reason: 'InvalidSymbol' },
    { text: '{"a":01}', ok: false, reason: 'CommaExpected' },
    { text: '{"a":+1}', ok: false, reason: 'InvalidSymbol' },
    { text: '{"a":.5}', ok: false, reason: 'InvalidSymbol' },
    { text: '{"a":NaN}', ok: false, reason: 'InvalidSymbol' },
    { text: '{"a":"\\x"}', ok: false, reason: 'InvalidEscapeCharacter' },
    { text: '{"a":"tab\there"}', ok: false, reason: 'InvalidCharacter' },
    { text: '{}{}', ok: false, reason: 'EndOfFileExpected' },
    { text: '\ufeff{}', ok: false, reason: 'InvalidSymbol' },
    { text: '{\u00a0}', ok: false, reason: 'InvalidSymbol' },
    { text: '{"a" 1}', ok: false, reason: 'ColonExpected' },
    { text: '{"a":1', ok: false, reason: 'CloseBraceExpected' },
  ];
  for (const { text, ok, reason } of table) {
    test(JSON.stringify(text), () => {
      const r = parseJson(text);
      assert.equal(r.ok, ok);
      if (!r.ok) assert.equal(r.error.reason, reason);
      // Same verdict as the platform's strict parser.
      let platform = true;
      try {
        JSON.parse(text);
      } catch {
        platform = false;
      }
      assert.equal(r.ok, platform);
    });
  }
});

describe('parseJson builds a tree with spans', () => {
  test('keeps duplicate keys, key order and number spellings', () => {
    const r = parseJson('{"b":1.50,"a":1e3,"b":true}');
    assert.ok(r.ok);
    assert.equal(r.root.kind, 'object');
    if (r.root.kind !== 'object') return;
    assert.deepEqual(
      r.root.properties.map((p) => p.key),
      ['b', 'a', 'b'],
    );
    const first = property(r.root, 'b')!.value;
    assert.deepEqual(first.kind === 'number' ? [first.value, first.raw] : [], [1.5, '1.50']);
    const a = property(r.root, 'a')!.value;
    assert.deepEqual(a.kind === 'number' ? [a.value, a.raw] : [], [1000, '1e3']);
  });

  test('node spans cover the value text', () => {
    const text = '{"k": ["x", {"y": null}]}';
    const r = parseJson(text);
    assert.ok(r.ok);
    const arr = r.root.kind === 'object' ? r.root.properties[0]!.value : undefined;
    assert.ok(arr && arr.kind === 'array');
    const obj = arr.items[1] as JsonNode;
    assert.equal(text.slice(obj.offset, obj.offset + obj.length), '{"y": null}');
    assert.equal(text.slice(arr.offset, arr.offset + arr.length), '["x", {"y": null}]');
  });

  test('a syntax error carries its position', () => {
    const r = parseJson('{\n  "a": 1,\n}');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.error.position, { line: 3, column: 1 });
  });
});

describe('LineIndex.positionAt', () => {
  const table: { text: string; offset: number; line: number; column: number }[] = [
    { text: 'abc', offset: 0, line: 1, column: 1 },
    { text: 'abc', offset: 3, line: 1, column: 4 },
    { text: 'a\nb', offset: 1, line: 1, column: 2 },
    { text: 'a\nb', offset: 2, line: 2, column: 1 },
    { text: 'a\r\nb', offset: 1, line: 1, column: 2 },
    { text: 'a\r\nb', offset: 2, line: 1, column: 3 },
    { text: 'a\r\nb', offset: 3, line: 2, column: 1 },
    { text: 'a\rb', offset: 2, line: 2, column: 1 },
    { text: '\n\n\nx', offset: 3, line: 4, column: 1 },
    { text: '\t{', offset: 1, line: 1, column: 2 },
  ];
  for (const { text, offset, line, column } of table) {
    test(`${JSON.stringify(text)} @${offset}`, () => {
      assert.deepEqual(new LineIndex(text).positionAt(offset), { line, column });
    });
  }
});

describe('simulatorPositions', () => {
  test('matches the positions IAM reports for the AWS CLI simulate-custom-policy example', () => {
    // https://github.com/aws/aws-cli/blob/develop/awscli/examples/iam/simulate-custom-policy.rst
    const text =
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
    const r = parseJson(text);
    assert.ok(r.ok && r.root.kind === 'object');
    const st = property(r.root, 'Statement')!.value;
    assert.deepEqual(simulatorPositions(st, r.lines), { start: { line: 1, column: 38 }, end: { line: 1, column: 167 } });
  });

  test('pretty-printed statements: right after each brace, on the brace line', () => {
    const text = '{\n    "Version": "2012-10-17",\n    "Statement": {\n        "Effect": "Allow"\n    }\n}\n';
    const r = parseJson(text);
    assert.ok(r.ok && r.root.kind === 'object');
    const st = property(r.root, 'Statement')!.value;
    assert.deepEqual(simulatorPositions(st, r.lines), { start: { line: 3, column: 19 }, end: { line: 5, column: 6 } });
  });
});
