// OpenID Connect identity providers: CreateOpenIDConnectProvider, GetOpenIDConnectProvider,
// DeleteOpenIDConnectProvider, ListOpenIDConnectProviders, AddClientIDToOpenIDConnectProvider,
// RemoveClientIDFromOpenIDConnectProvider, UpdateOpenIDConnectProviderThumbprint,
// TagOpenIDConnectProvider, UntagOpenIDConnectProvider, ListOpenIDConnectProviderTags.
// A provider is named by its URL (https://, a host and an optional path, no port, query or
// fragment) and addressed by arn:...:oidc-provider/HOST/PATH. At most 100 per account, 100
// client ids and 5 thumbprints each. Without a ThumbprintList, IAM fetches the thumbprint of
// the top intermediate CA the provider's host presents, as AWS does.
// findOidcProvider / oidcProviderForIssuer are what AssumeRoleWithWebIdentity looks up.

import { randomUUID } from 'node:crypto';
import { connect, type PeerCertificate } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { StoreConflict, StoreLimitExceeded } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { OidcProvider } from '../store/types.js';
import { TAG_KEYS_IGNORE_CASE } from '../store/types.js';
import { oidcProviderArn } from './arns.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller, type Target } from './operation.js';
import { checkTags, requestTagContext, resourceTagContext, tagOperations, tagShape, type TagInput } from './tags.js';
import { thumbprint } from './x509.js';

export const MAX_OIDC_PROVIDERS_PER_ACCOUNT = 100;
export const MAX_CLIENT_IDS = 100;
export const MAX_THUMBPRINTS = 5;
/** How long CreateOpenIDConnectProvider waits for the provider's TLS handshake. */
export const THUMBPRINT_FETCH_TIMEOUT_MS = 5000;

const tagOwner = (p: OidcProvider) => ({ resourceType: 'oidc-provider' as const, resourceKey: p.providerId });

