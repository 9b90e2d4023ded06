import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { collectDefaultMetrics, register } from 'prom-client';
import { CorrelationMiddleware } from './correlation/correlation.middleware';
import { HubErrorFilter } from './errors/hub-error.filter';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { ReadinessRegistry } from './health/readiness.registry';
import { LoggingModule } from './logging/logging.module';

export const SERVICE_NAME = Symbol('SERVICE_NAME');

let defaultMetricsStarted = false;

/** Logging, correlation, health, metrics and the HTTP error mapping every service shares. */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  static forRoot(serviceName: string): DynamicModule {
    if (!defaultMetricsStarted) {
      register.setDefaultLabels({ service: serviceName });
      collectDefaultMetrics();
      defaultMetricsStarted = true;
    }
    return {
      module: PlatformModule,
      imports: [LoggingModule.forRoot(serviceName), TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [
        ReadinessRegistry,
        { provide: SERVICE_NAME, useValue: serviceName },
        { provide: APP_FILTER, useClass: HubErrorFilter },
      ],
      exports: [ReadinessRegistry, SERVICE_NAME],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Fastify apps enter the correlation context in a hook once the body is read (configureHttpApp).
    if (this.adapterHost.httpAdapter?.getType() === 'fastify') return;
    consumer.apply(CorrelationMiddleware).forRoutes('*path');
  }
}
