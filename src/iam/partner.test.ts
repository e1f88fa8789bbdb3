import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IamError } from './errors.js';
import type { OperationRequest } from './operation.js';
import { PARTNER_OPERATIONS } from './partner.js';

const ID = 'request-0123456789abcdef';
const caller = { accountId: '123456789012', partition: 'aws' };

/** The handlers read only their input (and the caller, for ARNs): a bare request is enough. */
const request = (input: Record<string, unknown>) => ({ input, caller }) as unknown as OperationRequest<Record<string, unknown>>;

test('every delegation operation answers as an account outside the partner program gets', async () => {
  const cases: [string, Record<string, unknown>, string | Record<string, unknown>][] = [
    ['CreateDelegationRequest', { Description: 'd', Permissions: {}, RequestorWorkflowId: 'wf-1', NotificationChannel: 'arn:aws:sns:us-east-1:1:t', SessionDuration: 900 }, 'AccessDenied'],
    ['GetDelegationRequest', { DelegationRequestId: ID }, 'NoSuchEntity'],
    ['AcceptDelegationRequest', { DelegationRequestId: ID }, 'NoSuchEntity'],
    ['AssociateDelegationRequest', { DelegationRequestId: ID }, 'NoSuchEntity'],
    ['RejectDelegationRequest', { DelegationRequestId: ID }, 'NoSuchEntity'],
    ['UpdateDelegationRequest', { DelegationRequestId: ID }, 'NoSuchEntity'],
    ['SendDelegationToken', { DelegationRequestId: ID }, 'NoSuchEntity'],
    ['GetHumanReadableSummary', { EntityArn: `arn:aws:iam::123456789012:delegation-request/${ID}` }, 'NoSuchEntity'],
    ['GetHumanReadableSummary', { EntityArn: 'arn:aws:iam::123456789012:user/alice' }, 'InvalidInput'],
    ['ListDelegationRequests', {}, { DelegationRequests: [], isTruncated: false }],
    ['ListDelegationRequests', { Marker: 'm' }, 'InvalidInput'],
  ];
  const byName = new Map(PARTNER_OPERATIONS.map((op) => [op.name, op]));
  for (const [name, input, want] of cases) {
    const op = byName.get(name);
    assert.ok(op, name);
    if (typeof want === 'string') {
      await assert.rejects(op.handle(request(input)), (e: unknown) => e instanceof IamError && e.code === want, name);
    } else {
      assert.deepEqual(await op.handle(request(input)), want, name);
    }
  }
  assert.equal(byName.size, 9);
});

test('operations on one request are authorized on its ARN', async () => {
  const get = PARTNER_OPERATIONS.find((op) => op.name === 'GetDelegationRequest')!;
  assert.deepEqual(await get.target(request({ DelegationRequestId: ID })), { resource: `arn:aws:iam::123456789012:delegation-request/${ID}` });
});
