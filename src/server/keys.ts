// The master key that seals secrets at rest: from TESSERA_MASTER_KEY (32 bytes as base64 or 64
// hex digits), or a key file created in the data dir with mode 0600. A check value sealed under it
// is kept in the store, so a server started with the wrong key refuses to start instead of
// failing on every request.

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SealingKey } from '../lib/sealing.js';
import type { Store } from '../store/port.js';
import { ConfigError } from './config.js';

const CHECK_KEY = 'master-key-check';
const CHECK_CONTEXT = 'tessera:master-key-check';
const CHECK_TEXT = 'tessera master key check v1';

export function parseMasterKey(text: string): Buffer {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  const b = Buffer.from(t, 'base64');
  if (b.length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(t)) return b;
  throw new ConfigError('the master key must be 32 bytes, as base64 or 64 hex digits');
}

/** The master key: from the environment, the key file, or (ephemeral stores only) made up. */
export function loadMasterKey(options: { masterKey?: string; dataDir: string; persistent: boolean }): SealingKey {
  if (options.masterKey !== undefined) return new SealingKey(parseMasterKey(options.masterKey));
  if (!options.persistent) return new SealingKey(randomBytes(32));
  const file = join(options.dataDir, 'master.key');
  if (existsSync(file)) return new SealingKey(parseMasterKey(readFileSync(file, 'utf8')));
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return new SealingKey(parseMasterKey(readFileSync(file, 'utf8')));
}

/** Records the check value on first start; afterwards, refuses a key that does not open it. */
export async function checkMasterKey(store: Store, key: SealingKey): Promise<void> {
  const existing = await store.read((tx) => tx.meta.get(CHECK_KEY));
  if (existing === undefined) {
    const sealed = key.seal(CHECK_TEXT, CHECK_CONTEXT).toString('base64');
    await store.write((tx) => tx.meta.set(CHECK_KEY, sealed));
    return;
  }
  const opened = key.open(Buffer.from(existing, 'base64'), CHECK_CONTEXT);
  if (opened?.toString('utf8') !== CHECK_TEXT) {
    throw new ConfigError('the master key does not match the one this data was sealed with (check TESSERA_MASTER_KEY or the data dir key file)');
  }
}
