// Service-specific credentials of IAM users: CreateServiceSpecificCredential,
// ListServiceSpecificCredentials, UpdateServiceSpecificCredential, ResetServiceSpecificCredential,
// DeleteServiceSpecificCredential. CodeCommit and Keyspaces get a user name and password; Bedrock
// and CloudWatch Logs get an API key (alias + secret), which may expire. At most two per user and
// service. The password or secret is sealed at rest and shown only by Create and Reset.

import { randomBytes } from 'node:crypto';
import { uniqueId } from '../lib/ids.js';
import { StoreLimitExceeded } from '../store/errors.js';
import type { StoreTx } from '../store/port.js';
import type { AccessKeyStatus, ServiceSpecificCredential } from '../store/types.js';
import { sealSecret } from './access-keys.js';
import { userListArn } from './arns.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller, type Target } from './operation.js';
import { pageOrInvalidMarker, pageOutput, paging } from './paging.js';
import { namedUser, userTarget } from './users.js';

export const MAX_CREDENTIALS_PER_USER_PER_SERVICE = 2;

type CredentialKind = 'password' | 'apiKey';

/** The services IAM issues credentials for, and what kind each gets. */
export const SUPPORTED_SERVICES: ReadonlyMap<string, { kind: CredentialKind; secretPrefix?: string }> = new Map([
  ['codecommit.amazonaws.com', { kind: 'password' as const }],
  ['cassandra.amazonaws.com', { kind: 'password' as const }],
  // A Bedrock API key is ABSK + base64("<alias>:<secret>"), what the bearer-token header carries.
  ['bedrock.amazonaws.com', { kind: 'apiKey' as const, secretPrefix: 'ABSK' }],
  ['logs.amazonaws.com', { kind: 'apiKey' as const }],
]);

const DAY_MS = 86_400_000;

type Status = AccessKeyStatus | 'Expired';

const notSupported = (): IamError => new IamError('NotSupportedService', 'The specified service does not support service-specific credentials.');

const noSuchCredential = (id: string): IamError =>
  new IamError('NoSuchEntity', `The Service Specific Credential with id ${id} cannot be found.`);

function service(name: string): { kind: CredentialKind; secretPrefix?: string } {
  const known = SUPPORTED_SERVICES.get(name);
  if (!known) throw notSupported();
  return known;
}

/** A fresh password (or API-key secret): 32 random bytes in base64, 44 characters as AWS's. */
function newSecret(): string {
  return randomBytes(32).toString('base64');
}

/** Expired once its expiration date has passed; the stored status otherwise. */
export function statusAt(credential: ServiceSpecificCredential, now: Date): Status {
  return credential.expirationDate && credential.expirationDate.getTime() <= now.getTime() ? 'Expired' : credential.status;
}

/** ServiceSpecificCredentialMetadata: no password or secret. */
export function metadataShape(credential: ServiceSpecificCredential, now: Date): Record<string, unknown> {
  const apiKey = SUPPORTED_SERVICES.get(credential.serviceName)?.kind === 'apiKey';
  return {
    UserName: credential.userName,
    Status: statusAt(credential, now),
    ...(apiKey ? { ServiceCredentialAlias: credential.serviceCredentialAlias } : { ServiceUserName: credential.serviceUserName }),
    CreateDate: credential.createDate,
    ...(credential.expirationDate ? { ExpirationDate: credential.expirationDate } : {}),
    ServiceSpecificCredentialId: credential.serviceSpecificCredentialId,
    ServiceName: credential.serviceName,
  };
}

/** The credential with its secret in the clear, as only Create and Reset return it. */
export function withSecret(credential: ServiceSpecificCredential, secret: string, now: Date): Record<string, unknown> {
  const known = SUPPORTED_SERVICES.get(credential.serviceName);
  const secretFields =
    known?.kind === 'apiKey'
      ? {
          ServiceCredentialSecret:
            (known.secretPrefix ?? '') + Buffer.from(`${credential.serviceCredentialAlias ?? ''}:${secret}`, 'utf8').toString('base64'),
        }
      : { ServicePassword: secret };
  return { ...metadataShape(credential, now), ...secretFields };
}

