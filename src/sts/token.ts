// Session tokens: what a temporary credential is, sealed into the token itself (AES-256-GCM under
// a key derived from the master key, named by a key id for rotation, bound to the ASIA access key
// id through the additional authenticated data). Any node opens it without a database read; a
// token altered in any byte, sealed under another key, or presented with another access key id
// does not open.
//
// Layout (then base64): magic "TS1" (3) | key id (4) | sealed claims (SealingKey layout).

import type { SealingKey } from '../lib/sealing.js';
import type { SessionClaims } from '../iam/operation.js';

export type { SessionClaims, SessionKind } from '../iam/operation.js';

const MAGIC = Buffer.from('TS1', 'ascii');
const LABEL = 'tessera/sts/session-token/v1';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export type OpenResult = { ok: true; claims: SessionClaims } | { ok: false; error: 'invalid' | 'expired' };

/** Seals and opens session tokens under one key derived from the master key. */
export class SessionTokens {
  private readonly key: SealingKey;
  private readonly keyId: Buffer;

  constructor(master: SealingKey) {
    this.key = master.derive(LABEL);
    this.keyId = this.key.keyId();
  }

  seal(claims: SessionClaims): string {
    const sealed = this.key.seal(JSON.stringify(claims), context(claims.akid));
    return Buffer.concat([MAGIC, this.keyId, sealed]).toString('base64');
  }

  /** The claims of a token sent with this access key id, or why it is refused. */
  open(token: string, accessKeyId: string, nowMs: number): OpenResult {
    if (token.length > 8192 || !BASE64.test(token)) return { ok: false, error: 'invalid' };
    const raw = Buffer.from(token, 'base64');
    // Base64 that does not round-trip (stray bits in the last character) is an altered token.
    if (raw.toString('base64') !== token) return { ok: false, error: 'invalid' };
    if (raw.length < 7 || !raw.subarray(0, 3).equals(MAGIC) || !raw.subarray(3, 7).equals(this.keyId)) return { ok: false, error: 'invalid' };
    const plain = this.key.open(raw.subarray(7), context(accessKeyId));
    if (!plain) return { ok: false, error: 'invalid' };
    let claims: SessionClaims;
    try {
      claims = JSON.parse(plain.toString('utf8')) as SessionClaims;
    } catch {
      return { ok: false, error: 'invalid' };
    }
    if (claims.akid !== accessKeyId) return { ok: false, error: 'invalid' };
    if (nowMs >= claims.expiresAt) return { ok: false, error: 'expired' };
    return { ok: true, claims };
  }
}

function context(accessKeyId: string): string {
  return `sts-session-token:${accessKeyId}`;
}
