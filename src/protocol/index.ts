// The wire protocols' public surface: load a service model, read a request into an operation and
// its validated input, write a response or an error the way AWS does. Knows nothing of IAM.

export {
  loadServiceModel,
  parseServiceModel,
  resolveOperation,
  type BlobShape,
  type BooleanShape,
  type ErrorTraits,
  type ListShape,
  type MapShape,
  type Member,
  type MemberRef,
  type NumberShape,
  type Operation,
  type Protocol,
  type ServiceMetadata,
  type ServiceModel,
  type Shape,
  type ShapeType,
  type StringShape,
  type StructureShape,
  type TimestampShape,
} from './model.js';
export {
  AWS_FAULT_NAMESPACE,
  MISSING_ACTION_LOCATION,
  NO_VERSION_SPECIFIED,
  errorInfo,
  isProtocolError,
  protocolErrors,
  type CatalogueEntry,
  type FaultType,
  type ProtocolError,
  type ProtocolErrorCode,
} from './errors.js';
export type { ParseResult } from './parse-result.js';
export { decodeQueryString, parseQueryInput, type QueryParams } from './query.js';
export {
  QUERY_RESPONSE_CONTENT_TYPE,
  escapeXmlText,
  serializeQueryError,
  serializeQueryResponse,
  type QueryErrorLike,
} from './xml.js';
export { jsonContentType, parseJsonInput, serializeJsonError, serializeJsonResponse, type JsonErrorLike } from './json.js';
export { formatViolation, validateInput, type Violation, type ViolationKind } from './validate.js';
export { compileJavaPattern, codePointLength, translateJavaPattern, UnsupportedPatternError } from './pattern.js';
export { formatIsoSeconds, parseTimestamp } from './timestamp.js';
