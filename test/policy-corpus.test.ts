// The policy corpus runner: every file in test/corpus/policies is a JSON array of documents with
// the verdict AWS gives them. One runner, exact messages: widening or narrowing the grammar is a
// reviewed diff to the corpus.
//
// Entry: { name, type, policy (the text, so malformed JSON and white space are data),
//          accepted: true | errors: [exact message, ...], source: URL of the rule,
//          options?: { inline?, maxLength? }, statements?: [{ start: [line, column], end: [...] }] }

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { POLICY_TYPES, type PolicyType } from '../src/policy/types.js';
import { validatePolicy } from '../src/policy/validate.js';

interface Entry {
  name: string;
  type: PolicyType;
  policy: string;
  accepted?: true;
  errors?: string[];
  source: string;
  options?: { inline?: boolean; maxLength?: number };
  statements?: { start: [number, number]; end: [number, number] }[];
}

const DIR = join(import.meta.dirname, 'corpus', 'policies');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

function load(file: string): Entry[] {
  const entries = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Entry[];
  assert.ok(Array.isArray(entries), `${file}: an array of entries`);
  for (const e of entries) {
    assert.equal(typeof e.name, 'string', `${file}: every entry has a name`);
    assert.ok(POLICY_TYPES.includes(e.type), `${file}: ${e.name}: unknown type ${e.type}`);
    assert.equal(typeof e.policy, 'string', `${file}: ${e.name}: policy is text`);
    assert.ok((e.accepted === true) !== Array.isArray(e.errors), `${file}: ${e.name}: either accepted or errors`);
    assert.match(e.source, /^https:\/\//, `${file}: ${e.name}: a source URL`);
  }
  return entries;
}

describe('policy corpus', () => {
  let total = 0;
  const names = new Set<string>();
  for (const file of files) {
    const entries = load(file);
    total += entries.length;
    describe(file, () => {
      for (const e of entries) {
        const id = `${file}: ${e.name}`;
        assert.ok(!names.has(id), `duplicate entry name ${id}`);
        names.add(id);
        test(`${e.type}: ${e.name}`, () => {
          const result = validatePolicy(e.policy, { type: e.type, ...e.options });
          if (e.accepted) {
            assert.ok(result.ok, `expected acceptance, got ${JSON.stringify(result.ok ? [] : result.errors.map((x) => x.message))}`);
            if (e.statements) {
              assert.deepEqual(
                result.document.statements.map((s) => ({ start: [s.start.line, s.start.column], end: [s.end.line, s.end.column] })),
                e.statements,
              );
            }
          } else {
            assert.equal(result.ok, false, 'expected rejection');
            if (!result.ok) {
              assert.deepEqual(
                result.errors.map((x) => x.message),
                e.errors,
              );
            }
          }
        });
      }
    });
  }
  test('the corpus holds at least 120 documents, covering every policy type', () => {
    assert.ok(total >= 120, `${total} documents`);
    const types = new Set(files.flatMap((f) => load(f).map((e) => e.type)));
    assert.deepEqual([...types].sort(), [...POLICY_TYPES].sort());
  });
});
