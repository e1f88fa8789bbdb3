import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContextValue } from '../context.js';
import { compileCondition, evaluateCondition, parseOperator } from './registry.js';

type Case = readonly [operator: string, policy: readonly string[], context: ContextValue | undefined, expected: boolean];

function evaluate(operator: string, policy: readonly string[], context: ContextValue | undefined): boolean {
  const op = parseOperator(operator);
  assert.ok(op, `unknown operator ${operator}`);
  const compiled = compileCondition(op, policy, { escapes: true });
  assert.ok(compiled.ok, `compile failed: ${operator} ${JSON.stringify(policy)}`);
  return evaluateCondition(op, compiled.test, context);
}

function table(cases: readonly Case[]): void {
  for (const [operator, policy, context, expected] of cases) {
    it(`${operator} ${JSON.stringify(policy)} on ${JSON.stringify(context)} is ${expected}`, () => {
      assert.equal(evaluate(operator, policy, context), expected);
    });
  }
}

const SAMPLE = 'QmluYXJ5VmFsdWVJbkJhc2U2NA=='; // "BinaryValueInBase64"

describe('BinaryEquals', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
  // ("compares the value of the specified key byte for byte against a base-64 encoded
  // representation of the binary value in the policy"; the key missing does not match)
  describe('worked example from "Condition operators"', () => {
    table([
      ['BinaryEquals', [SAMPLE], SAMPLE, true],
      ['BinaryEquals', [SAMPLE], Buffer.from('BinaryValueInBase64').toString('base64'), true],
      ['BinaryEquals', [SAMPLE], Buffer.from('BinaryValueInBase65').toString('base64'), false],
      ['BinaryEquals', [SAMPLE], undefined, false],
    ]);
  });

  describe('bytes, not spelling, are compared', () => {
    table([
      ['BinaryEquals', [SAMPLE], 'QmluYXJ5VmFsdWVJbkJhc2U2NA', true],
      ['BinaryEquals', ['QQ=='], 'QR==', true],
      ['BinaryEquals', ['QQ=='], 'Qg==', false],
      ['BinaryEquals', ['qq=='], 'QQ==', false],
      ['BinaryEquals', [''], '', true],
      ['BinaryEquals', ['AAEC', 'QQ=='], 'QQ', true],
    ]);
  });

  describe('values that are not base64 match nothing', () => {
    table([
      ['BinaryEquals', [SAMPLE], '!!!!', false],
      ['BinaryEquals', [SAMPLE], 'QmluYXJ5VmFsdWVJbkJhc2U2NA=', false],
      ['BinaryEquals', ['not base64!'], 'not base64!', false],
      ['BinaryEquals', ['Q'], 'Q', false],
      ['BinaryEquals', [], '', false],
    ]);
  });

  describe('IfExists and qualifiers', () => {
    table([
      ['BinaryEqualsIfExists', [SAMPLE], undefined, true],
      ['BinaryEqualsIfExists', [SAMPLE], 'QQ==', false],
      ['ForAnyValue:BinaryEquals', ['QQ=='], ['Qg==', 'QQ=='], true],
      ['ForAllValues:BinaryEquals', ['QQ=='], ['Qg==', 'QQ=='], false],
    ]);
  });
});
