import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContextValue } from '../context.js';
import { OPERATORS, compileCondition, evaluateCondition, findOperator, parseOperator } from './registry.js';
import type { OperatorDefinition, ParsedOperator, SetQualifier, ValueTest } from './types.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
const ALL_NAMES = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
];

const NEGATED = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals', 'NotIpAddress', 'ArnNotEquals', 'ArnNotLike']);

// Policy variables: supported for String, Boolean and ARN operators, not for the others.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
const WITH_VARIABLES = new Set(['string', 'bool', 'arn']);

/** A valid policy value per family, for the generated tables below. */
const SAMPLE: Record<OperatorDefinition['family'], string> = {
  string: 'x',
  numeric: '1',
  date: '2020-01-01T00:00:00Z',
  bool: 'true',
  binary: 'QQ==',
  ip: '10.0.0.0/8',
  arn: 'arn:aws:s3:::bucket',
  null: 'true',
};

describe('operator table', () => {
  it('holds every IAM operator exactly once', () => {
    assert.deepEqual(OPERATORS.map((d) => d.name).sort(), [...ALL_NAMES].sort());
  });

  for (const d of OPERATORS) {
    it(`${d.name}: negated, variables and IfExists flags`, () => {
      assert.equal(d.negated, NEGATED.has(d.name));
      assert.equal(d.variables, WITH_VARIABLES.has(d.family));
      // "You can add IfExists to the end of any condition operator name except the Null condition"
      assert.equal(d.ifExists, d.name !== 'Null');
      assert.equal(findOperator(d.name), d);
    });
  }
});

describe('parseOperator', () => {
  const accepted: ReadonlyArray<readonly [text: string, base: string, qualifier: SetQualifier | undefined, ifExists: boolean]> = [
    ['StringEquals', 'StringEquals', undefined, false],
    ['StringLikeIfExists', 'StringLike', undefined, true],
    ['ForAllValues:StringLike', 'StringLike', 'ForAllValues', false],
    ['ForAnyValue:StringLikeIfExists', 'StringLike', 'ForAnyValue', true],
    ['ForAnyValue:StringNotEqualsIgnoreCaseIfExists', 'StringNotEqualsIgnoreCase', 'ForAnyValue', true],
    ['NotIpAddressIfExists', 'NotIpAddress', undefined, true],
    ['ArnNotLikeIfExists', 'ArnNotLike', undefined, true],
    ['BoolIfExists', 'Bool', undefined, true],
    ['Null', 'Null', undefined, false],
    ['ForAllValues:Null', 'Null', 'ForAllValues', false],
  ];
  for (const [text, base, qualifier, ifExists] of accepted) {
    it(`takes apart ${text}`, () => {
      const op = parseOperator(text);
      assert.ok(op);
      assert.equal(op.text, text);
      assert.equal(op.definition.name, base);
      assert.equal(op.qualifier, qualifier);
      assert.equal(op.ifExists, ifExists);
    });
  }

  for (const name of ALL_NAMES) {
    it(`accepts ${name} with each qualifier${name === 'Null' ? '' : ' and IfExists'}`, () => {
      for (const prefix of ['', 'ForAllValues:', 'ForAnyValue:']) {
        assert.ok(parseOperator(prefix + name));
        assert.equal(parseOperator(`${prefix}${name}IfExists`) !== undefined, name !== 'Null');
      }
    });
  }

  // Operator names are case-sensitive: IAM refuses "stringEquals" ("Invalid Condition type").
  const refused = [
    'NullIfExists',
    'ForAllValues:NullIfExists',
    'stringEquals',
    'STRINGEQUALS',
    'stringequals',
    'forallvalues:StringEquals',
    'ForAllvalues:StringEquals',
    'ForAnyValues:StringEquals',
    'StringEqualsifexists',
    'StringEqualsIfexists',
    'StringEqualsIfExistsIfExists',
    'IfExists',
    'ForAllValues:',
    'ForAllValues',
    'ForAllValuesStringEquals',
    'ForAllValues StringEquals',
    'ForAllValues:ForAnyValue:StringEquals',
    'StringEquals:ForAllValues',
    ' StringEquals',
    'StringEquals ',
    'StringLikeIgnoreCase',
    'NotAnOperator',
    '',
  ];
  for (const text of refused) {
    it(`refuses ${JSON.stringify(text)}`, () => assert.equal(parseOperator(text), undefined));
  }
});

