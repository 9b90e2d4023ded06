import { DynamicModule, Module } from '@nestjs/common';
import { CONSUMERS } from '@hub/messaging-contracts';
import { AmqpConfig, MessagingModule } from '@hub/messaging-nest';
import { DatabaseConfig, PersistenceModule } from '@hub/persistence';
import { HttpAppOptions, PlatformModule } from '@hub/platform';
import { CredentialsModule } from './credentials/credentials.module';
import { INGEST_ENTITIES, INGEST_MIGRATIONS, INGEST_SCHEMA } from './database';
import { IngestConfig } from './webhooks/ingest.config';
import { WebhooksModule } from './webhooks/webhooks.module';

export const SERVICE = 'ingest';

/**
 * How ingest's HTTP app is made (main.ts and the tests alike): on Fastify (the cart's deliveries are
 * its hot path); the cart webhook gets its bytes unparsed (they are parsed off the event loop); the
 * other routes keep them beside the JSON, for signatures over the body as sent.
 */
export const INGEST_HTTP_OPTIONS: Omit<HttpAppOptions, 'title'> = { adapter: 'fastify', rawBody: true, rawBodyRoutes: ['/webhooks/ultracart'] };

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
          config: overrides.database,
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
