// Loads an AWS service model (botocore's JSON form) into typed, linked structures: shapes refer to
// their member shapes directly, operations are looked up by name (case-sensitive, as AWS routes
// them), and each structure knows its members in the model's order. Read once per model; the
// compiled validators hang off this object lazily (see validate.ts).

import { readFileSync } from 'node:fs';

export type Protocol = 'query' | 'json';

export interface ServiceMetadata {
  readonly apiVersion: string;
  readonly protocol: Protocol;
  readonly serviceId: string;
  readonly endpointPrefix: string;
  /** Query services: the xmlns of responses and service errors. */
  readonly xmlNamespace?: string;
  /** JSON services: X-Amz-Target is `${targetPrefix}.${operation}`. */
  readonly targetPrefix?: string;
  /** JSON services: "1.0" or "1.1" (the content type application/x-amz-json-<v>). */
  readonly jsonVersion?: string;
}

interface ShapeCommon {
  readonly name: string;
  /** Values never echoed in messages (passwords, secrets). */
  readonly sensitive: boolean;
}

export interface StringShape extends ShapeCommon {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
  /** The model's pattern as written (Java syntax); it is also what error messages print. */
  readonly pattern?: string;
  readonly enum?: readonly string[];
}

export interface NumberShape extends ShapeCommon {
  readonly type: 'integer' | 'long' | 'float' | 'double';
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanShape extends ShapeCommon {
  readonly type: 'boolean';
}

export interface TimestampShape extends ShapeCommon {
  readonly type: 'timestamp';
  readonly timestampFormat?: 'iso8601' | 'unixTimestamp' | 'rfc822';
}

export interface BlobShape extends ShapeCommon {
  readonly type: 'blob';
  readonly min?: number;
  readonly max?: number;
}

/** A reference to a shape with the serialization hints of the place it is used. */
export interface MemberRef {
  readonly shape: Shape;
  /** The wire name where it differs from the member name (query key, XML element, JSON key). */
  readonly locationName?: string;
  readonly flattened: boolean;
}

export interface ListShape extends ShapeCommon {
  readonly type: 'list';
  readonly member: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly flattened: boolean;
}

export interface MapShape extends ShapeCommon {
  readonly type: 'map';
  readonly key: MemberRef;
  readonly value: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly flattened: boolean;
}

export interface Member extends MemberRef {
  /** The member name as the model spells it (UpperCamel for these services). */
  readonly name: string;
  readonly required: boolean;
}

export interface ErrorTraits {
  readonly code: string;
  readonly httpStatusCode: number;
  readonly senderFault: boolean;
}

export interface StructureShape extends ShapeCommon {
  readonly type: 'structure';
  /** In the model's order. */
  readonly members: readonly Member[];
  readonly memberByName: ReadonlyMap<string, Member>;
  readonly exception: boolean;
  /** Query services declare the wire code and status of an exception shape. */
  readonly error?: ErrorTraits;
}

export type Shape =
  | StringShape
  | NumberShape
  | BooleanShape
  | TimestampShape
  | BlobShape
  | ListShape
  | MapShape
  | StructureShape;

export type ShapeType = Shape['type'];

export interface Operation {
  readonly name: string;
  readonly input?: StructureShape;
  readonly output?: StructureShape;
  /** Query services: the element that wraps the output (`CreateUserResult`). */
  readonly resultWrapper?: string;
  readonly errors: readonly StructureShape[];
  readonly http: { readonly method: string; readonly requestUri: string };
}

export interface ServiceModel {
  readonly metadata: ServiceMetadata;
  readonly operations: ReadonlyMap<string, Operation>;
  readonly shapes: ReadonlyMap<string, Shape>;
  /** The operation by its exact name, or undefined. */
  operation(name: string): Operation | undefined;
  /** A shape by name; a TypeError if the model has none (a bug in the caller). */
  shape(name: string): Shape;
}

/** Reads and links a model file. The file is read once; keep the result. */
export function loadServiceModel(path: string | URL): ServiceModel {
  return parseServiceModel(JSON.parse(readFileSync(path, 'utf8')) as unknown);
}

type Json = Record<string, unknown>;

function obj(x: unknown, where: string): Json {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new TypeError(`service model: ${where} is not an object`);
  return x as Json;
}

function str(x: unknown, where: string): string {
  if (typeof x !== 'string') throw new TypeError(`service model: ${where} is not a string`);
  return x;
}

function optStr(x: unknown, where: string): string | undefined {
  return x === undefined ? undefined : str(x, where);
}

function optNum(x: unknown, where: string): number | undefined {
  if (x === undefined) return undefined;
  if (typeof x !== 'number') throw new TypeError(`service model: ${where} is not a number`);
  return x;
}

function bool(x: unknown): boolean {
  return x === true;
}

function omitUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Builds the typed, linked model from the parsed JSON document. */
export function parseServiceModel(doc: unknown): ServiceModel {
  const root = obj(doc, 'the document');
  const meta = obj(root.metadata, 'metadata');
  const protocol = str(meta.protocol, 'metadata.protocol');
  if (protocol !== 'query' && protocol !== 'json') {
    throw new TypeError(`service model: protocol ${protocol} is not supported (query, json)`);
  }
  const metadata: ServiceMetadata = omitUndefined({
    apiVersion: str(meta.apiVersion, 'metadata.apiVersion'),
    protocol,
    serviceId: str(meta.serviceId, 'metadata.serviceId'),
    endpointPrefix: str(meta.endpointPrefix, 'metadata.endpointPrefix'),
    xmlNamespace: optStr(meta.xmlNamespace, 'metadata.xmlNamespace'),
    targetPrefix: optStr(meta.targetPrefix, 'metadata.targetPrefix'),
    jsonVersion: optStr(meta.jsonVersion, 'metadata.jsonVersion'),
  });

  const rawShapes = obj(root.shapes, 'shapes');
  const shapes = new Map<string, Shape>();

  // Pass 1: every shape object exists (members are linked in pass 2, so cycles are fine).
  type Mutable<T> = { -readonly [K in keyof T]: T[K] };
  const pending: (() => void)[] = [];
  for (const [name, raw] of Object.entries(rawShapes)) {
    const s = obj(raw, `shapes.${name}`);
    const type = str(s.type, `shapes.${name}.type`);
    const sensitive = bool(s.sensitive);
    const where = `shapes.${name}`;
    switch (type) {
      case 'string': {
        const e = s.enum;
        if (e !== undefined && !(Array.isArray(e) && e.every((v) => typeof v === 'string'))) {
          throw new TypeError(`service model: ${where}.enum is not a list of strings`);
        }
        shapes.set(
          name,
          omitUndefined<StringShape>({
            name,
            type,
            sensitive,
            min: optNum(s.min, `${where}.min`),
            max: optNum(s.max, `${where}.max`),
            pattern: optStr(s.pattern, `${where}.pattern`),
            enum: e,
          }),
        );
        break;
      }
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        shapes.set(name, omitUndefined<NumberShape>({ name, type, sensitive, min: optNum(s.min, `${where}.min`), max: optNum(s.max, `${where}.max`) }));
        break;
      case 'boolean':
        shapes.set(name, { name, type, sensitive });
        break;
      case 'timestamp': {
        const f = optStr(s.timestampFormat, `${where}.timestampFormat`);
        if (f !== undefined && f !== 'iso8601' && f !== 'unixTimestamp' && f !== 'rfc822') {
          throw new TypeError(`service model: ${where}.timestampFormat ${f} is unknown`);
        }
        shapes.set(name, omitUndefined<TimestampShape>({ name, type, sensitive, timestampFormat: f }));
        break;
      }
      case 'blob':
        shapes.set(name, omitUndefined<BlobShape>({ name, type, sensitive, min: optNum(s.min, `${where}.min`), max: optNum(s.max, `${where}.max`) }));
        break;
      case 'list': {
        const shape = omitUndefined({
          name,
          type,
          sensitive,
          min: optNum(s.min, `${where}.min`),
          max: optNum(s.max, `${where}.max`),
          flattened: bool(s.flattened),
        }) as Mutable<ListShape>;
        shapes.set(name, shape);
        pending.push(() => (shape.member = ref(s.member, `${where}.member`)));
        break;
      }
      case 'map': {
        const shape = omitUndefined({
          name,
          type,
          sensitive,
          min: optNum(s.min, `${where}.min`),
          max: optNum(s.max, `${where}.max`),
          flattened: bool(s.flattened),
        }) as Mutable<MapShape>;
        shapes.set(name, shape);
        pending.push(() => {
          shape.key = ref(s.key, `${where}.key`);
          shape.value = ref(s.value, `${where}.value`);
        });
        break;
      }
      case 'structure': {
        const rawError = s.error === undefined ? undefined : obj(s.error, `${where}.error`);
        const shape = omitUndefined({
          name,
          type,
          sensitive,
          members: [] as Member[],
          memberByName: new Map<string, Member>(),
          exception: bool(s.exception),
          error:
            rawError === undefined
              ? undefined
              : {
                  code: optStr(rawError.code, `${where}.error.code`) ?? name,
                  httpStatusCode: optNum(rawError.httpStatusCode, `${where}.error.httpStatusCode`) ?? 400,
                  senderFault: bool(rawError.senderFault),
                },
        }) as Mutable<StructureShape>;
        shapes.set(name, shape);
        pending.push(() => {
          const required = new Set<string>();
          if (s.required !== undefined) {
            if (!Array.isArray(s.required)) throw new TypeError(`service model: ${where}.required is not a list`);
            for (const r of s.required) required.add(str(r, `${where}.required[]`));
          }
          const members: Member[] = [];
          const byName = new Map<string, Member>();
          for (const [mName, mRaw] of Object.entries(obj(s.members ?? {}, `${where}.members`))) {
            const m: Member = { name: mName, required: required.has(mName), ...ref(mRaw, `${where}.members.${mName}`) };
            members.push(m);
            byName.set(mName, m);
          }
          for (const r of required) {
            if (!byName.has(r)) throw new TypeError(`service model: ${where} requires ${r}, which is not a member`);
          }
          shape.members = members;
          shape.memberByName = byName;
        });
        break;
      }
      default:
        throw new TypeError(`service model: ${where} has the unknown type ${type}`);
    }
  }

  function ref(raw: unknown, where: string): MemberRef {
    const r = obj(raw, where);
    const target = str(r.shape, `${where}.shape`);
    const shape = shapes.get(target);
    if (shape === undefined) throw new TypeError(`service model: ${where} refers to the unknown shape ${target}`);
    return omitUndefined<MemberRef>({
      shape,
      locationName: optStr(r.locationName, `${where}.locationName`),
      flattened: bool(r.flattened),
    });
  }

  for (const link of pending) link();

  function structure(raw: unknown, where: string): StructureShape {
    const name = str(obj(raw, where).shape, `${where}.shape`);
    const s = shapes.get(name);
    if (s === undefined || s.type !== 'structure') throw new TypeError(`service model: ${where} is not a structure shape`);
    return s;
  }

  const operations = new Map<string, Operation>();
  for (const [name, raw] of Object.entries(obj(root.operations, 'operations'))) {
    const o = obj(raw, `operations.${name}`);
    const where = `operations.${name}`;
    const http = obj(o.http ?? {}, `${where}.http`);
    const output = o.output === undefined ? undefined : obj(o.output, `${where}.output`);
    const errors = o.errors === undefined ? [] : o.errors;
    if (!Array.isArray(errors)) throw new TypeError(`service model: ${where}.errors is not a list`);
    operations.set(
      name,
      omitUndefined<Operation>({
        name,
        input: o.input === undefined ? undefined : structure(o.input, `${where}.input`),
        output: output === undefined ? undefined : structure(output, `${where}.output`),
        resultWrapper: output === undefined ? undefined : optStr(output.resultWrapper, `${where}.output.resultWrapper`),
        errors: errors.map((e, i) => structure(e, `${where}.errors[${i}]`)),
        http: { method: optStr(http.method, `${where}.http.method`) ?? 'POST', requestUri: optStr(http.requestUri, `${where}.http.requestUri`) ?? '/' },
      }),
    );
  }

  return {
    metadata,
    operations,
    shapes,
    operation: (name) => operations.get(name),
    shape(name) {
      const s = shapes.get(name);
      if (s === undefined) throw new TypeError(`service model ${metadata.serviceId} has no shape ${name}`);
      return s;
    },
  };
}

/** An operation given by name or already resolved; a TypeError for a name the model lacks. */
export function resolveOperation(model: ServiceModel, operation: Operation | string): Operation {
  if (typeof operation !== 'string') return operation;
  const op = model.operation(operation);
  if (op === undefined) throw new TypeError(`${model.metadata.serviceId} has no operation ${operation}`);
  return op;
}
