// SSH public keys as IAM takes them (UploadSSHPublicKey): an RSA key of at least 2048 bits,
// in OpenSSH's `ssh-rsa <base64> [comment]` form or as a PEM public key (SubjectPublicKeyInfo
// or PKCS#1). Parsing yields the canonical OpenSSH form the store keeps, its MD5 fingerprint
// (colon hex, as `ssh-keygen -E md5 -l` prints it), and the PEM form GetSSHPublicKey returns.

import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { IamError } from './errors.js';

/** The shortest RSA modulus IAM accepts, in bits. */
export const MIN_RSA_BITS = 2048;

export interface ParsedSshKey {
  /** `ssh-rsa <base64 blob>`, without comment. */
  readonly body: string;
  /** MD5 of the key blob, 16 colon-separated lower-case hex pairs. */
  readonly fingerprint: string;
  readonly bits: number;
}

const invalid = (): IamError => new IamError('InvalidPublicKey', 'The public key is malformed or otherwise invalid.');
const unrecognized = (): IamError =>
  new IamError('UnrecognizedPublicKeyEncoding', 'The public key encoding format is unsupported or unrecognized.');

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const PEM = /^-----BEGIN (RSA PUBLIC KEY|PUBLIC KEY)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----$/;

/** Parses and checks an uploaded key; throws IAM's error for what it cannot accept. */
export function parseSshPublicKey(text: string): ParsedSshKey {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN ')) return fromPem(trimmed);
  const fields = trimmed.split(/[ \t]+/);
  if (fields[0] !== 'ssh-rsa' || fields.length < 2 || trimmed.includes('\n')) throw unrecognized();
  const encoded = fields[1]!;
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) throw invalid();
  const blob = Buffer.from(encoded, 'base64');
  const { n, e } = readRsaBlob(blob);
  return checked(rsaKey(n, e), blob);
}

/** The key in PEM form (SubjectPublicKeyInfo), as GetSSHPublicKey's PEM encoding returns it. */
export function toPem(body: string): string {
  const { n, e } = readRsaBlob(Buffer.from(body.split(' ')[1] ?? '', 'base64'));
  return rsaKey(n, e).export({ type: 'spki', format: 'pem' }).toString();
}

function fromPem(text: string): ParsedSshKey {
  const m = PEM.exec(text);
  if (!m) throw unrecognized();
  const base64 = m[2]!.replace(/\s+/g, '');
  if (!BASE64.test(base64) || base64.length % 4 !== 0) throw invalid();
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: m[1] === 'PUBLIC KEY' ? 'spki' : 'pkcs1' });
  } catch {
    throw invalid();
  }
  if (key.asymmetricKeyType !== 'rsa') throw invalid();
  const jwk = key.export({ format: 'jwk' });
  const n = Buffer.from(jwk.n ?? '', 'base64url');
  const e = Buffer.from(jwk.e ?? '', 'base64url');
  return checked(key, writeRsaBlob(n, e));
}

function checked(key: KeyObject, blob: Buffer): ParsedSshKey {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) throw invalid();
  return { body: `ssh-rsa ${blob.toString('base64')}`, fingerprint: md5Fingerprint(blob), bits };
}

function md5Fingerprint(blob: Buffer): string {
  return createHash('md5').update(blob).digest('hex').replace(/(..)(?!$)/g, '$1:');
}

function rsaKey(n: Buffer, e: Buffer): KeyObject {
  try {
    return createPublicKey({ key: { kty: 'RSA', n: n.toString('base64url'), e: e.toString('base64url') }, format: 'jwk' });
  } catch {
    throw invalid();
  }
}

/**
 * The RSA public key blob of RFC 4253 section 6.6: string "ssh-rsa", mpint e, mpint n. Every byte
 * must be accounted for; the integers must be positive and minimally encoded.
 */
function readRsaBlob(blob: Buffer): { n: Buffer; e: Buffer } {
  let at = 0;
  const next = (): Buffer => {
    if (at + 4 > blob.length) throw invalid();
    const length = blob.readUInt32BE(at);
    at += 4;
    if (length > blob.length - at) throw invalid();
    const part = blob.subarray(at, at + length);
    at += length;
    return part;
  };
  if (next().toString('latin1') !== 'ssh-rsa') throw invalid();
  const e = mpint(next());
  const n = mpint(next());
  if (at !== blob.length) throw invalid();
  return { n, e };
}

/** A positive mpint's magnitude (big-endian, no leading zero). */
function mpint(bytes: Buffer): Buffer {
  if (bytes.length === 0 || (bytes[0]! & 0x80) !== 0) throw invalid();
  if (bytes[0] === 0 && (bytes.length === 1 || (bytes[1]! & 0x80) === 0)) throw invalid();
  return bytes[0] === 0 ? bytes.subarray(1) : bytes;
}

function writeRsaBlob(n: Buffer, e: Buffer): Buffer {
  const field = (b: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(b.length);
    return Buffer.concat([length, b]);
  };
  const asMpint = (b: Buffer) => ((b[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), b]) : b);
  return Buffer.concat([field(Buffer.from('ssh-rsa', 'latin1')), field(asMpint(e)), field(asMpint(n))]);
}