/** The credential named by the call, which must belong to the user the call names (or the caller). */
async function ownedCredential(tx: StoreTx, caller: Caller, userName: string | undefined, id: string): Promise<ServiceSpecificCredential> {
  const user = await namedUser(tx, caller, userName);
  const credential = await tx.serviceCredentials.get(id);
  if (!credential || credential.accountId !== caller.accountId || credential.userName.toLowerCase() !== user.name.toLowerCase()) {
    throw noSuchCredential(id);
  }
  return credential;
}

/** The user's target, plus the credential's service as iam:ServiceSpecificCredentialServiceName. */
async function credentialTarget(tx: StoreTx, caller: Caller, userName: string | undefined, id: string): Promise<Target> {
  const target = await userTarget(tx, caller, userName);
  const credential = await tx.serviceCredentials.get(id);
  if (!credential || credential.accountId !== caller.accountId) return target;
  return { resource: target.resource, context: [...(target.context ?? []), ['iam:ServiceSpecificCredentialServiceName', credential.serviceName]] };
}

interface CreateInput {
  UserName: string;
  ServiceName: string;
  CredentialAgeDays?: number;
}

export const createServiceSpecificCredential = defineOperation<CreateInput, Record<string, unknown>>({
  name: 'CreateServiceSpecificCredential',
  action: 'iam:CreateServiceSpecificCredential',
  writes: true,
  target: async ({ input, caller, tx }) => {
    const target = await userTarget(tx, caller, input.UserName);
    return {
      resource: target.resource,
      context: [
        ...(target.context ?? []),
        ['iam:ServiceSpecificCredentialServiceName', input.ServiceName],
        ...(input.CredentialAgeDays !== undefined ? [['iam:ServiceSpecificCredentialAgeDays', String(input.CredentialAgeDays)] as const] : []),
      ],
    };
  },
  async handle({ input, caller, tx, env }) {
    const user = await namedUser(tx, caller, input.UserName);
    const known = service(input.ServiceName);
    if (input.CredentialAgeDays !== undefined && known.kind !== 'apiKey') {
      throw new IamError('ValidationError', 'CredentialAgeDays is only valid for Bedrock and CloudWatch Logs API keys.');
    }
    const now = env.clock.now();
    const id = uniqueId('ACCA');
    const secret = newSecret();
    const serviceUserName = `${user.name}-at-${caller.accountId}`;
    const credential: ServiceSpecificCredential = {
      serviceSpecificCredentialId: id,
      accountId: caller.accountId,
      userName: user.name,
      serviceName: input.ServiceName,
      serviceUserName,
      ...(known.kind === 'apiKey' ? { serviceCredentialAlias: serviceUserName } : {}),
      secretCiphertext: sealSecret(env.sealing, id, secret),
      status: 'Active',
      createDate: now,
      ...(input.CredentialAgeDays !== undefined ? { expirationDate: new Date(now.getTime() + input.CredentialAgeDays * DAY_MS) } : {}),
    };
    try {
      await tx.serviceCredentials.createWithLimit(credential, MAX_CREDENTIALS_PER_USER_PER_SERVICE);
    } catch (e) {
      if (e instanceof StoreLimitExceeded) {
        throw new IamError('LimitExceeded', `Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: ${MAX_CREDENTIALS_PER_USER_PER_SERVICE}`);
      }
      throw e;
    }
    return { ServiceSpecificCredential: withSecret(credential, secret, now) };
  },
});

interface ListInput {
  UserName?: string;
  ServiceName?: string;
  AllUsers?: boolean;
  Marker?: string;
  MaxItems?: number;
}

