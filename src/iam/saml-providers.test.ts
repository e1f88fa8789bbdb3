import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { IamError } from './errors.js';
import { parseSamlMetadata } from './saml-providers.js';

const metadata = readFileSync(new URL('../../test/fixtures/saml/idp-metadata.xml', import.meta.url), 'utf8');
const signing1 = new X509Certificate(readFileSync(new URL('../../test/fixtures/certs/signing-1.pem', import.meta.url), 'utf8'));

test('the fixture metadata parses: entity id, validUntil, signing certificate, SSO locations', () => {
  const parsed = parseSamlMetadata(metadata);
  assert.equal(parsed.entityId, 'https://idp.example.com/saml/metadata');
  assert.equal(parsed.validUntil?.toISOString(), '2099-12-31T23:59:59.000Z');
  assert.equal(parsed.signingCertificates.length, 1);
  assert.equal(parsed.signingCertificates[0]!.fingerprint256, signing1.fingerprint256);
  assert.deepEqual(parsed.singleSignOnServices, ['https://idp.example.com/saml/sso', 'https://idp.example.com/saml/sso']);
});

test('namespace prefixes are the document’s choice', () => {
  const unprefixed = metadata
    .replace(/<md:/g, '<')
    .replace(/<\/md:/g, '</')
    .replace('xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"', 'xmlns="urn:oasis:names:tc:SAML:2.0:metadata"')
    .replace(/ds:/g, 'sig:')
    .replace('xmlns:ds=', 'xmlns:sig=');
  assert.equal(parseSamlMetadata(unprefixed).signingCertificates.length, 1);
  // A signing key without use="..." counts; an encryption-only key does not.
  assert.equal(parseSamlMetadata(metadata.replace(' use="signing"', '')).signingCertificates.length, 1);
});

test('what is not SAML 2.0 IdP metadata is refused with InvalidInput "Could not parse metadata"', () => {
  const cases: [string, string][] = [
    ['not XML', 'hello'.repeat(300)],
    ['not well-formed', metadata.replace('</md:EntityDescriptor>', '')],
    ['a DOCTYPE', metadata.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]>')],
    ['the wrong namespace', metadata.replace('urn:oasis:names:tc:SAML:2.0:metadata', 'urn:example:other')],
    ['no entityID', metadata.replace(' entityID="https://idp.example.com/saml/metadata"', '')],
    ['an SP, not an IdP', metadata.replace(/IDPSSODescriptor/g, 'SPSSODescriptor')],
    ['not the SAML 2.0 protocol', metadata.replace('urn:oasis:names:tc:SAML:2.0:protocol', 'urn:oasis:names:tc:SAML:1.1:protocol')],
    ['no signing certificate', metadata.replace('use="signing"', 'use="encryption"')],
    ['a broken certificate', metadata.replace(/<ds:X509Certificate>[^<]{20}/, '<ds:X509Certificate>!!!!')],
    ['a bad validUntil', metadata.replace('2099-12-31T23:59:59Z', 'tomorrow')],
  ];
  for (const [label, doc] of cases) {
    assert.throws(() => parseSamlMetadata(doc), (e: unknown) => e instanceof IamError && e.code === 'InvalidInput' && e.message === 'Could not parse metadata', label);
  }
});
