import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { CORRELATION_HEADER, currentCorrelationId, sanitizeCorrelationId } from '../correlation/correlation';

/**
 * Paths pino blanks in every line. Card data and credentials must never reach a log, whatever a
 * caller passes in: these names cover the cart's, the CRMs' and our own.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["api-key"]',
  'req.headers["api-appid"]',
  'req.headers.cookie',
  '*.password',
  '*.apiKey',
  '*.api_key',
  '*.creditCardNumber',
  '*.credit_card_number',
  '*.cvv',
  '*.card_verification_number',
];

@Module({})
export class LoggingModule {
  static forRoot(serviceName: string, level = process.env['LOG_LEVEL'] ?? 'info'): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            name: serviceName,
            level,
            base: { service: serviceName },
            redact: { paths: REDACT_PATHS, censor: '***' },
            // The correlation id of whatever message or request is being handled, on every line.
            mixin: () => {
              const correlationId = currentCorrelationId();
              return correlationId ? { correlationId } : {};
            },
            // pino-http runs before the correlation middleware: use the caller's id when it is a valid one.
            genReqId: (req: IncomingMessage) => sanitizeCorrelationId(req.headers[CORRELATION_HEADER]) ?? randomUUID(),
            customProps: (_req, res) => ({ correlationId: res.getHeader(CORRELATION_HEADER) }),
            autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
            quietReqLogger: true,
          },
          forRoutes: ['*path'],
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
