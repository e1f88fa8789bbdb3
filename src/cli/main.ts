// The `tessera` command. Each subcommand is a thin shell over the library: read input, call,
// print, and return the exit code (0 ok, 1 the input was rejected or denied nothing, 2 misuse).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { POLICY_TYPES, type PolicyType } from '../policy/types.js';
import { validatePolicy } from '../policy/validate.js';
import { lintPolicy } from '../policy/service-reference.js';
import { ConfigError, resolveConfig, startServer, type RunningServer, type ServeFlags } from '../server/index.js';
import { IamError } from '../iam/index.js';
import { openStore } from '../store/index.js';
import { REVOKE_POLICY_NAME, revokeOlderSessions } from '../sts/revoke.js';
import { explainDecision, simulate, SimulationInputError, toSimulateResponse, type SimulateInput } from '../evaluation/index.js';

function readInput(file: string): string {
  return readFileSync(file === '-' ? 0 : file, 'utf8');
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const stdio: Io = {
  out: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
};

async function policyValidate(file: string, type: PolicyType, io: Io): Promise<number> {
  const text = readInput(file);
  const result = validatePolicy(text, { type });
  const lines: string[] = [];
  if (!result.ok) {
    for (const e of result.errors) lines.push(`error: ${e.message}${e.path ? ` (${e.path})` : ''}`);
  }
  const warnings = [...result.warnings, ...(result.ok ? await lintPolicy(result.document) : [])];
  for (const w of warnings) lines.push(`warning: ${w.message}${w.path ? ` (${w.path})` : ''}`);
  if (result.ok) lines.push(`${file}: valid ${type} policy${warnings.length ? ` with ${warnings.length} warning(s)` : ''}`);
  (result.ok ? io.out : io.err)(lines.join('\n'));
  return result.ok ? 0 : 1;
}

function runSimulate(file: string, explain: boolean, io: Io): number {
  let input: SimulateInput;
  try {
    input = JSON.parse(readInput(file)) as SimulateInput;
  } catch (e) {
    io.err(`error: the input is not JSON: ${(e as Error).message}`);
    return 2;
  }
  if (!input || typeof input !== 'object' || !Array.isArray(input.ActionNames) || input.ActionNames.length === 0) {
    io.err('error: the input needs ActionNames, a non-empty array of action names');
    return 2;
  }
  try {
    const results = simulate(input);
    if (explain) {
      io.out(results.map((r) => explainDecision(r.action, r.resource, r.decision)).join('\n\n'));
    } else {
      const response = { EvaluationResults: toSimulateResponse(results, (input.ResourceArns?.length ?? 0) > 0), IsTruncated: false };
      io.out(JSON.stringify(response, null, 2));
    }
    return 0;
  } catch (e) {
    if (e instanceof SimulationInputError) {
      io.err(`error: ${e.code}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

export function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('tessera')
    .description('AWS IAM and STS that you run yourself')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  const policy = program.command('policy').description('work with policy documents offline');
  policy
    .command('validate')
    .description("validate a policy document as IAM does (AWS's errors), with warnings for unknown services, actions and condition keys")
    .argument('<file>', 'policy JSON file, or - for standard input')
    .addOption(new Option('--type <type>', 'policy type').choices([...POLICY_TYPES]).default('identity'))
    .action(async (file: string, opts: { type: PolicyType }) => setCode(await policyValidate(file, opts.type, io)));

  program
    .command('simulate')
    .description('evaluate policies offline, as SimulateCustomPolicy does (plus SCPs, RCPs and session policies)')
    .requiredOption('--input <file>', 'JSON as `aws iam simulate-custom-policy --cli-input-json` takes it, or -')
    .option('--explain', 'print the decision for a person: which policy and statement decided, and why', false)
    .action((opts: { input: string; explain: boolean }) => setCode(runSimulate(opts.input, opts.explain, io)));

  program
    .command('serve')
    .description('run the IAM, STS and Organizations endpoint')
    .option('--host <host>', 'address to listen on (TESSERA_HOST)')
    .option('--port <port>', 'port to listen on (TESSERA_PORT, default 4566)')
    .option('--data-dir <dir>', 'where the SQLite file and key material live (TESSERA_DATA_DIR, default .tessera)')
    .option('--database-url <url>', 'postgres://... to use PostgreSQL instead of SQLite (TESSERA_DATABASE_URL)')
    .option('--account-id <id>', "the first account's 12-digit id (TESSERA_ACCOUNT_ID)")
    .option('--in-memory', 'keep nothing (tests and CI)')
    .option('--allow-reset', 'enable POST /_tessera/reset (TESSERA_ALLOW_RESET=1)')
    .option(
      '--encode-authorization-messages',
      'append an encoded authorization failure message to AccessDenied, as EC2 and other AWS services do; sts decode-authorization-message reads it (TESSERA_ENCODE_AUTHORIZATION_MESSAGES=1)',
    )
    .action(async (flags: ServeFlags) => setCode(await serve(flags, io)));
  program
    .command('revoke-sessions')
    .description("revoke a role's active sessions (writes AWSRevokeOlderSessions, as AWS's console does)")
    .requiredOption('--role <name>', 'the role whose sessions to revoke')
    .option('--account-id <id>', 'the account of the role (needed when there are several)')
    .option('--data-dir <dir>', 'the data dir of the server (TESSERA_DATA_DIR, default .tessera)')
    .option('--database-url <url>', 'the PostgreSQL database of the server (TESSERA_DATABASE_URL)')
    .action(async (flags: RevokeFlags) => setCode(await revokeSessions(flags, io)));

  return program;
}

interface RevokeFlags {
  role: string;
  accountId?: string;
  dataDir?: string;
  databaseUrl?: string;
}

/**
 * `tessera revoke-sessions --role NAME`: writes AWSRevokeOlderSessions on the role in the data dir
 * or database a server uses (it may be running: it sees the change from its next request).
 */
async function revokeSessions(flags: RevokeFlags, io: Io): Promise<number> {
  let config;
  try {
    config = resolveConfig({ ...(flags.dataDir ? { dataDir: flags.dataDir } : {}), ...(flags.databaseUrl ? { databaseUrl: flags.databaseUrl } : {}) });
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const store = await openStore(config.databaseUrl !== undefined ? { kind: 'postgres', url: config.databaseUrl } : { kind: 'sqlite', file: join(config.dataDir, 'tessera.db') });
  try {
    const accounts = await store.read((tx) => tx.accounts.list());
    const accountId = flags.accountId ?? (accounts.length === 1 ? accounts[0]?.id : undefined);
    if (accountId === undefined) {
      io.err(accounts.length === 0 ? 'error: no account in this data dir or database' : 'error: several accounts: name one with --account-id');
      return 2;
    }
    const at = new Date();
    await revokeOlderSessions(store, accountId, flags.role, at);
    io.out(`Sessions of role ${flags.role} (account ${accountId}) issued before ${at.toISOString()} are revoked (inline policy ${REVOKE_POLICY_NAME}).`);
    return 0;
  } catch (e) {
    if (e instanceof IamError) {
      io.err(`error: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    await store.close();
  }
}

async function serve(flags: ServeFlags, io: Io): Promise<number> {
  let config;
  try {
    config = resolveConfig(flags);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
  let server: RunningServer;
  try {
    server = await startServer(config);
  } catch (e) {
    if (e instanceof ConfigError || (e instanceof Error && 'code' in e && (e as NodeJS.ErrnoException).code === 'EADDRINUSE')) {
      io.err(`error: ${e.message}`);
      return 1;
    }
    throw e;
  }
  io.out(`Tessera listening on ${server.url} (account ${server.accountId})`);
  if (server.credentialsFile) {
    io.out(`Root credentials written to ${server.credentialsFile}`);
    io.out(`  try: AWS_SHARED_CREDENTIALS_FILE=${server.credentialsFile} AWS_PROFILE=tessera aws --endpoint-url ${server.url} iam get-user`);
  }
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      io.out(`${signal}: finishing in-flight requests and closing the store`);
      server.close().then(
        () => resolve(0),
        (err: unknown) => {
          io.err(`error while stopping: ${err instanceof Error ? err.message : String(err)}`);
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof Error && 'code' in e && (e as NodeJS.ErrnoException).code === 'ENOENT') {
      io.err(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
  return code;
}
