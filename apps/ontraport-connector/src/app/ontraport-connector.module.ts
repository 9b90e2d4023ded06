import { DynamicModule, Module } from '@nestjs/common';
import { CONSUMERS, CONTRACTS } from '@hub/messaging-contracts';
import { AmqpConfig, MessagingModule } from '@hub/messaging-nest';
import { CommandsModule, ONTRAPORT_ENTITIES, ONTRAPORT_MIGRATIONS, ONTRAPORT_SCHEMA } from '@hub/ontraport-service';
import { DatabaseConfig, DEFAULT_POOL_SIZES, PersistenceModule } from '@hub/persistence';
import { PlatformModule } from '@hub/platform';

export const SERVICE = 'ontraport-connector';

@Module({})
export class OntraportConnectorModule {
  static register(overrides: { amqp?: Partial<AmqpConfig>; database?: Partial<DatabaseConfig> } = {}): DynamicModule {
    return {
      module: OntraportConnectorModule,
      imports: [
        PlatformModule.forRoot(SERVICE),
        MessagingModule.forRoot({ service: SERVICE, consumers: CONSUMERS, contracts: CONTRACTS, config: overrides.amqp }),
        PersistenceModule.forService({ schema: ONTRAPORT_SCHEMA, entities: ONTRAPORT_ENTITIES, migrations: ONTRAPORT_MIGRATIONS, defaultPoolSize: DEFAULT_POOL_SIZES[SERVICE], config: overrides.database }),
        CommandsModule,
      ],
    };
  }
}
