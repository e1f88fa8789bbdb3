// Structured logs (pino). Secrets never reach a log line: request logs carry method, path,
// operation, status, duration and the access key id (an identifier, not a secret); the
// Authorization header, session tokens, bodies and query strings are never logged.

import { pino } from 'pino';

export type Logger = Pick<pino.Logger, 'info' | 'warn' | 'error' | 'debug'>;

export function createLogger(level: string = process.env.TESSERA_LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: undefined,
    redact: { paths: ['*.authorization', '*.secretAccessKey', '*.SecretAccessKey', '*.sessionToken'], censor: '[redacted]' },
  });
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = pino({ level: 'silent' });
