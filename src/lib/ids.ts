// Identifiers in AWS's formats. IAM unique ids are a 4-letter prefix (AIDA user, AROA role,
// AGPA group, ANPA managed policy, AIPA instance profile, ...) and 17 characters of base32;
// access key ids are AKIA (long-term) or ASIA (temporary) and 16 characters; secrets are 40
// characters of base64. All come from the operating system's CSPRNG.

import { randomBytes, randomInt } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function randomFrom(alphabet: string, length: number): string {
  // Alphabets here have 32 or 64 symbols, so masking a byte is unbiased.
  const bytes = randomBytes(length);
  const mask = alphabet.length - 1;
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! & mask];
  return out;
}

export type UniqueIdPrefix = 'AIDA' | 'AROA' | 'AGPA' | 'ANPA' | 'AIPA' | 'ASCA' | 'APKA' | 'ACCA' | 'ANVA' | 'ASIA' | 'AKIA';

/** An IAM unique id, e.g. AIDAJQABLZS4A3QDU576Q (21 characters). */
export function uniqueId(prefix: UniqueIdPrefix): string {
  return prefix + randomFrom(BASE32, 17);
}

/**
 * An access key id: AKIA... (long-term) or ASIA... (temporary), 20 characters. With an account,
 * the id carries it as AWS's ids do (the account id shifted left 7 bits in the first 6 bytes of the
 * base32-decoded part, then random bits), so that sts:GetAccessKeyInfo reads the account from the
 * id alone; see accountOfAccessKeyId.
 */
export function accessKeyId(temporary = false, account?: string): string {
  const prefix = temporary ? 'ASIA' : 'AKIA';
  if (account === undefined) return prefix + randomFrom(BASE32, 16);
  const bytes = randomBytes(10);
  const packed = (BigInt(account) << 7n) | BigInt(bytes[5]! & 0x7f);
  for (let i = 0; i < 6; i++) bytes[i] = Number((packed >> BigInt(8 * (5 - i))) & 0xffn);
  return prefix + base32(bytes);
}

/** The account an access key id names (AWS's encoding, as accessKeyId writes it); undefined for a malformed id. */
export function accountOfAccessKeyId(id: string): string | undefined {
  if (!/^[A-Z]{4}[A-Z2-7]{16}$/.test(id)) return undefined;
  let bits = 0n;
  for (const ch of id.slice(4)) bits = (bits << 5n) | BigInt(BASE32.indexOf(ch));
  // 16 characters are 80 bits = 10 bytes; the account is in bits 1..40 of the first 48.
  const first6 = bits >> 32n;
  return String((first6 & 0x7fffffffff80n) >> 7n).padStart(12, '0');
}

function base32(bytes: Uint8Array): string {
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = bytes.length * 8 - 5; i >= 0; i -= 5) out += BASE32[Number((bits >> BigInt(i)) & 31n)];
  return out;
}

/** An SSH public key id: APKA and 16 characters of base32 (20 characters, as AWS's). */
export function sshPublicKeyId(): string {
  return 'APKA' + randomFrom(BASE32, 16);
}

/** A secret access key: 40 characters of base64's alphabet. */
export function secretAccessKey(): string {
  return randomFrom(BASE64, 40);
}

/** A request id in AWS's format (a UUID). */
export function requestId(): string {
  return crypto.randomUUID();
}

/** A random 12-digit account id that does not start with 0. */
export function accountId(): string {
  let s = String(randomInt(1, 10));
  for (let i = 0; i < 11; i++) s += String(randomInt(0, 10));
  return s;
}
