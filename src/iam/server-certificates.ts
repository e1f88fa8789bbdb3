// Server certificates: UploadServerCertificate, GetServerCertificate, UpdateServerCertificate,
// DeleteServerCertificate, ListServerCertificates, TagServerCertificate,
// UntagServerCertificate, ListServerCertificateTags. The body must be one certificate within
// its validity period, the private key must be its key, and the chain must run from the body's
// issuer upwards. The private key is sealed before the store sees it and never returned.
// Names are unique case-insensitively per account; at most 20 per account.

import { uniqueId } from '../lib/ids.js';
import type { SealingKey } from '../lib/sealing.js';
import { StoreConflict, StoreLimitExceeded } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { ServerCertificate } from '../store/types.js';
import { TAG_KEYS_IGNORE_CASE } from '../store/types.js';
import { serverCertificateArn } from './arns.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller, type Target } from './operation.js';
import { pageOrInvalidMarker, pageOutput, paging } from './paging.js';
import { checkTags, requestTagContext, resourceTagContext, tagOperations, tagShape, type TagInput } from './tags.js';
import { certificateMatchesKey, chainBreak, malformedCertificate, notAfter, parseCertificate, parseCertificates, parsePrivateKey, validityAt } from './x509.js';

export const MAX_SERVER_CERTIFICATES_PER_ACCOUNT = 20;

const tagOwner = (c: ServerCertificate) => ({ resourceType: 'server-certificate' as const, resourceKey: c.serverCertificateId });

/** The sealing context of a server certificate's private key: bound to its id. */
export function privateKeyContext(serverCertificateId: string): string {
  return `server-certificate-private-key:${serverCertificateId}`;
}

export function sealPrivateKey(sealing: SealingKey, serverCertificateId: string, privateKey: string): Uint8Array {
  return sealing.seal(privateKey, privateKeyContext(serverCertificateId));
}

/** The private key's PEM (for services that would terminate TLS with it); never an API answer. */
export function openPrivateKey(sealing: SealingKey, certificate: ServerCertificate): string | undefined {
  return sealing.open(certificate.privateKeyCiphertext, privateKeyContext(certificate.serverCertificateId))?.toString('utf8');
}

const noSuchCertificate = (name: string): IamError => new IamError('NoSuchEntity', `The Server Certificate with name ${name} cannot be found.`);
const certificateExists = (name: string): IamError => new IamError('EntityAlreadyExists', `The Server Certificate with name ${name} already exists.`);

async function namedCertificate(tx: StoreTx, caller: Caller, name: string): Promise<ServerCertificate> {
  const certificate = await tx.serverCertificates.get(caller.accountId, name);
  if (!certificate) throw noSuchCertificate(name);
  return certificate;
}

/** The certificate's ARN (with its real path when it exists) and its tags as aws:ResourceTag/*. */
async function certificateTarget(tx: StoreTx, caller: Caller, name: string): Promise<Target> {
  const certificate = await tx.serverCertificates.get(caller.accountId, name);
  if (!certificate) return { resource: serverCertificateArn(caller.partition, caller.accountId, '/', name) };
  const tags = await tx.tags.listAll(tagOwner(certificate));
  return { resource: certificate.arn, context: resourceTagContext(tags, { iamResourceTag: false }) };
}

export function metadataShape(certificate: ServerCertificate): Record<string, unknown> {
  return {
    Path: certificate.path,
    ServerCertificateName: certificate.name,
    ServerCertificateId: certificate.serverCertificateId,
    Arn: certificate.arn,
    UploadDate: certificate.uploadDate,
    Expiration: certificate.expiration,
  };
}

/** Checks body, key and chain as IAM does; returns the body's expiration. */
export function checkCertificateMaterial(body: string, privateKey: string, chain: string | undefined, now: Date): Date {
  const certificate = parseCertificate(body);
  // A certificate outside its validity period fails X.509 validation: MalformedCertificate.
  const validity = validityAt(certificate, now);
  if (validity === 'expired') throw malformedCertificate('The certificate has expired and cannot be uploaded.');
  if (validity === 'not-yet-valid') throw malformedCertificate('The certificate is not yet valid; its validity period begins in the future.');
  const key = parsePrivateKey(privateKey);
  if (!certificateMatchesKey(certificate, key)) {
    throw new IamError('KeyPairMismatch', 'The private key did not match the public key provided. Please verify the key material and try again.');
  }
  if (chain !== undefined) {
    let chainCertificates;
    try {
      chainCertificates = parseCertificates(chain);
    } catch {
      throw malformedCertificate('Unable to parse certificate chain. Please ensure the chain is a series of PEM-encoded certificates.');
    }
    const broken = chainBreak(certificate, chainCertificates);
    if (broken !== undefined) {
      throw malformedCertificate(
        `Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${broken}`,
      );
    }
  }
  return notAfter(certificate);
}

interface UploadInput {
  Path?: string;
  ServerCertificateName: string;
  CertificateBody: string;
  PrivateKey: string;
  CertificateChain?: string;
  Tags?: TagInput[];
}

