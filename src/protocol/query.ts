// The AWS query protocol's input side (IAM, STS): form parameters -> operation + typed input.
// Routing first (Action, Version), then the wire keys are read against the operation's input shape
// (lists as Name.member.N, flattened lists as Name.N, maps as Name.entry.N.key/value, nested
// structures as A.B, N 1-based), then validate.ts judges the typed value. Matches what AWS does on
// the edges: the first of duplicate parameters wins, unknown parameters are ignored, an empty value
// for a list is the empty list (botocore sends `Tags=` for []), numbers follow Java's
// Integer.parseInt (so "+900" and "0900" are 900), and a value that is not its type is
// MalformedInput before any constraint is looked at.

import { Buffer } from 'node:buffer';
import { protocolErrors } from './errors.js';
import type { ProtocolError } from './errors.js';
import type { ListShape, MapShape, Member, ServiceModel, Shape, StructureShape } from './model.js';
import { setOwn } from './own.js';
import type { ParseResult } from './parse-result.js';
import { parseTimestamp } from './timestamp.js';
import { formatViolation, validateInput } from './validate.js';

export type QueryParams = URLSearchParams | ReadonlyMap<string, string> | Iterable<readonly [string, string]>;

/** A node of the parameter tree: `Tags.member.1.Key` is root > Tags > member > 1 > Key. */
interface Node {
  value?: string;
  children?: Map<string, Node>;
}

function child(node: Node, segment: string): Node {
  let children = node.children;
  if (children === undefined) {
    children = new Map();
    node.children = children;
  }
  let c = children.get(segment);
  if (c === undefined) {
    c = {};
    children.set(segment, c);
  }
  return c;
}

function buildTree(params: QueryParams): Node {
  const root: Node = {};
  for (const [key, value] of params) {
    let node = root;
    let start = 0;
    for (;;) {
      const dot = key.indexOf('.', start);
      node = child(node, dot < 0 ? key.slice(start) : key.slice(start, dot));
      if (dot < 0) break;
      start = dot + 1;
    }
    if (node.value === undefined) node.value = value; // the first of duplicates wins, as on AWS
  }
  return root;
}

/** Thrown inside the reader only; parseQueryInput turns it into a result. */
class Malformed extends Error {
  constructor(readonly error: ProtocolError) {
    super(error.code);
  }
}

/**
 * Routes and reads a query request. `params` are the decoded form parameters of the body (POST) or
 * the query string (GET), in wire order.
 */
export function parseQueryInput(model: ServiceModel, params: QueryParams): ParseResult {
  const tree = buildTree(params);
  const action = tree.children?.get('Action')?.value;
  const version = tree.children?.get('Version')?.value;
  if (action === undefined) return { ok: false, error: protocolErrors.missingAction() };
  if (version !== model.metadata.apiVersion) return { ok: false, error: protocolErrors.invalidAction(action, version) };
  const operation = model.operation(action);
  if (operation === undefined) return { ok: false, error: protocolErrors.invalidAction(action, version) };
  const shape = operation.input;
  if (shape === undefined) return { ok: true, operation, input: {} };
  let input: Record<string, unknown>;
  try {
    input = readStructure(shape, tree);
  } catch (e) {
    if (e instanceof Malformed) return { ok: false, error: e.error, operation };
    throw e;
  }
  const violations = validateInput(shape, input);
  if (violations.length > 0) return { ok: false, error: protocolErrors.validation(violations.map(formatViolation)), operation };
  return { ok: true, operation, input };
}

// -- the reader: tree + shape -> typed value ---------------------------------------------------

const wireNames = new WeakMap<StructureShape, readonly (readonly [Member, string])[]>();

/** The query key of a member: its locationName, or for a flattened list its item's locationName. */
function memberWireNames(shape: StructureShape): readonly (readonly [Member, string])[] {
  let names = wireNames.get(shape);
  if (names === undefined) {
    names = shape.members.map((m) => {
      const s = m.shape;
      if (s.type === 'list' && (m.flattened || s.flattened) && s.member.locationName !== undefined) {
        return [m, s.member.locationName] as const;
      }
      return [m, m.locationName ?? m.name] as const;
    });
    wireNames.set(shape, names);
  }
  return names;
}

function readStructure(shape: StructureShape, node: Node): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const children = node.children;
  if (children === undefined) return out;
  for (const [member, wire] of memberWireNames(shape)) {
    const c = children.get(wire);
    if (c === undefined) continue;
    const v = readValue(member.shape, c, member.flattened);
    if (v !== undefined) out[member.name] = v;
  }
  return out;
}

function readValue(shape: Shape, node: Node, flattened: boolean): unknown {
  switch (shape.type) {
    case 'structure':
      return node.children === undefined && node.value !== undefined ? {} : readStructure(shape, node);
    case 'list':
      return readList(shape, node, flattened || shape.flattened);
    case 'map':
      return readMap(shape, node, flattened || shape.flattened);
    default: {
      const raw = node.value;
      return raw === undefined ? undefined : readScalar(shape, raw);
    }
  }
}

