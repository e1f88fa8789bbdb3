// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP) and the Base32 of RFC 4648 that
// carries their seeds. Pure: the time is always given, never read. Virtual MFA devices use the
// defaults: HMAC-SHA-1, 6 digits, 30-second steps counted from the Unix epoch.

import { createHmac } from 'node:crypto';
import { constantTimeEqual } from './compare.js';

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  /** Digits of a code: 6 (the default) to 10. */
  readonly digits?: number;
  /** Seconds per step; 30 by default. */
  readonly period?: number;
  readonly algorithm?: TotpAlgorithm;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Base32 (RFC 4648 section 6), upper case, without padding (as otpauth:// URIs carry seeds). */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * The bytes of a Base32 text (either case; trailing '=' padding allowed), or undefined when it is
 * not Base32: a character outside the alphabet, an impossible length, or non-zero left-over bits.
 */
export function base32Decode(text: string): Uint8Array | undefined {
  const body = text.replace(/=+$/, '').toUpperCase();
  // Lengths that no whole number of bytes encodes to.
  if ([1, 3, 6].includes(body.length % 8)) return undefined;
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of body) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) return undefined;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  if (buffer !== 0) return undefined;
  return Uint8Array.from(out);
}

function checkDigits(digits: number): number {
  if (!Number.isInteger(digits) || digits < 6 || digits > 10) throw new TypeError(`TOTP digits must be 6 to 10, got ${digits}`);
  return digits;
}

/** The HOTP value (RFC 4226 section 5.3) of a counter, zero-padded to `digits`. */
export function hotp(secret: Uint8Array, counter: number, options: TotpOptions = {}): string {
  const digits = checkDigits(options.digits ?? 6);
  if (!Number.isSafeInteger(counter) || counter < 0) throw new TypeError(`HOTP counter must be a non-negative integer, got ${counter}`);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(options.algorithm ?? 'sha1', secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return (binary % 10 ** digits).toString().padStart(digits, '0');
}

/** The time step a moment falls in: whole periods since the Unix epoch. */
export function timeStep(time: Date | number, period = 30): number {
  const ms = typeof time === 'number' ? time : time.getTime();
  return Math.floor(ms / 1000 / period);
}

/** The code of a moment (RFC 6238 section 4). */
export function totp(secret: Uint8Array, time: Date | number, options: TotpOptions = {}): string {
  return hotp(secret, timeStep(time, options.period ?? 30), options);
}

/**
 * The steps in [fromStep, toStep] whose code is `code`, oldest first (usually none or one). Every
 * step of the range is computed and compared in constant time, so the answer's timing does not
 * tell where a match is.
 */
export function matchingSteps(secret: Uint8Array, code: string, fromStep: number, toStep: number, options: TotpOptions = {}): number[] {
  const found: number[] = [];
  for (let step = Math.max(0, fromStep); step <= toStep; step++) {
    if (constantTimeEqual(hotp(secret, step, options), code)) found.push(step);
  }
  return found;
}
