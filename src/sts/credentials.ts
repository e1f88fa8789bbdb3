// The parts every credential-issuing STS operation shares: new ASIA keys sealed into a token,
// session policies (inline and managed) checked as AWS checks them, session tags, the packed size
// of policies and tags (PackedPolicyTooLarge), and MFA codes.

import { deflateRawSync } from 'node:zlib';
import { accessKeyId, secretAccessKey } from '../lib/ids.js';
import { validatePolicy } from '../policy/validate.js';
import type { ContextValue } from '../policy/context.js';
import { IamError } from '../iam/errors.js';
import type { IamEnv, SessionClaims } from '../iam/operation.js';
import type { StoreTx } from '../store/port.js';
import { verifyMfaCode } from '../iam/mfa.js';

export interface TagInput {
  Key: string;
  Value: string;
}

export interface PolicyArnInput {
  arn?: string;
}

export const MAX_SESSION_TAGS = 50;
export const MAX_POLICY_ARNS = 10;

/** Issues the credentials of a new session: the claims sealed into its token. */
export function issue(env: IamEnv, claims: Omit<SessionClaims, 'akid' | 'secret'>): { claims: SessionClaims; credentials: Record<string, unknown> } {
  if (!env.sessionTokens) throw new TypeError('the server has no session token sealer');
  const full: SessionClaims = { ...claims, akid: accessKeyId(true, claims.account), secret: secretAccessKey() };
  return {
    claims: full,
    credentials: {
      AccessKeyId: full.akid,
      SecretAccessKey: full.secret,
      SessionToken: env.sessionTokens.seal(full),
      Expiration: new Date(full.expiresAt),
    },
  };
}

/** Checks an inline session policy as AWS does (MalformedPolicyDocument with AWS's message). */
export function checkSessionPolicy(text: string | undefined): void {
  if (text === undefined) return;
  const result = validatePolicy(text, { type: 'session', inline: true });
  if (!result.ok) {
    const first = result.errors[0];
    throw new IamError('MalformedPolicyDocument', first?.message ?? 'Syntax errors in policy.');
  }
}

/** The managed policy ARNs of PolicyArns, checked for form. */
export function policyArns(input: readonly PolicyArnInput[] | undefined): string[] {
  const arns = (input ?? []).map((p) => p.arn ?? '');
  for (const arn of arns) {
    if (!/^arn:[\w-]+:iam::(\d{12}|aws):policy\/.+/.test(arn)) {
      throw new IamError('InvalidInput', `Invalid ARN: ${arn} is not a valid managed policy ARN.`);
    }
  }
  return arns;
}

/**
 * Session tags: at most 50, keys unique ignoring case, transitive keys among them. Returns the
 * tags as pairs.
 */
export function sessionTags(tags: readonly TagInput[] | undefined, transitive: readonly string[] | undefined): Array<[string, string]> {
  const list = tags ?? [];
  if (list.length > MAX_SESSION_TAGS) {
    throw new IamError('ValidationError', `1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to ${MAX_SESSION_TAGS}`);
  }
  const seen = new Set<string>();
  for (const t of list) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw new IamError('InvalidParameterValue', `Duplicate tag keys found. Please note that Tag keys are case insensitive.`);
    seen.add(k);
  }
  for (const k of transitive ?? []) {
    if (!seen.has(k.toLowerCase())) {
      throw new IamError('InvalidParameterValue', `The specified transitive tag key must be included in the requested tags.`);
    }
  }
  return list.map((t) => [t.Key, t.Value]);
}

/** aws:RequestTag/* and aws:TagKeys for the tags a session is asked to carry. */
export function sessionTagContext(tags: ReadonlyArray<readonly [string, string]>): Array<readonly [string, ContextValue]> {
  if (tags.length === 0) return [];
  return [...tags.map(([k, v]) => [`aws:RequestTag/${k}`, v] as const), ['aws:TagKeys', tags.map(([k]) => k)] as const];
}

/**
 * AWS packs session policies and tags into a compressed binary form with a fixed allowance and
 * reports the share used (PackedPolicySize, a percentage). Its format is not public: this packs
 * the same content (policy text without white space, managed ARNs, tags) with DEFLATE against an
 * allowance of 2,048 bytes, which a full-size inline policy with a handful of tags stays within
 * and 50 long tags exceed, as on AWS.
 */
export function packedPolicySize(policy: string | undefined, arns: readonly string[], tags: ReadonlyArray<readonly [string, string]>): number {
  const compact = policy === undefined ? '' : compactJson(policy);
  const packed = deflateRawSync(Buffer.from(JSON.stringify([compact, arns, tags]), 'utf8')).length;
  return Math.ceil((packed * 100) / PACKED_ALLOWANCE);
}

const PACKED_ALLOWANCE = 2048;

function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

export function checkPackedSize(percent: number): void {
  if (percent > 100) throw new IamError('PackedPolicyTooLarge', `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`);
}

/**
 * Verifies an MFA code for the caller (SerialNumber + TokenCode); undefined when none was given.
 * A wrong, replayed or foreign code is AccessDenied with AWS's message.
 */
export async function checkMfa(
  tx: StoreTx,
  env: IamEnv,
  accountId: string,
  serialNumber: string | undefined,
  code: string | undefined,
  userId: string | undefined,
): Promise<number | undefined> {
  if (serialNumber === undefined && code === undefined) return undefined;
  if (serialNumber === undefined || code === undefined) {
    throw new IamError('ValidationError', 'Both SerialNumber and TokenCode must be given for MFA.');
  }
  const result = await verifyMfaCode(tx, env, accountId, serialNumber, code, userId);
  if (!result.ok) throw new IamError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
  return env.clock.now().getTime();
}
