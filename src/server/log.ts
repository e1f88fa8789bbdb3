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

/** Fields that may hold a secret, wherever a log line's object has them. */
const SECRET_FIELDS = ['authorization', 'secretAccessKey', 'SecretAccessKey', 'sessionToken', 'SessionToken'];

/** pino's number for info, the request lines' level. */
const INFO = 30;

/** A JSON string literal; plain printable ASCII (ids, names) skips the general escaper. */
function jsonString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return JSON.stringify(s);
  }
  return `"${s}"`;
}

/**
 * A request line as pino writes it at info level (same keys, order and number formats; keys whose
 * value is undefined left out), built by hand: through pino it cost ~6 µs a request, most of it
 * generic serialization of a record whose fields are fixed and safe.
 */
export function requestLineJson(line: RequestLine, time: number): string {
  let out = `{"level":${INFO},"time":${time}`;
  if (line.requestId !== undefined) out += `,"requestId":${jsonString(line.requestId)}`;
  if (line.service !== undefined) out += `,"service":${jsonString(line.service)}`;
  if (line.operation !== undefined) out += `,"operation":${jsonString(line.operation)}`;
  if (line.accessKeyId !== undefined) out += `,"accessKeyId":${jsonString(line.accessKeyId)}`;
  return `${out},"status":${JSON.stringify(line.status)},"ms":${JSON.stringify(line.ms)},"msg":"request"}\n`;
}

/** Request lines are handed to the destination in chunks of about this many characters. */
const REQUEST_CHUNK = 4096;

export function createLogger(level: string = process.env.TESSERA_LOG_LEVEL ?? 'info', dest: number | string = 1): Logger {
  // Request lines (one a request) gather here and reach the destination a chunk at a time, at
  // least every 200 ms, before any other line (so lines stay in order) and on exit. The
  // destination writes asynchronously, off the request path.
  const destination = pino.destination({ dest, sync: false });
  let pending = '';
  const flushRequests = (): void => {
    if (pending.length === 0) return;
    const chunk = pending;
    pending = '';
    destination.write(chunk);
  };
  const timer = setInterval(flushRequests, 200);
  timer.unref();
  process.once('exit', () => {
    try {
      flushRequests();
      destination.flushSync();
    } catch {
      // Nothing more can be said at exit.
    }
  });
  const ordered = {
    write(line: string): void {
      flushRequests();
      destination.write(line);
    },
  };
  const logger = pino(
    {
      level,
      base: undefined,
      // Top level and one level down ('*.x' alone does not match a top-level x).
      redact: { paths: SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]), censor: '[redacted]' },
    },
    ordered,
  );
  return Object.assign(logger, {
    request: (line: RequestLine) => {
      if (!logger.isLevelEnabled('info')) return;
      pending += requestLineJson(line, Date.now());
      if (pending.length >= REQUEST_CHUNK) flushRequests();
    },
    flush: () => {
      try {
        flushRequests();
        destination.flushSync();
      } catch {
        // The stream may not be ready yet (nothing written): nothing to flush.
      }
    },
  });
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = pino({ level: 'silent' });
