// The AWS JSON 1.0/1.1 protocol (Organizations): X-Amz-Target + JSON body -> operation + typed
// input, and output/errors -> JSON text. The typed input is judged by validate.ts like the query
// protocol's; the verdict is rendered as the service renders it: a model that declares an
// InvalidInputException with a Reason (Organizations) gets that exception with the reason of the
// first violation, any other gets Coral's ValidationException with the full message.
// Timestamps travel as epoch seconds, blobs as base64.

import { Buffer } from 'node:buffer';
import { protocolErrors } from './errors.js';
import type { ProtocolError } from './errors.js';
import { resolveOperation } from './model.js';
import type { Member, Operation, ServiceModel, Shape, StructureShape } from './model.js';
import type { ParseResult } from './parse-result.js';
import { setOwn } from './own.js';
import { epochSeconds, parseTimestamp } from './timestamp.js';
import { formatViolation, validateInput } from './validate.js';
import type { Violation, ViolationKind } from './validate.js';

export function jsonContentType(model: ServiceModel): string {
  return `application/x-amz-json-${model.metadata.jsonVersion ?? '1.0'}`;
}

class Malformed extends Error {
  constructor(readonly error: ProtocolError) {
    super(error.code);
  }
}

/**
 * Routes and reads a JSON-protocol request. `target` is the X-Amz-Target header
 * (`AWSOrganizationsV20161128.CreateAccount`); an empty body reads as `{}`.
 */
export function parseJsonInput(model: ServiceModel, target: string | undefined, body: string | Uint8Array): ParseResult {
  const prefix = model.metadata.targetPrefix;
  if (prefix === undefined) throw new TypeError(`${model.metadata.serviceId} is not a JSON service`);
  if (target === undefined || !target.startsWith(`${prefix}.`)) return { ok: false, error: protocolErrors.unknownOperation() };
  const operation = model.operation(target.slice(prefix.length + 1));
  if (operation === undefined) return { ok: false, error: protocolErrors.unknownOperation() };

  const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  let doc: unknown = {};
  if (text.trim() !== '') {
    try {
      doc = JSON.parse(text) as unknown;
    } catch {
      return { ok: false, error: protocolErrors.serialization(), operation };
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, error: protocolErrors.serialization(unexpected(doc, 'structure')), operation };
  }
  const shape = operation.input;
  if (shape === undefined) return { ok: true, operation, input: {} };
  let input: Record<string, unknown>;
  try {
    input = readStructure(shape, doc as Record<string, unknown>);
  } catch (e) {
    if (e instanceof Malformed) return { ok: false, error: e.error, operation };
    throw e;
  }
  const violations = validateInput(shape, input);
  if (violations.length > 0) return { ok: false, error: validationError(model, violations), operation };
  return { ok: true, operation, input };
}

// -- validation verdicts ------------------------------------------------------------------------

/** Organizations' InvalidInputException reasons, and the sentence it sends with each. */
const REASONS: Readonly<Record<ViolationKind, readonly [string, string]>> = {
  required: ['INPUT_REQUIRED', 'You must specify a value for all required parameters.'],
  pattern: ['INVALID_PATTERN', 'You provided a value that does not match the required pattern.'],
  minLength: ['MIN_LENGTH_EXCEEDED', 'You provided a string parameter that is shorter than allowed.'],
  maxLength: ['MAX_LENGTH_EXCEEDED', 'You provided a string parameter that is longer than allowed.'],
  min: ['MIN_VALUE_EXCEEDED', 'You provided a numeric parameter that has a smaller value than allowed.'],
  max: ['MAX_VALUE_EXCEEDED', 'You provided a value that exceeds the maximum allowed.'],
  enum: ['INVALID_ENUM', 'You specified an invalid value.'],
};

const reasonStyle = new WeakMap<ServiceModel, boolean>();

/** Does the service report constraint violations as InvalidInputException + Reason? */
function usesInvalidInputReasons(model: ServiceModel): boolean {
  let yes = reasonStyle.get(model);
  if (yes === undefined) {
    const s = model.shapes.get('InvalidInputException');
    const reason = s?.type === 'structure' ? s.memberByName.get('Reason')?.shape : undefined;
    yes = reason?.type === 'string' && reason.enum?.includes('INVALID_PATTERN') === true;
    reasonStyle.set(model, yes);
  }
  return yes;
}

function validationError(model: ServiceModel, violations: readonly Violation[]): ProtocolError {
  if (usesInvalidInputReasons(model)) {
    const [reason, message] = REASONS[violations[0]!.kind];
    return protocolErrors.invalidInput(reason, message);
  }
  return protocolErrors.validationException(violations.map(formatViolation));
}

// -- the reader: JSON value + shape -> typed value ------------------------------------------------

/** Coral's SerializationException wording for a JSON token where another type was expected. */
function unexpected(v: unknown, expected: Shape['type']): string {
  if (Array.isArray(v)) return 'Start of list found where not expected';
  if (typeof v === 'object' && v !== null) return 'Start of structure or map found where not expected.';
  const token = typeof v === 'string' ? 'STRING_VALUE' : typeof v === 'number' ? 'NUMBER_VALUE' : v === true ? 'TRUE_VALUE' : 'FALSE_VALUE';
  const type =
    expected === 'string'
      ? 'String'
      : expected === 'integer'
        ? 'Integer'
        : expected === 'long'
          ? 'Long'
          : expected === 'boolean'
            ? 'Boolean'
            : expected === 'timestamp'
              ? 'Date'
              : expected === 'blob'
                ? 'ByteBuffer'
                : expected === 'float' || expected === 'double'
                  ? 'Double'
                  : 'Structure';
  return `${token} can not be converted to ${type === 'Integer' ? 'an Integer' : `a ${type}`}`;
}

