// The one catalogue of protocol-level errors: what the wire layer itself answers before any
// operation runs (unknown action, malformed input, constraint violations, ...). The code, HTTP
// status, Sender/Receiver fault and the XML namespace family live here, not at the throw site;
// messages are worded as AWS words them (the comment on CATALOGUE says which were observed).
// Service errors (NoSuchEntity, EntityAlreadyExists, ...) are not protocol errors: their codes and
// statuses come from the service model's error shapes.

/** The namespace AWS's request-routing frontend uses for errors raised before an operation is found. */
export const AWS_FAULT_NAMESPACE = 'http://webservices.amazon.com/AWSFault/2005-15-09';

export type ProtocolErrorCode =
  | 'ValidationError'
  | 'InvalidAction'
  | 'MissingAction'
  | 'MalformedInput'
  | 'MalformedQueryString'
  | 'InvalidParameterValue'
  | 'MissingParameter'
  | 'UnknownOperationException'
  | 'SerializationException'
  | 'ValidationException'
  | 'InvalidInputException'
  | 'NotImplemented'
  | 'InternalFailure';

export type FaultType = 'Sender' | 'Receiver';

/** A protocol error as data: what the edge renders as XML or JSON. Never carries internals. */
export interface ProtocolError {
  readonly code: ProtocolErrorCode;
  readonly status: number;
  readonly type: FaultType;
  /** Absent where AWS sends no Message element at all (MalformedInput for a non-number). */
  readonly message?: string;
  /** Rendered in the AWSFault namespace instead of the service's (routing-level errors). */
  readonly awsFault: boolean;
  /** JSON services that carry a reason code with the error (Organizations' InvalidInputException). */
  readonly reason?: string;
  /** For a redirect (status 302): where to. The edge appends the request's query string on GET. */
  readonly location?: string;
}

export interface CatalogueEntry {
  readonly status: number;
  readonly type: FaultType;
  readonly awsFault: boolean;
}

// Sources: InvalidAction, MissingAction's redirect, MalformedInput and ValidationError were
// observed against live STS (an AWS-backed probe suite); ValidationError's message shape is also
// seen in countless IAM error reports. MalformedQueryString (404), MissingParameter and
// InvalidParameterValue are from AWS's common-errors list for query APIs. The JSON-protocol codes
// are Coral's framework errors; NotImplemented is ours (501, so no SDK retries it).
const CATALOGUE: { readonly [C in ProtocolErrorCode]: CatalogueEntry } = {
  ValidationError: { status: 400, type: 'Sender', awsFault: false },
  InvalidAction: { status: 400, type: 'Sender', awsFault: true },
  MissingAction: { status: 302, type: 'Sender', awsFault: true },
  MalformedInput: { status: 400, type: 'Sender', awsFault: false },
  MalformedQueryString: { status: 404, type: 'Sender', awsFault: true },
  InvalidParameterValue: { status: 400, type: 'Sender', awsFault: false },
  MissingParameter: { status: 400, type: 'Sender', awsFault: false },
  UnknownOperationException: { status: 400, type: 'Sender', awsFault: false },
  SerializationException: { status: 400, type: 'Sender', awsFault: false },
  ValidationException: { status: 400, type: 'Sender', awsFault: false },
  InvalidInputException: { status: 400, type: 'Sender', awsFault: false },
  NotImplemented: { status: 501, type: 'Receiver', awsFault: false },
  InternalFailure: { status: 500, type: 'Receiver', awsFault: false },
};

/** The catalogue entry of a code: its HTTP status, fault type and namespace family. */
export function errorInfo(code: ProtocolErrorCode): CatalogueEntry {
  return CATALOGUE[code];
}

function make(
  code: ProtocolErrorCode,
  message: string | undefined,
  extra?: { reason?: string; location?: string },
): ProtocolError {
  const e = CATALOGUE[code];
  return {
    code,
    status: e.status,
    type: e.type,
    awsFault: e.awsFault,
    ...(message !== undefined ? { message } : {}),
    ...(extra?.reason !== undefined ? { reason: extra.reason } : {}),
    ...(extra?.location !== undefined ? { location: extra.location } : {}),
  };
}

/** What AWS writes for the version when the request carries none. */
export const NO_VERSION_SPECIFIED = 'NO_VERSION_SPECIFIED';

/** Where AWS's query frontend sends a request without an Action (observed on STS; IAM shares it). */
export const MISSING_ACTION_LOCATION = 'https://aws.amazon.com/iam';

/** The message builders, one per error; the only way protocol/ creates a ProtocolError. */
export const protocolErrors = {
  /**
   * Coral's constraint-violation summary: "1 validation error detected: A" or
   * "N validation errors detected: A; B; C". Each entry is one "Value ... at '...' failed to
   * satisfy constraint: ..." clause.
   */
  validation(violations: readonly string[]): ProtocolError {
    const n = violations.length;
    const head = n === 1 ? '1 validation error detected: ' : `${n} validation errors detected: `;
    return make('ValidationError', head + violations.join('; '));
  },
  /** Unknown operation, or a wrong or missing Version: routing finds nothing either way. */
  invalidAction(action: string, version: string | undefined): ProtocolError {
    return make('InvalidAction', `Could not find operation ${action} for version ${version ?? NO_VERSION_SPECIFIED}`);
  },
  /** No Action parameter at all: AWS answers with a redirect to the IAM product page. */
  missingAction(): ProtocolError {
    return make('MissingAction', undefined, { location: MISSING_ACTION_LOCATION });
  },
  /**
   * A value that cannot be read as its type (a non-number for an integer, out of 32-bit range, a
   * decimal). AWS sends no Message then, except for an empty number: "missing value for decimal type".
   */
  malformedInput(empty: boolean): ProtocolError {
    return make('MalformedInput', empty ? 'missing value for decimal type' : undefined);
  },
  malformedQueryString(): ProtocolError {
    return make('MalformedQueryString', 'The query string contains a syntax error.');
  },
  /** For handlers that reject a value the model accepts. */
  invalidParameterValue(message: string): ProtocolError {
    return make('InvalidParameterValue', message);
  },
  missingParameter(parameter: string): ProtocolError {
    return make('MissingParameter', `The request must contain the parameter ${parameter}.`);
  },
  unknownOperation(): ProtocolError {
    return make('UnknownOperationException', undefined);
  },
  serialization(message?: string): ProtocolError {
    return make('SerializationException', message);
  },
  /** JSON services without their own validation error: Coral's ValidationException, same text. */
  validationException(violations: readonly string[]): ProtocolError {
    const n = violations.length;
    const head = n === 1 ? '1 validation error detected: ' : `${n} validation errors detected: `;
    return make('ValidationException', head + violations.join('; '));
  },
  /** Organizations' flavour: one reason code, a fixed sentence per reason. */
  invalidInput(reason: string, message: string): ProtocolError {
    return make('InvalidInputException', message, { reason });
  },
  notImplemented(operation: string): ProtocolError {
    return make('NotImplemented', `The operation ${operation} is not implemented yet.`);
  },
  /** Never with details: whatever went wrong stays in our logs. */
  internalFailure(): ProtocolError {
    return make('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');
  },
} as const;

export function isProtocolError(x: unknown): x is ProtocolError {
  if (typeof x !== 'object' || x === null) return false;
  const code = (x as { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(CATALOGUE, code) && typeof (x as { status?: unknown }).status === 'number';
}
