// SigV4 signing keys: the HMAC chain "AWS4"+secret -> date -> region -> service -> aws4_request,
// and a bounded LRU cache of derived keys so a hot client costs one HMAC per request, not five.
import { createHmac, hash, randomBytes } from 'node:crypto';
import { TERMINATOR } from './canonical.js';
import type { SigningKeyStore } from './types.js';

/** Derives the signing key for one day, region and service. */
export function deriveSigningKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secretAccessKey}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update(TERMINATOR).digest();
}

/**
 * Date, region and service as one map key. They are free text from the client: length-prefixed so
 * that none can pose as another.
 */
function scopeId(date: string, region: string, service: string): string {
  return `${date.length}:${date}${region.length}:${region}${service}`;
}

/** Scopes a credential's own key map holds before it starts over (normally a day, a region, a service each). */
const OWN_KEYS_MAX = 16;

/**
 * The signing key from a map kept by the caller with one credential (sigv4's Credential.signingKeys),
 * derived on a miss.
 */
export function ownSigningKey(keys: Map<string, Buffer>, secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const id = scopeId(date, region, service);
  let key = keys.get(id);
  if (key === undefined) {
    key = deriveSigningKey(secretAccessKey, date, region, service);
    if (keys.size >= OWN_KEYS_MAX) keys.clear();
    keys.set(id, key);
  }
  return key;
}

/**
 * Derived keys, least recently used evicted first. Entries are keyed by a salted SHA-256 of
 * secret, date, region and service (length-prefixed, so distinct inputs never collide): the raw
 * secret is never kept. A rotated or revoked secret simply stops being looked up.
 */
export class SigningKeyCache implements SigningKeyStore {
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Buffer>();
  /** Per-cache salt: the map keys are useless as a check on a guessed secret elsewhere. */
  readonly #salt = randomBytes(16).toString('base64');

  constructor(maxEntries = 1024) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError('maxEntries must be a positive integer');
    this.#maxEntries = maxEntries;
  }

  /** The signing key for these inputs, derived on a miss. */
  get(secretAccessKey: string, date: string, region: string, service: string): Buffer {
    const id = hash('sha256', `${this.#salt}${secretAccessKey.length}:${secretAccessKey}${scopeId(date, region, service)}`, 'base64');
    const cached = this.#entries.get(id);
    if (cached !== undefined) {
      // Re-insert to mark as most recently used.
      this.#entries.delete(id);
      this.#entries.set(id, cached);
      return cached;
    }
    const key = deriveSigningKey(secretAccessKey, date, region, service);
    this.#entries.set(id, key);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return key;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cache keys, for tests: opaque hashes, never a secret. */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** The process-wide cache used when VerifyOptions.signingKeyCache is not given. */
export const defaultSigningKeyCache = new SigningKeyCache();
