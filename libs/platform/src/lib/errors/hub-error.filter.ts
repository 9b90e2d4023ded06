import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
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
  if (isDatabaseUnreachable(exception)) {
    // The caller did nothing wrong and a retry will work once the database is back: 503, as for the broker.
    logger.warn({ err: (exception as Error).message }, 'database unreachable');
    return { status: 503, body: { statusCode: 503, code: DATABASE_UNAVAILABLE, message: DATABASE_UNAVAILABLE_MESSAGE }, headers: { 'Retry-After': '5' } };
  }
  logger.error({ err: exception }, 'unhandled error');
  return { status: 500, body: { statusCode: 500, code: 'INTERNAL', message: 'Internal error' } };
}

/**
 * PostgreSQL cannot be reached, is restarting or cannot take the work right now (not: refused a
 * query). By the driver's codes — no driver import here: SQLSTATE class 08 (connection exception),
 * class 53 (insufficient resources: too many connections, out of memory, disk full), 57P01–57P03
 * (shut down, crash shutdown, starting up), socket errors — or its messages for a dropped
 * connection and for a pool that found no free connection in time.
 */
const DATABASE_DOWN_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

export function isDatabaseUnreachable(exception: unknown): boolean {
  const e = exception as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  // TypeORM wraps the driver's error (QueryFailedError.driverError); a refused query (syntax, constraint) is a bug, not this.
  const code = String(e.code ?? (e.driverError as { code?: unknown } | undefined)?.code ?? '');
  if (DATABASE_DOWN_CODES.has(code) || /^(08|53)/.test(code)) return true;
  return typeof e.message === 'string' && /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect)$/.test(e.message);
}

/** The code a database outage travels under: the HTTP answer (503), an RPC reply (unavailable), a parked message. */
export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';
export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is not available; retry later';

/**
 * A database outage, wherever it shows: the error itself or one it wraps (`cause`, a few levels)
 * is isDatabaseUnreachable, or it is another service's outage answered over RPC (a HubError coded
 * DATABASE_UNAVAILABLE: mapping could not read its database for a token or credentials). What the
 * consumer retries without counting an attempt: the message is not at fault and will go through
 * once the database is back.
 */
export function isDatabaseOutage(exception: unknown): boolean {
  let e: unknown = exception;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++, e = (e as { cause?: unknown }).cause) {
    if (e instanceof HubError ? e.code === DATABASE_UNAVAILABLE : isDatabaseUnreachable(e)) return true;
  }
  return false;
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
