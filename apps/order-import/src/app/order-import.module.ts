import { DynamicModule, Module } from '@nestjs/common';
import { CONSUMERS, CONTRACTS } from '@hub/messaging-contracts';
import { AmqpConfig, MessagingModule } from '@hub/messaging-nest';
import { SandboxPaymentGateway, PaymentGateway } from '@hub/order-import';
import { DatabaseConfig, PersistenceModule } from '@hub/persistence';
import { HttpAppOptions, loadConfig, PlatformModule } from '@hub/platform';
import { CatalogConsumer } from './catalog/catalog.consumer';
import { CATALOG_CSV_ROUTE, CatalogController } from './catalog/catalog.controller';
import { CatalogStore } from './catalog/catalog.store';
import { ChannelPartnersConsumer } from './channel-partners/channel-partners.consumer';
import { ChannelPartnersService } from './channel-partners/channel-partners.service';
import { ORDER_IMPORT_ENTITIES, ORDER_IMPORT_MIGRATIONS, ORDER_IMPORT_SCHEMA } from './database';
import { ImportService, PAYMENT_GATEWAY } from './imports/import.service';
import { LEGACY_API_PATH, LegacyApiController } from './imports/legacy-api.controller';
import { OrderLifecycleService } from './imports/order-lifecycle.service';
import { RestApiController } from './imports/rest-api.controller';
import { ORDER_IMPORT_CONFIG, OrderImportConfig } from './order-import.config';
import { OutboxRelay } from './outbox/outbox.relay';

export const SERVICE = 'order-import';

/**
 * How the HTTP app is made (main.ts and the tests alike): on Fastify (imports are its hot path); the
 * legacy form and the catalog CSV get their bytes unparsed — the form's `order.items[0].itemId`
 * names are read exactly, not by qs.
 */
export const ORDER_IMPORT_HTTP_OPTIONS: Omit<HttpAppOptions, 'title'> = { adapter: 'fastify', rawBodyRoutes: [LEGACY_API_PATH, CATALOG_CSV_ROUTE] };

export interface ServiceOverrides {
  amqp?: Partial<AmqpConfig>;
  database?: Partial<DatabaseConfig>;
  orderImport?: Partial<OrderImportConfig>;
  /** The sandbox unless a test or a deployment plugs in another. */
  paymentGateway?: PaymentGateway;
}

@Module({})
export class OrderImportModule {
  static register(overrides: ServiceOverrides = {}): DynamicModule {
    return {
      module: OrderImportModule,
      imports: [
        PlatformModule.forRoot(SERVICE),
        MessagingModule.forRoot({ service: SERVICE, consumers: CONSUMERS, contracts: CONTRACTS, config: overrides.amqp }),
        PersistenceModule.forService({ schema: ORDER_IMPORT_SCHEMA, entities: ORDER_IMPORT_ENTITIES, migrations: ORDER_IMPORT_MIGRATIONS, config: overrides.database }),
      ],
      controllers: [LegacyApiController, RestApiController, CatalogController, CatalogConsumer, ChannelPartnersConsumer],
      providers: [
        { provide: ORDER_IMPORT_CONFIG, useFactory: (): OrderImportConfig => Object.assign(loadConfig(OrderImportConfig), overrides.orderImport) },
        { provide: PAYMENT_GATEWAY, useValue: overrides.paymentGateway ?? new SandboxPaymentGateway() },
        ChannelPartnersService,
        CatalogStore,
        OutboxRelay,
        ImportService,
        OrderLifecycleService,
      ],
    };
  }
}
