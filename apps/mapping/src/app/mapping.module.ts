import { DynamicModule, Module } from '@nestjs/common';
import { AuthConfig, AuthModule } from '@hub/auth';
import { CONSUMERS, CONTRACTS } from '@hub/messaging-contracts';
import {
  AccessConfig,
  AccessModule,
  CascadeModule,
  ConfigApiModule,
  MAPPING_ENTITIES,
  MAPPING_MIGRATIONS,
  MAPPING_SCHEMA,
  MerchantConfigModule,
} from '@hub/mapping-service';
import { AmqpConfig, MessagingModule } from '@hub/messaging-nest';
import { DatabaseConfig, DEFAULT_POOL_SIZES, PersistenceModule } from '@hub/persistence';
import { PlatformModule } from '@hub/platform';

export const SERVICE = 'mapping';

export interface MappingOverrides {
  amqp?: Partial<AmqpConfig>;
  database?: Partial<DatabaseConfig>;
  access?: Partial<AccessConfig>;
  auth?: Partial<AuthConfig>;
}

@Module({})
export class MappingModule {
  static register(overrides: MappingOverrides = {}): DynamicModule {
    return {
      module: MappingModule,
      imports: [
        PlatformModule.forRoot(SERVICE),
        MessagingModule.forRoot({ service: SERVICE, consumers: CONSUMERS, contracts: CONTRACTS, config: overrides.amqp }),
        PersistenceModule.forService({ schema: MAPPING_SCHEMA, entities: MAPPING_ENTITIES, migrations: MAPPING_MIGRATIONS, defaultPoolSize: DEFAULT_POOL_SIZES[SERVICE], config: overrides.database }),
        // mapping's own API authenticates through the same RPC as every other service.
        AuthModule.forRoot(overrides.auth),
        AccessModule.register(overrides.access),
        MerchantConfigModule,
        CascadeModule,
        ConfigApiModule,
      ],
    };
  }
}
