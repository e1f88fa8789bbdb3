// Server settings: each flag has an environment twin (DESIGN.md's outside contract).

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  accountId?: string;
  inMemory: boolean;
  allowReset: boolean;
  /** Append AWS's "Encoded authorization failure message" to AccessDenied (for sts:DecodeAuthorizationMessage). */
  encodeAuthorizationMessages: boolean;
  rootAccessKeyId?: string;
  rootSecretAccessKey?: string;
  masterKey?: string;
  logLevel: string;
}

export interface ServeFlags {
  host?: string;
  port?: string;
  dataDir?: string;
  databaseUrl?: string;
  accountId?: string;
  inMemory?: boolean;
  allowReset?: boolean;
  encodeAuthorizationMessages?: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && /^(1|true|yes|on)$/i.test(v);
}

export function resolveConfig(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const portText = flags.port ?? env.TESSERA_PORT ?? '4566';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`invalid port: ${portText}`);
  const accountId = flags.accountId ?? env.TESSERA_ACCOUNT_ID;
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) throw new ConfigError(`the account id must be 12 digits: ${accountId}`);
  const databaseUrl = flags.databaseUrl ?? env.TESSERA_DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('--database-url takes a postgres:// URL (SQLite is the default without it)');
  }
  const keyId = env.TESSERA_ROOT_ACCESS_KEY_ID;
  const secret = env.TESSERA_ROOT_SECRET_ACCESS_KEY;
  if ((keyId === undefined) !== (secret === undefined)) {
    throw new ConfigError('set both TESSERA_ROOT_ACCESS_KEY_ID and TESSERA_ROOT_SECRET_ACCESS_KEY, or neither');
  }
  if (keyId !== undefined && !/^[\x21-\x7e]{1,128}$/.test(keyId)) throw new ConfigError('TESSERA_ROOT_ACCESS_KEY_ID must be printable');
  return {
    host: flags.host ?? env.TESSERA_HOST ?? '127.0.0.1',
    port,
    dataDir: flags.dataDir ?? env.TESSERA_DATA_DIR ?? '.tessera',
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    ...(accountId !== undefined ? { accountId } : {}),
    inMemory: flags.inMemory ?? truthy(env.TESSERA_IN_MEMORY),
    allowReset: flags.allowReset ?? truthy(env.TESSERA_ALLOW_RESET),
    encodeAuthorizationMessages: flags.encodeAuthorizationMessages ?? truthy(env.TESSERA_ENCODE_AUTHORIZATION_MESSAGES),
    ...(keyId !== undefined && secret !== undefined ? { rootAccessKeyId: keyId, rootSecretAccessKey: secret } : {}),
    ...(env.TESSERA_MASTER_KEY !== undefined ? { masterKey: env.TESSERA_MASTER_KEY } : {}),
    logLevel: env.TESSERA_LOG_LEVEL ?? 'info',
  };
}
