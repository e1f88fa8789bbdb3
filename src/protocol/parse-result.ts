// What the protocol readers hand to the server: the operation and its typed, validated input, or
// the protocol error to answer with (and the operation, when routing got that far).

import type { ProtocolError } from './errors.js';
import type { Operation } from './model.js';

export type ParseResult =
  | { readonly ok: true; readonly operation: Operation; readonly input: Record<string, unknown> }
  | { readonly ok: false; readonly error: ProtocolError; readonly operation?: Operation };
