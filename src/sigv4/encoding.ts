// Percent-encoding as SigV4 canonicalization needs it: RFC 3986 with only the unreserved set
// (A-Z a-z 0-9 - . _ ~) left as is, upper-case hex, UTF-8 for non-ASCII. Works on code units and
// bytes directly, so it never throws and needs no intermediate decoded string.

/** '%XX' for every byte value, upper-case hex. */
const PERCENT: readonly string[] = Array.from({ length: 256 }, (_, b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`);

/** Unreserved ASCII, indexed by code point. */
const UNRESERVED: readonly boolean[] = Array.from(
  { length: 128 },
  (_, c) =>
    (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e,
);

/** The value of an ASCII hex digit, or -1. */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Percent-encodes the non-ASCII code point starting at `s[i]` as UTF-8 and returns how many code
 * units it used. A lone surrogate is encoded as U+FFFD, as `Buffer.from(s, 'utf8')` would.
 */
function appendUtf8(s: string, i: number, out: string[]): number {
  const c = s.charCodeAt(i);
  if (c < 0x800) {
    out.push(PERCENT[0xc0 | (c >> 6)]!, PERCENT[0x80 | (c & 0x3f)]!);
    return 1;
  }
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      out.push(
        PERCENT[0xf0 | (cp >> 18)]!,
        PERCENT[0x80 | ((cp >> 12) & 0x3f)]!,
        PERCENT[0x80 | ((cp >> 6) & 0x3f)]!,
        PERCENT[0x80 | (cp & 0x3f)]!,
      );
      return 2;
    }
  }
  const cp = c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
  out.push(PERCENT[0xe0 | (cp >> 12)]!, PERCENT[0x80 | ((cp >> 6) & 0x3f)]!, PERCENT[0x80 | (cp & 0x3f)]!);
  return 1;
}

/**
 * Encodes every character outside the unreserved set, `%` included (so an already-encoded wire
 * path is encoded a second time, as SigV4 requires for all services but S3). `/` is kept when
 * `keepSlash` is set.
 */
export function uriEncode(s: string, keepSlash: boolean): string {
  let i = 0;
  // Fast path: most paths and keys are plain ASCII that needs no escaping.
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(c < 128 && (UNRESERVED[c] === true || (keepSlash && c === 0x2f)))) break;
  }
  if (i === s.length) return s;
  const out: string[] = [s.slice(0, i)];
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      out.push(UNRESERVED[c] === true || (keepSlash && c === 0x2f) ? s[i]! : PERCENT[c]!);
      i++;
    } else {
      i += appendUtf8(s, i, out);
    }
  }
  return out.join('');
}

/**
 * Canonical form of one raw query-string key or value: percent-decoded, then encoded again with
 * the unreserved set. `%XX` escapes are kept byte for byte (hex upper-cased, unreserved bytes
 * unescaped), `+` means a space (as the query parser reads it), other characters are encoded.
 * Returns undefined when a `%` is not followed by two hex digits.
 */
export function canonicalQueryComponent(raw: string): string | undefined {
  let i = 0;
  for (; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (!(c < 128 && UNRESERVED[c] === true)) break;
  }
  if (i === raw.length) return raw;
  const out: string[] = [raw.slice(0, i)];
  while (i < raw.length) {
    const c = raw.charCodeAt(i);
    if (c === 0x25) {
      const hi = i + 2 < raw.length ? hexValue(raw.charCodeAt(i + 1)) : -1;
      const lo = hi >= 0 ? hexValue(raw.charCodeAt(i + 2)) : -1;
      if (lo < 0) return undefined;
      const b = (hi << 4) | lo;
      out.push(b < 128 && UNRESERVED[b] === true ? String.fromCharCode(b) : PERCENT[b]!);
      i += 3;
    } else if (c === 0x2b) {
      out.push('%20');
      i++;
    } else if (c < 128) {
      out.push(UNRESERVED[c] === true ? raw[i]! : PERCENT[c]!);
      i++;
    } else {
      i += appendUtf8(raw, i, out);
    }
  }
  return out.join('');
}

/** The first malformed escape in `raw` (the `%` and up to two following characters), if any. */
export function malformedEscape(raw: string): string | undefined {
  for (let i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
    if (i + 2 >= raw.length || hexValue(raw.charCodeAt(i + 1)) < 0 || hexValue(raw.charCodeAt(i + 2)) < 0) {
      return raw.slice(i, i + 3);
    }
    i += 2;
  }
  return undefined;
}

/**
 * Decodes a canonical query component (output of canonicalQueryComponent) to text: escapes to
 * bytes, bytes as UTF-8 (invalid sequences become U+FFFD). Never throws.
 */
export function decodeCanonical(canonical: string): string {
  if (canonical.indexOf('%') < 0) return canonical;
  const bytes: number[] = [];
  for (let i = 0; i < canonical.length; i++) {
    const c = canonical.charCodeAt(i);
    if (c === 0x25) {
      bytes.push((hexValue(canonical.charCodeAt(i + 1)) << 4) | hexValue(canonical.charCodeAt(i + 2)));
      i += 2;
    } else {
      bytes.push(c);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