describe('compileCondition', () => {
  it('delegates to the definition', () => {
    const op = parseOperator('ForAnyValue:NumericLessThanIfExists');
    assert.ok(op);
    const compiled = compileCondition(op, ['10'], { escapes: true });
    assert.ok(compiled.ok);
    assert.equal(compiled.test('9'), true);
    assert.equal(compiled.test('10'), false);
  });

  it('passes a family refusal through', () => {
    const op = parseOperator('DateLessThan');
    assert.ok(op);
    const compiled = compileCondition(op, ['not a date'], { escapes: true });
    assert.equal(compiled.ok, false);
  });
});

// The generic rules, checked for every operator with a stub test, so no family can differ.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html (missing keys, IfExists)
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html (qualifiers)
describe('evaluateCondition: missing keys', () => {
  const never: ValueTest = () => false;
  for (const d of OPERATORS.filter((o) => o.family !== 'null')) {
    const cases: ReadonlyArray<readonly [prefix: string, suffix: string, expected: boolean]> = [
      ['', '', d.negated],
      ['', 'IfExists', true],
      ['ForAllValues:', '', true],
      ['ForAnyValue:', '', false],
      ['ForAllValues:', 'IfExists', true],
      ['ForAnyValue:', 'IfExists', true],
    ];
    for (const [prefix, suffix, expected] of cases) {
      const text = `${prefix}${d.name}${suffix}`;
      it(`${text} on a missing key is ${expected}`, () => {
        const op = parseOperator(text);
        assert.ok(op);
        assert.equal(evaluateCondition(op, never, undefined), expected);
        assert.equal(evaluateCondition(op, never, []), expected, 'an empty multivalued key is absent too');
      });
    }
  }
});

describe('evaluateCondition: present keys', () => {
  // The stub matches exactly the context value "hit".
  const stub: ValueTest = (v) => v === 'hit';
  const cases: ReadonlyArray<readonly [qualifier: string, value: ContextValue, positive: boolean, negated: boolean]> = [
    ['', 'hit', true, false],
    ['', 'miss', false, true],
    ['', ['miss', 'hit'], true, false],
    ['', ['miss', 'miss'], false, true],
    ['ForAllValues:', 'hit', true, false],
    ['ForAllValues:', 'miss', false, true],
    ['ForAllValues:', ['hit', 'hit'], true, false],
    ['ForAllValues:', ['hit', 'miss'], false, false],
    ['ForAllValues:', ['miss', 'miss'], false, true],
    ['ForAnyValue:', 'hit', true, false],
    ['ForAnyValue:', 'miss', false, true],
    ['ForAnyValue:', ['hit', 'hit'], true, false],
    ['ForAnyValue:', ['hit', 'miss'], true, true],
    ['ForAnyValue:', ['miss', 'miss'], false, true],
  ];
  for (const [qualifier, value, positive, negated] of cases) {
    for (const [name, expected] of [
      ['StringEquals', positive],
      ['StringNotEquals', negated],
    ] as const) {
      for (const suffix of ['', 'IfExists']) {
        const text = `${qualifier}${name}${suffix}`;
        it(`${text} on ${JSON.stringify(value)} is ${expected}`, () => {
          const op = parseOperator(text);
          assert.ok(op);
          assert.equal(evaluateCondition(op, stub, value), expected);
        });
      }
    }
  }
});

describe('evaluateCondition: Null', () => {
  const asked: string[] = [];
  const recording: ValueTest = (v) => {
    asked.push(v);
    return v === 'true';
  };
  const cases: ReadonlyArray<readonly [value: ContextValue | undefined, asks: string]> = [
    [undefined, 'true'],
    [[], 'true'],
    ['x', 'false'],
    ['', 'false'],
    [['a'], 'false'],
  ];
  for (const [value, asks] of cases) {
    for (const text of ['Null', 'ForAllValues:Null', 'ForAnyValue:Null']) {
      it(`${text} on ${JSON.stringify(value)} asks its test "${asks}"`, () => {
        const op: ParsedOperator | undefined = parseOperator(text);
        assert.ok(op);
        asked.length = 0;
        assert.equal(evaluateCondition(op, recording, value), asks === 'true');
        assert.deepEqual(asked, [asks]);
      });
    }
  }
});

describe('every family compiles its sample value', () => {
  for (const d of OPERATORS) {
    it(d.name, () => {
      const compiled = d.compile([SAMPLE[d.family]], { escapes: true });
      assert.ok(compiled.ok);
    });
  }
});
