// Translates the service models' patterns (java.util.regex syntax, matched with Matcher.matches(),
// i.e. against the whole value) into JavaScript RegExps with the same meaning. The differences that
// matter for these models: \s and . are narrower in Java, Java lets any punctuation be escaped,
// and `\u10000` is `\u1000` followed by `0` in both (which is why AWS rejects supplementary
// characters in "[...\u10000-\u10FFFF]" patterns: we reproduce that, it is what AWS does).
// The `u` flag makes classes work on code points, as Java's do.

/** Java's \s: [ \t\n\x0B\f\r] (ASCII only, unlike JavaScript's). */
const JAVA_SPACE = '\\t\\n\\x0B\\f\\r ';
/** The complement of Java's \s, written as ranges so it can sit inside a class. */
const JAVA_NON_SPACE = '\\0-\\x08\\x0E-\\x1F\\x21-\\u{10FFFF}';
/** Java's `.` excludes these line terminators (JavaScript's lacks \u0085). */
const JAVA_DOT = '[^\\n\\r\\u0085\\u2028\\u2029]';

/** Characters that keep their backslash in a JavaScript `u` pattern. */
const JS_SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);

const JAVA_PROPERTY: Readonly<Record<string, string>> = {
  IsLetter: 'L',
  IsDigit: 'Nd',
  IsAlphabetic: 'Alphabetic',
  IsWhite_Space: 'White_Space',
  IsUppercase: 'Uppercase',
  IsLowercase: 'Lowercase',
};

export class UnsupportedPatternError extends Error {
  constructor(pattern: string, why: string) {
    super(`pattern ${pattern}: ${why}`);
    this.name = 'UnsupportedPatternError';
  }
}

/** The JavaScript source (without anchors) equivalent to a Java pattern. */
export function translateJavaPattern(pattern: string): string {
  let out = '';
  let inClass = false;
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i]!;
    if (c === '\\') {
      const d = pattern[i + 1];
      if (d === undefined) throw new UnsupportedPatternError(pattern, 'ends with a backslash');
      i += 2;
      switch (d) {
        case 'u': {
          const hex = pattern.slice(i, i + 4);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw new UnsupportedPatternError(pattern, 'bad \\u escape');
          out += `\\u${hex}`;
          i += 4;
          break;
        }
        case 'x': {
          const hex = pattern.slice(i, i + 2);
          if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new UnsupportedPatternError(pattern, 'bad \\x escape');
          out += `\\x${hex}`;
          i += 2;
          break;
        }
        case 's':
          out += inClass ? JAVA_SPACE : `[${JAVA_SPACE}]`;
          break;
        case 'S':
          out += inClass ? JAVA_NON_SPACE : `[^${JAVA_SPACE}]`;
          break;
        case 'd':
        case 'D':
        case 'w':
        case 'W': // ASCII-only in both languages
        case 't':
        case 'n':
        case 'r':
        case 'f':
        case 'b':
        case 'B':
          out += `\\${d}`;
          break;
        case 'p':
        case 'P': {
          const m = /^\{([A-Za-z_]+)\}/.exec(pattern.slice(i));
          if (m === null) throw new UnsupportedPatternError(pattern, 'bad \\p escape');
          const name = m[1]!;
          out += `\\${d}{${JAVA_PROPERTY[name] ?? name}}`;
          i += m[0].length;
          break;
        }
        case '-':
          out += inClass ? '\\-' : '-';
          break;
        default:
          if (JS_SYNTAX.has(d)) out += `\\${d}`;
          else if (/[A-Za-z0-9]/.test(d)) throw new UnsupportedPatternError(pattern, `the escape \\${d} is not supported`);
          else out += d; // Java escapes any punctuation; JavaScript's `u` mode allows only syntax characters
      }
      continue;
    }
    if (inClass) {
      if (c === '[') throw new UnsupportedPatternError(pattern, 'nested character classes are not supported');
      if (c === '&' && pattern[i + 1] === '&') throw new UnsupportedPatternError(pattern, 'class intersection is not supported');
      if (c === ']') inClass = false;
      out += c;
      i += 1;
      continue;
    }
    switch (c) {
      case '[':
        inClass = true;
        out += c;
        // A leading ']' (or '^]') is a literal in Java; JavaScript needs it escaped.
        if (pattern[i + 1] === '^') {
          out += '^';
          i += 1;
        }
        if (pattern[i + 1] === ']') {
          out += '\\]';
          i += 1;
        }
        break;
      case '.':
        out += JAVA_DOT;
        break;
      case '(':
        if (pattern[i + 1] === '?' && !/^\(\?(?:[:=!]|<[=!]|<[A-Za-z])/.test(pattern.slice(i))) {
          throw new UnsupportedPatternError(pattern, 'inline flags are not supported');
        }
        out += c;
        break;
      case '*':
      case '+':
      case '?':
      case '}':
        out += c;
        if (pattern[i + 1] === '+') throw new UnsupportedPatternError(pattern, 'possessive quantifiers are not supported');
        break;
      default:
        out += c;
    }
    i += 1;
  }
  if (inClass) throw new UnsupportedPatternError(pattern, 'unterminated character class');
  return out;
}

/** A RegExp that tests a whole value the way Java's Matcher.matches() does. */
export function compileJavaPattern(pattern: string): RegExp {
  const source = translateJavaPattern(pattern);
  try {
    return new RegExp(`^(?:${source})$`, 'u');
  } catch (e) {
    throw new UnsupportedPatternError(pattern, e instanceof Error ? e.message : String(e));
  }
}

/** The length AWS checks: Unicode code points (no normalization), not UTF-16 units or bytes. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n -= 1;
        i += 1;
      }
    }
  }
  return n;
}
