// Runs every *.test.ts under src/ and test/ with Node's own test runner (TypeScript through tsx).
// Node 20's --test takes no globs, so the files are found here. Extra arguments narrow the set:
// `npm test -- policy` runs only files whose path contains "policy".
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = [...find('src', []), ...find('test', [])]
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const reporter = process.env.CI ? ['--test-reporter=spec'] : [];
// A leaked handle must not hang CI: force the exit once the tests are done, and time out a test
// that never ends.
const guard = ['--test-force-exit', '--test-timeout=300000'];
// Tests run the store with its nesting guard on (a store call inside a transaction is a bug the
// guard names; the server runs without it, see sql-store.ts).
const env = { ...process.env, TESSERA_STORE_GUARD: '1' };
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...guard, ...reporter, ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
