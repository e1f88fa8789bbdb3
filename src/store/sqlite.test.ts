// The store contract on SQLite, in a temporary file and in memory, plus what only SQLite has:
// its pragmas, and several processes sharing one file.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openStore } from './index.js';
import { sqliteDialect } from './sqlite.js';
import { storeSuite, type TestDatabase } from './store-suite.js';
import { providersCertificatesSuite } from './test-suite-providers-certificates.js';
import { accountSuite } from './test-suite-account.js';
import { userCredentialsSuite } from './test-suite-user-credentials.js';
import { mfaDeviceSuite } from './test-suite-mfa.js';
import { organizationsSuite } from './test-suite-organizations.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tessera-store-'));
}

/** A database file in a temporary directory of its own, removed by destroy(). */
async function sqliteFile(): Promise<TestDatabase> {
  const dir = tempDir();
  return {
    openDialect: () => sqliteDialect({ file: join(dir, 'data', 'tessera.db') }),
    destroy: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

storeSuite('sqlite file', sqliteFile);

storeSuite('sqlite memory', async () => ({
  openDialect: () => sqliteDialect({ file: ':memory:' }),
  destroy: async () => undefined,
}));

providersCertificatesSuite('sqlite file', sqliteFile);
accountSuite('sqlite file', sqliteFile);
userCredentialsSuite('sqlite file', sqliteFile);
mfaDeviceSuite('sqlite file', sqliteFile);
organizationsSuite('sqlite file', sqliteFile);

describe('sqlite specifics', () => {
  let dir: string;
  before(() => {
    dir = tempDir();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a file database runs in WAL mode with full sync, foreign keys and a busy timeout', async () => {
    const dialect = sqliteDialect({ file: join(dir, 'pragmas.db') });
    try {
      const pragma = async (name: string) => {
        const { rows } = await sql.raw(`pragma ${name}`).execute(dialect.db);
        return Object.values(rows[0] as Record<string, unknown>)[0];
      };
      assert.equal(await pragma('journal_mode'), 'wal');
      assert.equal(await pragma('synchronous'), 2); // FULL
      assert.equal(await pragma('foreign_keys'), 1);
      assert.equal(await pragma('busy_timeout'), 5000);
    } finally {
      await dialect.destroy();
    }
  });

  test('openStore opens both SQLite kinds', async () => {
    const file = await openStore({ kind: 'sqlite', file: join(dir, 'open', 'tessera.db') });
    const memory = await openStore({ kind: 'sqlite-memory' });
    assert.deepEqual(file.capabilities, { serializedWrites: true, rowLocks: false, durable: true, multiNode: false });
    assert.deepEqual(memory.capabilities, { serializedWrites: true, rowLocks: false, durable: false, multiNode: false });
    await Promise.all([file.close(), memory.close()]);
  });

  test('processes starting at once on a new file migrate it once and share the access-key quota', async () => {
    const file = join(dir, 'shared', 'tessera.db');
    const worker = fileURLToPath(new URL('./sqlite-race-worker.ts', import.meta.url));
    const workers = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', worker, file], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      let ready!: () => void;
      const isReady = new Promise<void>((resolve) => (ready = resolve));
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.startsWith('ready\n')) ready();
      });
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const done = new Promise<string>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(out.replace('ready\n', '').trim()) : reject(new Error(`worker exited ${code}: ${err}`))));
      });
      return { child, isReady: Promise.race([isReady, done]), done };
    });
    let outcomes: string[];
    try {
      // All set up (the first to get there migrated the file): now race.
      await Promise.all(workers.map((w) => w.isReady));
      for (const w of workers) w.child.stdin.end('go\n');
      outcomes = await Promise.all(workers.map((w) => w.done));
    } finally {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill();
    }
    assert.equal(outcomes.filter((o) => o === 'created').length, 2, outcomes.join(','));
    assert.equal(outcomes.filter((o) => o === 'limit').length, 2, outcomes.join(','));
    const store = await openStore({ kind: 'sqlite', file });
    try {
      assert.equal(await store.read((tx) => tx.accessKeys.countForUser('123456789012', 'Shared')), 2);
    } finally {
      await store.close();
    }
  });
});
