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
      const status = exception.getStatus();
      const body = exception.getResponse();
      res.status(status).json(typeof body === 'string' ? { statusCode: status, message: body } : body);
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error');
    res.status(500).json({ statusCode: 500, code: 'INTERNAL', message: 'Internal error' });
  }
}
