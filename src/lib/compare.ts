// Constant-time comparison for secrets (signatures, tokens, TOTP codes, password hashes).

import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when a and b are equal, in time that depends on neither content nor where they differ.
 * Both are hashed first so that unequal lengths take the same path as equal ones.
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