export const listServiceSpecificCredentials = defineOperation<ListInput, Record<string, unknown>>({
  name: 'ListServiceSpecificCredentials',
  action: 'iam:ListServiceSpecificCredentials',
  writes: false,
  target: ({ input, caller, tx }) =>
    input.AllUsers === true && input.UserName === undefined
      ? { resource: userListArn(caller.partition, caller.accountId) }
      : userTarget(tx, caller, input.UserName),
  async handle({ input, caller, tx, env }) {
    if (input.AllUsers === true && input.UserName !== undefined) {
      throw new IamError('ValidationError', 'AllUsers cannot be specified together with UserName.');
    }
    if (input.ServiceName !== undefined) service(input.ServiceName);
    const request = { ...paging(input), ...(input.ServiceName !== undefined ? { serviceName: input.ServiceName } : {}) };
    let page;
    if (input.AllUsers === true) {
      page = await pageOrInvalidMarker(() => tx.serviceCredentials.listForAccount(caller.accountId, request));
    } else {
      const user = await namedUser(tx, caller, input.UserName);
      page = await pageOrInvalidMarker(() => tx.serviceCredentials.listForUser(caller.accountId, user.name, request));
    }
    const now = env.clock.now();
    return pageOutput('ServiceSpecificCredentials', page, (c) => metadataShape(c, now));
  },
});

interface CredentialIdInput {
  UserName?: string;
  ServiceSpecificCredentialId: string;
}

export const updateServiceSpecificCredential = defineOperation<CredentialIdInput & { Status: Status }, Record<string, unknown>>({
  name: 'UpdateServiceSpecificCredential',
  action: 'iam:UpdateServiceSpecificCredential',
  writes: true,
  target: ({ input, caller, tx }) => credentialTarget(tx, caller, input.UserName, input.ServiceSpecificCredentialId),
  async handle({ input, caller, tx }) {
    const credential = await ownedCredential(tx, caller, input.UserName, input.ServiceSpecificCredentialId);
    if (input.Status === 'Expired') throw new IamError('ValidationError', 'The status of a service-specific credential can only be set to Active or Inactive.');
    await tx.serviceCredentials.setStatus(credential.serviceSpecificCredentialId, input.Status);
    return undefined;
  },
});

export const resetServiceSpecificCredential = defineOperation<CredentialIdInput, Record<string, unknown>>({
  name: 'ResetServiceSpecificCredential',
  action: 'iam:ResetServiceSpecificCredential',
  writes: true,
  target: ({ input, caller, tx }) => credentialTarget(tx, caller, input.UserName, input.ServiceSpecificCredentialId),
  async handle({ input, caller, tx, env }) {
    const credential = await ownedCredential(tx, caller, input.UserName, input.ServiceSpecificCredentialId);
    const secret = newSecret();
    // The old password stops working at once: its ciphertext is replaced in the same write.
    await tx.serviceCredentials.setSecret(credential.serviceSpecificCredentialId, sealSecret(env.sealing, credential.serviceSpecificCredentialId, secret));
    return { ServiceSpecificCredential: withSecret(credential, secret, env.clock.now()) };
  },
});

export const deleteServiceSpecificCredential = defineOperation<CredentialIdInput, Record<string, unknown>>({
  name: 'DeleteServiceSpecificCredential',
  action: 'iam:DeleteServiceSpecificCredential',
  writes: true,
  target: ({ input, caller, tx }) => credentialTarget(tx, caller, input.UserName, input.ServiceSpecificCredentialId),
  async handle({ input, caller, tx }) {
    const credential = await ownedCredential(tx, caller, input.UserName, input.ServiceSpecificCredentialId);
    await tx.serviceCredentials.delete(credential.serviceSpecificCredentialId);
    return undefined;
  },
});

export const SERVICE_CREDENTIAL_OPERATIONS = [
  createServiceSpecificCredential,
  listServiceSpecificCredentials,
  updateServiceSpecificCredential,
  resetServiceSpecificCredential,
  deleteServiceSpecificCredential,
];
