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

/** An access key id: AKIA... (long-term) or ASIA... (temporary), 20 characters. */
export function accessKeyId(temporary = false): string {
  return (temporary ? 'ASIA' : 'AKIA') + randomFrom(BASE32, 16);
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
