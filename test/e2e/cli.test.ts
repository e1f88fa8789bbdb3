// `tessera serve` as a process (DESIGN.md, "Outside contracts"): flags and their environment
// twins, the generated root key written to <data-dir>/root-credentials and never printed, /health,
// and a clean exit on SIGTERM. The CLI's `main` runs from source through tsx (what bin/tessera.js
// runs from dist/), so the suite needs no build.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CreateRoleCommand, ListRolesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { iamClient, policy, randomKey, readRootCredentials, rejectsWith, stsClient, tempDir, userWithKey, type Credentials } from './helpers.js';

const MAIN = new URL('../../src/cli/main.ts', import.meta.url).href;
const ENTRY = `import { main } from ${JSON.stringify(MAIN)}; process.exitCode = await main(['node', 'tessera', ...process.argv.slice(1)]);`;

interface Cli {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `re` in stdout+stderr. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): Cli {
  // Only what the CLI needs from the machine: no TESSERA_* settings leak in from the test's shell.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TESSERA_')));
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', ENTRY, ...args], {
    env: { ...base, TESSERA_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (b: Buffer) => {
    text += b.toString('utf8');
    for (const l of listeners) l();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => text,
    exited,
    waitFor(re, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(text);
          if (m) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${re} in:\n${text}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => {
          check();
          if (listeners.has(check)) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`the CLI exited before printing ${re}:\n${text}`));
          }
        });
        check();
      });
    },
  };
}

async function stopWithSigterm(c: Cli): Promise<void> {
  c.child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  const r = await Promise.race([c.exited, timeout]);
  assert.notEqual(r, 'timeout', `no exit within 10 s of SIGTERM:\n${c.output()}`);
  assert.deepEqual(r, { code: 0, signal: null }, c.output());
  assert.match(c.output(), /SIGTERM: finishing in-flight requests and closing the store/);
}

async function whoAmI(url: string, creds: Credentials): Promise<{ Account?: string; Arn?: string }> {
  const sts = stsClient(url, creds);
  try {
    return await sts.send(new GetCallerIdentityCommand({}));
  } finally {
    sts.destroy();
  }
}

describe('tessera serve', () => {
  test('flags: listens, writes root-credentials (0600) without printing the secret, serves, exits 0 on SIGTERM', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const c = cli(['serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dir, '--account-id', '123456789012']);
    const [, url, account] = await c.waitFor(/Tessera listening on (http:\/\/127\.0\.0\.1:\d+) \(account (\d{12})\)/);
    assert.equal(account, '123456789012');
    const file = join(dir, 'root-credentials');
    await c.waitFor(new RegExp(`Root credentials written to ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

    const health = await fetch(`${url!}/health`);
    assert.equal(health.status, 200);
    await health.text();
    const creds = readRootCredentials(file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const who = await whoAmI(url!, creds);
    assert.equal(who.Arn, 'arn:aws:iam::123456789012:root');

    await stopWithSigterm(c);
    assert.ok(!c.output().includes(creds.secretAccessKey), 'the secret access key is never printed');
  });

  test('environment twins: TESSERA_PORT, TESSERA_DATA_DIR, TESSERA_ACCOUNT_ID and a brought root key', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const key = randomKey();
    const c = cli(['serve'], {
      TESSERA_PORT: '0',
      TESSERA_DATA_DIR: dir,
      TESSERA_ACCOUNT_ID: '109876543210',
      TESSERA_ROOT_ACCESS_KEY_ID: key.accessKeyId,
      TESSERA_ROOT_SECRET_ACCESS_KEY: key.secretAccessKey,
    });
    const [, url] = await c.waitFor(/Tessera listening on (http:\/\/127\.0\.0\.1:\d+) \(account 109876543210\)/);
    assert.equal((await whoAmI(url!, key)).Account, '109876543210');
    assert.equal(existsSync(join(dir, 'root-credentials')), false, 'a brought key is not written out');
    assert.ok(existsSync(join(dir, 'tessera.db')), 'the SQLite file lives in TESSERA_DATA_DIR');
    await stopWithSigterm(c);
    assert.doesNotMatch(c.output(), /Root credentials written/);
    assert.ok(!c.output().includes(key.secretAccessKey), 'the secret access key is never printed');
  });

  test('a bad flag is refused with exit code 2 and a message', async () => {
    const c = cli(['serve', '--port', '0', '--account-id', '123']);
    const r = await c.exited;
    assert.equal(r.code, 2);
    assert.match(c.output(), /error: the account id must be 12 digits: 123/);
  });
});

describe('tessera revoke-sessions', () => {
  test("denies a role's sessions issued before it ran, on a running server, and not later ones", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const server = cli(['serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dir]);
    const [, url] = await server.waitFor(/Tessera listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await server.waitFor(/Root credentials written to/);
    const root = readRootCredentials(join(dir, 'root-credentials'));
    const iam = iamClient(url!, root);
    const sts = stsClient(url!, root);
    const clients: Array<{ destroy(): void }> = [iam, sts];
    try {
      const account = (await sts.send(new GetCallerIdentityCommand({}))).Account!;
      const trust = JSON.stringify(policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }));
      await iam.send(new CreateRoleCommand({ RoleName: 'Ops', AssumeRolePolicyDocument: trust }));
      await iam.send(new PutRolePolicyCommand({ RoleName: 'Ops', PolicyName: 'read', PolicyDocument: JSON.stringify(policy({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' })) }));
      const user = await userWithKey(iam, 'operator', { p: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
      const assume = async (): Promise<Credentials> => {
        const c = stsClient(url!, user);
        clients.push(c);
        const out = await c.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/Ops`, RoleSessionName: 'ops' }));
        return { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
      };
      const before = iamClient(url!, await assume());
      clients.push(before);
      await before.send(new ListRolesCommand({}));
      // Token issue times are to the second: the revocation comes in a later second.
      await new Promise((resolve) => setTimeout(resolve, 1100));

      const revoke = cli(['revoke-sessions', '--role', 'Ops', '--data-dir', dir]);
      assert.deepEqual(await revoke.exited, { code: 0, signal: null }, revoke.output());
      assert.match(revoke.output(), /Sessions of role Ops \(account \d{12}\) issued before .* are revoked \(inline policy AWSRevokeOlderSessions\)/);

      // The server sees the other process's write at its next request.
      await rejectsWith(before.send(new ListRolesCommand({})), { code: 'AccessDenied', status: 403, message: /with an explicit deny in an identity-based policy/ });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const after = iamClient(url!, await assume());
      clients.push(after);
      await after.send(new ListRolesCommand({}));

      const missing = cli(['revoke-sessions', '--role', 'Nope', '--data-dir', dir]);
      assert.deepEqual(await missing.exited, { code: 1, signal: null });
      assert.match(missing.output(), /The role with name Nope cannot be found/);
    } finally {
      for (const c of clients) c.destroy();
      await stopWithSigterm(server);
    }
  });
});
