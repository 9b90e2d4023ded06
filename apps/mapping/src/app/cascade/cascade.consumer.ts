import { Controller, Logger } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { planOrderPlaced } from '@hub/mapping-rules';
import { OntraportCredentialsReply, OntraportCredentialsRequest, OrderPlacedV1, RoutingKeys, RpcPatterns } from '@hub/messaging-contracts';
import { MessagePublisher } from '@hub/messaging-nest';
import { MerchantConfigService } from '../merchant-config/merchant-config.service';

@Controller()
export class CascadeConsumer {
  private readonly logger = new Logger(CascadeConsumer.name);

  constructor(
    private readonly config: MerchantConfigService,
    private readonly publisher: MessagePublisher,
  ) {}

  /** Each command is published with its idempotency key as message id; a redelivery republishes the same. */
  @EventPattern(RoutingKeys.cart.orderPlaced)
  async onOrderPlaced(@Payload() event: OrderPlacedV1): Promise<void> {
    const plan = planOrderPlaced(event.order, await this.config.forRules(event.merchantId));
    for (const s of plan.skipped) this.logger.log({ orderId: event.order.orderId, integration: s.integration }, `not sent: ${s.reason}`);
    for (const c of plan.commands) {
      const key = (c.payload as { idempotencyKey?: string }).idempotencyKey;
      await this.publisher.publish(c.routingKey, c.payload, { messageId: key });
      this.logger.log({ orderId: event.order.orderId, routingKey: c.routingKey }, c.reason);
    }
  }

  @MessagePattern(RpcPatterns.mapping.ontraportCredentials)
  ontraportCredentials(@Payload() request: OntraportCredentialsRequest): Promise<OntraportCredentialsReply> {
    return this.config.ontraportCredentials(request.merchantId);
  }
}
