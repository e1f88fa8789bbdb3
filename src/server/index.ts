// Starting and stopping a Tessera server: open the store, check the master key, bootstrap the
// first account, wire the pipeline, listen. Used by `tessera serve` and by the end-to-end tests.

import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../lib/clock.js';
import { PolicyCache } from '../evaluation/index.js';
import { loadServiceModel, type ServiceModel } from '../protocol/index.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/port.js';
import { openSecret } from '../iam/index.js';
import { App, type ServiceName } from './app.js';
import { bootstrap, type RootKey } from './bootstrap.js';
import type { ServerConfig } from './config.js';
import { closeServer, createEdge, listen } from './http.js';
import { checkMasterKey, loadMasterKey } from './keys.js';
import { createLogger, type Logger } from './log.js';

export { resolveConfig, ConfigError, type ServerConfig, type ServeFlags } from './config.js';

let models: Record<ServiceName, ServiceModel> | undefined;

/** The service models shipped in data/aws-models, read once per process. */
export function serviceModels(): Record<ServiceName, ServiceModel> {
  if (!models) {
    const dir = new URL('../../data/aws-models/', import.meta.url);
    models = {
      iam: loadServiceModel(new URL('iam-2010-05-08.json', dir)),
      sts: loadServiceModel(new URL('sts-2011-06-15.json', dir)),
      organizations: loadServiceModel(new URL('organizations-2016-11-28.json', dir)),
    };
  }
  return models;
}

export interface RunningServer {
  url: string;
  address: AddressInfo;
  accountId: string;
  credentialsFile?: string;
  app: App;
  store: Store;
  /** Stops accepting, finishes in-flight requests, drains background writes, closes the store. */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig, options: { clock?: Clock; logger?: Logger } = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  // The data dir holds the database and key material: only its owner may read it.
  if (!config.inMemory && config.databaseUrl === undefined) {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    chmodSync(config.dataDir, 0o700);
  }
  const store = await openStore(
    config.databaseUrl !== undefined
      ? { kind: 'postgres', url: config.databaseUrl }
      : config.inMemory
        ? { kind: 'sqlite-memory' }
        : { kind: 'sqlite', file: join(config.dataDir, 'tessera.db') },
  );
  try {
    const sealing = loadMasterKey({
      ...(config.masterKey !== undefined ? { masterKey: config.masterKey } : {}),
      dataDir: config.dataDir,
      persistent: !config.inMemory,
    });
    await checkMasterKey(store, sealing);
    const envKey: RootKey | undefined =
      config.rootAccessKeyId !== undefined && config.rootSecretAccessKey !== undefined
        ? { accessKeyId: config.rootAccessKeyId, secretAccessKey: config.rootSecretAccessKey }
        : undefined;
    const boot = await bootstrap({ store, sealing, clock, dataDir: config.dataDir, ...(config.accountId ? { accountId: config.accountId } : {}), ...(envKey ? { rootKey: envKey } : {}) });
    // The root keys as they are now: a reset puts exactly these back.
    const rootKeys = await store.read(async (tx) => {
      const keys = await tx.accessKeys.listForUser(boot.accountId, null);
      return keys.flatMap((k) => {
        const secret = openSecret(sealing, k);
        return secret !== undefined ? [{ accessKeyId: k.accessKeyId, secretAccessKey: secret }] : [];
      });
    });

    const app = new App({
      store,
      sealing,
      clock,
      policies: new PolicyCache(),
      models: serviceModels(),
      logger,
      encodeAuthorizationMessages: config.encodeAuthorizationMessages,
    });
    const reset = config.allowReset
      ? async (): Promise<void> => {
          await app.drain();
          await store.reset();
          app.invalidate();
          for (const rootKey of rootKeys) {
            await bootstrap({ store, sealing, clock, dataDir: config.dataDir, accountId: boot.accountId, rootKey });
          }
        }
      : undefined;
    const edge = createEdge({ app, logger, ...(reset ? { reset } : {}) });
    const address = await listen(edge, config.host, config.port);
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return {
      url: `http://${host}:${address.port}`,
      address,
      accountId: boot.accountId,
      ...(boot.credentialsFile ? { credentialsFile: boot.credentialsFile } : {}),
      app,
      store,
      async close() {
        await closeServer(edge);
        await app.drain();
        await store.close();
        logger.flush?.();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
