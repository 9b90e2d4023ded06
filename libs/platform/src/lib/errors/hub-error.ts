/**
 * Every error the hub raises on purpose is a HubError with a stable code. Each transport maps it
 * once: HTTP → status (HubErrorFilter), AMQP → retry or park (the messaging consumer wrapper).
 */
export enum ErrorKind {
  /** The input is wrong: 4xx over HTTP; parked at once on the bus. */
  Invalid = 'invalid',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  /** Retrying cannot help (bad credentials at a CRM, unknown product): park with the reason. */
  Permanent = 'permanent',
  /** Retrying can help (timeouts, 5xx, resets): retried with backoff. */
  Transient = 'transient',
  /** A dependency we own is down (broker, database): 503, the caller retries. */
  Unavailable = 'unavailable',
}

export interface FieldError {
  field: string;
  messages: string[];
}

export interface HubErrorDetails {
  fields?: FieldError[];
  /**
   * The outside system (a CRM) whose failure this reports: its `cause` (a refused connection, say)
   * is that system's, never taken for an outage of the hub's own database (outageOf).
   */
  upstream?: string;
  [key: string]: unknown;
}

export class HubError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: ErrorKind,
    readonly details?: HubErrorDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  get retryable(): boolean {
    return this.kind === ErrorKind.Transient || this.kind === ErrorKind.Unavailable;
  }
}

export class ValidationFailedError extends HubError {
  constructor(fields: FieldError[], message = 'The request is not valid') {
    super('VALIDATION_FAILED', `${message}: ${fields.map((f) => `${f.field} ${f.messages.join(', ')}`).join('; ')}`, ErrorKind.Invalid, { fields });
  }
}

export class PermanentError extends HubError {
  constructor(code: string, message: string, details?: HubErrorDetails, options?: { cause?: unknown }) {
    super(code, message, ErrorKind.Permanent, details, options);
  }
}

export class TransientError extends HubError {
  constructor(code: string, message: string, details?: HubErrorDetails, options?: { cause?: unknown }) {
    super(code, message, ErrorKind.Transient, details, options);
  }
}

export class UnavailableError extends HubError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, ErrorKind.Unavailable, undefined, options);
  }
}

export class UnauthorizedError extends HubError {
  constructor(message = 'Authentication required') {
    super('UNAUTHORIZED', message, ErrorKind.Unauthorized);
  }
}

export class NotFoundError extends HubError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`, ErrorKind.NotFound);
  }
}

/** Errors we did not raise on purpose are treated as transient: a retry is the safe default. */
export function isRetryable(err: unknown): boolean {
  return err instanceof HubError ? err.retryable : true;
}
