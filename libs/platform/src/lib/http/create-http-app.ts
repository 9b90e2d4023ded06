import { ArgumentMetadata, DynamicModule, INestApplication, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { AbstractHttpAdapter, NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { parse as parseBytes } from 'bytes';
import { raw } from 'express';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { CORRELATION_HEADER, newCorrelationId, sanitizeCorrelationId, withCorrelation } from '../correlation/correlation';
import { FieldError, ValidationFailedError } from '../errors/hub-error';
import { isValidated } from '../validation/validated-payloads';

/**
 * `express` for the API services (streamed CSV, the console); `fastify` for the services that take
 * high-rate inbound traffic (cart webhooks, order imports), where Express, its router and its body
 * parsers cost a fifth of a millisecond of CPU per request that Fastify does not.
 */
export type HttpAdapterKind = 'express' | 'fastify';

export interface HttpAppOptions {
  title: string;
  bodyLimit?: string;
  /**
   * Keep each JSON/form body's bytes as `req.rawBody` too (for signatures computed over the body
   * as sent). Only the services that verify one ask for it; the buffer is the parser's own, not a copy.
   */
  rawBody?: boolean;
  /**
   * Paths whose bodies are not parsed at all: the handler gets the bytes as a Buffer (`@Body()`),
   * whatever the content type, within the same size limit — for bodies parsed off the event loop.
   */
  rawBodyRoutes?: string[];
  adapter?: HttpAdapterKind;
}

/** What a handler's `@Req()` has on either adapter when `rawBody` is on: the body's bytes as sent. */
export interface RawBodyCarrier {
  rawBody?: Buffer;
}

/** Field-level messages for nested DTOs: `order.items.0.quantity must be positive`. */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...toFieldErrors(e.children ?? [], field)];
  });
}

/**
 * Strict on what HTTP callers send (unknown properties refused). The app's pipes also reach its
 * message handlers (`startConsumers` connects the transport with `inheritAppConfig`), whose
 * `@Payload()` the transport has already made an instance of its contract and validated
 * (`HubRmqServer`, the CONTRACTS registry, `markValidated`): such a payload is passed on as it is.
 * Validated again here it cost a fifth of a millisecond per order in the connectors
 * (tools/bench/e2e), and `forbidNonWhitelisted` parked every command that carried a field added by
 * a newer sender, which the transport keeps on purpose so that services can be deployed one at a time.
 */
export class HubValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.metatype && value instanceof metadata.metatype && isValidated(value)) return Promise.resolve(value);
    return super.transform(value, metadata);
  }
}

export function hubValidationPipe(): ValidationPipe {
  return new HubValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedError(toFieldErrors(errors)),
  });
}

function bodyLimitOf(options: HttpAppOptions): string {
  return options.bodyLimit ?? process.env['HTTP_BODY_LIMIT'] ?? '6mb';
}

/** The Nest HTTP adapter the options ask for (tests pass it to `createNestApplication` too). */
export function createHttpAdapter(options: HttpAppOptions): AbstractHttpAdapter {
  if (options.adapter !== 'fastify') return new ExpressAdapter();
  // trustProxy off, as Express's default; the body limit is enforced by the content parser below.
  return new FastifyAdapter({ bodyLimit: parseBytes(bodyLimitOf(options)) ?? undefined });
}

/** The same HTTP shape for every service: pino, strict validation, body limits, OpenAPI at /docs. */
export async function createHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create(module, createHttpAdapter(options), { bufferLogs: true, bodyParser: false, rawBody: options.rawBody ?? false });
  configureHttpApp(app, options);
  return app;
}

export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  if (app.getHttpAdapter().getType() === 'fastify') configureFastify(app.getHttpAdapter().getInstance() as FastifyInstance, options);
  else configureExpress(app as NestExpressApplication, options);
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(hubValidationPipe());
  app.enableShutdownHooks();
  // `bearer`: the scheme @ApiBearerAuth() names (hub tokens, see @hub/auth).
  const doc = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle(options.title).setVersion('1').addBearerAuth().build());
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs/openapi.json' });
}

function configureExpress(express: NestExpressApplication, options: HttpAppOptions): void {
  const limit = bodyLimitOf(options);
  // Registered first: a body read here is marked as parsed, and the JSON parser leaves it alone.
  for (const path of options.rawBodyRoutes ?? []) express.use(path, raw({ type: () => true, limit }));
  express.useBodyParser('json', { limit });
  express.useBodyParser('urlencoded', { limit, extended: true });
  express.disable('x-powered-by');
}

/** The largest refused upload still read to its end so that its 4xx answer can be read. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;

type CorrelatedRequest = FastifyRequest & RawBodyCarrier & { correlationId?: string };

/**
 * Fastify: one content parser for every type (raw routes get the bytes; JSON and forms are parsed,
 * anything else is a 415 — Nest hands parser errors to HubErrorFilter like any other), and the
 * correlation context set once the body is read, so the handler, its guards and its pipes run
 * inside it (a context entered before the body streams in would not survive the stream's events).
 */
function configureFastify(fastify: FastifyInstance, options: HttpAppOptions): void {
  const rawRoutes = (options.rawBodyRoutes ?? []).map(routePattern);
  const isRaw = (url: string): boolean => rawRoutes.some((p) => p.test(url));
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (req: CorrelatedRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => {
    if (isRaw(req.url)) return done(null, body);
    if (options.rawBody) req.rawBody = body;
    // An empty body is no body (a DELETE sent with a JSON content type, say), as on Express.
    if (!body.length) return done(null, undefined);
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type === 'application/json' || type.endsWith('+json')) return json(req, body.toString('utf8'), done);
    if (type === 'application/x-www-form-urlencoded') return done(null, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    const err = new Error(`Unsupported Media Type: ${type || '(none)'}`) as FastifyError;
    Object.assign(err, { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
    done(err);
  });
  // Fastify closes the connection when it refuses a body (too large, unreadable) while the client
  // may still be sending it: the client then sees a reset, not the 413 (7 MB posts failed 14-22
  // times in 40). Without `connection: close`, Node reads and discards the rest of the upload and
  // the answer arrives, as on Express — except for uploads declared beyond DRAIN_MAX_BYTES.
  fastify.addHook('onSend', (req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
    if (reply.statusCode >= 400 && !req.raw.complete && !(Number(req.headers['content-length']) > DRAIN_MAX_BYTES)) reply.removeHeader('connection');
    done(null, payload);
  });
  fastify.addHook('onRequest', (req: CorrelatedRequest, reply: FastifyReply, done: () => void) => {
    req.correlationId = sanitizeCorrelationId(req.headers[CORRELATION_HEADER]) ?? newCorrelationId();
    // On the raw response, so the request log line (pino-http's customProps) reads it too.
    reply.raw.setHeader(CORRELATION_HEADER, req.correlationId);
    done();
  });
  fastify.addHook('preHandler', (req: CorrelatedRequest, _reply: FastifyReply, done: () => void) => withCorrelation(req.correlationId, done));
}

/** A path as Express mounts it (`/a/:param/b`): that path and anything below it, with or without a query. */
function routePattern(path: string): RegExp {
  const segments = path.split('/').map((seg) => (seg.startsWith(':') ? '[^/?]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${segments.join('/')}(?:[/?]|$)`);
}
