// X.509 certificates and private keys as IAM takes them (PEM text): parsing, validity in time,
// key/certificate match and chain order. One place for the signing and server certificate
// operations; the SAML metadata's certificates are read here too. Parse failures are the
// caller's MalformedCertificate; what a problem means beyond that is the operation's to say.

import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { IamError } from './errors.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

export const MALFORMED_CERTIFICATE = 'Unable to parse certificate. Please ensure the certificate is in PEM format.';
export const MALFORMED_PRIVATE_KEY = 'Unable to parse private key. Please ensure the private key is in PEM format and not encrypted.';

export function malformedCertificate(message = MALFORMED_CERTIFICATE): IamError {
  return new IamError('MalformedCertificate', message);
}

/** A certificate from base64 DER (as SAML metadata carries it); undefined when it does not parse. */
export function certificateFromBase64(text: string): X509Certificate | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  try {
    return new X509Certificate(Buffer.from(compact, 'base64'));
  } catch {
    return undefined;
  }
}

/**
 * Every certificate of a PEM text, in order. Anything but PEM certificate blocks (and white
 * space between them) makes the text malformed, as does a block that does not parse.
 */
export function parseCertificates(pem: string): X509Certificate[] {
  const certificates: X509Certificate[] = [];
  let rest = pem;
  for (const match of pem.matchAll(PEM_CERTIFICATE)) {
    const certificate = certificateFromBase64(match[1] ?? '');
    if (!certificate) throw malformedCertificate();
    certificates.push(certificate);
    rest = rest.replace(match[0], '');
  }
  if (certificates.length === 0 || rest.trim() !== '') throw malformedCertificate();
  return certificates;
}

/** The one certificate of a certificate body; a body of several is malformed. */
export function parseCertificate(pem: string): X509Certificate {
  const certificates = parseCertificates(pem);
  if (certificates.length !== 1) throw malformedCertificate();
  return certificates[0]!;
}

/** A private key in PEM (PKCS#1, PKCS#8 or SEC1); an encrypted or unreadable one is malformed. */
export function parsePrivateKey(pem: string): KeyObject {
  if (!/-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/.test(pem) || /ENCRYPTED/.test(pem)) throw malformedCertificate(MALFORMED_PRIVATE_KEY);
  try {
    // A passphrase, were one needed, is refused rather than prompted for.
    return createPrivateKey({ key: pem, format: 'pem', passphrase: '' });
  } catch {
    throw malformedCertificate(MALFORMED_PRIVATE_KEY);
  }
}

export function certificateMatchesKey(certificate: X509Certificate, key: KeyObject): boolean {
  try {
    return certificate.checkPrivateKey(key);
  } catch {
    return false;
  }
}

/** SHA-256 of the DER, hex: the same certificate whatever its PEM line breaks. */
export function fingerprint(certificate: X509Certificate): string {
  return createHash('sha256').update(certificate.raw).digest('hex');
}

/** SHA-1 of the DER, hex lower-case: an OIDC thumbprint. */
export function thumbprint(certificate: X509Certificate): string {
  return createHash('sha1').update(certificate.raw).digest('hex');
}

export function notBefore(certificate: X509Certificate): Date {
  return new Date(certificate.validFrom);
}

export function notAfter(certificate: X509Certificate): Date {
  return new Date(certificate.validTo);
}

/** Where `now` falls relative to the certificate's validity period. */
export function validityAt(certificate: X509Certificate, now: Date): 'valid' | 'expired' | 'not-yet-valid' {
  if (now.getTime() > notAfter(certificate).getTime()) return 'expired';
  if (now.getTime() < notBefore(certificate).getTime()) return 'not-yet-valid';
  return 'valid';
}

/** `issuer` names and signed `subject`. */
export function issuedBy(subject: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/**
 * Checks a chain as IAM orders it: the first certificate issued the body, each next one issued
 * the one before. Returns the index within the chain of the first certificate whose issuer is
 * not the next one (-1 for the body), or undefined when the chain holds.
 */
export function chainBreak(body: X509Certificate, chain: readonly X509Certificate[]): number | undefined {
  const all = [body, ...chain];
  for (let i = 0; i + 1 < all.length; i++) {
    if (!issuedBy(all[i]!, all[i + 1]!)) return i - 1;
  }
  return undefined;
}
