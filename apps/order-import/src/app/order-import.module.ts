import { DynamicModule, Module } from '@nestjs/common';
import { CONSUMERS } from '@hub/messaging-contracts';
import { AmqpConfig, MessagingModule } from '@hub/messaging-nest';
import { PlatformModule } from '@hub/platform';

export const SERVICE = 'order-import';

/**
 * Boots with health, metrics and the broker connection; the importOrder API itself is not built
 * yet (its issue adds the endpoints, the catalog and the outbox).
 */
@Module({})
export class OrderImportModule {
  static register(overrides: { amqp?: Partial<AmqpConfig> } = {}): DynamicModule {
    return {
      module: OrderImportModule,
      imports: [PlatformModule.forRoot(SERVICE), MessagingModule.forRoot({ service: SERVICE, consumers: CONSUMERS, config: overrides.amqp })],
    };
  }
}
