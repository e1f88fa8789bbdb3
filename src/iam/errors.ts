// IAM's error catalogue: each code with its HTTP status and fault, as the service model and AWS
// answer them. Handlers throw IamError with a code and AWS's message; only the server renders it.

export const IAM_ERRORS = {
  AccessDenied: { status: 403, type: 'Sender' },
  ConcurrentModification: { status: 409, type: 'Sender' },
  DeleteConflict: { status: 409, type: 'Sender' },
  EntityAlreadyExists: { status: 409, type: 'Sender' },
  EntityTemporarilyUnmodifiable: { status: 409, type: 'Sender' },
  InvalidInput: { status: 400, type: 'Sender' },
  LimitExceeded: { status: 409, type: 'Sender' },
  MalformedPolicyDocument: { status: 400, type: 'Sender' },
  NoSuchEntity: { status: 404, type: 'Sender' },
  PolicyEvaluation: { status: 500, type: 'Receiver' },
  ServiceFailure: { status: 500, type: 'Receiver' },
  UnmodifiableEntity: { status: 400, type: 'Sender' },
  ValidationError: { status: 400, type: 'Sender' },
} as const satisfies Record<string, { status: number; type: 'Sender' | 'Receiver' }>;

export type IamErrorCode = keyof typeof IAM_ERRORS;

/** A caller's mistake or a refusal, worded as AWS words it. Never our bug (that is a TypeError). */
export class IamError extends Error {
  readonly status: number;
  readonly type: 'Sender' | 'Receiver';

  constructor(
    readonly code: IamErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IamError';
    this.status = IAM_ERRORS[code].status;
    this.type = IAM_ERRORS[code].type;
  }
}

export const noSuchUser = (name: string): IamError =>
  new IamError('NoSuchEntity', `The user with name ${name} cannot be found.`);
export const userExists = (name: string): IamError =>
  new IamError('EntityAlreadyExists', `User with name ${name} already exists.`);
