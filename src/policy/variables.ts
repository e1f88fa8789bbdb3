// Policy variables (policy Version 2012-10-17 only; under 2008-10-17 or no Version the text is
// literal and callers must not compile it). A variable is `${key}` for any context key, or
// `${key, 'default'}` with a default used when the key is absent. `${*}`, `${?}` and `${$}` are
// not variables but escapes for literal characters: they stay in the text, and glob.ts reads them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
//
// Text that starts like a variable but is not one (`${`, `${}`, `${a b}`, an unclosed default)
// stays literal: AWS only substitutes well-formed variables.

import type { RequestContext } from './context.js';

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'variable'; key: string; default?: string };

/** A compiled value: a constant (the common case, no allocation to resolve) or parts. */
export type Template = { kind: 'constant'; text: string } | { kind: 'parts'; parts: readonly TemplatePart[] };

const ESCAPES = '*?$';

/** Characters a context key name may not contain inside `${...}`. */
function isKeyChar(c: string): boolean {
  return c !== '}' && c !== '{' && c !== ',' && c !== "'" && c !== '$' && !/\s/.test(c);
}

/**
 * Reads a variable starting at `text[i] === '$'` and `text[i + 1] === '{'`. Returns the variable
 * and the index after its closing brace, or undefined when the text there is not a variable.
 * Blanks around the key and around the quoted default are ignored; inside a default, `''` is one
 * quote. (AWS writes `${key, 'default'}`; the tolerance for blanks and the doubled quote follow
 * the documented behaviour of the same grammar in Huawei's IAM, a documented clone:
 * https://support.huaweicloud.com/usermanual-iam5/iam_01_1234.html)
 */
function readVariable(text: string, i: number): { part: TemplatePart; end: number } | undefined {
  let j = i + 2;
  while (text[j] === ' ') j++;
  const keyStart = j;
  while (j < text.length && isKeyChar(text[j]!)) j++;
  const key = text.slice(keyStart, j);
  if (key.length === 0) return undefined;
  while (text[j] === ' ') j++;
  if (text[j] === '}') return { part: { kind: 'variable', key }, end: j + 1 };
  if (text[j] !== ',') return undefined;
  j++;
  while (text[j] === ' ') j++;
  if (text[j] !== "'") return undefined;
  let dflt = '';
  j++;
  for (;;) {
    const q = text.indexOf("'", j);
    if (q < 0) return undefined;
    dflt += text.slice(j, q);
    if (text[q + 1] === "'") {
      dflt += "'";
      j = q + 2;
      continue;
    }
    j = q + 1;
    break;
  }
  while (text[j] === ' ') j++;
  if (text[j] !== '}') return undefined;
  return { part: { kind: 'variable', key, default: dflt }, end: j + 1 };
}

export function compileTemplate(text: string): Template {
  if (!text.includes('${')) return { kind: 'constant', text };
  const parts: TemplatePart[] = [];
  let buf = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '$' && text[i + 1] === '{') {
      // Escapes are literal text; glob.ts turns them into the character when matching.
      if (text[i + 3] === '}' && ESCAPES.includes(text[i + 2]!)) {
        buf += text.slice(i, i + 4);
        i += 4;
        continue;
      }
      const v = readVariable(text, i);
      if (v) {
        if (buf) parts.push({ kind: 'text', text: buf });
        buf = '';
        parts.push(v.part);
        i = v.end;
        continue;
      }
    }
    buf += text[i];
    i++;
  }
  if (parts.length === 0) return { kind: 'constant', text };
  if (buf) parts.push({ kind: 'text', text: buf });
  return { kind: 'parts', parts };
}

/**
 * The text with every variable replaced by its context value. Undefined when a variable's key is
 * absent and it has no default, or when its value is multivalued (a set cannot be substituted
 * into one string): the caller treats that element or value as matching nothing.
 */
export function resolveTemplate(t: Template, ctx: RequestContext): string | undefined {
  if (t.kind === 'constant') return t.text;
  let out = '';
  for (const p of t.parts) {
    if (p.kind === 'text') {
      out += p.text;
      continue;
    }
    const value = ctx.get(p.key);
    if (value === undefined) {
      if (p.default === undefined) return undefined;
      out += p.default;
    } else if (typeof value === 'string') {
      out += value;
    } else {
      return undefined;
    }
  }
  return out;
}

/** The context keys a template reads, in order of first use, as written. */
export function templateKeys(t: Template): string[] {
  if (t.kind === 'constant') return [];
  const seen = new Set<string>();
  const keys: string[] = [];
  for (const p of t.parts) {
    if (p.kind !== 'variable') continue;
    const lower = p.key.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    keys.push(p.key);
  }
  return keys;
}
