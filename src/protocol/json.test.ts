// The JSON 1.1 protocol against Organizations: routing by X-Amz-Target, reading typed input,
// Organizations' way of reporting constraint violations (InvalidInputException with a reason;
// "You provided a value that does not match the required pattern." is what users report AWS says
// for a bad ResourceId or tag value), and output with epoch-second timestamps.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadServiceModel, parseServiceModel } from './model.js';
import { protocolErrors } from './errors.js';
import { jsonContentType, parseJsonInput, serializeJsonError, serializeJsonResponse } from './json.js';
import type { ParseResult } from './parse-result.js';

const org = loadServiceModel(new URL('../../data/aws-models/organizations-2016-11-28.json', import.meta.url));
const T = 'AWSOrganizationsV20161128';

function read(target: string | undefined, body: string): ParseResult {
  return parseJsonInput(org, target, body);
}

function input(op: string, body: unknown): Record<string, unknown> {
  const r = read(`${T}.${op}`, typeof body === 'string' ? body : JSON.stringify(body));
  assert.ok(r.ok, JSON.stringify(r.ok ? null : r.error));
  return r.input;
}

function error(op: string, body: unknown): { code: string; message?: string; reason?: string; status: number } {
  const r = read(`${T}.${op}`, typeof body === 'string' ? body : JSON.stringify(body));
  assert.ok(!r.ok);
  return r.error;
}

describe('routing by X-Amz-Target', () => {
  test('a known operation', () => {
    const r = read(`${T}.ListAccounts`, '{}');
    assert.ok(r.ok);
    assert.equal(r.operation.name, 'ListAccounts');
  });

  for (const target of [undefined, '', T, `${T}.`, `${T}.NoSuchOperation`, `awsorganizationsv20161128.ListAccounts`, `${T}.listAccounts`, 'Other.ListAccounts']) {
    test(`${JSON.stringify(target)} is UnknownOperationException`, () => {
      const r = read(target, '{}');
      assert.ok(!r.ok);
      assert.deepEqual(r.error, { code: 'UnknownOperationException', status: 400, type: 'Sender', awsFault: false });
    });
  }

  test('the content type follows the model: application/x-amz-json-1.1', () => {
    assert.equal(jsonContentType(org), 'application/x-amz-json-1.1');
  });
});

describe('reading input', () => {
  test('CreateAccount: strings, an enum, a list of structures', () => {
    const body = {
      Email: 'dev@example.com',
      AccountName: 'Dev',
      RoleName: 'OrganizationAccountAccessRole',
      IamUserAccessToBilling: 'ALLOW',
      Tags: [{ Key: 'team', Value: 'platform' }],
    };
    assert.deepEqual(input('CreateAccount', body), body);
  });

  test('ListAccounts: an integer and a token', () => {
    assert.deepEqual(input('ListAccounts', { MaxResults: 20, NextToken: 'abc' }), { MaxResults: 20, NextToken: 'abc' });
  });

  test('an empty body is {}', () => {
    assert.deepEqual(input('ListAccounts', ''), {});
    assert.deepEqual(input('DescribeOrganization', ''), {});
  });

  test('nulls are absent; unknown members are ignored', () => {
    assert.deepEqual(input('ListAccounts', { MaxResults: null, Colour: 'red', NextToken: 't' }), { NextToken: 't' });
  });

  test('body bytes are read as UTF-8', () => {
    const r = parseJsonInput(org, `${T}.CreateOrganizationalUnit`, new TextEncoder().encode('{"ParentId":"r-abcd","Name":"Équipe"}'));
    assert.ok(r.ok);
    assert.deepEqual(r.input, { ParentId: 'r-abcd', Name: 'Équipe' });
  });
});

