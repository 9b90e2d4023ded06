import { ErrorKind, HubError } from '@hub/platform';

/** Authenticated, but not allowed: a support token changing config, or another merchant's data. */
export class ForbiddenError extends HubError {
  constructor(message: string) {
    super('FORBIDDEN', message, ErrorKind.Forbidden);
  }
}
