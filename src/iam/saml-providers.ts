// SAML 2.0 identity providers: CreateSAMLProvider, GetSAMLProvider, UpdateSAMLProvider,
// DeleteSAMLProvider, ListSAMLProviders, TagSAMLProvider, UntagSAMLProvider,
// ListSAMLProviderTags. The metadata document must be SAML 2.0 metadata of an identity
// provider: an md:EntityDescriptor with an entityID and an md:IDPSSODescriptor for the SAML 2.0
// protocol carrying at least one signing certificate. Assertion encryption (AssertionEncryptionMode,
// AddPrivateKey, RemovePrivateKey) keeps at most two private keys, sealed, never returned.
// findSamlProvider is what AssumeRoleWithSAML looks up.

import type { X509Certificate } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { SealingKey } from '../lib/sealing.js';
import { StoreConflict, StoreLimitExceeded } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { SamlPrivateKey, SamlProvider } from '../store/types.js';
import { TAG_KEYS_IGNORE_CASE } from '../store/types.js';
import { samlProviderArn } from './arns.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller, type Target } from './operation.js';
import { upperAlphanumeric } from './signing-certificates.js';
import { checkTags, requestTagContext, resourceTagContext, tagOperations, tagShape, type TagInput } from './tags.js';
import { certificateFromBase64, parsePrivateKey } from './x509.js';

export const MAX_SAML_PROVIDERS_PER_ACCOUNT = 100;
export const MAX_SAML_PRIVATE_KEYS = 2;
/** Metadata without a validUntil stays valid this long after it is uploaded. */
export const DEFAULT_VALIDITY_YEARS = 100;

const METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const SAML2_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';

const tagOwner = (p: SamlProvider) => ({ resourceType: 'saml-provider' as const, resourceKey: p.providerId });

const couldNotParse = (): IamError => new IamError('InvalidInput', 'Could not parse metadata');
const noSuchProvider = (arn: string): IamError => new IamError('NoSuchEntity', `Manifest not found for arn ${arn}`);

/** What the rest of Tessera needs of an identity provider's metadata. */
export interface SamlMetadata {
  readonly entityId: string;
  readonly validUntil?: Date;
  /** The IdP's signing certificates (KeyDescriptor use="signing" or without a use). */
  readonly signingCertificates: readonly X509Certificate[];
  /** SingleSignOnService locations. */
  readonly singleSignOnServices: readonly string[];
}

// ---- metadata parsing ---------------------------------------------------------------------

type XmlNode = Record<string, unknown>;
interface Scoped {
  node: XmlNode;
  ns: ReadonlyMap<string, string>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});

/** The namespace scope inside an element: its parent's, plus its own xmlns declarations. */
function scopeOf(node: XmlNode, parent: ReadonlyMap<string, string>): Map<string, string> {
  const ns = new Map(parent);
  for (const [key, value] of Object.entries(node)) {
    if (key === '@_xmlns' && typeof value === 'string') ns.set('', value);
    else if (key.startsWith('@_xmlns:') && typeof value === 'string') ns.set(key.slice('@_xmlns:'.length), value);
  }
  return ns;
}

