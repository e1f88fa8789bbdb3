// The AWS query protocol's output side: an operation's output value -> the XML document AWS sends,
// byte for byte where AWS's form is known (observed live on STS): no XML declaration, two-space
// indentation, a closing newline; `<XResponse xmlns>` around `<XResult>` (the model's
// resultWrapper) and then `<ResponseMetadata><RequestId>`; members in the model's order (except
// where AWS was seen to use another, see OBSERVED_ORDER), absent members left out, lists as
// <member> items (or flattened), maps as <entry><key/><value/></entry>, timestamps as ISO 8601
// seconds with Z, booleans lower-case. Text is escaped, never encoded otherwise: a policy document
// arrives here already URL-encoded where AWS encodes it.

import { Buffer } from 'node:buffer';
import { AWS_FAULT_NAMESPACE } from './errors.js';
import type { FaultType } from './errors.js';
import { resolveOperation } from './model.js';
import type { ListShape, MapShape, Member, Operation, ServiceModel, Shape, StructureShape } from './model.js';
import { formatIsoSeconds } from './timestamp.js';

export const QUERY_RESPONSE_CONTENT_TYPE = 'text/xml';

/**
 * Output member orders seen on the wire that differ from the model's. Members not named keep the
 * model's order after these. Keyed by service id, then structure shape name.
 */
const OBSERVED_ORDER: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  STS: {
    // Live GetCallerIdentity: Arn, UserId, Account (the model says UserId, Account, Arn).
    GetCallerIdentityResponse: ['Arn', 'UserId', 'Account'],
    // Live AssumeRole: AssumedRoleUser, then Credentials, then SourceIdentity when present.
    AssumeRoleResponse: ['AssumedRoleUser', 'Credentials', 'PackedPolicySize', 'SourceIdentity'],
  },
};

/** The observed-order table, for tests that check it against the models. */
export function observedOrders(): Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> {
  return OBSERVED_ORDER;
}

interface Ordered {
  readonly member: Member;
  readonly element: string;
}

const orders = new WeakMap<StructureShape, readonly Ordered[]>();

function ordered(serviceId: string, shape: StructureShape): readonly Ordered[] {
  let o = orders.get(shape);
  if (o === undefined) {
    const first = OBSERVED_ORDER[serviceId]?.[shape.name] ?? [];
    const members = [
      ...first.map((n) => shape.memberByName.get(n)).filter((m): m is Member => m !== undefined),
      ...shape.members.filter((m) => !first.includes(m.name)),
    ];
    o = members.map((member) => ({ member, element: elementName(member) }));
    orders.set(shape, o);
  }
  return o;
}

/** The element of a member: its locationName, or for a flattened list its item's locationName. */
function elementName(m: Member): string {
  const s = m.shape;
  if (s.type === 'list' && (m.flattened || s.flattened) && s.member.locationName !== undefined) return s.member.locationName;
  return m.locationName ?? m.name;
}

// eslint-disable-next-line no-control-regex -- these are exactly the characters that need escaping
const NEEDS_ESCAPE = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex -- these are exactly the characters that need escaping
const ESCAPE_ALL = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Escapes element text: & < > as entities, a carriage return as &#xD; (so it survives the parser's
 * newline normalization), and the characters XML 1.0 cannot carry literally as character references.
 */
export function escapeXmlText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(ESCAPE_ALL, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      default:
        return `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`;
    }
  });
}

function escapeAttribute(s: string): string {
  return escapeXmlText(s).replaceAll('"', '&quot;');
}

class Writer {
  readonly lines: string[] = [];
  constructor(private readonly serviceId: string) {}

  open(depth: number, name: string, attrs = ''): void {
    this.lines.push(`${'  '.repeat(depth)}<${name}${attrs}>`);
  }

  close(depth: number, name: string): void {
    this.lines.push(`${'  '.repeat(depth)}</${name}>`);
  }

  leaf(depth: number, name: string, text: string): void {
    this.lines.push(`${'  '.repeat(depth)}<${name}>${escapeXmlText(text)}</${name}>`);
  }

  empty(depth: number, name: string): void {
    this.lines.push(`${'  '.repeat(depth)}<${name}/>`);
  }

  /** An element holding children; `<name/>` when none were written. */
  container(depth: number, name: string, body: () => void): void {
    const at = this.lines.length;
    this.open(depth, name);
    body();
    if (this.lines.length === at + 1) {
      this.lines.pop();
      this.empty(depth, name);
    } else {
      this.close(depth, name);
    }
  }

