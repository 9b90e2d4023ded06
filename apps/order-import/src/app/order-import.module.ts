import { DynamicModule, Module } from '@nestjs/common';
import { CONSUMERS, CONTRACTS } from '@hub/messaging-contracts';
import { AmqpConfig, MessagingModule } from '@hub/messaging-nest';
import { ImportOrderModule, ImportOrderOptions, ORDER_IMPORT_ENTITIES, ORDER_IMPORT_MIGRATIONS, ORDER_IMPORT_SCHEMA } from '@hub/order-import-service';
import { DatabaseConfig, DEFAULT_POOL_SIZES, PersistenceModule } from '@hub/persistence';
import { PlatformModule } from '@hub/platform';

export const SERVICE = 'order-import';

/** `orderImport` and `paymentGateway` go to the feature lib's module. */
export interface ServiceOverrides extends ImportOrderOptions {
  amqp?: Partial<AmqpConfig>;
  database?: Partial<DatabaseConfig>;
}

@Module({})
export class OrderImportModule {
  static register(overrides: ServiceOverrides = {}): DynamicModule {
    return {
      module: OrderImportModule,
      imports: [
        PlatformModule.forRoot(SERVICE),
        MessagingModule.forRoot({ service: SERVICE, consumers: CONSUMERS, contracts: CONTRACTS, config: overrides.amqp }),
        PersistenceModule.forService({ schema: ORDER_IMPORT_SCHEMA, entities: ORDER_IMPORT_ENTITIES, migrations: ORDER_IMPORT_MIGRATIONS, defaultPoolSize: DEFAULT_POOL_SIZES[SERVICE], config: overrides.database }),
        ImportOrderModule.register({ orderImport: overrides.orderImport, paymentGateway: overrides.paymentGateway }),
      ],
    };
  }
}
