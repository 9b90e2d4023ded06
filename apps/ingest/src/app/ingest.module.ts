import { DynamicModule, Module } from '@nestjs/common';
import { CredentialsModule, INGEST_ENTITIES, INGEST_MIGRATIONS, INGEST_SCHEMA, IngestConfig, WebhooksModule } from '@hub/ingest-service';
import { CONSUMERS } from '@hub/messaging-contracts';
import { AmqpConfig, MessagingModule } from '@hub/messaging-nest';
import { DatabaseConfig, DEFAULT_POOL_SIZES, PersistenceModule } from '@hub/persistence';
import { PlatformModule } from '@hub/platform';

export const SERVICE = 'ingest';

export interface ServiceOverrides {
  amqp?: Partial<AmqpConfig>;
  database?: Partial<DatabaseConfig>;
  ingest?: Partial<IngestConfig>;
}

@Module({})
export class IngestModule {
  static register(overrides: ServiceOverrides = {}): DynamicModule {
    const webhooks = WebhooksModule.register(overrides.ingest);
    return {
      module: IngestModule,
      imports: [
        PlatformModule.forRoot(SERVICE),
        MessagingModule.forRoot({ service: SERVICE, consumers: CONSUMERS, config: overrides.amqp }),
        PersistenceModule.forService({
          schema: INGEST_SCHEMA,
          entities: INGEST_ENTITIES,
          migrations: INGEST_MIGRATIONS,
          defaultPoolSize: DEFAULT_POOL_SIZES[SERVICE], config: overrides.database,
          // Ingest writes only dedupe keys (and, rarely, credentials). A database crash may lose the
          // last few hundred milliseconds of keys: at worst a redelivery republishes, which the
          // publish-then-remember order already allows and the downstream idempotency keys absorb.
          // In exchange a delivery does not wait for a WAL flush.
          sessionSettings: { synchronous_commit: 'off' },
        }),
        webhooks,
        // mapping's config API sets webhook credentials over RPC (rpc.ingest.webhook-credentials.set.v1).
        CredentialsModule.register(webhooks),
      ],
    };
  }
}
