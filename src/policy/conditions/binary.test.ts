import { describe } from 'node:test';
import { table } from './test-table.js';



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