describe('bodies that are not the shape: SerializationException', () => {
  const cases: [why: string, op: string, body: string, message: string | undefined][] = [
    ['not JSON', 'ListAccounts', '{"MaxResults": ', undefined],
    ['a list at the top', 'ListAccounts', '[]', 'Start of list found where not expected'],
    ['a string at the top', 'ListAccounts', '"x"', 'STRING_VALUE can not be converted to a Structure'],
    ['a string for an integer', 'ListAccounts', '{"MaxResults":"20"}', 'STRING_VALUE can not be converted to an Integer'],
    ['a number for a string', 'CreateAccount', '{"Email":5,"AccountName":"x"}', 'NUMBER_VALUE can not be converted to a String'],
    ['a boolean for a string', 'CreateAccount', '{"Email":true,"AccountName":"x"}', 'TRUE_VALUE can not be converted to a String'],
    ['an object for a list', 'CreateAccount', '{"Email":"a@b.co","AccountName":"x","Tags":{}}', 'Start of structure or map found where not expected.'],
    ['a list for a structure', 'CreateAccount', '{"Email":"a@b.co","AccountName":"x","Tags":[[]]}', 'Start of list found where not expected'],
    ['an integer out of 32 bits', 'ListAccounts', '{"MaxResults":2147483648}', 'NUMBER_VALUE can not be converted to an Integer'],
  ];
  for (const [why, op, body, message] of cases) {
    test(why, () => {
      const e = error(op, body);
      assert.equal(e.code, 'SerializationException');
      assert.equal(e.status, 400);
      assert.equal(e.message, message);
    });
  }
});

describe("constraint violations: Organizations' InvalidInputException", () => {
  const cases: [why: string, op: string, body: unknown, reason: string, message: string][] = [
    [
      'an ARN where an id is expected (reported by users of ListTagsForResource)',
      'ListTagsForResource',
      { ResourceId: 'arn:aws:organizations::123456789012:account/o-abcdefghij/123456789012' },
      'INVALID_PATTERN',
      'You provided a value that does not match the required pattern.',
    ],
    [
      'a tag value with characters outside the pattern (reported by users of TagResource)',
      'TagResource',
      { ResourceId: '123456789012', Tags: [{ Key: 'url', Value: 'https://test.com/l/c/19%3a256e9d76c6.144c8/not?gr=1234-56&test2=abcd-ef' }] },
      'INVALID_PATTERN',
      'You provided a value that does not match the required pattern.',
    ],
    ['MaxResults over 20', 'ListAccounts', { MaxResults: 21 }, 'MAX_VALUE_EXCEEDED', 'You provided a value that exceeds the maximum allowed.'],
    ['MaxResults under 1', 'ListAccounts', { MaxResults: 0 }, 'MIN_VALUE_EXCEEDED', 'You provided a numeric parameter that has a smaller value than allowed.'],
    ['a missing required member', 'CreateAccount', { AccountName: 'x' }, 'INPUT_REQUIRED', 'You must specify a value for all required parameters.'],
    ['a name too long', 'CreateAccount', { Email: 'dev@example.com', AccountName: 'x'.repeat(51) }, 'MAX_LENGTH_EXCEEDED', 'You provided a string parameter that is longer than allowed.'],
    ['a name too short', 'CreateAccount', { Email: 'dev@example.com', AccountName: '' }, 'INVALID_PATTERN', 'You provided a value that does not match the required pattern.'],
    ['an e-mail too short for its pattern and length: the pattern is reported', 'CreateAccount', { Email: 'a@b', AccountName: 'x' }, 'INVALID_PATTERN', 'You provided a value that does not match the required pattern.'],
    ['a value outside the enum', 'CreateAccount', { Email: 'dev@example.com', AccountName: 'x', IamUserAccessToBilling: 'MAYBE' }, 'INVALID_ENUM', 'You specified an invalid value.'],
  ];
  for (const [why, op, body, reason, message] of cases) {
    test(why, () => {
      const e = error(op, body);
      assert.equal(e.code, 'InvalidInputException');
      assert.equal(e.status, 400);
      assert.equal(e.reason, reason);
      assert.equal(e.message, message);
    });
  }

  test('a JSON service without such an exception answers ValidationException in Coral words', () => {
    const model = parseServiceModel({
      metadata: { apiVersion: '2020-01-01', protocol: 'json', serviceId: 'Plain', endpointPrefix: 'plain', targetPrefix: 'Plain_20200101', jsonVersion: '1.0' },
      operations: { Op: { name: 'Op', input: { shape: 'In' } } },
      shapes: {
        In: { type: 'structure', required: ['Name'], members: { Name: { shape: 'Name' }, Size: { shape: 'Size' } } },
        Name: { type: 'string', min: 1, max: 3 },
        Size: { type: 'integer', max: 5 },
      },
    });
    const r = parseJsonInput(model, 'Plain_20200101.Op', '{"Size": 6}');
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'ValidationException');
    assert.equal(
      r.error.message,
      "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; Value '6' at 'size' failed to satisfy constraint: Member must have value less than or equal to 5",
    );
    assert.equal(jsonContentType(model), 'application/x-amz-json-1.0');
  });

  test('a map key of __proto__ is data, not a prototype', () => {
    const model = parseServiceModel({
      metadata: { apiVersion: '2020-01-01', protocol: 'json', serviceId: 'Maps', endpointPrefix: 'maps', targetPrefix: 'Maps', jsonVersion: '1.1' },
      operations: { Op: { name: 'Op', input: { shape: 'In' }, output: { shape: 'In' } } },
      shapes: { In: { type: 'structure', members: { Attrs: { shape: 'M' } } }, M: { type: 'map', key: { shape: 'S' }, value: { shape: 'S' } }, S: { type: 'string' } },
    });
    const r = parseJsonInput(model, 'Maps.Op', '{"Attrs": {"__proto__": "x"}}');
    assert.ok(r.ok);
    const attrs = r.input.Attrs as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(attrs), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(attrs, '__proto__')?.value, 'x');
    assert.equal(serializeJsonResponse(model, 'Op', r.input), '{"Attrs":{"__proto__":"x"}}');
  });
});

