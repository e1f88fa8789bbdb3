// IAM's error catalogue: each code with its HTTP status and fault, as the service model and AWS
// answer them. Handlers throw IamError with a code and AWS's message; only the server renders it.

export const IAM_ERRORS = {
  AccessDenied: { status: 403, type: 'Sender' },
  ConcurrentModification: { status: 409, type: 'Sender' },
  DeleteConflict: { status: 409, type: 'Sender' },
  DuplicateCertificate: { status: 409, type: 'Sender' },
  DuplicateSSHPublicKey: { status: 400, type: 'Sender' },
  EntityAlreadyExists: { status: 409, type: 'Sender' },
  EntityTemporarilyUnmodifiable: { status: 409, type: 'Sender' },
  InvalidInput: { status: 400, type: 'Sender' },
  InvalidAuthenticationCode: { status: 403, type: 'Sender' },
  InvalidCertificate: { status: 400, type: 'Sender' },
  InvalidPublicKey: { status: 400, type: 'Sender' },
  LimitExceeded: { status: 409, type: 'Sender' },
  KeyPairMismatch: { status: 400, type: 'Sender' },
  MalformedCertificate: { status: 400, type: 'Sender' },
  MalformedPolicyDocument: { status: 400, type: 'Sender' },
  NoSuchEntity: { status: 404, type: 'Sender' },
  PackedPolicyTooLarge: { status: 400, type: 'Sender' },
  InvalidParameterValue: { status: 400, type: 'Sender' },
  InvalidAuthorizationMessageException: { status: 400, type: 'Sender' },
  /** ServiceNotSupportedException in the model. */
  NotSupportedService: { status: 404, type: 'Sender' },
  OpenIdIdpCommunicationError: { status: 400, type: 'Sender' },
  PolicyEvaluation: { status: 500, type: 'Receiver' },
  PolicyNotAttachable: { status: 400, type: 'Sender' },
  ServiceFailure: { status: 500, type: 'Receiver' },
  UnmodifiableEntity: { status: 400, type: 'Sender' },
  UnrecognizedPublicKeyEncoding: { status: 400, type: 'Sender' },
  ValidationError: { status: 400, type: 'Sender' },
  // AWS Organizations (JSON protocol; every client error is a 400).
  AccessDeniedForDependencyException: { status: 400, type: 'Sender' },
  AWSOrganizationsNotInUseException: { status: 400, type: 'Sender' },
  AccountAlreadyClosedException: { status: 400, type: 'Sender' },
  AccountNotFoundException: { status: 400, type: 'Sender' },
  AlreadyInOrganizationException: { status: 400, type: 'Sender' },
  ChildNotFoundException: { status: 400, type: 'Sender' },
  ConstraintViolationException: { status: 400, type: 'Sender' },
  CreateAccountStatusNotFoundException: { status: 400, type: 'Sender' },
  DestinationParentNotFoundException: { status: 400, type: 'Sender' },
  DuplicateAccountException: { status: 400, type: 'Sender' },
  DuplicateOrganizationalUnitException: { status: 400, type: 'Sender' },
  DuplicatePolicyAttachmentException: { status: 400, type: 'Sender' },
  DuplicatePolicyException: { status: 400, type: 'Sender' },
  InvalidInputException: { status: 400, type: 'Sender' },
  MalformedPolicyDocumentException: { status: 400, type: 'Sender' },
  MasterCannotLeaveOrganizationException: { status: 400, type: 'Sender' },
  OrganizationNotEmptyException: { status: 400, type: 'Sender' },
  OrganizationalUnitNotEmptyException: { status: 400, type: 'Sender' },
  OrganizationalUnitNotFoundException: { status: 400, type: 'Sender' },
  ParentNotFoundException: { status: 400, type: 'Sender' },
  PolicyInUseException: { status: 400, type: 'Sender' },
  PolicyNotAttachedException: { status: 400, type: 'Sender' },
  PolicyNotFoundException: { status: 400, type: 'Sender' },
  PolicyTypeAlreadyEnabledException: { status: 400, type: 'Sender' },
  PolicyTypeNotAvailableForOrganizationException: { status: 400, type: 'Sender' },
  PolicyTypeNotEnabledException: { status: 400, type: 'Sender' },
  RootNotFoundException: { status: 400, type: 'Sender' },
  SourceParentNotFoundException: { status: 400, type: 'Sender' },
  TargetNotFoundException: { status: 400, type: 'Sender' },
} as const satisfies Record<string, { status: number; type: 'Sender' | 'Receiver' }>;

export type IamErrorCode = keyof typeof IAM_ERRORS;

/** A caller's mistake or a refusal, worded as AWS words it. Never our bug (that is a TypeError). */
export class IamError extends Error {
  readonly status: number;
  readonly type: 'Sender' | 'Receiver';

  constructor(
    readonly code: IamErrorCode,
    message: string,
    /** Members the error shape has beyond the message (Organizations' Reason). */
    readonly fields?: { readonly reason?: string },
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
