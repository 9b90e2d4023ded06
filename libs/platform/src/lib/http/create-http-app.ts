import { DynamicModule, INestApplication, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { raw } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { FieldError, ValidationFailedError } from '../errors/hub-error';

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
}

/** Field-level messages for nested DTOs: `order.items.0.quantity must be positive`. */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...toFieldErrors(e.children ?? [], field)];
  });
}

export function hubValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedError(toFieldErrors(errors)),
  });
}

/** The same HTTP shape for every service: pino, strict validation, body limits, OpenAPI at /docs. */
export async function createHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false, rawBody: options.rawBody ?? false });
  configureHttpApp(app, options);
  return app;
}

export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  const express = app as NestExpressApplication;
  const limit = options.bodyLimit ?? process.env['HTTP_BODY_LIMIT'] ?? '6mb';
  // Registered first: a body read here is marked as parsed, and the JSON parser leaves it alone.
  for (const path of options.rawBodyRoutes ?? []) express.use(path, raw({ type: () => true, limit }));
  express.useBodyParser('json', { limit });
  express.useBodyParser('urlencoded', { limit, extended: true });
  express.disable('x-powered-by');
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(hubValidationPipe());
  app.enableShutdownHooks();
  // `bearer`: the scheme @ApiBearerAuth() names (hub tokens, see @hub/auth).
  const doc = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle(options.title).setVersion('1').addBearerAuth().build());
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs/openapi.json' });
}
