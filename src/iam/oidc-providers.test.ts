import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { test } from 'node:test';
import { IamError } from './errors.js';
import { fetchThumbprint, normalizeProviderUrl, topIntermediate } from './oidc-providers.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/certs/${name}`, import.meta.url), 'utf8');
const sha1 = (pem: string): string => createHash('sha1').update(new X509Certificate(pem).raw).digest('hex');

test('provider URLs: https, a host and an optional path, nothing else', () => {
  const cases: [string, string | undefined][] = [
    ['https://server.example.com', 'server.example.com'],
    ['https://token.actions.githubusercontent.com', 'token.actions.githubusercontent.com'],
    ['https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'],
    ['HTTPS://Server.Example.com/Path', 'server.example.com/Path'],
    ['https://server.example.com/', 'server.example.com'],
    ['http://server.example.com', undefined],
    ['server.example.com', undefined],
    ['https://', undefined],
    ['https://server.example.com?x=1', undefined],
    ['https://server.example.com/a?x=1', undefined],
    ['https://server.example.com#frag', undefined],
    ['https://server.example.com:8443', undefined],
    ['https://user@server.example.com', undefined],
    ['https://server example.com', undefined],
    ['https://-bad.example.com', undefined],
    ['https://server.example.com//double', undefined],
  ];
  for (const [url, want] of cases) {
    if (want === undefined) {
      assert.throws(() => normalizeProviderUrl(url), (e: unknown) => e instanceof IamError && e.code === 'InvalidInput' && e.message === 'Invalid Open ID Connect Provider URL', url);
    } else {
      assert.equal(normalizeProviderUrl(url), want, url);
    }
  }
});

test('the thumbprint is taken of the top intermediate CA, or of a lone certificate', () => {
  const server = new X509Certificate(fixture('server.pem'));
  const intermediate = new X509Certificate(fixture('intermediate-ca.pem'));
  const root = new X509Certificate(fixture('root-ca.pem'));
  const selfSigned = new X509Certificate(fixture('signing-1.pem'));
  assert.equal(topIntermediate([server, intermediate, root]), intermediate);
  assert.equal(topIntermediate([server, intermediate]), intermediate);
  assert.equal(topIntermediate([server]), server);
  assert.equal(topIntermediate([selfSigned]), selfSigned);
  assert.equal(topIntermediate([]), undefined);
});

async function tlsServer(cert: string, key: string): Promise<{ server: Server; port: number }> {
  const server = createServer({ cert, key }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

test('fetchThumbprint reads the chain a TLS server presents', async () => {
  const chained = await tlsServer(fixture('server.pem') + fixture('intermediate-ca.pem'), fixture('server.key'));
  const alone = await tlsServer(fixture('signing-1.pem'), fixture('signing-1.key'));
  try {
    assert.equal(await fetchThumbprint('127.0.0.1', chained.port), sha1(fixture('intermediate-ca.pem')));
    assert.equal(await fetchThumbprint('127.0.0.1', alone.port), sha1(fixture('signing-1.pem')));
  } finally {
    chained.server.close();
    alone.server.close();
  }
});

test('fetchThumbprint answers OpenIdIdpCommunicationError when the host cannot be reached', async () => {
  const closed = await tlsServer(fixture('signing-1.pem'), fixture('signing-1.key'));
  const port = closed.port;
  await new Promise<void>((resolve) => closed.server.close(() => resolve()));
  for (const [host, p] of [['127.0.0.1', port], ['nonexistent.invalid', 443]] as const) {
    await assert.rejects(fetchThumbprint(host, p, 2000), (e: unknown) => e instanceof IamError && e.code === 'OpenIdIdpCommunicationError');
  }
});