describe('output', () => {
  test('ListAccounts: timestamps as epoch seconds, absent members left out', () => {
    const out = serializeJsonResponse(org, 'ListAccounts', {
      Accounts: [
        {
          Id: '111111111111',
          Arn: 'arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111',
          Email: 'bill@example.com',
          Name: 'Master Account',
          Status: 'ACTIVE',
          JoinedMethod: 'INVITED',
          JoinedTimestamp: new Date('2016-11-21T14:35:50.500Z'),
        },
      ],
      NextToken: undefined,
    });
    assert.equal(
      out,
      '{"Accounts":[{"Id":"111111111111","Arn":"arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111","Email":"bill@example.com","Name":"Master Account","Status":"ACTIVE","JoinedMethod":"INVITED","JoinedTimestamp":1479738950.5}]}',
    );
  });

  test('CreateAccount: a nested structure', () => {
    const out = serializeJsonResponse(org, 'CreateAccount', {
      CreateAccountStatus: { Id: 'car-examplecreateaccountrequestid111', AccountName: 'Dev', State: 'IN_PROGRESS', RequestedTimestamp: 1479738950 },
    });
    assert.deepEqual(JSON.parse(out), {
      CreateAccountStatus: { Id: 'car-examplecreateaccountrequestid111', AccountName: 'Dev', State: 'IN_PROGRESS', RequestedTimestamp: 1479738950 },
    });
  });

  test('an operation without output is {}', () => {
    assert.equal(serializeJsonResponse(org, 'DeleteOrganization', undefined), '{}');
    assert.equal(serializeJsonResponse(org, 'DeleteOrganization', { Anything: 1 }), '{}');
  });

  test('output of the wrong type is our bug: a TypeError', () => {
    assert.throws(() => serializeJsonResponse(org, 'ListAccounts', { Accounts: {} }), TypeError);
    assert.throws(() => serializeJsonResponse(org, 'DescribeOrganization', { Organization: { Id: 5 } }), TypeError);
    assert.throws(() => serializeJsonResponse(org, 'Nope', {}), TypeError);
  });
});

describe('errors', () => {
  const cases: [why: string, error: { code: string; message?: string; reason?: string }, body: unknown][] = [
    [
      'a service exception spells Message as its shape does',
      { code: 'AWSOrganizationsNotInUseException', message: 'Your account is not a member of an organization.' },
      { __type: 'AWSOrganizationsNotInUseException', Message: 'Your account is not a member of an organization.' },
    ],
    [
      'InvalidInputException carries its Reason',
      protocolErrors.invalidInput('INVALID_PATTERN', 'You provided a value that does not match the required pattern.'),
      { __type: 'InvalidInputException', Message: 'You provided a value that does not match the required pattern.', Reason: 'INVALID_PATTERN' },
    ],
    ['a framework error without a message', protocolErrors.unknownOperation(), { __type: 'UnknownOperationException' }],
    ['a framework error with a message', protocolErrors.serialization('Start of list found where not expected'), { __type: 'SerializationException', message: 'Start of list found where not expected' }],
  ];
  for (const [why, e, body] of cases) {
    test(why, () => assert.deepEqual(JSON.parse(serializeJsonError(org, e)), body));
  }
});