export const uploadServerCertificate = defineOperation<UploadInput, Record<string, unknown>>({
  name: 'UploadServerCertificate',
  action: 'iam:UploadServerCertificate',
  writes: true,
  target: ({ input, caller }): Target => ({
    resource: serverCertificateArn(caller.partition, caller.accountId, input.Path ?? '/', input.ServerCertificateName),
    context: requestTagContext(input.Tags),
  }),
  async handle({ input, caller, tx, env }) {
    const path = input.Path ?? '/';
    const tags = checkTags(input.Tags);
    const now = env.clock.now();
    const expiration = checkCertificateMaterial(input.CertificateBody, input.PrivateKey, input.CertificateChain, now);
    const id = uniqueId('ASCA');
    const certificate: ServerCertificate = {
      accountId: caller.accountId,
      serverCertificateId: id,
      name: input.ServerCertificateName,
      path,
      arn: serverCertificateArn(caller.partition, caller.accountId, path, input.ServerCertificateName),
      body: input.CertificateBody,
      ...(input.CertificateChain !== undefined ? { chain: input.CertificateChain } : {}),
      privateKeyCiphertext: sealPrivateKey(env.sealing, id, input.PrivateKey),
      uploadDate: now,
      expiration,
    };
    try {
      await tx.serverCertificates.createWithLimit(certificate, MAX_SERVER_CERTIFICATES_PER_ACCOUNT);
    } catch (e) {
      if (e instanceof StoreConflict) throw certificateExists(input.ServerCertificateName);
      if (e instanceof StoreLimitExceeded) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for ServerCertificatesPerAccount: ${MAX_SERVER_CERTIFICATES_PER_ACCOUNT}`);
      }
      throw e;
    }
    if (tags.length > 0) await tx.tags.put(tagOwner(certificate), tags.map((t) => ({ key: t.Key, value: t.Value })));
    return { ServerCertificateMetadata: metadataShape(certificate), ...(tags.length > 0 ? { Tags: tags } : {}) };
  },
});

export const getServerCertificate = defineOperation<{ ServerCertificateName: string }, Record<string, unknown>>({
  name: 'GetServerCertificate',
  action: 'iam:GetServerCertificate',
  writes: false,
  target: ({ input, caller, tx }) => certificateTarget(tx, caller, input.ServerCertificateName),
  async handle({ input, caller, tx }) {
    const certificate = await namedCertificate(tx, caller, input.ServerCertificateName);
    const tags = await tx.tags.listAll(tagOwner(certificate));
    return {
      ServerCertificate: {
        ServerCertificateMetadata: metadataShape(certificate),
        CertificateBody: certificate.body,
        ...(certificate.chain !== undefined ? { CertificateChain: certificate.chain } : {}),
        ...(tags.length > 0 ? { Tags: tagShape(tags) } : {}),
      },
    };
  },
});

export const updateServerCertificate = defineOperation<
  { ServerCertificateName: string; NewPath?: string; NewServerCertificateName?: string },
  Record<string, unknown>
>({
  name: 'UpdateServerCertificate',
  action: 'iam:UpdateServerCertificate',
  writes: true,
  // The caller needs the permission on both the old and the new name (AWS's docs); the old one
  // is authorized here, the new one is the same account's resource.
  target: ({ input, caller, tx }) => certificateTarget(tx, caller, input.ServerCertificateName),
  async handle({ input, caller, tx }) {
    const certificate = await namedCertificate(tx, caller, input.ServerCertificateName);
    const name = input.NewServerCertificateName ?? certificate.name;
    const path = input.NewPath ?? certificate.path;
    try {
      await tx.serverCertificates.update(caller.accountId, certificate.name, {
        name,
        path,
        arn: serverCertificateArn(caller.partition, caller.accountId, path, name),
      });
    } catch (e) {
      if (e instanceof StoreConflict) throw certificateExists(name);
      throw e;
    }
    return undefined;
  },
});

export const deleteServerCertificate = defineOperation<{ ServerCertificateName: string }, Record<string, unknown>>({
  name: 'DeleteServerCertificate',
  action: 'iam:DeleteServerCertificate',
  writes: true,
  target: ({ input, caller, tx }) => certificateTarget(tx, caller, input.ServerCertificateName),
  async handle({ input, caller, tx }) {
    const certificate = await namedCertificate(tx, caller, input.ServerCertificateName);
    await tx.serverCertificates.delete(caller.accountId, certificate.name);
    return undefined;
  },
});

export const listServerCertificates = defineOperation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListServerCertificates',
  action: 'iam:ListServerCertificates',
  writes: false,
  // The action has no resource type (service authorization reference): it is authorized on '*'.
  target: () => ({ resource: '*' }),
  async handle({ input, caller, tx }) {
    const page = await pageOrInvalidMarker(() =>
      tx.serverCertificates.list(caller.accountId, { ...(input.PathPrefix !== undefined ? { pathPrefix: input.PathPrefix } : {}), ...paging(input) }),
    );
    return pageOutput('ServerCertificateMetadataList', page, metadataShape);
  },
});

export const [tagServerCertificate, untagServerCertificate, listServerCertificateTags] = tagOperations({
  entity: 'ServerCertificate',
  nameMember: 'ServerCertificateName',
  find: namedCertificate,
  target: certificateTarget,
  owner: tagOwner,
  keysIgnoreCase: TAG_KEYS_IGNORE_CASE['server-certificate'],
});

export const SERVER_CERTIFICATE_OPERATIONS = [
  uploadServerCertificate,
  getServerCertificate,
  updateServerCertificate,
  deleteServerCertificate,
  listServerCertificates,
  tagServerCertificate,
  untagServerCertificate,
  listServerCertificateTags,
];
