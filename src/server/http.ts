// The HTTP edge: node:http, one port for IAM, STS and Organizations, /health, the opt-in
// /_tessera/reset, and a clean shutdown (stop accepting, finish in-flight requests, drain
// background writes, close the store).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App, HttpRequest, HttpResponse } from './app.js';
import type { Logger } from './log.js';

/** AWS's query frontend refuses a body over 10,000,000 bytes (413); so do we, unread. */
const MAX_BODY = 10_000_000;

export interface EdgeOptions {
  app: App;
  logger: Logger;
  /** Wipes state back to the bootstrap; undefined when reset is not allowed. */
  reset?: () => Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Writes `r` (its headers object is the response's own: content-length is added to it). */
function send(res: ServerResponse, r: HttpResponse): void {
  r.headers['content-length'] = String(Buffer.byteLength(r.body));
  res.writeHead(r.status, r.headers);
  res.end(r.body);
}

export function createEdge(options: EdgeOptions): Server {
  const { app, logger } = options;
  // Answers finished in one turn of the event loop go out together at its end: each write to a
  // waiting client wakes it, and waking it once for several answers costs the kernel less than
  // once for each (a few microseconds of system time a request under load).
  let outbox: [ServerResponse, HttpResponse][] = [];
  const flush = (): void => {
    const batch = outbox;
    outbox = [];
    for (const [res, r] of batch) {
      if (res.destroyed) continue;
      try {
        send(res, r);
      } catch (err) {
        logger.error({ err }, 'edge failure');
        res.destroy();
      }
    }
  };
  const answer = (res: ServerResponse, r: HttpResponse): void => {
    if (outbox.push([res, r]) === 1) setImmediate(flush);
  };
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    void handle(req, res).catch((err: unknown) => {
      logger.error({ err }, 'edge failure');
      if (!res.headersSent) send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal failure\n' });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? '' : url.slice(q + 1);
    if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      send(res, { status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}\n' });
      return;
    }
    if (path === '/_tessera/reset') {
      if (!options.reset || req.method !== 'POST') {
        send(res, { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found\n' });
        return;
      }
      await options.reset();
      send(res, { status: 200, headers: { 'content-type': 'application/json' }, body: '{"reset":true}\n' });
      return;
    }
    const body = await readBody(req);
    if (body === undefined) {
      send(res, { status: 413, headers: { 'content-type': 'text/plain' }, body: 'Request entity too large\n' });
      return;
    }
    const record: HttpRequest = {
      method: req.method ?? 'GET',
      path,
      query,
      headers: req.headersDistinct,
      body,
      remoteAddress: req.socket.remoteAddress ?? '',
      secure: false,
    };
    answer(res, await app.handle(record));
  }

  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  });
  return server;
}

export function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Stops accepting, lets in-flight requests finish (closing idle keep-alive sockets). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
