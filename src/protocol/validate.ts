// Checks a typed input value against its shape's constraints (required members, string and list
// lengths, numeric ranges, patterns, enums) and returns the violations in AWS's wording, in the
// model's member order. Protocol-neutral: the query and JSON readers produce the typed value, this
// stage judges it, and each protocol renders the violations its own way. Per-shape checks (the
// compiled patterns above all) are built on first use and cached on the shape.

import type { ListShape, MapShape, Member, NumberShape, Shape, StringShape, StructureShape } from './model.js';
import { codePointLength, compileJavaPattern } from './pattern.js';

export type ViolationKind = 'required' | 'pattern' | 'minLength' | 'maxLength' | 'min' | 'max' | 'enum';

export interface Violation {
  readonly kind: ViolationKind;
  /** Coral's path: lowerCamel member names, list items as `<list>.<n>.member` (1-based). */
  readonly path: string;
  /** The offending value (undefined for a missing member). */
  readonly value: unknown;
  /** The value is not echoed (passwords, secrets). */
  readonly sensitive: boolean;
  /** The limit: a number, the pattern text, or the enum values. */
  readonly limit?: number | string | readonly string[];
}

interface CompiledString {
  readonly regex: RegExp | undefined;
  readonly enumSet: ReadonlySet<string> | undefined;
}

interface CompiledMember {
  readonly member: Member;
  /** lowerCamel name as Coral prints it in paths: first letter lowered (UserName -> userName). */
  readonly pathName: string;
}

const compiledStrings = new WeakMap<StringShape, CompiledString>();
const compiledStructures = new WeakMap<StructureShape, readonly CompiledMember[]>();

function compiledString(shape: StringShape): CompiledString {
  let c = compiledStrings.get(shape);
  if (c === undefined) {
    c = {
      regex: shape.pattern === undefined ? undefined : compileJavaPattern(shape.pattern),
      enumSet: shape.enum === undefined ? undefined : new Set(shape.enum),
    };
    compiledStrings.set(shape, c);
  }
  return c;
}

/** Coral's path name of a member: the model's name with its first letter lowered. */
export function pathName(memberName: string): string {
  return memberName.length === 0 ? memberName : memberName[0]!.toLowerCase() + memberName.slice(1);
}

function compiledStructure(shape: StructureShape): readonly CompiledMember[] {
  let c = compiledStructures.get(shape);
  if (c === undefined) {
    c = shape.members.map((member) => ({ member, pathName: pathName(member.name) }));
    compiledStructures.set(shape, c);
  }
  return c;
}

/** Validates a structure value (an operation's input) and returns every violation, in order. */
export function validateInput(shape: StructureShape, input: Readonly<Record<string, unknown>>): Violation[] {
  const out: Violation[] = [];
  checkStructure(shape, input, [], out);
  return out;
}

// The path is a stack of segments, joined only when a violation is recorded: valid input (the
// common case) builds no path strings at all.
type Path = string[];

const INDEX_SEGMENTS = Array.from({ length: 64 }, (_, i) => String(i + 1));

function indexSegment(i: number): string {
  return INDEX_SEGMENTS[i] ?? String(i + 1);
}

function violation(kind: ViolationKind, path: Path, value: unknown, sensitive: boolean, limit?: number | string | readonly string[]): Violation {
  return limit === undefined ? { kind, path: path.join('.'), value, sensitive } : { kind, path: path.join('.'), value, sensitive, limit };
}

function checkStructure(shape: StructureShape, value: Readonly<Record<string, unknown>>, path: Path, out: Violation[]): void {
  for (const { member, pathName: name } of compiledStructure(shape)) {
    const v = value[member.name];
    path.push(name);
    if (v === undefined || v === null) {
      if (member.required) out.push(violation('required', path, undefined, false));
    } else {
      checkValue(member.shape, v, path, out);
    }
    path.pop();
  }
}

