// IAM temporary delegation, the partner program's operations. CreateDelegationRequest "is not
// available for general use": only accounts AWS has onboarded as delegation partners may call it,
// and no account of a Tessera installation is one, so it is refused after authorization. Since no
// delegation request can therefore exist, the customer-side operations on one (Get, Accept,
// Associate, Reject, Update, SendDelegationToken, GetHumanReadableSummary) find none, and
// ListDelegationRequests lists none: the answers AWS gives an account no partner has asked.

import { parseArn } from '../policy/arn.js';
import { IamError } from './errors.js';
import { defineOperation, type Caller, type Target } from './operation.js';

const requestArn = (caller: Caller, id: string): string => `arn:${caller.partition}:iam::${caller.accountId}:delegation-request/${id}`;

const noSuchRequest = (id: string): IamError => new IamError('NoSuchEntity', `The delegation request with id ${id} cannot be found.`);

/** The refusal an account outside the partner program gets. */
export function notOnboarded(): IamError {
  return new IamError(
    'AccessDenied',
    'This API is not available for general use. To call CreateDelegationRequest, the account must first complete the IAM temporary delegation partner onboarding.',
  );
}

interface CreateInput {
  Description: string;
  Permissions: { PolicyTemplateArn?: string };
  RequestorWorkflowId: string;
  NotificationChannel: string;
  SessionDuration: number;
  OwnerAccountId?: string;
}

export const createDelegationRequest = defineOperation<CreateInput, Record<string, unknown>>({
  name: 'CreateDelegationRequest',
  action: 'iam:CreateDelegationRequest',
  writes: false,
  target: ({ input, caller }): Target => ({
    resource: requestArn(caller, '*'),
    context: [
      ['iam:DelegationDuration', String(input.SessionDuration)],
      ['iam:NotificationChannel', input.NotificationChannel],
      ...(input.Permissions?.PolicyTemplateArn !== undefined ? [['iam:TemplateArn', input.Permissions.PolicyTemplateArn] as const] : []),
    ],
  }),
  handle() {
    return Promise.reject(notOnboarded());
  },
});

/** An operation on one delegation request by id: authorized on its ARN, and there is none. */
function onRequest(name: string, writes: boolean) {
  return defineOperation<{ DelegationRequestId: string }, Record<string, unknown>>({
    name,
    action: `iam:${name}`,
    writes,
    target: ({ input, caller }) => ({ resource: requestArn(caller, input.DelegationRequestId) }),
    handle({ input }) {
      return Promise.reject(noSuchRequest(input.DelegationRequestId));
    },
  });
}

export const listDelegationRequests = defineOperation<{ OwnerId?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>>({
  name: 'ListDelegationRequests',
  action: 'iam:ListDelegationRequests',
  writes: false,
  target: ({ input }) => ({ resource: '*', context: input.OwnerId !== undefined ? [['iam:DelegationRequestOwner', input.OwnerId]] : [] }),
  handle({ input }) {
    // Nothing to page through, so no marker was ever handed out.
    if (input.Marker !== undefined) return Promise.reject(new IamError('InvalidInput', 'Invalid Marker.'));
    return Promise.resolve({ DelegationRequests: [], isTruncated: false });
  },
});

export const getHumanReadableSummary = defineOperation<{ EntityArn: string; Locale?: string }, Record<string, unknown>>({
  name: 'GetHumanReadableSummary',
  action: 'iam:GetHumanReadableSummary',
  writes: false,
  target: ({ input }) => ({ resource: input.EntityArn }),
  handle({ input }) {
    const arn = parseArn(input.EntityArn);
    const id = arn?.service === 'iam' ? /^delegation-request\/(.+)$/.exec(arn.resource)?.[1] : undefined;
    // Delegation requests are the only entities with a summary (API_GetHumanReadableSummary.html).
    if (id === undefined) return Promise.reject(new IamError('InvalidInput', `ARN ${input.EntityArn} is not valid.`));
    return Promise.reject(noSuchRequest(id));
  },
});

export const PARTNER_OPERATIONS = [
  createDelegationRequest,
  onRequest('GetDelegationRequest', false),
  onRequest('AcceptDelegationRequest', true),
  onRequest('AssociateDelegationRequest', true),
  onRequest('RejectDelegationRequest', true),
  onRequest('UpdateDelegationRequest', true),
  onRequest('SendDelegationToken', true),
  listDelegationRequests,
  getHumanReadableSummary,
];
