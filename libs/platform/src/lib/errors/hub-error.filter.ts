import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, throwError } from 'rxjs';
import { ErrorKind, HubError } from './hub-error';

const STATUS: Record<ErrorKind, number> = {
  [ErrorKind.Invalid]: HttpStatus.BAD_REQUEST,
  [ErrorKind.Unauthorized]: HttpStatus.UNAUTHORIZED,
  [ErrorKind.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorKind.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorKind.Conflict]: HttpStatus.CONFLICT,
  [ErrorKind.Permanent]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorKind.Transient]: HttpStatus.BAD_GATEWAY,
  [ErrorKind.Unavailable]: HttpStatus.SERVICE_UNAVAILABLE,
};

const BODY_ERROR_CODES: Record<string, string> = {
  'entity.too.large': 'PAYLOAD_TOO_LARGE',
  'entity.parse.failed': 'MALFORMED_BODY',
  'encoding.unsupported': 'UNSUPPORTED_ENCODING',
  'charset.unsupported': 'UNSUPPORTED_CHARSET',
  'request.aborted': 'REQUEST_ABORTED',
  'parameters.too.many': 'TOO_MANY_PARAMETERS',
};

/** The one place HubErrors become HTTP answers: `{statusCode, code, message, fields?}`. */
@Catch()
export class HubErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HubErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // On the bus the consumer wrapper decides retry or park from the error itself: hand it back.
    if (host.getType() !== 'http') return throwError(() => exception);
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HubError) {
      const status = STATUS[exception.kind];
      if (status >= 500) this.logger.warn({ code: exception.code, err: exception.message }, 'request failed');
      if (exception.kind === ErrorKind.Unavailable) res.setHeader('Retry-After', '5');
      res.status(status).json({
        statusCode: status,
        code: exception.code,
        message: exception.message,
        ...(exception.details?.fields ? { fields: exception.details.fields } : {}),
      });
      return;
    }
    if (exception instanceof HttpException) {
      // Nest's own (unknown route, invalid JSON → BadRequestException): same shape as ours.
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      res.status(status).json({ statusCode: status, code: HttpStatus[status] ?? 'HTTP_ERROR', message });
      return;
    }
    // Errors raised before routing by Express's body parsers (http-errors): too large, bad JSON…
    const httpError = exception as { status?: unknown; expose?: unknown; type?: unknown; message?: unknown };
    if (typeof httpError?.status === 'number' && httpError.status >= 400 && httpError.status < 500 && httpError.expose === true) {
      const code = BODY_ERROR_CODES[String(httpError.type)] ?? 'BAD_REQUEST';
      res.status(httpError.status).json({ statusCode: httpError.status, code, message: String(httpError.message) });
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error');
    res.status(500).json({ statusCode: 500, code: 'INTERNAL', message: 'Internal error' });
  }
}
