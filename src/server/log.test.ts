import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createLogger, requestLineJson, type RequestLine } from './log.js';

/** What pino itself writes for `info(line, 'request')` at time `time`. */
function pinoLine(line: RequestLine, time: number): string {
  let out = '';
  const logger = pino({ level: 'info', base: undefined, timestamp: () => `,"time":${time}` }, { write: (s: string) => void (out += s) });
  logger.info(line, 'request');
  return out;
}

test('requestLineJson: byte for byte what pino writes for a request line', () => {
  const full: RequestLine = {
    requestId: '31b8d9dc-e3e6-46a5-962e-12e506d60362',
    service: 'iam',
    operation: 'GetUser',
    accessKeyId: 'AKIAMA6LFZDG25VIFVB7',
    status: 200,
    ms: 0.04,
  };
  const cases: [string, RequestLine][] = [
    ['every field', full],
    ['no operation, service or key (unsigned, unroutable)', { requestId: 'r', service: undefined, operation: undefined, accessKeyId: undefined, status: 403, ms: 1 }],
    ['a client-chosen key id with quotes, a newline and non-ASCII', { ...full, accessKeyId: 'AKIA"\\\n\u2028é\u0001' }],
    ['large and fractional durations', { ...full, ms: 12345.67 }],
    ['zero duration', { ...full, ms: 0 }],
  ];
  for (const [name, line] of cases) {
    const ours = requestLineJson(line, 1795875976630);
    assert.equal(ours, pinoLine(line, 1795875976630), name);
    assert.deepEqual(JSON.parse(ours), JSON.parse(pinoLine(line, 1795875976630)), name);
  }
});

/** The file's lines once it has `n` of them (the destination opens and writes asynchronously). */
async function linesOf(file: string, n: number, flush: () => void): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    flush();
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      // Not created yet.
    }
    const lines = text.split('\n').filter((l) => l !== '');
    if (lines.length >= n) return lines;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${file} never had ${n} lines`);
}

test('createLogger: request lines and other lines reach the destination in order, at the level set', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-log-'));
  try {
    const file = join(dir, 'log');
    const logger = createLogger('info', file);
    const line = (n: number): RequestLine => ({ requestId: `r${n}`, service: 'iam', operation: 'GetUser', accessKeyId: 'AKIA', status: 200, ms: n });
    logger.request?.(line(1));
    logger.request?.(line(2));
    logger.warn({ accessKeyId: 'AKIA', secretAccessKey: 'do-not-log' }, 'between');
    logger.request?.(line(3));
    logger.debug('below the level');
    const lines = (await linesOf(file, 4, () => logger.flush?.())).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => l.msg === 'request' ? l.requestId : l.msg),
      ['r1', 'r2', 'between', 'r3'],
    );
    assert.equal(lines[2]!.secretAccessKey, '[redacted]', 'other lines keep their redaction');

    const quiet = createLogger('warn', join(dir, 'quiet'));
    quiet.request?.(line(4));
    quiet.warn('marker');
    const quietLines = await linesOf(join(dir, 'quiet'), 1, () => quiet.flush?.());
    assert.deepEqual(quietLines.map((l) => (JSON.parse(l) as { msg: string }).msg), ['marker'], 'request lines are info: none at warn');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
