import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDate } from './date.js';
import { compileCondition, parseOperator } from './registry.js';
import { evaluate, table } from './test-table.js';



describe('date operators', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
  // (DateGreaterThan aws:TokenIssueTime "2020-01-01T00:00:01Z"; the key is absent for long-term keys)
  describe('worked example from "Condition operators"', () => {
    table([
      ['DateGreaterThan', ['2020-01-01T00:00:01Z'], '2020-06-01T00:00:00Z', true],
      ['DateGreaterThan', ['2020-01-01T00:00:01Z'], '2020-01-01T00:00:01Z', false],
      ['DateGreaterThan', ['2020-01-01T00:00:01Z'], '2019-12-31T23:59:59Z', false],
      ['DateGreaterThan', ['2020-01-01T00:00:01Z'], undefined, false],
    ]);
  });

  describe('each operator', () => {
    table([
      ['DateEquals', ['2020-01-01T00:00:00Z'], '2020-01-01T00:00:00Z', true],
      ['DateEquals', ['2020-01-01T00:00:00Z'], '2020-01-01T00:00:01Z', false],
      ['DateNotEquals', ['2020-01-01T00:00:00Z'], '2020-01-01T00:00:00Z', false],
      ['DateNotEquals', ['2020-01-01T00:00:00Z'], '2020-01-02T00:00:00Z', true],
      ['DateLessThan', ['2020-01-01T00:00:00Z'], '2019-12-31T23:59:59Z', true],
      ['DateLessThan', ['2020-01-01T00:00:00Z'], '2020-01-01T00:00:00Z', false],
      ['DateLessThanEquals', ['2020-01-01T00:00:00Z'], '2020-01-01T00:00:00Z', true],
      ['DateLessThanEquals', ['2020-01-01T00:00:00Z'], '2020-01-01T00:00:01Z', false],
      ['DateGreaterThanEquals', ['2020-01-01T00:00:00Z'], '2020-01-01T00:00:00Z', true],
      ['DateGreaterThanEquals', ['2020-01-01T00:00:00Z'], '2019-12-31T23:59:59Z', false],
    ]);
  });

  // W3C ISO 8601 profile (https://www.w3.org/TR/NOTE-datetime) or epoch seconds, on either side.
  describe('formats: all of these are 2020-01-01T00:00:00Z', () => {
    const same = [
      '2020-01-01T00:00:00Z',
      '2020-01-01',
      '2020-01',
      '2020-01-01T00:00Z',
      '2020-01-01T00:00:00.000Z',
      '2020-01-01T00:00:00.000000000Z',
      '2020-01-01t00:00:00z',
      '2020-01-01T00:00:00',
      '2020-01-01T01:00:00+01:00',
      '2020-01-01T01:00:00+0100',
      '2020-01-01T01:00:00+01',
      '2019-12-31T19:00:00-05:00',
      '2020-01-01T05:30+05:30',
      '1577836800',
      '1577836800.0',
    ];
    for (const text of same) {
      it(JSON.stringify(text), () => {
        assert.equal(evaluate('DateEquals', ['2020-01-01T00:00:00Z'], text), true);
        assert.equal(evaluate('DateEquals', [text], '2020-01-01T00:00:00Z'), true);
      });
    }
  });

  describe('fractional seconds and epoch seconds', () => {
    table([
      ['DateLessThan', ['2020-01-01T00:00:00.5Z'], '2020-01-01T00:00:00.25Z', true],
      ['DateLessThan', ['2020-01-01T00:00:00.5Z'], '2020-01-01T00:00:00.75Z', false],
      ['DateGreaterThan', ['2020-01-01T00:00:00Z'], '2020-01-01T00:00:00.000001Z', true],
      // aws:EpochTime: 1700000000 is 2023-11-14T22:13:20Z.
      ['DateGreaterThanEquals', ['2023-11-14T22:13:20Z'], '1700000000', true],
      ['DateGreaterThanEquals', ['2023-11-14T22:13:20Z'], '1699999999', false],
      ['DateLessThan', ['1700000000'], '2023-11-14T22:13:19Z', true],
      ['DateLessThan', ['1700000000'], '2023-11-14T22:13:20Z', false],
      ['DateEquals', ['0'], '1970-01-01T00:00:00Z', true],
      ['DateLessThan', ['1970-01-01'], '0001-01-01T00:00:00Z', true],
      ['DateEquals', ['2024-02-29'], '2024-02-29T00:00:00Z', true],
    ]);
  });

  // Several policy values are an OR; a negated operator's are a NOR.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
  describe('multiple policy values', () => {
    table([
      ['DateLessThan', ['2020-01-01', '2021-01-01'], '2020-06-01', true],
      ['DateLessThan', ['2020-01-01', '2021-01-01'], '2021-06-01', false],
      ['DateGreaterThan', ['2020-01-01', '2021-01-01'], '2020-06-01', true],
      ['DateEquals', ['2020-01-01', '2021-01-01'], '2021-01-01T00:00:00Z', true],
      ['DateNotEquals', ['2020-01-01', '2021-01-01'], '2021-01-01T00:00:00Z', false],
      ['DateNotEquals', ['2020-01-01', '2021-01-01'], '2022-01-01T00:00:00Z', true],
    ]);
  });

  describe('context values that are not dates match nothing', () => {
    table([
      ['DateLessThan', ['2020-01-01'], 'yesterday', false],
      ['DateGreaterThan', ['2020-01-01'], '', false],
      ['DateGreaterThan', ['2020-01-01'], '2021-02-30', false],
      ['DateNotEquals', ['2020-01-01'], 'garbage', true],
    ]);
  });

  describe('IfExists and qualifiers', () => {
    table([
      ['DateLessThanIfExists', ['2020-01-01'], undefined, true],
      ['DateNotEquals', ['2020-01-01'], undefined, true],
      ['ForAnyValue:DateEquals', ['2020-01-01'], ['2019-01-01', '2020-01-01T00:00:00Z'], true],
      ['ForAllValues:DateLessThan', ['2020-01-01'], ['2019-01-01', '2021-01-01'], false],
    ]);
  });

  // IAM parses Date values when the policy is stored and refuses one that does not parse
  // ("The policy failed legacy parsing").
  describe('policy values that are not dates are refused', () => {
    const bad = [
      'tomorrow',
      '',
      '-1',
      '1.5e9',
      '2020/01/01',
      '2020-1-1',
      '2020-13-01',
      '2020-00-10',
      '2020-02-30',
      '2021-02-29',
      '2020-01-32',
      '2020-01-01T24:00:00Z',
      '2020-01-01T10:60Z',
      '2020-01-01T10:00:60Z',
      '2020-01-01T10Z',
      '2020-01-01 10:00:00Z',
      '2020-01-01T10:00:00+25:00',
      '2020-01-01T10:00:00+01:60',
      '2020-01-01Z',
      '20200101T000000Z',
    ];
    for (const text of bad) {
      it(`DateEquals ${JSON.stringify(text)}`, () => {
        const op = parseOperator('DateEquals');
        assert.ok(op);
        const compiled = compileCondition(op, ['2020-01-01', text], { escapes: true });
        assert.equal(compiled.ok, false);
        if (!compiled.ok) assert.match(compiled.message, /is not a date/);
      });
    }
  });

  describe('parseDate', () => {
    it('reads the same text twice alike (one-entry cache)', () => {
      assert.equal(parseDate('2020-01-01T00:00:00Z'), Date.UTC(2020, 0, 1));
      assert.equal(parseDate('2020-01-01T00:00:00Z'), Date.UTC(2020, 0, 1));
      assert.ok(Number.isNaN(parseDate('nope')));
      assert.ok(Number.isNaN(parseDate('nope')));
      assert.equal(parseDate('1'), 1000);
    });

    it('reads the YYYY-MM-DDTHH:MM:SSZ form exactly as Date does, and refuses what is no date', () => {
      // A spread of instants from 0100 to 9999, every one of them through the fast reader.
      let seed = 7;
      const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const min = Date.UTC(100, 0, 1);
      const max = Date.UTC(9999, 11, 31, 23, 59, 59);
      for (let i = 0; i < 5000; i++) {
        const ms = Math.floor((min + next() * (max - min)) / 1000) * 1000;
        const text = new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
        assert.equal(parseDate(text), ms, text);
        assert.equal(parseDate(text.replace('T', 't').replace('Z', 'z')), ms, text);
      }
      for (const [text, ms] of [
        ['2024-02-29T12:00:00Z', Date.UTC(2024, 1, 29, 12)],
        ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
        ['1969-12-31T23:59:59Z', -1000],
        ['1970-01-01T00:00:00Z', 0],
      ] as const) {
        assert.equal(parseDate(text), ms, text);
      }
      for (const text of ['2023-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2023-04-31T00:00:00Z', '2023-13-01T00:00:00Z', '2023-00-10T00:00:00Z', '2023-01-01T24:00:00Z', '2023-01-01T23:60:00Z', '2023-01-01T23:59:60Z', '2023-01-00T00:00:00Z', '2023-01-01T0a:00:00Z', '2023-01-01 00:00:00Z']) {
        assert.ok(Number.isNaN(parseDate(text)), text);
      }
    });

    it('keeps years before 100 in the first century', () => {
      assert.equal(parseDate('0050-06-15T00:00:00Z'), new Date('0050-06-15T00:00:00Z').getTime());
    });
  });
});
