import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBool } from './bool.js';
import { table } from './test-table.js';



describe('Bool', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
  // (Deny when aws:SecureTransport is "false")
  describe('worked example from "Condition operators"', () => {
    table([
      ['Bool', ['false'], 'false', true],
      ['Bool', ['false'], 'true', false],
      ['Bool', ['false'], undefined, false],
    ]);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
  // (aws:MultiFactorAuthPresent: Bool "true" fails when the key is missing, BoolIfExists "false" holds)
  describe('IfExists', () => {
    table([
      ['Bool', ['true'], undefined, false],
      ['BoolIfExists', ['false'], undefined, true],
      ['BoolIfExists', ['false'], 'false', true],
      ['BoolIfExists', ['false'], 'true', false],
    ]);
  });

  describe('case and spelling', () => {
    table([
      ['Bool', ['false'], 'FALSE', true],
      ['Bool', ['false'], 'False', true],
      ['Bool', ['TRUE'], 'true', true],
      ['Bool', ['True'], 'tRuE', true],
      ['Bool', ['true'], 'yes', false],
      ['Bool', ['true'], '1', false],
      ['Bool', ['true'], '', false],
      ['Bool', ['true'], 'true ', false],
      ['Bool', ['yes'], 'true', false],
      ['Bool', ['yes'], 'yes', false],
      ['Bool', [], 'true', false],
      ['Bool', ['true', 'false'], 'true', true],
      ['Bool', ['true', 'false'], 'false', true],
      ['Bool', ['true', 'false'], 'maybe', false],
    ]);
  });

  describe('qualifiers', () => {
    table([
      ['ForAllValues:Bool', ['true'], ['true', 'TRUE'], true],
      ['ForAllValues:Bool', ['true'], ['true', 'false'], false],
      ['ForAnyValue:Bool', ['true'], ['false', 'true'], true],
    ]);
  });

  describe('parseBool', () => {
    const cases: ReadonlyArray<readonly [string, 1 | 0 | -1]> = [
      ['true', 1],
      ['TRUE', 1],
      ['false', 0],
      ['False', 0],
      ['t', -1],
      ['', -1],
      ['truee', -1],
      ['0', -1],
    ];
    for (const [text, expected] of cases) {
      it(`${JSON.stringify(text)} is ${expected}`, () => assert.equal(parseBool(text), expected));
    }
  });
});
