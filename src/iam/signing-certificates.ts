// X.509 signing certificates of users: UploadSigningCertificate, UpdateSigningCertificate,
// DeleteSigningCertificate, ListSigningCertificates. Without UserName a call is about the
// calling user (or the root user). A user has at most two; the same certificate (by its DER)
// is held once per account; a certificate outside its validity period is refused.

import { randomInt } from 'node:crypto';
import { StoreConflict, StoreLimitExceeded } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { SigningCertificate } from '../store/types.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller } from './operation.js';
import { namedUser, userTarget } from './users.js';
import { fingerprint, parseCertificate, validityAt } from './x509.js';

export const MAX_SIGNING_CERTIFICATES_PER_USER = 2;

const UPPER_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Upper-case letters and digits from the CSPRNG (signing certificate ids, SAML key ids). */
export function upperAlphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += UPPER_ALPHANUMERIC[randomInt(UPPER_ALPHANUMERIC.length)];
  return out;
}

/** A signing certificate id as AWS forms them: 32 upper-case letters and digits. */
export function signingCertificateId(): string {
  return upperAlphanumeric(32);
}

/** Whose certificates a call is about: a named user, the calling user, or the root user (null). */
async function certificateOwner(tx: StoreTx, caller: Caller, userName: string | undefined): Promise<string | null> {
  if (userName !== undefined) return (await namedUser(tx, caller, userName)).name;
  if (caller.user) return caller.user.name;
  if (caller.principal.type === 'root') return null;
  throw new IamError('ValidationError', 'Must specify userName when calling with non-User credentials');
}

const noSuchCertificate = (id: string): IamError => new IamError('NoSuchEntity', `The Certificate with id ${id} cannot be found.`);

function certificateShape(certificate: SigningCertificate): Record<string, unknown> {
  return {
    ...(certificate.userName !== null ? { UserName: certificate.userName } : {}),
    CertificateId: certificate.certificateId,
    CertificateBody: certificate.body,
    Status: certificate.status,
    UploadDate: certificate.uploadDate,
  };
}

export const uploadSigningCertificate = defineOperation<{ UserName?: string; CertificateBody: string }, Record<string, unknown>>({
  name: 'UploadSigningCertificate',
  action: 'iam:UploadSigningCertificate',
  writes: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx, env }) {
    const owner = await certificateOwner(tx, caller, input.UserName);
    const x509 = parseCertificate(input.CertificateBody);
    const validity = validityAt(x509, env.clock.now());
    if (validity !== 'valid') {
      throw new IamError('InvalidCertificate', validity === 'expired' ? 'The certificate has expired.' : 'The certificate is not yet valid.');
    }
    const certificate: SigningCertificate = {
      accountId: caller.accountId,
      certificateId: signingCertificateId(),
      userName: owner,
      body: input.CertificateBody,
      fingerprint: fingerprint(x509),
      status: 'Active',
      uploadDate: env.clock.now(),
    };
    try {
      await tx.signingCertificates.createWithLimit(certificate, MAX_SIGNING_CERTIFICATES_PER_USER);
    } catch (e) {
      if (e instanceof StoreLimitExceeded) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for CertificatesPerUser: ${MAX_SIGNING_CERTIFICATES_PER_USER}`);
      }
      if (e instanceof StoreConflict) throw new IamError('DuplicateCertificate', 'The same certificate is associated with an IAM user in the account.');
      throw e;
    }
    return { Certificate: certificateShape(certificate) };
  },
});

/** The certificate named by the call, which must belong to the owner the call is about. */
async function ownedCertificate(tx: StoreTx, caller: Caller, userName: string | undefined, id: string): Promise<SigningCertificate> {
  const owner = await certificateOwner(tx, caller, userName);
  const certificate = await tx.signingCertificates.get(id);
  if (!certificate || certificate.accountId !== caller.accountId || certificate.userName?.toLowerCase() !== owner?.toLowerCase()) {
    throw noSuchCertificate(id);
  }
  return certificate;
}

export const updateSigningCertificate = defineOperation<
  { UserName?: string; CertificateId: string; Status: 'Active' | 'Inactive' | 'Expired' },
  Record<string, unknown>
>({
  name: 'UpdateSigningCertificate',
  action: 'iam:UpdateSigningCertificate',
  writes: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const certificate = await ownedCertificate(tx, caller, input.UserName, input.CertificateId);
    // 'Expired' is a state the certificate reaches, not one a caller sets.
    if (input.Status !== 'Active' && input.Status !== 'Inactive') {
      throw new IamError('InvalidInput', `Invalid status ${input.Status}: a signing certificate can only be made Active or Inactive.`);
    }
    await tx.signingCertificates.setStatus(certificate.certificateId, input.Status);
    return undefined;
  },
});

export const deleteSigningCertificate = defineOperation<{ UserName?: string; CertificateId: string }, Record<string, unknown>>({
  name: 'DeleteSigningCertificate',
  action: 'iam:DeleteSigningCertificate',
  writes: true,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const certificate = await ownedCertificate(tx, caller, input.UserName, input.CertificateId);
    await tx.signingCertificates.delete(certificate.certificateId);
    return undefined;
  },
});

export const listSigningCertificates = defineOperation<{ UserName?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListSigningCertificates',
  action: 'iam:ListSigningCertificates',
  writes: false,
  target: ({ input, caller, tx }) => userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx }) {
    const owner = await certificateOwner(tx, caller, input.UserName);
    const certificates = await tx.signingCertificates.listForUser(caller.accountId, owner);
    // A user has at most two: one list always holds them, so the marker is an index.
    const start = input.Marker !== undefined ? Number.parseInt(input.Marker, 10) : 0;
    if (!/^\d+$/.test(input.Marker ?? '0') || start > certificates.length) throw new IamError('InvalidInput', 'Invalid Marker.');
    const max = input.MaxItems ?? 100;
    const truncated = start + max < certificates.length;
    return {
      Certificates: certificates.slice(start, start + max).map(certificateShape),
      IsTruncated: truncated,
      ...(truncated ? { Marker: String(start + max) } : {}),
    };
  },
});

export const SIGNING_CERTIFICATE_OPERATIONS = [uploadSigningCertificate, updateSigningCertificate, deleteSigningCertificate, listSigningCertificates];
