import { DynamicModule, Module } from '@nestjs/common';
import { CONSUMERS } from '@hub/messaging-contracts';
import { AmqpConfig, MessagingModule } from '@hub/messaging-nest';
import { DatabaseConfig, PersistenceModule } from '@hub/persistence';
import { PlatformModule } from '@hub/platform';
import { INGEST_ENTITIES, INGEST_MIGRATIONS, INGEST_SCHEMA } from './database';
import { WebhooksModule } from './webhooks/webhooks.module';

export const SERVICE = 'ingest';

export interface ServiceOverrides {
  amqp?: Partial<AmqpConfig>;
  database?: Partial<DatabaseConfig>;
}

@Module({})
export class IngestModule {
  static register(overrides: ServiceOverrides = {}): DynamicModule {
    return {
      module: IngestModule,
      imports: [
        PlatformModule.forRoot(SERVICE),
        MessagingModule.forRoot({ service: SERVICE, consumers: CONSUMERS, config: overrides.amqp }),
        PersistenceModule.forService({ schema: INGEST_SCHEMA, entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS, config: overrides.database }),
        WebhooksModule,
      ],
    };
  }
}
