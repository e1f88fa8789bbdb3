// What each kind of service-specific credential shows: passwords for CodeCommit and Keyspaces,
// alias and secret for API keys (Bedrock's as ABSK + base64("alias:secret")), the secret only
// with Create and Reset, and Expired once an API key's expiration date has passed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServiceSpecificCredential } from '../store/types.js';
import { metadataShape, statusAt, SUPPORTED_SERVICES, withSecret } from './service-credentials.js';

const T0 = new Date('2025-07-01T00:00:00.000Z');
const DAY = 86_400_000;

function credential(serviceName: string, extra: Partial<ServiceSpecificCredential> = {}): ServiceSpecificCredential {
  return {
    serviceSpecificCredentialId: 'ACCAEXAMPLE123EXAMPLE',
    accountId: '123456789012',
    userName: 'jane',
    serviceName,
    serviceUserName: 'jane-at-123456789012',
    ...(SUPPORTED_SERVICES.get(serviceName)?.kind === 'apiKey' ? { serviceCredentialAlias: 'jane-at-123456789012' } : {}),
    secretCiphertext: new Uint8Array(48),
    status: 'Active',
    createDate: T0,
    ...extra,
  };
}

test('the services credentials are issued for, and their kind', () => {
  assert.deepEqual(
    [...SUPPORTED_SERVICES].map(([name, s]) => [name, s.kind]),
    [
      ['codecommit.amazonaws.com', 'password'],
      ['cassandra.amazonaws.com', 'password'],
      ['bedrock.amazonaws.com', 'apiKey'],
      ['logs.amazonaws.com', 'apiKey'],
    ],
  );
});

test('shapes: passwords carry ServiceUserName, API keys their alias; the secret only with it', () => {
  const cases: [string, string[], string[]][] = [
    ['codecommit.amazonaws.com', ['ServiceUserName'], ['ServicePassword']],
    ['cassandra.amazonaws.com', ['ServiceUserName'], ['ServicePassword']],
    ['bedrock.amazonaws.com', ['ServiceCredentialAlias'], ['ServiceCredentialSecret']],
    ['logs.amazonaws.com', ['ServiceCredentialAlias'], ['ServiceCredentialSecret']],
  ];
  const common = ['UserName', 'Status', 'CreateDate', 'ServiceSpecificCredentialId', 'ServiceName'];
  for (const [service, named, secret] of cases) {
    const c = credential(service);
    assert.deepEqual(Object.keys(metadataShape(c, T0)).sort(), [...common, ...named].sort(), service);
    assert.deepEqual(Object.keys(withSecret(c, 'pw', T0)).sort(), [...common, ...named, ...secret].sort(), service);
  }
  assert.equal(withSecret(credential('codecommit.amazonaws.com'), 'the-password', T0).ServicePassword, 'the-password');
});

test('a Bedrock API key is ABSK + base64("<alias>:<secret>")', () => {
  const shown = withSecret(credential('bedrock.amazonaws.com'), 'c2VjcmV0', T0).ServiceCredentialSecret as string;
  assert.ok(shown.startsWith('ABSK'));
  assert.equal(Buffer.from(shown.slice(4), 'base64').toString('utf8'), 'jane-at-123456789012:c2VjcmV0');
});

test('status: Expired from the expiration date on, whatever was set; as set otherwise', () => {
  const expiring = credential('bedrock.amazonaws.com', { expirationDate: new Date(T0.getTime() + DAY) });
  const cases: [ServiceSpecificCredential, Date, string][] = [
    [expiring, T0, 'Active'],
    [expiring, new Date(T0.getTime() + DAY - 1), 'Active'],
    [expiring, new Date(T0.getTime() + DAY), 'Expired'],
    [{ ...expiring, status: 'Inactive' }, new Date(T0.getTime() + 2 * DAY), 'Expired'],
    [{ ...expiring, status: 'Inactive' }, T0, 'Inactive'],
    [credential('codecommit.amazonaws.com'), new Date(T0.getTime() + 10_000 * DAY), 'Active'],
  ];
  for (const [c, now, want] of cases) assert.equal(statusAt(c, now), want, `${c.status} at ${now.toISOString()}`);
  assert.equal(metadataShape(expiring, T0).ExpirationDate, expiring.expirationDate);
});
