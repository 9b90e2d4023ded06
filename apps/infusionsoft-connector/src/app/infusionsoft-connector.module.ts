import { DynamicModule, Module } from '@nestjs/common';
import { CONSUMERS, CONTRACTS } from '@hub/messaging-contracts';
import { AmqpConfig, MessagingModule } from '@hub/messaging-nest';
import { PlatformModule } from '@hub/platform';

export const SERVICE = 'infusionsoft-connector';

/**
 * Boots with health, metrics and the broker connection; the Infusionsoft cascade (XML-RPC) is
 * not built yet, so nothing consumes `crm.infusionsoft.#` and mapping publishes no such command.
 */
@Module({})
export class InfusionsoftConnectorModule {
  static register(overrides: { amqp?: Partial<AmqpConfig> } = {}): DynamicModule {
    return {
      module: InfusionsoftConnectorModule,
      imports: [PlatformModule.forRoot(SERVICE), MessagingModule.forRoot({ service: SERVICE, consumers: CONSUMERS, contracts: CONTRACTS, config: overrides.amqp })],
    };
  }
}
