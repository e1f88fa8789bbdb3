// The authorization corpus runner. Every file in test/corpus/authorization/ holds cases taken from
// AWS's documentation: a SimulateCustomPolicy input (plus our SCP, RCP and session-policy members)
// and, for each (action, resource) pair, the decision the cited page gives. The corpus is the
// spec: a failing case is either an engine bug or a case that misreads its doc, never a test to
// loosen here.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { simulate, type SimulateInput, type SimulationResult } from '../src/evaluation/simulate.js';
import type { Outcome, PolicySetKind } from '../src/evaluation/types.js';

const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'corpus', 'authorization');
/** The clock for every case that does not set aws:CurrentTime itself. */
const FIXED_NOW = new Date('2026-01-15T12:00:00Z');
const MIN_CASES = 300;
const DOC_PREFIX = 'https://docs.aws.amazon.com/';

type CorpusDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

interface Expectation {
  action: string;
  resource: string;
  decision: CorpusDecision;
  /** Statements that decided, as "policyId#sid" or "policyId#index"; compared as a set. */
  matched?: string[];
  deniedBy?: PolicySetKind;
  /** Context keys a condition needed but were not given; compared case-insensitively as a set. */
  missing?: string[];
}

interface CorpusCase {
  name: string;
  doc: string;
  input: SimulateInput;
  expect: Expectation[];
}

interface CorpusFile {
  file: string;
  source: string;
  cases: CorpusCase[];
}

const OUTCOMES: Record<CorpusDecision, Outcome> = {
  allowed: 'Allow',
  explicitDeny: 'ExplicitDeny',
  implicitDeny: 'ImplicitDeny',
};
const KINDS: readonly PolicySetKind[] = ['scp', 'rcp', 'resource', 'identity', 'boundary', 'session'];

// ---- loading: the JSON is checked for shape so a malformed case fails loudly, not silently ------

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function readExpectation(v: unknown, where: string): Expectation {
  if (!isRecord(v)) throw new Error(`${where}: an expectation must be an object`);
  const { action, resource, decision, matched, deniedBy, missing } = v;
  if (typeof action !== 'string' || typeof resource !== 'string') throw new Error(`${where}: action and resource must be strings`);
  if (decision !== 'allowed' && decision !== 'explicitDeny' && decision !== 'implicitDeny') {
    throw new Error(`${where}: decision must be allowed, explicitDeny or implicitDeny`);
  }
  const e: Expectation = { action, resource, decision };
  if (matched !== undefined) {
    if (!isStringArray(matched)) throw new Error(`${where}: matched must be an array of strings`);
    e.matched = matched;
  }
  if (deniedBy !== undefined) {
    const kind = KINDS.find((k) => k === deniedBy);
    if (kind === undefined) throw new Error(`${where}: bad deniedBy ${JSON.stringify(deniedBy)}`);
    e.deniedBy = kind;
  }
  if (missing !== undefined) {
    if (!isStringArray(missing)) throw new Error(`${where}: missing must be an array of strings`);
    e.missing = missing;
  }
  return e;
}

function readCase(v: unknown, where: string): CorpusCase {
  if (!isRecord(v)) throw new Error(`${where}: a case must be an object`);
  const { name, doc, input, expect } = v;
  if (typeof name !== 'string' || name === '') throw new Error(`${where}: name is required`);
  if (typeof doc !== 'string') throw new Error(`${where} (${name}): doc is required`);
  if (!isRecord(input) || !isStringArray(input.ActionNames)) throw new Error(`${where} (${name}): input.ActionNames is required`);
  if (!Array.isArray(expect) || expect.length === 0) throw new Error(`${where} (${name}): expect must be a non-empty array`);
  return {
    name,
    doc,
    // The input is handed to the simulator as-is: it is exactly SimulateCustomPolicy's JSON.
    input: input as unknown as SimulateInput,
    expect: expect.map((e, i) => readExpectation(e, `${where} (${name}) expect[${i}]`)),
  };
}

function loadCorpus(): CorpusFile[] {
  const files = readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((file) => {
    const parsed: unknown = JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8'));
    if (!isRecord(parsed) || typeof parsed.source !== 'string' || !Array.isArray(parsed.cases)) {
      throw new Error(`${file}: expected { source, cases }`);
    }
    return { file, source: parsed.source, cases: parsed.cases.map((c, i) => readCase(c, `${file} cases[${i}]`)) };
  });
}

// ---- comparison ------------------------------------------------------------------------------

