// The protocol error catalogue: each code's status, fault and namespace family, and each builder's
// wording.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorInfo, isProtocolError, MISSING_ACTION_LOCATION, protocolErrors } from './errors.js';
import type { ProtocolError, ProtocolErrorCode } from './errors.js';

describe('the catalogue', () => {
  const cases: [code: ProtocolErrorCode, status: number, type: 'Sender' | 'Receiver', awsFault: boolean][] = [
    ['ValidationError', 400, 'Sender', false],
    ['InvalidAction', 400, 'Sender', true],
    ['MissingAction', 302, 'Sender', true],
    ['MalformedInput', 400, 'Sender', false],
    ['MalformedQueryString', 404, 'Sender', true],
    ['InvalidParameterValue', 400, 'Sender', false],
    ['MissingParameter', 400, 'Sender', false],
    ['UnknownOperationException', 400, 'Sender', false],
    ['SerializationException', 400, 'Sender', false],
    ['ValidationException', 400, 'Sender', false],
    ['InvalidInputException', 400, 'Sender', false],
    ['NotImplemented', 501, 'Receiver', false],
    ['InternalFailure', 500, 'Receiver', false],
  ];
  for (const [code, status, type, awsFault] of cases) {
    test(`${code}: ${status} ${type}${awsFault ? ', AWSFault namespace' : ''}`, () => {
      assert.deepEqual(errorInfo(code), { status, type, awsFault });
    });
  }
});

describe('the builders', () => {
  const cases: [why: string, error: ProtocolError, expected: Partial<ProtocolError>][] = [
    [
      'one violation',
      protocolErrors.validation(["Value null at 'userName' failed to satisfy constraint: Member must not be null"]),
      { code: 'ValidationError', message: "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null" },
    ],
    ['several violations', protocolErrors.validation(['A', 'B', 'C']), { message: '3 validation errors detected: A; B; C' }],
    ['InvalidAction with a version', protocolErrors.invalidAction('Foo', '2010-05-08'), { message: 'Could not find operation Foo for version 2010-05-08' }],
    ['InvalidAction without one', protocolErrors.invalidAction('Foo', undefined), { message: 'Could not find operation Foo for version NO_VERSION_SPECIFIED' }],
    ['MissingAction redirects', protocolErrors.missingAction(), { status: 302, location: MISSING_ACTION_LOCATION }],
    ['MalformedInput for an empty number', protocolErrors.malformedInput(true), { message: 'missing value for decimal type' }],
    ['MalformedInput otherwise', protocolErrors.malformedInput(false), { code: 'MalformedInput' }],
    ['MissingParameter', protocolErrors.missingParameter('UserName'), { message: 'The request must contain the parameter UserName.' }],
    ['NotImplemented names the operation', protocolErrors.notImplemented('CreateSAMLProvider'), { status: 501, message: 'The operation CreateSAMLProvider is not implemented yet.' }],
    [
      'InternalFailure says nothing of the cause',
      protocolErrors.internalFailure(),
      { status: 500, type: 'Receiver', message: 'The request processing has failed because of an unknown error, exception or failure.' },
    ],
    ['InvalidInputException carries a reason', protocolErrors.invalidInput('INVALID_ENUM', 'You specified an invalid value.'), { reason: 'INVALID_ENUM' }],
  ];
  for (const [why, error, expected] of cases) {
    test(why, () => {
      for (const [k, v] of Object.entries(expected)) assert.equal(error[k as keyof ProtocolError], v, k);
      assert.ok(isProtocolError(error));
    });
  }

  test('MalformedInput without a message has no message key (no <Message> element)', () => {
    assert.equal('message' in protocolErrors.malformedInput(false), false);
  });

  test('isProtocolError refuses look-alikes', () => {
    for (const x of [null, undefined, 'ValidationError', new Error('x'), { code: 'NoSuchEntity', status: 404 }, { code: 'ValidationError' }]) {
      assert.equal(isProtocolError(x), false, JSON.stringify(x));
    }
  });
});
