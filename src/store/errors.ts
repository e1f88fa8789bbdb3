// The store's typed errors. Each repository turns its driver's failures into one of these, so
// callers switch on `code` and never on a driver's error shape. Anything else that escapes the
// store (a broken connection, a bug) is not a StoreError and should surface as a 500.

export type StoreErrorCode = 'Conflict' | 'InvalidMarker' | 'LimitExceeded' | 'NotFound';

export abstract class StoreError extends Error {
  abstract readonly code: StoreErrorCode;
}

/**
 * A create or rename collided with an existing entity under a unique key (for names, compared
 * case-insensitively). After a create the transaction can go on; after a rename that lost a race
 * some databases have already doomed the transaction, so let the error end it.
 */
export class StoreConflict extends StoreError {
  readonly code = 'Conflict';
  constructor(
    /** The kind of entity, e.g. 'user', 'accessKey', 'userPolicy'. */
    readonly entity: string,
    /** The key that collided, e.g. the user name. */
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`${entity} ${key} already exists`, options);
    this.name = 'StoreConflict';
  }
}

/** A create "with limit" found the owner already at its quota; nothing was written. */
export class StoreLimitExceeded extends StoreError {
  readonly code = 'LimitExceeded';
  constructor(
    readonly entity: string,
    readonly limit: number,
  ) {
    super(`${entity} limit of ${limit} reached`);
    this.name = 'StoreLimitExceeded';
  }
}

/** A listing was given a marker that no page of it handed out (IAM: InvalidInput). */
export class StoreInvalidMarker extends StoreError {
  readonly code = 'InvalidMarker';
  constructor(readonly marker: string) {
    super('invalid marker');
    this.name = 'StoreInvalidMarker';
  }
}

/** An operation named an owner (account, user, group, role, policy, ...) that does not exist. */
export class StoreNotFound extends StoreError {
  readonly code = 'NotFound';
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} ${key} does not exist`);
    this.name = 'StoreNotFound';
  }
}
