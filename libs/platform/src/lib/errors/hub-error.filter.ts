import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Observable, throwError } from 'rxjs';
import { ErrorKind, HubError } from './hub-error';
import { Outage, outageOf } from './outage';

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

/** Errors raised while a body is read, before routing: Express's body parsers (http-errors) and Fastify's content parsers. */
const BODY_ERROR_CODES: Record<string, string> = {
  'entity.too.large': 'PAYLOAD_TOO_LARGE',
  'entity.parse.failed': 'MALFORMED_BODY',
  'encoding.unsupported': 'UNSUPPORTED_ENCODING',
  'charset.unsupported': 'UNSUPPORTED_CHARSET',
  'request.aborted': 'REQUEST_ABORTED',
  'parameters.too.many': 'TOO_MANY_PARAMETERS',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_CONTENT_LENGTH',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

export interface ErrorAnswer {
  status: number;
  body: { statusCode: number; code: string; message: string; fields?: unknown };
  headers?: Record<string, string>;
}

/** The one place errors become HTTP answers: `{statusCode, code, message, fields?}`, whatever the HTTP adapter. */
export function errorAnswer(exception: unknown, logger: Logger): ErrorAnswer {
  if (exception instanceof HubError) {
    // An outage under the hub's error that wraps it (a TransientError around a refused connection): 503, not 502.
    const outage = exception.kind === ErrorKind.Unavailable ? undefined : outageOf(exception);
    if (outage) return outageAnswer(outage, exception, logger);
    const status = STATUS[exception.kind];
    if (status >= 500) logger.warn({ code: exception.code, err: exception.message }, 'request failed');
    return {
      status,
      body: { statusCode: status, code: exception.code, message: exception.message, ...(exception.details?.fields ? { fields: exception.details.fields } : {}) },
      headers: exception.kind === ErrorKind.Unavailable ? { 'Retry-After': '5' } : undefined,
    };
  }
  if (exception instanceof HttpException) {
    // Nest's own (unknown route, invalid JSON → BadRequestException): same shape as ours.
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
    return { status, body: { statusCode: status, code: HttpStatus[status] ?? 'HTTP_ERROR', message: String(message) } };
  }
  const bodyError = asBodyError(exception);
  if (bodyError) return { status: bodyError.status, body: { statusCode: bodyError.status, code: bodyError.code, message: bodyError.message } };
  const outage = outageOf(exception);
  if (outage) return outageAnswer(outage, exception, logger);
  logger.error({ err: exception }, 'unhandled error');
  return { status: 500, body: { statusCode: 500, code: 'INTERNAL', message: 'Internal error' } };
}

/** The caller did nothing wrong and a retry will work once the database or service is back: 503, as for the broker. */
function outageAnswer(outage: Outage, exception: unknown, logger: Logger): ErrorAnswer {
  logger.warn({ code: outage.code, err: (exception as Error).message }, outage.of === 'database' ? 'database unreachable' : 'service unreachable');
  return { status: 503, body: { statusCode: 503, code: outage.code, message: outage.message }, headers: { 'Retry-After': '5' } };
}

/** A 4xx raised while the body was read (too large, malformed JSON, bad media type), or undefined. */
function asBodyError(exception: unknown): { status: number; code: string; message: string } | undefined {
  const e = exception as { status?: unknown; statusCode?: unknown; expose?: unknown; type?: unknown; code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return undefined;
  // http-errors (Express): status + expose; Fastify: statusCode + an FST_ERR_CTP_* code, or a SyntaxError from JSON.parse with statusCode 400.
  const status = typeof e.status === 'number' && e.expose === true ? e.status : typeof e.statusCode === 'number' && (typeof e.code === 'string' || exception instanceof SyntaxError) ? e.statusCode : undefined;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  const code = BODY_ERROR_CODES[String(e.type ?? e.code)] ?? (exception instanceof SyntaxError ? 'MALFORMED_BODY' : 'BAD_REQUEST');
  return { status, code, message: String(e.message) };
}

/** Nest's side of the mapping: every exception a handler, guard or pipe throws. */
@Catch()
export class HubErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HubErrorFilter');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // On the bus the consumer wrapper decides retry or park from the error itself: hand it back.
    if (host.getType() !== 'http') return throwError(() => exception);
    const adapter = this.adapterHost.httpAdapter;
    const res = host.switchToHttp().getResponse<unknown>();
    const answer = errorAnswer(exception, this.logger);
    for (const [name, value] of Object.entries(answer.headers ?? {})) adapter.setHeader(res, name, value);
    adapter.reply(res, answer.body, answer.status);
  }
}