function splitName(qname: string): [prefix: string, local: string] {
  const colon = qname.indexOf(':');
  return colon === -1 ? ['', qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}

/** The element children of `parent` named {namespace}local, each with its scope. */
function childElements(parent: Scoped, namespace: string, local: string): Scoped[] {
  const found: Scoped[] = [];
  for (const [key, value] of Object.entries(parent.node)) {
    if (key.startsWith('@_') || key === '#text') continue;
    const [prefix, name] = splitName(key);
    if (name !== local) continue;
    const items: unknown[] = Array.isArray(value) ? (value as unknown[]) : [value];
    for (const item of items) {
      const node: XmlNode = typeof item === 'object' && item !== null ? (item as XmlNode) : { '#text': item };
      const ns = scopeOf(node, parent.ns);
      if (ns.get(prefix) === namespace) found.push({ node, ns });
    }
  }
  return found;
}

function attribute(element: Scoped, name: string): string | undefined {
  const value = element.node[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

function text(element: Scoped): string {
  const value = element.node['#text'];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** An xs:dateTime; undefined when it is not one. */
function parseDateTime(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(value)) return undefined;
  const date = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Parses and validates SAML 2.0 IdP metadata, or InvalidInput "Could not parse metadata". */
export function parseSamlMetadata(document: string): SamlMetadata {
  // No DTDs: metadata never needs one, and entity expansion is an attack surface.
  if (/<!DOCTYPE/i.test(document) || XMLValidator.validate(document) !== true) throw couldNotParse();
  let tree: XmlNode;
  try {
    tree = parser.parse(document) as XmlNode;
  } catch {
    throw couldNotParse();
  }
  const root: Scoped = { node: tree, ns: new Map() };
  const entities = childElements(root, METADATA_NS, 'EntityDescriptor');
  if (entities.length !== 1) throw couldNotParse();
  const entity = entities[0]!;
  const entityId = attribute(entity, 'entityID');
  if (!entityId || entityId.length > 1024) throw couldNotParse();
  const validUntilText = attribute(entity, 'validUntil');
  const validUntil = validUntilText !== undefined ? parseDateTime(validUntilText) : undefined;
  if (validUntilText !== undefined && !validUntil) throw couldNotParse();

  const idps = childElements(entity, METADATA_NS, 'IDPSSODescriptor').filter((idp) =>
    (attribute(idp, 'protocolSupportEnumeration') ?? '').split(/\s+/).includes(SAML2_PROTOCOL),
  );
  if (idps.length === 0) throw couldNotParse();
  const signingCertificates: X509Certificate[] = [];
  const singleSignOnServices: string[] = [];
  for (const idp of idps) {
    for (const key of childElements(idp, METADATA_NS, 'KeyDescriptor')) {
      const use = attribute(key, 'use');
      if (use !== undefined && use !== 'signing') continue;
      for (const info of childElements(key, DSIG_NS, 'KeyInfo')) {
        for (const data of childElements(info, DSIG_NS, 'X509Data')) {
          for (const cert of childElements(data, DSIG_NS, 'X509Certificate')) {
            const parsed = certificateFromBase64(text(cert));
            if (!parsed) throw couldNotParse();
            signingCertificates.push(parsed);
          }
        }
      }
    }
    for (const sso of childElements(idp, METADATA_NS, 'SingleSignOnService')) {
      const location = attribute(sso, 'Location');
      if (location) singleSignOnServices.push(location);
    }
  }
  if (signingCertificates.length === 0) throw couldNotParse();
  return { entityId, ...(validUntil ? { validUntil } : {}), signingCertificates, singleSignOnServices };
}

function validUntilFor(metadata: SamlMetadata, now: Date): Date {
  if (metadata.validUntil) return metadata.validUntil;
  const until = new Date(now);
  until.setUTCFullYear(until.getUTCFullYear() + DEFAULT_VALIDITY_YEARS);
  return until;
}

// ---- private keys -------------------------------------------------------------------------

export function privateKeyContext(providerId: string, keyId: string): string {
  return `saml-provider-private-key:${providerId}:${keyId}`;
}

function newPrivateKey(sealing: SealingKey, providerId: string, pem: string, now: Date): SamlPrivateKey {
  // Assertions are encrypted to an RSA key; anything unreadable is the caller's mistake.
  const key = parsePrivateKey(pem);
  if (key.asymmetricKeyType !== 'rsa') throw new IamError('InvalidInput', 'The private key must be an RSA private key in PEM format.');
  const keyId = upperAlphanumeric(26);
  return { keyId, privateKeyCiphertext: sealing.seal(pem, privateKeyContext(providerId, keyId)), timestamp: now };
}

/** The provider's private keys in PEM, newest first (for decrypting assertions); never an API answer. */
export function openSamlPrivateKeys(sealing: SealingKey, provider: SamlProvider): string[] {
  return [...provider.privateKeys]
    .reverse()
    .map((k) => sealing.open(k.privateKeyCiphertext, privateKeyContext(provider.providerId, k.keyId))?.toString('utf8'))
    .filter((k): k is string => k !== undefined);
}

function checkEncryptionMode(mode: SamlProvider['assertionEncryptionMode'], keys: readonly SamlPrivateKey[]): void {
  if (mode === 'Required' && keys.length === 0) {
    throw new IamError('InvalidInput', 'AssertionEncryptionMode Required needs a private key: add one with AddPrivateKey.');
  }
}

// ---- lookups ------------------------------------------------------------------------------

/** The provider an ARN names in the account, with its parsed metadata, or undefined. */
export async function findSamlProvider(
  tx: StoreTx,
  accountId: string,
  arn: string,
): Promise<{ provider: SamlProvider; metadata: SamlMetadata } | undefined> {
  const provider = await tx.samlProviders.get(arn);
  if (!provider || provider.accountId !== accountId) return undefined;
  return { provider, metadata: parseSamlMetadata(provider.metadataDocument) };
}

function checkProviderArn(arn: string): void {
  if (!/^arn:[\w-]+:iam::\d{12}:saml-provider\/[\w._-]+$/.test(arn)) throw new IamError('InvalidInput', `ARN ${arn} is not valid.`);
}

async function namedProvider(tx: StoreTx, caller: Caller, arn: string, forUpdate = false): Promise<SamlProvider> {
  checkProviderArn(arn);
  const provider = forUpdate ? await tx.samlProviders.getForUpdate(arn) : await tx.samlProviders.get(arn);
  if (!provider || provider.accountId !== caller.accountId) throw noSuchProvider(arn);
  return provider;
}

async function providerTarget(tx: StoreTx, caller: Caller, arn: string): Promise<Target> {
  const provider = await tx.samlProviders.get(arn);
  if (!provider || provider.accountId !== caller.accountId) return { resource: arn };
  const tags = await tx.tags.listAll(tagOwner(provider));
  return { resource: provider.arn, context: resourceTagContext(tags, { iamResourceTag: false }) };
}

// ---- operations ---------------------------------------------------------------------------

interface CreateInput {
  SAMLMetadataDocument: string;
  Name: string;
  Tags?: TagInput[];
  AssertionEncryptionMode?: 'Required' | 'Allowed';
  AddPrivateKey?: string;
}

export const createSAMLProvider = defineOperation<CreateInput, Record<string, unknown>>({
  name: 'CreateSAMLProvider',
  action: 'iam:CreateSAMLProvider',
  writes: true,
  target: ({ input, caller }): Target => ({
    resource: samlProviderArn(caller.partition, caller.accountId, input.Name),
    context: requestTagContext(input.Tags),
  }),
  async handle({ input, caller, tx, env }) {
    const metadata = parseSamlMetadata(input.SAMLMetadataDocument);
    const tags = checkTags(input.Tags);
    const now = env.clock.now();
    const providerId = upperAlphanumeric(26);
    const privateKeys = input.AddPrivateKey !== undefined ? [newPrivateKey(env.sealing, providerId, input.AddPrivateKey, now)] : [];
    checkEncryptionMode(input.AssertionEncryptionMode, privateKeys);
    const arn = samlProviderArn(caller.partition, caller.accountId, input.Name);
    const provider: SamlProvider = {
      accountId: caller.accountId,
      providerId,
      name: input.Name,
      arn,
      metadataDocument: input.SAMLMetadataDocument,
      validUntil: validUntilFor(metadata, now),
      createDate: now,
      ...(input.AssertionEncryptionMode !== undefined ? { assertionEncryptionMode: input.AssertionEncryptionMode } : {}),
      privateKeys,
    };
    try {
      await tx.samlProviders.createWithLimit(provider, MAX_SAML_PROVIDERS_PER_ACCOUNT);
    } catch (e) {
      if (e instanceof StoreConflict) throw new IamError('EntityAlreadyExists', `SAMLProvider with name ${input.Name} already exists.`);
      if (e instanceof StoreLimitExceeded) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for SAMLProvidersPerAccount: ${MAX_SAML_PROVIDERS_PER_ACCOUNT}`);
      }
      throw e;
    }
    if (tags.length > 0) await tx.tags.put(tagOwner(provider), tags.map((t) => ({ key: t.Key, value: t.Value })));
    return { SAMLProviderArn: arn, ...(tags.length > 0 ? { Tags: tags } : {}) };
  },
});

export const getSAMLProvider = defineOperation<{ SAMLProviderArn: string }, Record<string, unknown>>({
  name: 'GetSAMLProvider',
  action: 'iam:GetSAMLProvider',
  writes: false,
  target: ({ input, caller, tx }) => providerTarget(tx, caller, input.SAMLProviderArn),
  async handle({ input, caller, tx }) {
    const provider = await namedProvider(tx, caller, input.SAMLProviderArn);
    const tags = await tx.tags.listAll(tagOwner(provider));
    return {
      SAMLProviderUUID: provider.providerId,
      SAMLMetadataDocument: provider.metadataDocument,
      CreateDate: provider.createDate,
      ...(provider.validUntil ? { ValidUntil: provider.validUntil } : {}),
      ...(tags.length > 0 ? { Tags: tagShape(tags) } : {}),
      AssertionEncryptionMode: provider.assertionEncryptionMode ?? 'Allowed',
      ...(provider.privateKeys.length > 0 ? { PrivateKeyList: provider.privateKeys.map((k) => ({ KeyId: k.keyId, Timestamp: k.timestamp })) } : {}),
    };
  },
});

interface UpdateInput {
  SAMLProviderArn: string;
  SAMLMetadataDocument?: string;
  AssertionEncryptionMode?: 'Required' | 'Allowed';
  AddPrivateKey?: string;
  RemovePrivateKey?: string;
}

export const updateSAMLProvider = defineOperation<UpdateInput, Record<string, unknown>>({
  name: 'UpdateSAMLProvider',
  action: 'iam:UpdateSAMLProvider',
  writes: true,
  target: ({ input, caller, tx }) => providerTarget(tx, caller, input.SAMLProviderArn),
  async handle({ input, caller, tx, env }) {
    const provider = await namedProvider(tx, caller, input.SAMLProviderArn, true);
    const now = env.clock.now();
    if (
      input.SAMLMetadataDocument === undefined &&
      input.AssertionEncryptionMode === undefined &&
      input.AddPrivateKey === undefined &&
      input.RemovePrivateKey === undefined
    ) {
      throw new IamError('InvalidInput', 'At least one of SAMLMetadataDocument, AssertionEncryptionMode, AddPrivateKey or RemovePrivateKey must be given.');
    }
    const metadata = input.SAMLMetadataDocument !== undefined ? parseSamlMetadata(input.SAMLMetadataDocument) : undefined;
    let keys = [...provider.privateKeys];
    if (input.RemovePrivateKey !== undefined) {
      if (!keys.some((k) => k.keyId === input.RemovePrivateKey)) {
        throw new IamError('InvalidInput', `The private key with id ${input.RemovePrivateKey} does not exist for this SAML provider.`);
      }
      keys = keys.filter((k) => k.keyId !== input.RemovePrivateKey);
    }
    if (input.AddPrivateKey !== undefined) {
      if (keys.length >= MAX_SAML_PRIVATE_KEYS) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for PrivateKeysPerSAMLProvider: ${MAX_SAML_PRIVATE_KEYS}`);
      }
      keys.push(newPrivateKey(env.sealing, provider.providerId, input.AddPrivateKey, now));
    }
    const mode = input.AssertionEncryptionMode ?? provider.assertionEncryptionMode;
    checkEncryptionMode(mode, keys);
    await tx.samlProviders.update(provider.arn, {
      ...(input.SAMLMetadataDocument !== undefined && metadata ? { metadataDocument: input.SAMLMetadataDocument, validUntil: validUntilFor(metadata, now) } : {}),
      ...(input.AssertionEncryptionMode !== undefined ? { assertionEncryptionMode: input.AssertionEncryptionMode } : {}),
      ...(input.AddPrivateKey !== undefined || input.RemovePrivateKey !== undefined ? { privateKeys: keys } : {}),
    });
    return { SAMLProviderArn: provider.arn };
  },
});

export const deleteSAMLProvider = defineOperation<{ SAMLProviderArn: string }, Record<string, unknown>>({
  name: 'DeleteSAMLProvider',
  action: 'iam:DeleteSAMLProvider',
  writes: true,
  target: ({ input, caller, tx }) => providerTarget(tx, caller, input.SAMLProviderArn),
  async handle({ input, caller, tx }) {
    const provider = await namedProvider(tx, caller, input.SAMLProviderArn);
    await tx.samlProviders.delete(provider.arn);
    return undefined;
  },
});

export const listSAMLProviders = defineOperation<Record<string, never>, Record<string, unknown>>({
  name: 'ListSAMLProviders',
  action: 'iam:ListSAMLProviders',
  writes: false,
  // The action has no resource type (service authorization reference): it is authorized on '*'.
  target: () => ({ resource: '*' }),
  async handle({ caller, tx }) {
    const providers = await tx.samlProviders.listAll(caller.accountId);
    return {
      SAMLProviderList: providers.map((p) => ({ Arn: p.arn, ...(p.validUntil ? { ValidUntil: p.validUntil } : {}), CreateDate: p.createDate })),
    };
  },
});

export const [tagSAMLProvider, untagSAMLProvider, listSAMLProviderTags] = tagOperations({
  entity: 'SAMLProvider',
  nameMember: 'SAMLProviderArn',
  find: (tx, caller, arn) => namedProvider(tx, caller, arn),
  target: providerTarget,
  owner: tagOwner,
  keysIgnoreCase: TAG_KEYS_IGNORE_CASE['saml-provider'],
});

export const SAML_PROVIDER_OPERATIONS = [
  createSAMLProvider,
  getSAMLProvider,
  updateSAMLProvider,
  deleteSAMLProvider,
  listSAMLProviders,
  tagSAMLProvider,
  untagSAMLProvider,
  listSAMLProviderTags,
];
