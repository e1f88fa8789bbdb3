import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNumber } from './numeric.js';
import { table } from './test-table.js';



describe('numeric operators', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
  // (NumericLessThanEquals s3:max-keys "10": list up to 10 objects; the key missing does not match)
  describe('worked example from "Condition operators"', () => {
    table([
      ['NumericLessThanEquals', ['10'], '10', true],
      ['NumericLessThanEquals', ['10'], '5', true],
      ['NumericLessThanEquals', ['10'], '11', false],
      ['NumericLessThanEquals', ['10'], undefined, false],
    ]);
  });

  describe('each operator', () => {
    table([
      ['NumericEquals', ['10'], '10', true],
      ['NumericEquals', ['10'], '10.00', true],
      ['NumericEquals', ['10'], '+10', true],
      ['NumericEquals', ['10'], '1e1', true],
      ['NumericEquals', ['10'], '11', false],
      ['NumericEquals', ['0'], '-0', true],
      ['NumericNotEquals', ['10'], '10', false],
      ['NumericNotEquals', ['10'], '11', true],
      ['NumericLessThan', ['10'], '9.999', true],
      ['NumericLessThan', ['10'], '10', false],
      ['NumericLessThanEquals', ['10'], '10', true],
      ['NumericGreaterThan', ['10'], '10', false],
      ['NumericGreaterThan', ['10'], '10.5', true],
      ['NumericGreaterThanEquals', ['10'], '10', true],
      ['NumericGreaterThanEquals', ['10'], '9', false],
      ['NumericGreaterThan', ['-5'], '-4', true],
      ['NumericLessThan', ['0.5'], '.25', true],
      ['NumericLessThan', ['-0.5'], '-1', true],
    ]);
  });

  // Several policy values are an OR ("less than any of them"); for a negated operator a NOR.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
  describe('multiple policy values', () => {
    table([
      ['NumericEquals', ['1', '2', '3'], '2', true],
      ['NumericEquals', ['1', '2', '3'], '4', false],
      ['NumericNotEquals', ['1', '2', '3'], '2', false],
      ['NumericNotEquals', ['1', '2', '3'], '4', true],
      ['NumericLessThan', ['10', '20'], '15', true],
      ['NumericLessThan', ['10', '20'], '25', false],
      ['NumericLessThanEquals', ['10', '20'], '20', true],
      ['NumericGreaterThan', ['10', '20'], '15', true],
      ['NumericGreaterThan', ['10', '20'], '5', false],
      ['NumericGreaterThanEquals', ['10', '20'], '10', true],
    ]);
  });

  // A context value that is not a number matches nothing (so a negated operator holds).
  describe('context values that are not numbers', () => {
    table([
      ['NumericEquals', ['10'], 'ten', false],
      ['NumericLessThan', ['10'], '', false],
      ['NumericLessThan', ['10'], ' 5', false],
      ['NumericLessThan', ['10'], '0x5', false],
      ['NumericLessThan', ['10'], 'Infinity', false],
      ['NumericGreaterThan', ['10'], 'NaN', false],
      ['NumericLessThan', ['10'], '5abc', false],
      ['NumericNotEquals', ['10'], 'ten', true],
    ]);
  });

  // IAM does not check numeric policy values when a policy is stored: such a value compiles
  // and never matches (only Date values fail IAM's "legacy parsing").
  describe('policy values that are not numbers', () => {
    table([
      ['NumericLessThan', ['abc'], '1', false],
      ['NumericLessThan', ['abc', '5'], '1', true],
      ['NumericEquals', [''], '0', false],
      ['NumericNotEquals', ['abc'], '1', true],
      ['NumericGreaterThan', [], '1', false],
    ]);
  });

  describe('IfExists and qualifiers', () => {
    table([
      ['NumericLessThanIfExists', ['10'], undefined, true],
      ['NumericLessThanIfExists', ['10'], '11', false],
      ['NumericNotEqualsIfExists', ['10'], undefined, true],
      ['NumericNotEquals', ['10'], undefined, true],
      ['ForAnyValue:NumericEquals', ['1', '2'], ['3', '2'], true],
      ['ForAllValues:NumericLessThan', ['10'], ['1', '2'], true],
      ['ForAllValues:NumericLessThan', ['10'], ['1', '20'], false],
      ['ForAllValues:NumericNotEquals', ['1'], ['2', '3'], true],
    ]);
  });

  describe('parseNumber', () => {
    const cases: ReadonlyArray<readonly [string, number]> = [
      ['0', 0],
      ['42', 42],
      ['-7', -7],
      ['+7', 7],
      ['3.25', 3.25],
      ['3.', 3],
      ['.5', 0.5],
      ['1e3', 1000],
      ['1E-3', 0.001],
      ['', NaN],
      ['.', NaN],
      ['-', NaN],
      ['1.2.3', NaN],
      ['0x10', NaN],
      ['0b1', NaN],
      [' 1', NaN],
      ['1 ', NaN],
      ['Infinity', NaN],
      ['1_000', NaN],
    ];
    for (const [text, expected] of cases) {
      it(`${JSON.stringify(text)} is ${expected}`, () => assert.equal(parseNumber(text), expected));
    }
  });
});