function fail(v: unknown, expected: Shape['type']): never {
  throw new Malformed(protocolErrors.serialization(unexpected(v, expected)));
}

const keyNames = new WeakMap<StructureShape, readonly (readonly [Member, string])[]>();

function memberKeys(shape: StructureShape): readonly (readonly [Member, string])[] {
  let k = keyNames.get(shape);
  if (k === undefined) {
    k = shape.members.map((m) => [m, m.locationName ?? m.name] as const);
    keyNames.set(shape, k);
  }
  return k;
}

function readStructure(shape: StructureShape, doc: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [member, key] of memberKeys(shape)) {
    if (!Object.hasOwn(doc, key)) continue;
    const v = doc[key];
    if (v === null || v === undefined) continue;
    out[member.name] = readValue(member.shape, v);
  }
  return out;
}

function readValue(shape: Shape, v: unknown): unknown {
  switch (shape.type) {
    case 'structure':
      if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(v, 'structure');
      return readStructure(shape, v as Record<string, unknown>);
    case 'list': {
      if (!Array.isArray(v)) fail(v, 'list');
      const out: unknown[] = [];
      for (const x of v as unknown[]) if (x !== null && x !== undefined) out.push(readValue(shape.member.shape, x));
      return out;
    }
    case 'map': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(v, 'map');
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x !== null && x !== undefined) setOwn(out, k, readValue(shape.value.shape, x));
      }
      return out;
    }
    case 'string':
      if (typeof v !== 'string') fail(v, 'string');
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') fail(v, 'boolean');
      return v;
    case 'integer':
    case 'long': {
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(v, shape.type);
      // Coral reads JSON numbers as truncating big numbers: 1.9 is 1 for an integer member.
      const n = Math.trunc(v);
      const [lo, hi] = shape.type === 'integer' ? [-2147483648, 2147483647] : [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
      if (n < lo || n > hi) fail(v, shape.type);
      return n;
    }
    case 'float':
    case 'double':
      if (typeof v !== 'number') fail(v, shape.type);
      return v;
    case 'timestamp':
      if (typeof v === 'number' && Number.isFinite(v)) return new Date(v * 1000);
      if (typeof v === 'string') return parseTimestamp(v) ?? fail(v, 'timestamp');
      return fail(v, 'timestamp');
    case 'blob':
      if (typeof v !== 'string') fail(v, 'blob');
      return new Uint8Array(Buffer.from(v, 'base64'));
  }
}

// -- output ---------------------------------------------------------------------------------------

function writeValue(shape: Shape, v: unknown): unknown {
  switch (shape.type) {
    case 'structure':
      return writeStructure(shape, v);
    case 'list':
      if (!Array.isArray(v)) throw new TypeError(`output for ${shape.name} must be an array`);
      return v.filter((x) => x !== undefined && x !== null).map((x) => writeValue(shape.member.shape, x));
    case 'map': {
      const entries =
        v instanceof Map
          ? [...(v as Map<unknown, unknown>)].map(([k, x]) => [String(k), x] as const)
          : typeof v === 'object' && v !== null && !Array.isArray(v)
            ? Object.entries(v)
            : undefined;
      if (entries === undefined) throw new TypeError(`output for ${shape.name} must be a Map or an object`);
      const out: Record<string, unknown> = {};
      for (const [k, x] of entries) if (x !== undefined && x !== null) setOwn(out, k, writeValue(shape.value.shape, x));
      return out;
    }
    case 'timestamp':
      return epochSeconds(v);
    case 'blob':
      if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
      if (typeof v === 'string') return Buffer.from(v, 'utf8').toString('base64');
      throw new TypeError(`output for ${shape.name} must be bytes`);
    case 'string':
      if (typeof v !== 'string') throw new TypeError(`output for ${shape.name} must be a string`);
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw new TypeError(`output for ${shape.name} must be a boolean`);
      return v;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      if (typeof v !== 'number') throw new TypeError(`output for ${shape.name} must be a number`);
      return v;
  }
}

function writeStructure(shape: StructureShape, v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError(`output for ${shape.name} must be an object`);
  const record = v as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const [member, key] of memberKeys(shape)) {
    const x = record[member.name];
    if (x !== undefined && x !== null) out[key] = writeValue(member.shape, x);
  }
  return out;
}

/** The JSON body of a successful response: `{}` for an operation without output. */
export function serializeJsonResponse(
  model: ServiceModel,
  operation: Operation | string,
  output: Readonly<Record<string, unknown>> | undefined,
): string {
  const op = resolveOperation(model, operation);
  if (op.output === undefined || output === undefined) return '{}';
  return JSON.stringify(writeStructure(op.output, output));
}

/** What a JSON error needs: protocol errors and service errors (with their extra members) alike. */
export interface JsonErrorLike {
  readonly code: string;
  readonly message?: string | undefined;
  /** InvalidInputException's and ConstraintViolationException's Reason. */
  readonly reason?: string | undefined;
}

/**
 * The JSON body of an error: `{"__type": code, "Message": ...}`. The message key is spelled as the
 * model's error shape spells its member (Organizations: "Message"), else "message"; the SDKs read
 * either. The edge also sends the code in the x-amzn-ErrorType header.
 */
export function serializeJsonError(model: ServiceModel, error: JsonErrorLike): string {
  const shape = model.shapes.get(error.code);
  const members = shape?.type === 'structure' ? shape.memberByName : undefined;
  const body: Record<string, string> = { __type: error.code };
  if (error.message !== undefined) body[members?.has('Message') === true ? 'Message' : 'message'] = error.message;
  if (error.reason !== undefined) body[members?.has('reason') === true ? 'reason' : 'Reason'] = error.reason;
  return JSON.stringify(body);
}