function clockFor(input: SimulateInput): Date {
  const entry = input.ContextEntries?.find((e) => e.ContextKeyName.toLowerCase() === 'aws:currenttime');
  const value = entry?.ContextKeyValues[0];
  if (value === undefined) return FIXED_NOW;
  const seconds = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  return Number.isNaN(seconds) ? FIXED_NOW : new Date(seconds);
}

const sortedSet = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

function statementIds(result: SimulationResult): string[] {
  return sortedSet(result.decision.matched.map((m) => `${m.policyId}#${m.sid ?? String(m.index)}`));
}

/** Every way the result differs from the expectation, worded for the failure message. */
function differences(e: Expectation, result: SimulationResult): string[] {
  const out: string[] = [];
  const d = result.decision;
  if (d.outcome !== OUTCOMES[e.decision]) out.push(`decision: expected ${OUTCOMES[e.decision]}, got ${d.outcome}`);
  if (e.deniedBy !== undefined && d.deniedBy !== e.deniedBy) out.push(`deniedBy: expected ${e.deniedBy}, got ${String(d.deniedBy)}`);
  if (e.matched !== undefined) {
    const want = sortedSet(e.matched);
    const got = statementIds(result);
    if (want.join('\n') !== got.join('\n')) out.push(`matched: expected [${want.join(', ')}], got [${got.join(', ')}]`);
  }
  if (e.missing !== undefined) {
    const want = sortedSet(e.missing.map((k) => k.toLowerCase()));
    const got = sortedSet(d.missingContextKeys.map((k) => k.toLowerCase()));
    if (want.join('\n') !== got.join('\n')) out.push(`missing: expected [${want.join(', ')}], got [${got.join(', ')}]`);
  }
  return out;
}

function runCase(file: string, c: CorpusCase): void {
  const results = simulate(c.input, { now: clockFor(c.input) });
  const problems: string[] = [];
  if (results.length !== c.expect.length) problems.push(`expected ${c.expect.length} results, got ${results.length}`);
  for (const e of c.expect) {
    // Actions are case-insensitive, resources are not.
    const result = results.find((r) => r.action.toLowerCase() === e.action.toLowerCase() && r.resource === e.resource);
    if (!result) {
      problems.push(`${e.action} on ${e.resource}: no result`);
      continue;
    }
    for (const p of differences(e, result)) problems.push(`${e.action} on ${e.resource}: ${p}`);
  }
  if (problems.length > 0) assert.fail(`${file} › ${c.name}\n  doc: ${c.doc}\n  ${problems.join('\n  ')}`);
}

// ---- the tests -------------------------------------------------------------------------------

const corpus = loadCorpus();
const allCases = corpus.flatMap((f) => f.cases.map((c) => ({ file: f.file, c })));

test('authorization corpus: has at least 300 cases', () => {
  assert.ok(allCases.length >= MIN_CASES, `only ${allCases.length} cases`);
});

test('authorization corpus: every case cites an AWS documentation page', () => {
  const bad = allCases.filter(({ c }) => !c.doc.startsWith(DOC_PREFIX)).map(({ file, c }) => `${file} › ${c.name}: ${c.doc}`);
  assert.deepEqual(bad, []);
  for (const f of corpus) assert.ok(f.source.startsWith(DOC_PREFIX), `${f.file}: source ${f.source}`);
});

test('authorization corpus: case names are unique within a file', () => {
  for (const f of corpus) {
    const seen = new Set<string>();
    for (const c of f.cases) {
      assert.ok(!seen.has(c.name), `${f.file}: duplicate case name "${c.name}"`);
      seen.add(c.name);
    }
  }
});

test('authorization corpus: every case expects exactly one result per (action, resource)', () => {
  for (const { file, c } of allCases) {
    const resources = c.input.ResourceArns && c.input.ResourceArns.length > 0 ? c.input.ResourceArns : ['*'];
    const pairs = sortedSet(c.input.ActionNames.flatMap((a) => resources.map((r) => `${a.toLowerCase()} ${r}`)));
    const expected = sortedSet(c.expect.map((e) => `${e.action.toLowerCase()} ${e.resource}`));
    assert.deepEqual(expected, pairs, `${file} › ${c.name}`);
    assert.equal(c.expect.length, pairs.length, `${file} › ${c.name}: duplicate expectations`);
  }
});

for (const { file, c } of allCases) {
  test(`${file} › ${c.name}`, () => runCase(file, c));
}
