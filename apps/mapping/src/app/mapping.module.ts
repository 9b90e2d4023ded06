import { DynamicModule, Module } from '@nestjs/common';
import { CONSUMERS, CONTRACTS } from '@hub/messaging-contracts';
import { AmqpConfig, MessagingModule } from '@hub/messaging-nest';
import { DatabaseConfig, PersistenceModule } from '@hub/persistence';
import { PlatformModule } from '@hub/platform';
import { CascadeModule } from './cascade/cascade.module';
import { MAPPING_ENTITIES, MAPPING_MIGRATIONS, MAPPING_SCHEMA } from './database';
import { MerchantConfigModule } from './merchant-config/merchant-config.module';

export const SERVICE = 'mapping';

@Module({})
export class MappingModule {
  static register(overrides: { amqp?: Partial<AmqpConfig>; database?: Partial<DatabaseConfig> } = {}): DynamicModule {
    return {
      module: MappingModule,
      imports: [
        PlatformModule.forRoot(SERVICE),
        MessagingModule.forRoot({ service: SERVICE, consumers: CONSUMERS, contracts: CONTRACTS, config: overrides.amqp }),
        PersistenceModule.forService({ schema: MAPPING_SCHEMA, entities: MAPPING_ENTITIES, migrations: MAPPING_MIGRATIONS, config: overrides.database }),
        MerchantConfigModule,
        CascadeModule,
      ],
    };
  }
}