  structure(shape: StructureShape, value: unknown, depth: number): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TypeError(`output for ${shape.name} must be an object`);
    }
    const record = value as Readonly<Record<string, unknown>>;
    for (const { member, element } of ordered(this.serviceId, shape)) {
      const v = record[member.name];
      if (v === undefined || v === null) continue;
      this.value(member.shape, v, element, depth, member.flattened);
    }
  }

  value(shape: Shape, v: unknown, element: string, depth: number, flattened: boolean): void {
    switch (shape.type) {
      case 'structure':
        this.container(depth, element, () => this.structure(shape, v, depth + 1));
        return;
      case 'list':
        this.list(shape, v, element, depth, flattened || shape.flattened);
        return;
      case 'map':
        this.map(shape, v, element, depth, flattened || shape.flattened);
        return;
      default:
        this.leaf(depth, element, scalarText(shape, v));
    }
  }

  list(shape: ListShape, v: unknown, element: string, depth: number, flattened: boolean): void {
    if (!Array.isArray(v)) throw new TypeError(`output for ${shape.name} must be an array`);
    const item = shape.member;
    if (flattened) {
      for (const x of v) if (x !== undefined && x !== null) this.value(item.shape, x, element, depth, false);
      return;
    }
    const itemName = item.locationName ?? 'member';
    this.container(depth, element, () => {
      for (const x of v) if (x !== undefined && x !== null) this.value(item.shape, x, itemName, depth + 1, false);
    });
  }

  map(shape: MapShape, v: unknown, element: string, depth: number, flattened: boolean): void {
    const entries = mapEntries(shape, v);
    const keyName = shape.key.locationName ?? 'key';
    const valueName = shape.value.locationName ?? 'value';
    const entry = (name: string, d: number, k: string, x: unknown): void => {
      this.container(d, name, () => {
        this.value(shape.key.shape, k, keyName, d + 1, false);
        if (x !== undefined && x !== null) this.value(shape.value.shape, x, valueName, d + 1, false);
      });
    };
    if (flattened) {
      for (const [k, x] of entries) entry(element, depth, k, x);
      return;
    }
    this.container(depth, element, () => {
      for (const [k, x] of entries) entry('entry', depth + 1, k, x);
    });
  }
}

function mapEntries(shape: MapShape, v: unknown): [string, unknown][] {
  if (v instanceof Map) return [...(v as Map<unknown, unknown>)].map(([k, x]) => [String(k), x]);
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return Object.entries(v);
  throw new TypeError(`output for ${shape.name} must be a Map or an object`);
}

function scalarText(shape: Shape, v: unknown): string {
  switch (shape.type) {
    case 'string':
      if (typeof v !== 'string') throw new TypeError(`output for ${shape.name} must be a string`);
      return v;
    case 'integer':
    case 'long':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`output for ${shape.name} must be an integer`);
      return String(v);
    case 'float':
    case 'double':
      if (typeof v !== 'number') throw new TypeError(`output for ${shape.name} must be a number`);
      return String(v);
    case 'boolean':
      if (typeof v !== 'boolean') throw new TypeError(`output for ${shape.name} must be a boolean`);
      return v ? 'true' : 'false';
    case 'timestamp':
      return formatIsoSeconds(v);
    case 'blob':
      if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
      if (typeof v === 'string') return Buffer.from(v, 'utf8').toString('base64');
      throw new TypeError(`output for ${shape.name} must be bytes`);
    case 'structure':
    case 'list':
    case 'map':
      throw new TypeError(`${shape.name} is not a scalar`);
  }
}

/**
 * The XML body of a successful query-protocol response. `output` is the operation's output value
 * (member names as the model spells them); it is not validated, only serialized.
 */
export function serializeQueryResponse(
  model: ServiceModel,
  operation: Operation | string,
  output: Readonly<Record<string, unknown>> | undefined,
  requestId: string,
): string {
  const op = resolveOperation(model, operation);
  const ns = model.metadata.xmlNamespace;
  if (ns === undefined) throw new TypeError(`${model.metadata.serviceId} is not a query service`);
  const w = new Writer(model.metadata.serviceId);
  const root = `${op.name}Response`;
  w.open(0, root, ` xmlns="${escapeAttribute(ns)}"`);
  if (op.output !== undefined) {
    const wrapper = op.resultWrapper ?? `${op.name}Result`;
    const out = op.output;
    w.container(1, wrapper, () => w.structure(out, output ?? {}, 2));
  }
  w.open(1, 'ResponseMetadata');
  w.leaf(2, 'RequestId', requestId);
  w.close(1, 'ResponseMetadata');
  w.close(0, root);
  return `${w.lines.join('\n')}\n`;
}

/** What an ErrorResponse needs: protocol errors and service errors (from the model) alike. */
export interface QueryErrorLike {
  readonly type: FaultType;
  readonly code: string;
  /** Absent: no Message element (AWS's MalformedInput). */
  readonly message?: string | undefined;
  /** Routing-level errors use the AWSFault namespace instead of the service's. */
  readonly awsFault?: boolean;
}

/**
 * The XML body of an error response:
 * `<ErrorResponse xmlns><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 * `namespace` is the service's (model.metadata.xmlNamespace).
 */
export function serializeQueryError(error: QueryErrorLike, requestId: string, namespace: string): string {
  const ns = error.awsFault === true ? AWS_FAULT_NAMESPACE : namespace;
  const lines = [
    `<ErrorResponse xmlns="${escapeAttribute(ns)}">`,
    '  <Error>',
    `    <Type>${error.type}</Type>`,
    `    <Code>${escapeXmlText(error.code)}</Code>`,
    ...(error.message === undefined ? [] : [`    <Message>${escapeXmlText(error.message)}</Message>`]),
    '  </Error>',
    `  <RequestId>${escapeXmlText(requestId)}</RequestId>`,
    '</ErrorResponse>',
  ];
  return `${lines.join('\n')}\n`;
}
