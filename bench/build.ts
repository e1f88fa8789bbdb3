// Compiles a snapshot of src/ to plain JavaScript for the benchmarks, the way `npm run build`
// (tsc) emits it for production, so that what is measured is what `tessera serve` runs.
//
// Why not measure through tsx: tsx transpiles with esbuild's keepNames, which wraps every named
// function expression and arrow function in a `__name(fn, "name")` call (an
// Object.defineProperty per closure creation). Closures created per request (evaluate()'s `run`,
// the arrows in finish(), ...) then cost far more than they do in the built code, and the profile
// fills with `__name` and `set natives`. `--engine=source` still measures through tsx.
//
// Transpilation only (ts.transpileModule, no type check): the tree may be mid-edit elsewhere.

import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * Transpiles `srcDir` into `outDir` (emptied first); returns the number of files written. A
 * package.json marks the output as ES modules (`outDir` may sit under node_modules/, where Node
 * stops looking for the project's own package.json).
 */
export function buildSnapshot(srcDir: string, outDir: string): number {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module", "private": true }\n');
  const files = sources(srcDir);
  for (const file of files) {
    const out = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ES2022,
        verbatimModuleSyntax: true,
        isolatedModules: true,
        sourceMap: false,
      },
    });
    const target = join(outDir, relative(srcDir, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, out.outputText);
  }
  return files.length;
}
