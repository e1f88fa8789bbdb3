// Structured logs (pino). Secrets never reach a log line: request logs carry method, path,
// operation, status, duration and the access key id (an identifier, not a secret); the
// Authorization header, session tokens, bodies and query strings are never logged.

import { pino } from 'pino';

/** The one line logged per request: identifiers, status and time, nothing secret. */
export interface RequestLine {
  requestId: string | undefined;
  service: string | undefined;
  operation: string | undefined;
  accessKeyId: string | undefined;
  status: number;
  ms: number;
}

export type Logger = Pick<pino.Logger, 'info' | 'warn' | 'error' | 'debug'> & {
  /** Writes out what is buffered (on shutdown). */
  flush?: () => void;
  /**
   * Logs a request line at info level. Its fields are fixed and safe, so it skips the redaction
   * every other line goes through (a few microseconds a request); absent: info(line, 'request').
   */
  request?: (line: RequestLine) => void;
};

export function createLogger(level: string = process.env.TESSERA_LOG_LEVEL ?? 'info'): Logger {
  // Lines are buffered (up to 4 KiB, and flushed at least every 200 ms and on exit) rather than
  // written one system call per request: the request log line is on every request's path.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const timer = setInterval(() => destination.flush(), 200);
  timer.unref();
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // Nothing more can be said at exit.
    }
  });
  const logger = pino(
    {
      level,
      base: undefined,
      redact: { paths: ['*.authorization', '*.secretAccessKey', '*.SecretAccessKey', '*.sessionToken'], censor: '[redacted]' },
    },
    destination,
  );
  // Same destination and level, no redaction: only request lines go through it.
  const requests = pino({ level, base: undefined }, destination);
  return Object.assign(logger, {
    request: (line: RequestLine) => requests.info(line, 'request'),
    flush: () => {
      try {
        destination.flushSync();
      } catch {
        // The stream may not be ready yet (nothing written): nothing to flush.
      }
    },
  });
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = pino({ level: 'silent' });
