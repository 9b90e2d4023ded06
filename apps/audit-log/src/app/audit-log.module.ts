import { DynamicModule, Module } from '@nestjs/common';
import { CONSUMERS, CONTRACTS } from '@hub/messaging-contracts';
import { AmqpConfig, MessagingModule } from '@hub/messaging-nest';
import { DatabaseConfig, PersistenceModule } from '@hub/persistence';
import { PlatformModule } from '@hub/platform';
import { AUDIT_ENTITIES, AUDIT_MIGRATIONS, AUDIT_SCHEMA } from './database';
import { TransmissionsModule } from './transmissions/transmissions.module';

export const SERVICE = 'audit-log';

@Module({})
export class AuditLogModule {
  static register(overrides: { amqp?: Partial<AmqpConfig>; database?: Partial<DatabaseConfig> } = {}): DynamicModule {
    return {
      module: AuditLogModule,
      imports: [
        PlatformModule.forRoot(SERVICE),
        MessagingModule.forRoot({ service: SERVICE, consumers: CONSUMERS, contracts: CONTRACTS, config: overrides.amqp }),
        PersistenceModule.forService({ schema: AUDIT_SCHEMA, entities: AUDIT_ENTITIES, migrations: AUDIT_MIGRATIONS, config: overrides.database }),
        TransmissionsModule,
      ],
    };
  }
}
