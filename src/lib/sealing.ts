// Authenticated encryption for secrets at rest and sealed tokens: AES-256-GCM with a random
// 96-bit nonce, bound to its context (row and field) through the additional authenticated data,
// so a ciphertext copied to another row or field does not open.
// Layout: version byte (1) | nonce (12) | ciphertext | tag (16).

import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 1;

export class SealingKey {
  private readonly key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new TypeError('a sealing key is 32 bytes');
    this.key = Buffer.from(key);
  }

  /**
   * A key of its own for one purpose (HKDF-SHA256 over this key, the label as info): sealed
   * session tokens use one, so they never share a key with secrets at rest.
   */
  derive(label: string): SealingKey {
    return new SealingKey(new Uint8Array(hkdfSync('sha256', this.key, Buffer.alloc(0), Buffer.from(label, 'utf8'), 32)));
  }

  /** A short public name of this key (4 bytes of a hash of it), to tell which key sealed a token. */
  keyId(): Buffer {
    return createHash('sha256').update('tessera key id').update(this.key).digest().subarray(0, 4);
  }

  seal(plaintext: Uint8Array | string, context: string): Buffer {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), nonce, body, cipher.getAuthTag()]);
  }

  /** The plaintext, or undefined when the data was altered, sealed for another context or key. */
  open(sealed: Uint8Array, context: string): Buffer | undefined {
    if (sealed.length < 1 + 12 + 16 || sealed[0] !== VERSION) return undefined;
    const nonce = sealed.subarray(1, 13);
    const tag = sealed.subarray(sealed.length - 16);
    const body = sealed.subarray(13, sealed.length - 16);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, nonce);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      return undefined;
    }
  }
}
