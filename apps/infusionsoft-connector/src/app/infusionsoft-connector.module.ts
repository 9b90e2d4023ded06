import { DynamicModule, Module } from '@nestjs/common';
import { DeliveryModule, INFUSIONSOFT_ENTITIES, INFUSIONSOFT_MIGRATIONS, INFUSIONSOFT_SCHEMA } from '@hub/infusionsoft-service';
import { CONSUMERS, CONTRACTS } from '@hub/messaging-contracts';
import { AmqpConfig, MessagingModule } from '@hub/messaging-nest';
import { DatabaseConfig, DEFAULT_POOL_SIZES, PersistenceModule } from '@hub/persistence';
import { PlatformModule } from '@hub/platform';

export const SERVICE = 'infusionsoft-connector';

@Module({})
export class InfusionsoftConnectorModule {
  static register(overrides: { amqp?: Partial<AmqpConfig>; database?: Partial<DatabaseConfig> } = {}): DynamicModule {
    return {
      module: InfusionsoftConnectorModule,
      imports: [
        PlatformModule.forRoot(SERVICE),
        MessagingModule.forRoot({ service: SERVICE, consumers: CONSUMERS, contracts: CONTRACTS, config: overrides.amqp }),
        PersistenceModule.forService({ schema: INFUSIONSOFT_SCHEMA, entities: INFUSIONSOFT_ENTITIES, migrations: INFUSIONSOFT_MIGRATIONS, defaultPoolSize: DEFAULT_POOL_SIZES[SERVICE], config: overrides.database }),
        DeliveryModule,
      ],
    };
  }
}
