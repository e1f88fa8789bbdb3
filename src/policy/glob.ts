// Wildcard patterns as IAM writes them: `*` is any run of characters (it spans `/` and `:`),
// `?` is exactly one character. Compiled once into the cheapest test that is exact: equality,
// always-true, prefix, suffix, or an anchored regular expression.
//
// When `escapes` is on (policies with Version 2012-10-17), `${*}`, `${?}` and `${$}` stand for
// the literal characters `*`, `?` and `$` (AWS's way of writing them where they would be special).

export interface GlobOptions {
  ignoreCase?: boolean;
  escapes?: boolean;
}

export type Matcher = (text: string) => boolean;

const ESCAPE = /\$\{([*?$])\}/g;

/** True when the pattern has an active wildcard (after escapes are taken into account). */
export function hasWildcard(pattern: string, escapes = false): boolean {
  const p = escapes ? pattern.replace(ESCAPE, '') : pattern;
  return p.includes('*') || p.includes('?');
}

/** Replaces `${*}`, `${?}`, `${$}` by their literal characters (for non-wildcard comparisons). */
export function unescapeLiterals(text: string): string {
  return text.replace(ESCAPE, (_m, c: string) => c);
}

type Token = { wild: '*' | '?' } | { text: string };

function tokenize(pattern: string, escapes: boolean): Token[] {
  const out: Token[] = [];
  let buf = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escapes && c === '$' && pattern[i + 1] === '{' && pattern[i + 3] === '}' && '*?$'.includes(pattern[i + 2]!)) {
      buf += pattern[i + 2];
      i += 3;
    } else if (c === '*' || c === '?') {
      if (buf) out.push({ text: buf });
      buf = '';
      out.push({ wild: c });
    } else {
      buf += c;
    }
  }
  if (buf) out.push({ text: buf });
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function compileGlob(pattern: string, options: GlobOptions = {}): Matcher {
  const ignoreCase = options.ignoreCase ?? false;
  const tokens = tokenize(pattern, options.escapes ?? false);
  const norm = (s: string): string => (ignoreCase ? s.toLowerCase() : s);

  if (tokens.length === 0) return (t) => t.length === 0;
  if (tokens.every((t) => 'wild' in t && t.wild === '*')) return () => true;
  if (tokens.length === 1 && 'text' in tokens[0]!) {
    const lit = norm(tokens[0].text);
    return ignoreCase ? (t) => t.length === lit.length && t.toLowerCase() === lit : (t) => t === lit;
  }
  if (tokens.length === 2) {
    const [a, b] = tokens as [Token, Token];
    if ('text' in a && 'wild' in b && b.wild === '*') {
      const prefix = norm(a.text);
      return ignoreCase ? (t) => t.toLowerCase().startsWith(prefix) : (t) => t.startsWith(prefix);
    }
    if ('wild' in a && a.wild === '*' && 'text' in b) {
      const suffix = norm(b.text);
      return ignoreCase ? (t) => t.toLowerCase().endsWith(suffix) : (t) => t.endsWith(suffix);
    }
  }
  let source = '^';
  for (const t of tokens) {
    if ('text' in t) source += escapeRegExp(t.text);
    else source += t.wild === '*' ? '[\\s\\S]*' : '[\\s\\S]';
  }
  source += '$';
  const re = new RegExp(source, ignoreCase ? 'iu' : 'u');
  return (t) => re.test(t);
}
