/**
 * Typed store errors. The CLI maps StoreUnavailableError to exit 3 and the HTTP layer ConflictError to 409 (with
 * `current`), NotFoundError to 404. Each keeps its `cause` when it wraps one.
 */

/** The database cannot be opened or reached (bad URL, server down, data folder unusable). */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The database was migrated by a newer Vantage (it holds migrations this one does not know). */
export class StoreVersionError extends Error {
  override name = 'StoreVersionError';
}

/** An update named a version that is no longer current. `current` is the record as it is now (undefined: deleted). */
export class ConflictError<T = unknown> extends Error {
  override name = 'ConflictError';
  constructor(
    message: string,
    readonly current: T | undefined,
  ) {
    super(message);
  }
}

/** No such program, portfolio, entry or snapshot. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super(`no ${what} '${id}' in the store`);
  }
}
