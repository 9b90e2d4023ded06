/** A refusal the simulated API answers as ONTRAPORT does: a status and a plain-text body. */
export class OntraportApiError extends Error {
  override readonly name = 'OntraportApiError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const OBJECT_NOT_FOUND = 'Object not found';
export const NOT_AUTHENTICATED = 'Your App ID and API Key do not authenticate.';
export const INVALID_EMAIL = 'Invalid email address';

export const notFound = (): OntraportApiError => new OntraportApiError(404, OBJECT_NOT_FOUND);
export const badRequest = (message: string): OntraportApiError => new OntraportApiError(400, message);