/** A list index as AWS numbers them: 1, 2, ... (no sign, no leading zero); else -1. */
function indexOf(key: string): number {
  const n = key.length;
  if (n === 0 || n > 9) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || (i === 0 && c === 0)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** The numbered children of a node, in index order (gaps allowed, non-numbers ignored). */
function indexed(node: Node | undefined): Node[] {
  const children = node?.children;
  if (children === undefined) return [];
  const items: Node[] = [];
  const order: number[] = [];
  let sorted = true;
  for (const [k, c] of children) {
    const i = indexOf(k);
    if (i < 0) continue;
    if (order.length > 0 && i < order[order.length - 1]!) sorted = false;
    order.push(i);
    items.push(c);
  }
  if (sorted) return items;
  return order
    .map((i, j) => [i, items[j]!] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, c]) => c);
}

function readList(shape: ListShape, node: Node, flattened: boolean): unknown[] | undefined {
  const container = flattened ? node : node.children?.get(shape.member.locationName ?? 'member');
  const items = indexed(container);
  if (items.length === 0) {
    // `Tags=` (or `Tags.member=`) is how clients send an empty list; any other bare value is noise.
    return node.value === '' || container?.value === '' ? [] : undefined;
  }
  const out: unknown[] = [];
  for (const item of items) {
    const v = readValue(shape.member.shape, item, false);
    if (v !== undefined) out.push(v);
  }
  return out;
}

function readMap(shape: MapShape, node: Node, flattened: boolean): Record<string, unknown> | undefined {
  const entries = indexed(flattened ? node : node.children?.get('entry'));
  if (entries.length === 0) return node.value === '' ? {} : undefined;
  const keyName = shape.key.locationName ?? 'key';
  const valueName = shape.value.locationName ?? 'value';
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    const k = entry.children?.get(keyName)?.value;
    if (k === undefined || Object.hasOwn(out, k)) continue;
    const vNode = entry.children?.get(valueName);
    setOwn(out, k, vNode === undefined ? undefined : readValue(shape.value.shape, vNode, false));
  }
  return out;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Java's Integer.parseInt / Long.parseLong: optional sign, ASCII digits, in range. */
function parseJavaInteger(raw: string, min: number, max: number): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(raw)) return undefined;
  if (min === INT32_MIN) {
    const n = Number(raw);
    return n >= min && n <= max ? n : undefined;
  }
  const b = BigInt(raw);
  if (b < BigInt(Number.MIN_SAFE_INTEGER) || b > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(b);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function readScalar(shape: Shape, raw: string): unknown {
  switch (shape.type) {
    case 'string':
      return raw;
    case 'integer': {
      if (raw === '') throw new Malformed(protocolErrors.malformedInput(true));
      const n = parseJavaInteger(raw, INT32_MIN, INT32_MAX);
      if (n === undefined) throw new Malformed(protocolErrors.malformedInput(false));
      return n;
    }
    case 'long': {
      if (raw === '') throw new Malformed(protocolErrors.malformedInput(true));
      const n = parseJavaInteger(raw, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      if (n === undefined) throw new Malformed(protocolErrors.malformedInput(false));
      return n;
    }
    case 'float':
    case 'double': {
      if (raw === '') throw new Malformed(protocolErrors.malformedInput(true));
      if (!/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(raw)) {
        throw new Malformed(protocolErrors.malformedInput(false));
      }
      return Number(raw);
    }
    case 'boolean': {
      const b = raw.toLowerCase();
      if (b === 'true') return true;
      if (b === 'false') return false;
      throw new Malformed(protocolErrors.malformedInput(false));
    }
    case 'timestamp': {
      const d = parseTimestamp(raw);
      if (d === undefined) throw new Malformed(protocolErrors.malformedInput(false));
      return d;
    }
    case 'blob':
      if (!BASE64.test(raw)) throw new Malformed(protocolErrors.malformedInput(false));
      return new Uint8Array(Buffer.from(raw, 'base64'));
    case 'list':
    case 'map':
    case 'structure':
      return undefined;
  }
}

/**
 * Decodes an application/x-www-form-urlencoded body or a query string into parameters in wire
 * order ('+' is a space). A broken percent escape or invalid UTF-8 is MalformedQueryString.
 */
export function decodeQueryString(raw: string): [string, string][] | ProtocolError {
  const out: [string, string][] = [];
  if (raw === '') return out;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = decodeComponent(eq < 0 ? part : part.slice(0, eq));
    const v = decodeComponent(eq < 0 ? '' : part.slice(eq + 1));
    if (k === undefined || v === undefined) return protocolErrors.malformedQueryString();
    out.push([k, v]);
  }
  return out;
}

function decodeComponent(s: string): string | undefined {
  const plus = s.includes('+') ? s.replaceAll('+', ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return undefined;
  }
}
