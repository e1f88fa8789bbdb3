import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { IamError } from './errors.js';
import { checkCertificateMaterial } from './server-certificates.js';
import { chainBreak, fingerprint, parseCertificate, parseCertificates, parsePrivateKey, validityAt } from './x509.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/certs/${name}`, import.meta.url), 'utf8');
const NOW = new Date('2030-01-01T00:00:00Z');

const isIam = (code: string, message?: RegExp) => (e: unknown) => e instanceof IamError && e.code === code && (!message || message.test(e.message));

test('certificate bodies: one PEM certificate, nothing else', () => {
  const pem = fixture('signing-1.pem');
  const cases: [string, string, boolean][] = [
    ['a PEM certificate', pem, true],
    ['with CRLF line ends and surrounding white space', `\r\n${pem.replace(/\n/g, '\r\n')}  \n`, true],
    ['empty', '', false],
    ['not PEM', 'hello', false],
    ['a private key', fixture('signing-1.key'), false],
    ['base64 garbage in a PEM block', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', false],
    ['two certificates', pem + fixture('signing-2.pem'), false],
    ['text around the block', `junk\n${pem}`, false],
    ['a truncated block', pem.slice(0, pem.length - 40), false],
  ];
  for (const [label, body, ok] of cases) {
    if (ok) assert.doesNotThrow(() => parseCertificate(body), label);
    else assert.throws(() => parseCertificate(body), isIam('MalformedCertificate', /Unable to parse certificate/), label);
  }
  assert.equal(parseCertificates(fixture('chain.pem')).length, 2);
});

test('the same certificate has the same fingerprint whatever its line breaks', () => {
  const pem = fixture('signing-1.pem');
  const rewrapped = pem.replace(/\n(?!-----)/g, '\n\n');
  assert.equal(fingerprint(parseCertificate(pem)), fingerprint(parseCertificate(rewrapped)));
  assert.notEqual(fingerprint(parseCertificate(pem)), fingerprint(parseCertificate(fixture('signing-2.pem'))));
});

test('validity in time', () => {
  assert.equal(validityAt(parseCertificate(fixture('signing-1.pem')), NOW), 'valid');
  assert.equal(validityAt(parseCertificate(fixture('expired.pem')), NOW), 'expired');
  assert.equal(validityAt(parseCertificate(fixture('future.pem')), NOW), 'not-yet-valid');
});

test('private keys: PEM, unencrypted', () => {
  assert.equal(parsePrivateKey(fixture('server.key')).asymmetricKeyType, 'rsa');
  for (const bad of ['', 'key', fixture('server.pem'), '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n']) {
    assert.throws(() => parsePrivateKey(bad), isIam('MalformedCertificate', /private key/));
  }
});

test('chains run from the issuer of the body upwards; the break is reported by index', () => {
  const server = parseCertificate(fixture('server.pem'));
  const intermediate = parseCertificate(fixture('intermediate-ca.pem'));
  const root = parseCertificate(fixture('root-ca.pem'));
  const other = parseCertificate(fixture('signing-2.pem'));
  assert.equal(chainBreak(server, []), undefined);
  assert.equal(chainBreak(server, [intermediate]), undefined);
  assert.equal(chainBreak(server, [intermediate, root]), undefined);
  assert.equal(chainBreak(server, [root, intermediate]), -1);
  assert.equal(chainBreak(server, [other]), -1);
  assert.equal(chainBreak(server, [intermediate, other]), 0);
  assert.equal(chainBreak(server, [intermediate, root, other]), 1);
});

test('server certificate material: each way it can be wrong', () => {
  const body = fixture('server.pem');
  const key = fixture('server.key');
  const cases: [string, () => unknown, string | undefined, RegExp?][] = [
    ['body, key and chain', () => checkCertificateMaterial(body, key, fixture('chain.pem'), NOW), undefined],
    ['without a chain', () => checkCertificateMaterial(body, key, undefined, NOW), undefined],
    ['only the intermediate', () => checkCertificateMaterial(body, key, fixture('intermediate-ca.pem'), NOW), undefined],
    ['a malformed body', () => checkCertificateMaterial('nope', key, undefined, NOW), 'MalformedCertificate', /Unable to parse certificate/],
    ['a malformed key', () => checkCertificateMaterial(body, 'nope', undefined, NOW), 'MalformedCertificate', /private key/],
    ['another key', () => checkCertificateMaterial(body, fixture('other.key'), undefined, NOW), 'KeyPairMismatch'],
    ['an expired body', () => checkCertificateMaterial(fixture('expired.pem'), fixture('expired.key'), undefined, NOW), 'MalformedCertificate', /expired/],
    ['a body not yet valid', () => checkCertificateMaterial(fixture('future.pem'), fixture('future.key'), undefined, NOW), 'MalformedCertificate', /not yet valid/],
    ['a chain in the wrong order', () => checkCertificateMaterial(body, key, fixture('chain-wrong-order.pem'), NOW), 'MalformedCertificate', /index within the chain of the invalid certificate is: -1$/],
    ['a malformed chain', () => checkCertificateMaterial(body, key, 'chain', NOW), 'MalformedCertificate', /chain/],
  ];
  for (const [label, run, code, message] of cases) {
    if (code === undefined) assert.ok(run() instanceof Date, label);
    else assert.throws(run, isIam(code, message), label);
  }
  assert.equal(
    checkCertificateMaterial(body, key, undefined, NOW).toISOString(),
    new Date(parseCertificate(body).validTo).toISOString(),
  );
});