function checkValue(shape: Shape, value: unknown, path: Path, out: Violation[]): void {
  switch (shape.type) {
    case 'string':
      if (typeof value === 'string') checkString(shape, value, path, out);
      return;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      if (typeof value === 'number') checkNumber(shape, value, path, out);
      return;
    case 'blob':
      if (value instanceof Uint8Array) checkLength(shape.min, shape.max, value.length, value, path, shape.sensitive, out);
      return;
    case 'boolean':
    case 'timestamp':
      return;
    case 'list':
      if (Array.isArray(value)) checkList(shape, value, path, out);
      return;
    case 'map':
      if (typeof value === 'object' && value !== null) checkMap(shape, value as Record<string, unknown>, path, out);
      return;
    case 'structure':
      if (typeof value === 'object' && value !== null) checkStructure(shape, value as Record<string, unknown>, path, out);
      return;
  }
}

function checkString(shape: StringShape, value: string, path: Path, out: Violation[]): void {
  const c = compiledString(shape);
  // AWS lists the pattern clause before the length clause most of the time (its order is not
  // stable); we keep that order.
  if (c.regex !== undefined && !c.regex.test(value)) {
    out.push(violation('pattern', path, value, shape.sensitive, shape.pattern));
  }
  if (shape.min !== undefined || shape.max !== undefined) {
    checkLength(shape.min, shape.max, codePointLength(value), value, path, shape.sensitive, out);
  }
  if (c.enumSet !== undefined && !c.enumSet.has(value)) {
    out.push(violation('enum', path, value, shape.sensitive, shape.enum));
  }
}

function checkLength(
  min: number | undefined,
  max: number | undefined,
  length: number,
  value: unknown,
  path: Path,
  sensitive: boolean,
  out: Violation[],
): void {
  if (min !== undefined && length < min) out.push(violation('minLength', path, value, sensitive, min));
  if (max !== undefined && length > max) out.push(violation('maxLength', path, value, sensitive, max));
}

function checkNumber(shape: NumberShape, value: number, path: Path, out: Violation[]): void {
  if (shape.min !== undefined && value < shape.min) out.push(violation('min', path, value, shape.sensitive, shape.min));
  if (shape.max !== undefined && value > shape.max) out.push(violation('max', path, value, shape.sensitive, shape.max));
}

function checkList(shape: ListShape, value: readonly unknown[], path: Path, out: Violation[]): void {
  checkLength(shape.min, shape.max, value.length, value, path, shape.sensitive, out);
  const item = shape.member.shape;
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (v === undefined || v === null) continue;
    path.push(indexSegment(i), 'member');
    checkValue(item, v, path, out);
    path.length -= 2;
  }
}

function checkMap(shape: MapShape, value: Readonly<Record<string, unknown>>, path: Path, out: Violation[]): void {
  const keys = Object.keys(value);
  checkLength(shape.min, shape.max, keys.length, value, path, shape.sensitive, out);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    path.push(indexSegment(i), 'key');
    checkValue(shape.key.shape, k, path, out);
    path[path.length - 1] = 'value';
    const v = value[k];
    if (v !== undefined && v !== null) checkValue(shape.value.shape, v, path, out);
    path.length -= 2;
  }
}

/** How a value reads inside a message: Java's rendering of strings, numbers and collections. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]`;
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${render(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

function constraint(v: Violation): string {
  switch (v.kind) {
    case 'required':
      return 'Member must not be null';
    case 'pattern':
      return `Member must satisfy regular expression pattern: ${String(v.limit)}`;
    case 'minLength':
      return `Member must have length greater than or equal to ${String(v.limit)}`;
    case 'maxLength':
      return `Member must have length less than or equal to ${String(v.limit)}`;
    case 'min':
      return `Member must have value greater than or equal to ${String(v.limit)}`;
    case 'max':
      return `Member must have value less than or equal to ${String(v.limit)}`;
    case 'enum':
      return `Member must satisfy enum value set: [${(v.limit as readonly string[]).join(', ')}]`;
  }
}

/**
 * One clause of Coral's message: "Value 'x' at 'userName' failed to satisfy constraint: ...".
 * A missing member reads "Value null"; a sensitive one shows no value ("Value at 'password'").
 */
export function formatViolation(v: Violation): string {
  const value = v.kind === 'required' ? 'Value null' : v.sensitive ? 'Value' : `Value '${render(v.value)}'`;
  return `${value} at '${v.path}' failed to satisfy constraint: ${constraint(v)}`;
}
