import { DynamicModule, Global, Module } from '@nestjs/common';
import { AUDIT_CONFIG, AuditConfig } from './audit.config';
import { ConsoleModule } from './console/console.module';
import { ReplayModule } from './replay/replay.module';
import { TransmissionsModule } from './transmissions/transmissions.module';

@Global()
@Module({})
class AuditConfigModule {
  static register(config: AuditConfig): DynamicModule {
    return { module: AuditConfigModule, providers: [{ provide: AUDIT_CONFIG, useValue: config }], exports: [AUDIT_CONFIG] };
  }
}

/**
 * The transmission log's behaviour: the consumer that writes records in batches, the query API and
 * RPC, partition upkeep, replay of parked commands and the support console. Needs the platform,
 * the broker (`MessagingModule`), `AuthModule` and the `audit` schema from the app that composes it.
 */
@Module({})
export class AuditServiceModule {
  static register(config: AuditConfig): DynamicModule {
    return {
      module: AuditServiceModule,
      imports: [AuditConfigModule.register(config), TransmissionsModule, ReplayModule, ConsoleModule],
    };
  }
}
