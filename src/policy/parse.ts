// Stage 1 of the policy pipeline: policy text -> a JSON tree whose every node knows where it sits
// in the text. Strict JSON only (RFC 8259): no comments, no trailing commas, no BOM, one value.
// The tree keeps duplicate object keys and number spellings, which JSON.parse would lose and
// validation needs. Parsing is total: bad text yields a syntax error, never a throw.
//
// Positions are 1-based lines and 1-based columns counted in UTF-16 code units; "\n", "\r\n" and
// a lone "\r" each end a line (as Jackson, the parser behind IAM, counts them).

import { parseTree, printParseErrorCode, type Node as JsoncNode, type ParseError } from 'jsonc-parser';
import type { SourcePosition } from './types.js';

/** Where a node sits: [offset, offset + length) in the text, and its first/last positions. */
export interface Span {
  offset: number;
  length: number;
}

export type JsonNode = JsonObject | JsonArray | JsonString | JsonNumber | JsonBoolean | JsonNull;

export interface JsonProperty {
  key: string;
  keySpan: Span;
  value: JsonNode;
}

export interface JsonObject extends Span {
  kind: 'object';
  properties: JsonProperty[];
}

export interface JsonArray extends Span {
  kind: 'array';
  items: JsonNode[];
}

export interface JsonString extends Span {
  kind: 'string';
  value: string;
}

export interface JsonNumber extends Span {
  kind: 'number';
  value: number;
  /** The number as spelled in the text ("1.50", "1e3"): what policy values keep. */
  raw: string;
}

export interface JsonBoolean extends Span {
  kind: 'boolean';
  value: boolean;
}

export interface JsonNull extends Span {
  kind: 'null';
}

export interface JsonSyntaxError {
  /** jsonc-parser's error name, e.g. "CommaExpected", "InvalidCommentToken". */
  reason: string;
  offset: number;
  position: SourcePosition;
}

export type ParsedJson =
  | { ok: true; root: JsonNode; lines: LineIndex }
  | { ok: false; error: JsonSyntaxError; lines: LineIndex };

/** Maps offsets to 1-based line/column positions. */
export class LineIndex {
  /** Offset at which each line starts; lineStarts[0] = 0. */
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0d) {
        if (text.charCodeAt(i + 1) === 0x0a) i++;
        this.lineStarts.push(i + 1);
      } else if (c === 0x0a) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  /** Position of the character at `offset` (offset === text.length is the end of the text). */
  positionAt(offset: number): SourcePosition {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

export function parseJson(text: string): ParsedJson {
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, STRICT);
  const first = errors[0];
  if (first || !tree) {
    const offset = first?.offset ?? 0;
    const reason = first ? printParseErrorCode(first.error) : 'ValueExpected';
    return { ok: false, error: { reason, offset, position: lines.positionAt(offset) }, lines };
  }
  return { ok: true, root: convert(tree, text), lines };
}

function convert(node: JsoncNode, text: string): JsonNode {
  const span = { offset: node.offset, length: node.length };
  switch (node.type) {
    case 'object': {
      const properties: JsonProperty[] = [];
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        // jsonc-parser gives every property of an error-free tree a key and a value.
        if (!k || !v) throw new TypeError('jsonc-parser returned a property without key or value');
        properties.push({ key: String(k.value), keySpan: { offset: k.offset, length: k.length }, value: convert(v, text) });
      }
      return { kind: 'object', properties, ...span };
    }
    case 'array':
      return { kind: 'array', items: (node.children ?? []).map((c) => convert(c, text)), ...span };
    case 'string':
      return { kind: 'string', value: String(node.value), ...span };
    case 'number':
      return { kind: 'number', value: Number(node.value), raw: text.slice(node.offset, node.offset + node.length), ...span };
    case 'boolean':
      return { kind: 'boolean', value: node.value === true, ...span };
    case 'null':
      return { kind: 'null', ...span };
    default:
      throw new TypeError(`jsonc-parser returned an unexpected node type: ${node.type}`);
  }
}

/** The property named `key` (exact, case-sensitive), the first one if it is duplicated. */
export function property(obj: JsonObject, key: string): JsonProperty | undefined {
  return obj.properties.find((p) => p.key === key);
}

/**
 * Where IAM's simulator places a JSON object: its StartPosition and EndPosition are both the
 * position right after a brace (Jackson's location after reading the token). The AWS CLI example
 * `{"Version":"2012-10-17","Statement":{...}}` reports StartPosition Line 1 Column 38 for the
 * statement's `{` at column 37, and EndPosition Column 167 for its `}` at column 166.
 * https://github.com/aws/aws-cli/blob/develop/awscli/examples/iam/simulate-custom-policy.rst
 */
export function simulatorPositions(node: Span, lines: LineIndex): { start: SourcePosition; end: SourcePosition } {
  return { start: lines.positionAt(node.offset + 1), end: lines.positionAt(node.offset + node.length) };
}
