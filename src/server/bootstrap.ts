// First start: the first account and its root user, with the root access key from the
// environment or a generated one written to <data-dir>/root-credentials (mode 0600). Reset runs
// the same steps again, with the same key, so a test suite's credentials survive a reset.

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessKeyId, accountId as newAccountId, secretAccessKey } from '../lib/ids.js';
import type { Clock } from '../lib/clock.js';
import type { SealingKey } from '../lib/sealing.js';
import type { Store } from '../store/port.js';
import { sealSecret } from '../iam/index.js';

export interface RootKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface BootstrapResult {
  accountId: string;
  rootKey?: RootKey;
  /** Where a generated root key was written. */
  credentialsFile?: string;
}

export interface BootstrapOptions {
  store: Store;
  sealing: SealingKey;
  clock: Clock;
  accountId?: string;
  rootKey?: RootKey;
  dataDir: string;
}

/** Ensures the first account, its root user's key, and returns what was used. */
export async function bootstrap(options: BootstrapOptions): Promise<BootstrapResult> {
  const { store, sealing, clock } = options;
  return store.write(async (tx) => {
    const accounts = await tx.accounts.list();
    let account = accounts[0]?.id;
    if (account === undefined) {
      account = options.accountId ?? newAccountId();
      await tx.accounts.create({ id: account, createdAt: clock.now() });
    }
    const existing = await tx.accessKeys.listForUser(account, null);
    let rootKey = options.rootKey;
    let credentialsFile: string | undefined;
    if (rootKey && !existing.some((k) => k.accessKeyId === rootKey!.accessKeyId)) {
      await tx.accessKeys.create({
        accessKeyId: rootKey.accessKeyId,
        accountId: account,
        userName: null,
        status: 'Active',
        secretCiphertext: sealSecret(sealing, rootKey.accessKeyId, rootKey.secretAccessKey),
        createDate: clock.now(),
      });
    }
    if (!rootKey && existing.length === 0) {
      rootKey = { accessKeyId: accessKeyId(false, account), secretAccessKey: secretAccessKey() };
      await tx.accessKeys.create({
        accessKeyId: rootKey.accessKeyId,
        accountId: account,
        userName: null,
        status: 'Active',
        secretCiphertext: sealSecret(sealing, rootKey.accessKeyId, rootKey.secretAccessKey),
        createDate: clock.now(),
      });
      credentialsFile = writeRootCredentials(options.dataDir, account, rootKey);
    }
    return { accountId: account, ...(rootKey ? { rootKey } : {}), ...(credentialsFile ? { credentialsFile } : {}) };
  });
}

/** An AWS credentials-file profile, readable only by its owner. */
export function writeRootCredentials(dataDir: string, account: string, key: RootKey): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'root-credentials');
  const text = [
    `# Tessera root user of account ${account}. Use with: AWS_SHARED_CREDENTIALS_FILE=${file} AWS_PROFILE=tessera`,
    '[tessera]',
    `aws_access_key_id = ${key.accessKeyId}`,
    `aws_secret_access_key = ${key.secretAccessKey}`,
    '',
  ].join('\n');
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