const invalidUrl = (): IamError => new IamError('InvalidInput', 'Invalid Open ID Connect Provider URL');
const noSuchProvider = (arn: string): IamError => new IamError('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`);

/**
 * The provider URL's HOST/PATH (what the ARN and GetOpenIDConnectProvider's Url carry), or
 * InvalidInput: https only, a host, an optional path, no user, port, query or fragment.
 */
export function normalizeProviderUrl(url: string): string {
  const match = /^https:\/\/(.+)$/i.exec(url);
  if (!match) throw invalidUrl();
  const rest = match[1]!;
  if (/[\s?#@\\]/.test(rest) || /[^\u0021-\u007e]/.test(rest)) throw invalidUrl();
  const slash = rest.indexOf('/');
  const host = slash === -1 ? rest : rest.slice(0, slash);
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(host)) throw invalidUrl();
  const path = slash === -1 ? '' : rest.slice(slash);
  if (path.includes('//')) throw invalidUrl();
  // A trailing slash names the same issuer.
  return (host.toLowerCase() + path).replace(/\/+$/, '');
}

function checkThumbprints(list: readonly string[]): string[] {
  if (list.length > MAX_THUMBPRINTS) {
    throw new IamError('LimitExceeded', `Cannot exceed quota for ThumbprintsPerOpenIdConnectProvider: ${MAX_THUMBPRINTS}`);
  }
  for (const t of list) {
    if (!/^[0-9A-Fa-f]{40}$/.test(t)) throw new IamError('InvalidInput', `Thumbprint ${t} is not a 40-character hexadecimal SHA-1 thumbprint.`);
  }
  return [...new Set(list)];
}

function checkClientIds(list: readonly string[]): string[] {
  const unique = [...new Set(list)];
  if (unique.length > MAX_CLIENT_IDS) {
    throw new IamError('LimitExceeded', `Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${MAX_CLIENT_IDS}`);
  }
  return unique;
}

/**
 * From a presented chain (leaf first), the certificate IAM takes the thumbprint of: the top
 * intermediate CA (the last one that is not self-signed), or the leaf when it is alone.
 */
export function topIntermediate(chain: readonly X509Certificate[]): X509Certificate | undefined {
  const notRoots = chain.filter((c) => !(c.checkIssued(c) && c.verify(c.publicKey)));
  return notRoots.length > 1 ? notRoots[notRoots.length - 1] : (notRoots[0] ?? chain[0]);
}

/** The certificates the peer presented, leaf first (Node links them through issuerCertificate). */
function presentedChain(peer: PeerCertificate & { issuerCertificate?: PeerCertificate }): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current: (PeerCertificate & { issuerCertificate?: PeerCertificate }) | undefined = peer;
  while (current && current.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(new X509Certificate(current.raw));
    current = current.issuerCertificate;
  }
  return chain;
}

/**
 * Connects to host:port with TLS and returns the thumbprint of its top intermediate CA, or
 * OpenIdIdpCommunicationError when the host cannot be reached or presents no certificate.
 */
export async function fetchThumbprint(host: string, port = 443, timeoutMs = THUMBPRINT_FETCH_TIMEOUT_MS): Promise<string> {
  const failed = (): IamError =>
    new IamError('OpenIdIdpCommunicationError', `Could not connect to the OpenID Connect identity provider at ${host} to retrieve its certificate thumbprint.`);
  const chain = await new Promise<X509Certificate[]>((resolve, reject) => {
    // The thumbprint is what is being learned: the chain is read, not trusted.
    const socket = connect({ host, port, servername: /^[\d.]+$/.test(host) ? undefined : host, rejectUnauthorized: false, timeout: timeoutMs });
    const fail = (): void => {
      socket.destroy();
      reject(failed());
    };
    socket.once('secureConnect', () => {
      try {
        const certificates = presentedChain(socket.getPeerCertificate(true));
        socket.end();
        resolve(certificates);
      } catch {
        fail();
      }
    });
    socket.once('timeout', fail);
    socket.once('error', fail);
  });
  const top = topIntermediate(chain);
  if (!top) throw failed();
  return thumbprint(top);
}

/** The provider an ARN names in the caller's account, or undefined. */
export async function findOidcProvider(tx: StoreTx, accountId: string, arn: string): Promise<OidcProvider | undefined> {
  const provider = await tx.oidcProviders.get(arn);
  return provider && provider.accountId === accountId ? provider : undefined;
}

/** The account's provider for a token's issuer (its `iss` claim, https://HOST/PATH), or undefined. */
export async function oidcProviderForIssuer(tx: StoreTx, partition: string, accountId: string, issuer: string): Promise<OidcProvider | undefined> {
  let hostAndPath: string;
  try {
    hostAndPath = normalizeProviderUrl(issuer.startsWith('https://') ? issuer : `https://${issuer}`);
  } catch {
    return undefined;
  }
  return findOidcProvider(tx, accountId, oidcProviderArn(partition, accountId, hostAndPath));
}

/** ARN syntax first (InvalidInput), then existence in the caller's account (NoSuchEntity). */
function checkProviderArn(arn: string): void {
  if (!/^arn:[\w-]+:iam::\d{12}:oidc-provider\/.+$/.test(arn)) throw new IamError('InvalidInput', `ARN ${arn} is not valid.`);
}

async function namedProvider(tx: StoreTx, caller: Caller, arn: string, forUpdate = false): Promise<OidcProvider> {
  checkProviderArn(arn);
  const provider = forUpdate ? await tx.oidcProviders.getForUpdate(arn) : await tx.oidcProviders.get(arn);
  if (!provider || provider.accountId !== caller.accountId) throw noSuchProvider(arn);
  return provider;
}

async function providerTarget(tx: StoreTx, caller: Caller, arn: string): Promise<Target> {
  const provider = await tx.oidcProviders.get(arn);
  if (!provider || provider.accountId !== caller.accountId) return { resource: arn };
  const tags = await tx.tags.listAll(tagOwner(provider));
  return { resource: provider.arn, context: resourceTagContext(tags, { iamResourceTag: false }) };
}

interface CreateInput {
  Url: string;
  ClientIDList?: string[];
  ThumbprintList?: string[];
  Tags?: TagInput[];
}

export const createOpenIDConnectProvider = defineOperation<CreateInput, Record<string, unknown>>({
  name: 'CreateOpenIDConnectProvider',
  action: 'iam:CreateOpenIDConnectProvider',
  writes: true,
  target: ({ input, caller }): Target => {
    let hostAndPath: string;
    try {
      hostAndPath = normalizeProviderUrl(input.Url);
    } catch {
      hostAndPath = input.Url.replace(/^https?:\/\//i, '');
    }
    return { resource: oidcProviderArn(caller.partition, caller.accountId, hostAndPath), context: requestTagContext(input.Tags) };
  },
  // Without a ThumbprintList the provider's certificate is fetched over the network: outside the
  // transaction, so a slow host holds no lock.
  async prepare({ input }) {
    if (input.ThumbprintList !== undefined && input.ThumbprintList.length > 0) return checkThumbprints(input.ThumbprintList);
    const hostAndPath = normalizeProviderUrl(input.Url);
    return [await fetchThumbprint(hostAndPath.split('/')[0]!)];
  },
  async handle({ input, caller, tx, env, prepared }) {
    const hostAndPath = normalizeProviderUrl(input.Url);
    const clientIds = checkClientIds(input.ClientIDList ?? []);
    const tags = checkTags(input.Tags);
    const arn = oidcProviderArn(caller.partition, caller.accountId, hostAndPath);
    if (await tx.oidcProviders.get(arn)) throw new IamError('EntityAlreadyExists', `Provider with url ${input.Url} already exists.`);
    const thumbprints = prepared as string[];
    const provider: OidcProvider = {
      accountId: caller.accountId,
      providerId: randomUUID(),
      arn,
      url: hostAndPath,
      clientIds,
      thumbprints,
      createDate: env.clock.now(),
    };
    try {
      await tx.oidcProviders.createWithLimit(provider, MAX_OIDC_PROVIDERS_PER_ACCOUNT);
    } catch (e) {
      if (e instanceof StoreConflict) throw new IamError('EntityAlreadyExists', `Provider with url ${input.Url} already exists.`);
      if (e instanceof StoreLimitExceeded) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${MAX_OIDC_PROVIDERS_PER_ACCOUNT}`);
      }
      throw e;
    }
    if (tags.length > 0) await tx.tags.put(tagOwner(provider), tags.map((t) => ({ key: t.Key, value: t.Value })));
    return { OpenIDConnectProviderArn: arn, ...(tags.length > 0 ? { Tags: tags } : {}) };
  },
});

export const getOpenIDConnectProvider = defineOperation<{ OpenIDConnectProviderArn: string }, Record<string, unknown>>({
  name: 'GetOpenIDConnectProvider',
  action: 'iam:GetOpenIDConnectProvider',
  writes: false,
  target: ({ input, caller, tx }) => providerTarget(tx, caller, input.OpenIDConnectProviderArn),
  async handle({ input, caller, tx }) {
    const provider = await namedProvider(tx, caller, input.OpenIDConnectProviderArn);
    const tags = await tx.tags.listAll(tagOwner(provider));
    return {
      Url: provider.url,
      ClientIDList: [...provider.clientIds],
      ThumbprintList: [...provider.thumbprints],
      CreateDate: provider.createDate,
      ...(tags.length > 0 ? { Tags: tagShape(tags) } : {}),
    };
  },
});

export const deleteOpenIDConnectProvider = defineOperation<{ OpenIDConnectProviderArn: string }, Record<string, unknown>>({
  name: 'DeleteOpenIDConnectProvider',
  action: 'iam:DeleteOpenIDConnectProvider',
  writes: true,
  target: ({ input, caller, tx }) => providerTarget(tx, caller, input.OpenIDConnectProviderArn),
  async handle({ input, caller, tx }) {
    // Idempotent: deleting a provider that does not exist succeeds (API_DeleteOpenIDConnectProvider.html).
    const arn = input.OpenIDConnectProviderArn;
    checkProviderArn(arn);
    const provider = await tx.oidcProviders.get(arn);
    if (provider && provider.accountId === caller.accountId) await tx.oidcProviders.delete(provider.arn);
    return undefined;
  },
});

export const listOpenIDConnectProviders = defineOperation<Record<string, never>, Record<string, unknown>>({
  name: 'ListOpenIDConnectProviders',
  action: 'iam:ListOpenIDConnectProviders',
  writes: false,
  // The action has no resource type (service authorization reference): it is authorized on '*'.
  target: () => ({ resource: '*' }),
  async handle({ caller, tx }) {
    const providers = await tx.oidcProviders.listAll(caller.accountId);
    return { OpenIDConnectProviderList: providers.map((p) => ({ Arn: p.arn })) };
  },
});

export const addClientIDToOpenIDConnectProvider = defineOperation<{ OpenIDConnectProviderArn: string; ClientID: string }, Record<string, unknown>>({
  name: 'AddClientIDToOpenIDConnectProvider',
  action: 'iam:AddClientIDToOpenIDConnectProvider',
  writes: true,
  target: ({ input, caller, tx }) => providerTarget(tx, caller, input.OpenIDConnectProviderArn),
  async handle({ input, caller, tx }) {
    const provider = await namedProvider(tx, caller, input.OpenIDConnectProviderArn, true);
    // Adding a client id the provider already has changes nothing.
    if (provider.clientIds.includes(input.ClientID)) return undefined;
    const clientIds = checkClientIds([...provider.clientIds, input.ClientID]);
    await tx.oidcProviders.update(provider.arn, { clientIds });
    return undefined;
  },
});

export const removeClientIDFromOpenIDConnectProvider = defineOperation<{ OpenIDConnectProviderArn: string; ClientID: string }, Record<string, unknown>>({
  name: 'RemoveClientIDFromOpenIDConnectProvider',
  action: 'iam:RemoveClientIDFromOpenIDConnectProvider',
  writes: true,
  target: ({ input, caller, tx }) => providerTarget(tx, caller, input.OpenIDConnectProviderArn),
  async handle({ input, caller, tx }) {
    const provider = await namedProvider(tx, caller, input.OpenIDConnectProviderArn, true);
    // Removing a client id the provider does not have changes nothing (API docs).
    if (!provider.clientIds.includes(input.ClientID)) return undefined;
    await tx.oidcProviders.update(provider.arn, { clientIds: provider.clientIds.filter((c) => c !== input.ClientID) });
    return undefined;
  },
});

export const updateOpenIDConnectProviderThumbprint = defineOperation<
  { OpenIDConnectProviderArn: string; ThumbprintList: string[] },
  Record<string, unknown>
>({
  name: 'UpdateOpenIDConnectProviderThumbprint',
  action: 'iam:UpdateOpenIDConnectProviderThumbprint',
  writes: true,
  target: ({ input, caller, tx }) => providerTarget(tx, caller, input.OpenIDConnectProviderArn),
  async handle({ input, caller, tx }) {
    const provider = await namedProvider(tx, caller, input.OpenIDConnectProviderArn, true);
    // The new list replaces the old one (they are not merged).
    await tx.oidcProviders.update(provider.arn, { thumbprints: checkThumbprints(input.ThumbprintList) });
    return undefined;
  },
});

export const [tagOpenIDConnectProvider, untagOpenIDConnectProvider, listOpenIDConnectProviderTags] = tagOperations({
  entity: 'OpenIDConnectProvider',
  nameMember: 'OpenIDConnectProviderArn',
  find: (tx, caller, arn) => namedProvider(tx, caller, arn),
  target: providerTarget,
  owner: tagOwner,
  keysIgnoreCase: TAG_KEYS_IGNORE_CASE['oidc-provider'],
});

export const OIDC_PROVIDER_OPERATIONS = [
  createOpenIDConnectProvider,
  getOpenIDConnectProvider,
  deleteOpenIDConnectProvider,
  listOpenIDConnectProviders,
  addClientIDToOpenIDConnectProvider,
  removeClientIDFromOpenIDConnectProvider,
  updateOpenIDConnectProviderThumbprint,
  tagOpenIDConnectProvider,
  untagOpenIDConnectProvider,
  listOpenIDConnectProviderTags,
];
