// The plain records sigv4/ works on: the request as received, the credential lookup port, the
// verification options and results. Nothing here knows of IAM.
import type { LookupErrorCode, SigV4Error } from './errors.js';

/** An HTTP request as it arrived, before any parsing by the protocol layer. */
export interface SignedRequest {
  readonly method: string;
  /** The raw path, as on the wire (percent-encoding untouched), without the query. */
  readonly path: string;
  /** The raw query string, without the leading `?`. */
  readonly query: string;
  /**
   * Header names in lower case; a repeated header as an array of its values, in the order
   * received (e.g. Node's `req.headersDistinct`). Undefined entries are ignored.
   */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Uint8Array;
}

/** The secret a verified signature must have been made with. */
export interface Credential {
  readonly secretAccessKey: string;
  /**
   * Signing keys derived from this secret, by scope, kept by the caller along with the credential
   * (a long-lived caller's requests then skip hashing its secret to find them in the shared
   * cache). Verification fills it; absent: the shared cache (VerifyOptions.signingKeyCache).
   */
  readonly signingKeys?: Map<string, Buffer>;
}

/** A lookup that found no usable credential; `message` defaults to AWS's wording for `error`. */
export interface LookupFailure {
  readonly error: LookupErrorCode;
  readonly message?: string;
}

/**
 * Resolves the secret for an access key id and the session token sent with it (if any). It owns
 * every decision about keys and tokens: unknown or inactive keys, tokens that do not belong to the
 * key, expired sessions. A rejection (a thrown error) is treated as our own failure and propagates.
 * It may answer at once (a credential it remembers) or with a promise.
 */
export type CredentialLookup = (
  accessKeyId: string,
  sessionToken: string | undefined,
) => Credential | LookupFailure | Promise<Credential | LookupFailure>;

/** Where derived signing keys come from; SigningKeyCache is the implementation. */
export interface SigningKeyStore {
  get(secretAccessKey: string, date: string, region: string, service: string): Buffer;
}

export interface VerifyOptions {
  /** The server's clock. */
  readonly now: Date;
  /** Allowed clock skew in either direction; default 15 minutes, as AWS. */
  readonly maxSkewMs?: number;
  readonly lookup: CredentialLookup;
  /** Accept `x-amz-content-sha256: UNSIGNED-PAYLOAD`; default false (the body is always hashed). */
  readonly allowUnsignedPayload?: boolean;
  /** Service names the credential scope may name (e.g. ['iam']); default: any. */
  readonly expectedService?: readonly string[];
  /**
   * Normalize the path (remove `.`/`..` segments, collapse `//`) before encoding it; default true,
   * as every service except S3 does.
   */
  readonly normalizePath?: boolean;
  /**
   * Honour X-Amz-Expires on presigned requests as S3 does (0..604800 seconds, then RequestExpired).
   * Default false: IAM and STS ignore X-Amz-Expires and apply the same skew window as to headers.
   */
  readonly enforcePresignExpiry?: boolean;
  /** Where derived signing keys are kept; default a process-wide cache. */
  readonly signingKeyCache?: SigningKeyStore;
}

export type VerifyResult =
  | {
      readonly ok: true;
      readonly accessKeyId: string;
      readonly region: string;
      readonly service: string;
      readonly sessionToken?: string;
      readonly presigned: boolean;
      readonly signedAt: Date;
      /** Lower-case names of the headers the signature covers. */
      readonly signedHeaders: readonly string[];
    }
  | { readonly ok: false; readonly error: SigV4Error };

/** What a request claims, before any cryptography: which key, which scope. */
export interface ClaimedAuthorization {
  readonly accessKeyId: string;
  /** The credential scope date, YYYYMMDD as sent (not yet checked against the request date). */
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
  readonly presigned: boolean;
  readonly sessionToken?: string;
  readonly signedHeaders: readonly string[];
}
