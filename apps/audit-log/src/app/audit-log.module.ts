import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@hub/auth';
import { AUDIT_ENTITIES, AUDIT_MIGRATIONS, AUDIT_SCHEMA, AuditConfig, AuditServiceModule } from '@hub/audit-service';
import { CONSUMERS, CONTRACTS } from '@hub/messaging-contracts';
import { AmqpConfig, MessagingModule } from '@hub/messaging-nest';
import { DatabaseConfig, DEFAULT_POOL_SIZES, PersistenceModule } from '@hub/persistence';
import { loadConfig, PlatformModule } from '@hub/platform';

export const SERVICE = 'audit-log';

export interface AuditLogOverrides {
  amqp?: Partial<AmqpConfig>;
  database?: Partial<DatabaseConfig>;
  audit?: Partial<AuditConfig>;
}

@Module({})
export class AuditLogModule {
  static register(overrides: AuditLogOverrides = {}): DynamicModule {
    const audit = Object.assign(loadConfig(AuditConfig), overrides.audit);
    return {
      module: AuditLogModule,
      imports: [
        PlatformModule.forRoot(SERVICE),
        MessagingModule.forRoot({
          service: SERVICE,
          consumers: CONSUMERS,
          contracts: CONTRACTS,
          // Batches fill only if many records are in hand at once.
          config: { AMQP_PREFETCH: audit.AUDIT_PREFETCH, ...overrides.amqp },
        }),
        AuthModule.forRoot(),
        PersistenceModule.forService({ schema: AUDIT_SCHEMA, entities: AUDIT_ENTITIES, migrations: AUDIT_MIGRATIONS, defaultPoolSize: DEFAULT_POOL_SIZES[SERVICE], config: overrides.database }),
        AuditServiceModule.register(audit),
      ],
    };
  }
}
