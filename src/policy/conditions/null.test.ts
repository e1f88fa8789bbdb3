import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOperator } from './registry.js';
import { table } from './test-table.js';



describe('Null', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
  // ("true (the key doesn't exist — it is null) or false (the key exists and its value is not
  // null)"; the aws:TokenIssueTime example allows only requests without temporary credentials)
  describe('worked example from "Condition operators"', () => {
    table([
      ['Null', ['true'], undefined, true],
      ['Null', ['true'], '2024-01-01T00:00:00Z', false],
    ]);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html
  // ("Null": {"aws:TagKeys": "false"} guards a ForAllValues condition against a missing or empty key)
  describe('present and absent keys', () => {
    table([
      ['Null', ['false'], undefined, false],
      ['Null', ['false'], 'x', true],
      ['Null', ['false'], ['key1'], true],
      ['Null', ['false'], [], false],
      ['Null', ['true'], [], true],
      ['Null', ['true'], ['a', 'b'], false],
      // A single-valued key holding "" is present.
      ['Null', ['true'], '', false],
      ['Null', ['false'], '', true],
    ]);
  });

  describe('policy values', () => {
    table([
      ['Null', ['TRUE'], undefined, true],
      ['Null', ['False'], 'x', true],
      ['Null', ['true', 'false'], undefined, true],
      ['Null', ['true', 'false'], 'x', true],
      ['Null', ['maybe'], undefined, false],
      ['Null', ['maybe'], 'x', false],
      ['Null', [], undefined, false],
    ]);
  });

  describe('qualifiers do not change a presence test', () => {
    table([
      ['ForAllValues:Null', ['false'], ['a'], true],
      ['ForAllValues:Null', ['false'], undefined, false],
      ['ForAnyValue:Null', ['true'], undefined, true],
      ['ForAnyValue:Null', ['true'], ['a'], false],
    ]);
  });

  it('takes no IfExists', () => assert.equal(parseOperator('NullIfExists'), undefined));
});
