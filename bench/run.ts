// `npm run bench`: runs every benchmark in turn and prints their tables (markdown) to stdout;
// progress goes to stderr, results also to bench/out/<name>.json. Not a test: nothing asserts.
//
//   npm run bench                          everything
//   npm run bench -- --quick               short measuring windows (smoke run, noisier numbers)
//   npm run bench -- --only=engine         one benchmark
//   npm run bench -- --sizes=100,1000 --variants=identity,boundary
//   npm run bench -- --no-compare          skip iam-simulate
//   npm run bench -- --no-scaling          skip the unrelated-statements sweep
//   npm run bench -- --seed=42             another workload
//   npm run bench -- --engine=source       measure src/ through tsx instead of a transpiled snapshot
//
// Profiling: node --cpu-prof --cpu-prof-dir=bench/out/prof --import tsx bench/run.ts --no-compare

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SIZES, runEngineBench, VARIANTS, type EngineSource } from './engine.js';
import { runServerBench } from './server.js';
import { runSigv4Bench } from './sigv4.js';
import type { Variant } from './workload.js';

interface Bench {
  name: string;
  run(args: Args): Promise<void>;
}

interface Args {
  quick: boolean;
  engine: EngineSource;
  only?: string[];
  sizes: number[];
  variants: Variant[];
  compare: boolean;
  scaling: boolean;
  seed?: number;
  outDir: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    quick: false,
    engine: 'build',
    sizes: DEFAULT_SIZES,
    variants: [...VARIANTS],
    compare: true,
    scaling: true,
    outDir: join(dirname(fileURLToPath(import.meta.url)), 'out'),
  };
  for (const a of argv) {
    const [flag, value] = a.split('=', 2) as [string, string | undefined];
    const list = (): string[] => (value ?? '').split(',').filter((s) => s.length > 0);
    switch (flag) {
      case '--quick':
        args.quick = true;
        break;
      case '--engine':
        if (value !== 'build' && value !== 'source') throw new Error(`bad --engine: ${value} (build, source)`);
        args.engine = value;
        break;
      case '--only':
        args.only = list();
        break;
      case '--sizes':
        args.sizes = list().map(Number);
        if (args.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`bad --sizes: ${value}`);
        break;
      case '--variants':
        args.variants = list() as Variant[];
        if (args.variants.some((v) => !VARIANTS.includes(v))) throw new Error(`bad --variants: ${value} (${VARIANTS.join(', ')})`);
        break;
      case '--no-compare':
        args.compare = false;
        break;
      case '--no-scaling':
        args.scaling = false;
        break;
      case '--seed':
        args.seed = Number(value);
        break;
      case '--out':
        args.outDir = value ?? args.outDir;
        break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  return args;
}

/** Every benchmark, in order. The server benchmarks will join this list. */
const BENCHES: Bench[] = [
  {
    name: 'engine',
    run: (a) =>
      runEngineBench({
        engine: a.engine,
        sizes: a.sizes,
        variants: a.variants,
        quick: a.quick,
        compare: a.compare,
        scaling: a.scaling,
        ...(a.seed !== undefined ? { seed: a.seed } : {}),
        outDir: a.outDir,
      }),
  },
  { name: 'sigv4', run: (a) => runSigv4Bench({ quick: a.quick, engine: a.engine, outDir: a.outDir }) },
  { name: 'server', run: (a) => runServerBench({ quick: a.quick, engine: a.engine, outDir: a.outDir }) },
];

const args = parseArgs(process.argv.slice(2));
const selected = BENCHES.filter((b) => !args.only || args.only.includes(b.name));
if (selected.length === 0) throw new Error(`no benchmark named ${args.only?.join(', ')} (${BENCHES.map((b) => b.name).join(', ')})`);
for (const b of selected) {
  const t0 = Date.now();
  process.stderr.write(`bench ${b.name}...\n`);
  await b.run(args);
  process.stderr.write(`bench ${b.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
