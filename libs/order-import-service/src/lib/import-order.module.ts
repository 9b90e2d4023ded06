import { DynamicModule, Module } from '@nestjs/common';
import { PaymentGateway, SandboxPaymentGateway } from '@hub/order-import';
import { loadConfig } from '@hub/platform';
import { CatalogConsumer } from './catalog/catalog.consumer';
import { CatalogController } from './catalog/catalog.controller';
import { CatalogStore } from './catalog/catalog.store';
import { ChannelPartnersConsumer } from './channel-partners/channel-partners.consumer';
import { ChannelPartnersService } from './channel-partners/channel-partners.service';
import { ImportService, PAYMENT_GATEWAY } from './imports/import.service';
import { LegacyApiController } from './imports/legacy-api.controller';
import { OrderLifecycleService } from './imports/order-lifecycle.service';
import { RestApiController } from './imports/rest-api.controller';
import { ORDER_IMPORT_CONFIG, OrderImportConfig } from './order-import.config';
import { OutboxRelay } from './outbox/outbox.relay';

export interface ImportOrderOptions {
  /** Over what the environment says (OUTBOX_*, CHANNEL_PARTNER_AUTH_CACHE_SECONDS). */
  orderImport?: Partial<OrderImportConfig>;
  /** The sandbox unless a test or a deployment plugs in another. */
  paymentGateway?: PaymentGateway;
}

/**
 * The channel-partner `importOrder` service: both interfaces and the order lifecycle (imports/),
 * the catalog (CSV and `cart.item.*` events), channel-partner credentials over RPC, the outbox relay.
 */
@Module({})
export class ImportOrderModule {
  static register(options: ImportOrderOptions = {}): DynamicModule {
    return {
      module: ImportOrderModule,
      controllers: [LegacyApiController, RestApiController, CatalogController, CatalogConsumer, ChannelPartnersConsumer],
      providers: [
        { provide: ORDER_IMPORT_CONFIG, useFactory: (): OrderImportConfig => Object.assign(loadConfig(OrderImportConfig), options.orderImport) },
        { provide: PAYMENT_GATEWAY, useValue: options.paymentGateway ?? new SandboxPaymentGateway() },
        ChannelPartnersService,
        CatalogStore,
        OutboxRelay,
        ImportService,
        OrderLifecycleService,
      ],
    };
  }
}
