// IP address condition operators: IpAddress and NotIpAddress, over IPv4 and IPv6 CIDR ranges or
// single addresses (a single address is /32 or /128).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
//
// Ranges are parsed once into integer prefixes: IPv4 as one 32-bit word and mask, IPv6 as eight
// 16-bit parts and a prefix length. ipaddr.js validates policy values; IPv6 text is turned into
// parts by one small parser shared with the request path, where ipaddr.js would cost microseconds.
// An IPv4-mapped IPv6 range (::ffff:a.b.c.d/n, n >= 96) is stored as the IPv4 range it covers,
// and an IPv4-mapped context address is tested as both its IPv4 and its IPv6 form, so
// `::ffff:203.0.113.9` is in `203.0.113.0/24`.
// A policy value that is not an address or range is accepted and matches nothing (IAM does not
// check it when a policy is stored); a context value that is not an address matches nothing.

import ipaddr from 'ipaddr.js';
import type { OperatorDefinition, ValueTest } from './types.js';

interface V4Range {
  network: number;
  mask: number;
}

interface V6Range {
  parts: readonly number[];
  prefix: number;
}

function v4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Strict dotted-quad (no leading zeros, as ipaddr.js's four-part decimal) to a 32-bit word, or -1. */
function parseV4(text: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return -1;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

function inV4(addr: number, ranges: readonly V4Range[]): boolean {
  for (const r of ranges) if (((addr & r.mask) >>> 0) === r.network) return true;
  return false;
}

function inV6(parts: readonly number[], ranges: readonly V6Range[]): boolean {
  outer: for (const r of ranges) {
    for (let i = 0, bits = r.prefix; bits > 0; i++, bits -= 16) {
      const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
      if ((((parts[i] ?? 0) ^ (r.parts[i] ?? 0)) & mask) !== 0) continue outer;
    }
    return true;
  }
  return false;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * The eight 16-bit parts of an IPv6 address (RFC 4291 text forms: `::` once, an IPv4 tail), or
 * undefined. The request path's parser: ipaddr.js is exact but costs microseconds per call.
 * Zone ids (`%eth0`) are refused, as for policy values.
 */
export function parseIpv6Parts(text: string): number[] | undefined {
  const n = text.length;
  const head: number[] = [];
  let tail: number[] | undefined;
  let i = 0;
  if (n >= 2 && text.charCodeAt(0) === 58 && text.charCodeAt(1) === 58) {
    tail = [];
    i = 2;
  }
  while (i < n) {
    const groups = tail ?? head;
    let j = i;
    let value = 0;
    for (; j < n; j++) {
      const h = hexDigit(text.charCodeAt(j));
      if (h < 0) break;
      if (j - i === 4) return undefined;
      value = value * 16 + h;
    }
    if (j < n && text.charCodeAt(j) === 46) {
      const v4 = parseV4(text.slice(i));
      if (v4 < 0) return undefined;
      groups.push(v4 >>> 16, v4 & 0xffff);
      break;
    }
    if (j === i) return undefined;
    groups.push(value);
    if (j === n) break;
    if (text.charCodeAt(j) !== 58) return undefined;
    if (j + 1 < n && text.charCodeAt(j + 1) === 58) {
      if (tail) return undefined;
      tail = [];
      i = j + 2;
    } else {
      i = j + 1;
      if (i === n) return undefined;
    }
  }
  if (!tail) return head.length === 8 ? head : undefined;
  const zeros = 8 - head.length - tail.length;
  if (zeros < 1) return undefined;
  for (let k = 0; k < zeros; k++) head.push(0);
  for (const t of tail) head.push(t);
  return head;
}

/** The IPv4 address an IPv4-mapped IPv6 address (::ffff:a.b.c.d) carries, or -1. */
function mappedV4(parts: readonly number[]): number {
  const [a, b, c, d, e, f = 0, g = 0, h = 0] = parts;
  return a === 0 && b === 0 && c === 0 && d === 0 && e === 0 && f === 0xffff ? ((g << 16) | h) >>> 0 : -1;
}

const PREFIX = /^\d{1,3}$/;

function addRange(text: string, v4: V4Range[], v6: V6Range[]): void {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  if (prefixText !== undefined && !PREFIX.test(prefixText)) return;
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    if (prefix > 32) return;
    const mask = v4Mask(prefix);
    v4.push({ network: (parseV4(address) & mask) >>> 0, mask });
    return;
  }
  // ipaddr.js validates; the parts come from the request path's parser, so both sides agree.
  const parts = ipaddr.IPv6.isValid(address) ? parseIpv6Parts(address) : undefined;
  const prefix = prefixText === undefined ? 128 : Number(prefixText);
  if (!parts || prefix > 128) return;
  const mapped = mappedV4(parts);
  if (prefix >= 96 && mapped >= 0) {
    const mask = v4Mask(prefix - 96);
    v4.push({ network: (mapped & mask) >>> 0, mask });
    return;
  }
  v6.push({ parts, prefix });
}

function compileIpTest(values: readonly string[]): ValueTest {
  const v4: V4Range[] = [];
  const v6: V6Range[] = [];
  for (const v of values) addRange(v, v4, v6);
  if (v4.length === 0 && v6.length === 0) return () => false;
  return (t) => {
    if (!t.includes(':')) {
      const addr = parseV4(t);
      return addr >= 0 && inV4(addr, v4);
    }
    const parts = parseIpv6Parts(t);
    if (!parts) return false;
    const mapped = mappedV4(parts);
    if (mapped >= 0 && inV4(mapped, v4)) return true;
    return inV6(parts, v6);
  };
}

function ip(name: string, negated: boolean): OperatorDefinition {
  return {
    name,
    family: 'ip',
    negated,
    variables: false,
    ifExists: true,
    compile: (values) => ({ ok: true, test: compileIpTest(values) }),
  };
}

export const IP_OPERATORS: readonly OperatorDefinition[] = [ip('IpAddress', false), ip('NotIpAddress', true)];
