import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  InfusionsoftCredentialsReply,
  InfusionsoftCredentialsRequest,
  OntraportCredentialsReply,
  OntraportCredentialsRequest,
  RpcPatterns,
} from '@hub/messaging-contracts';
import { HubRmqContext } from '@hub/messaging-nest';
import { MerchantConfigService } from '../merchant-config/merchant-config.service';
import { CascadeService } from './cascade.service';

interface CartEvent {
  merchantId: string;
}

@Controller()
export class CascadeConsumer {
  constructor(
    private readonly cascadeService: CascadeService,
    private readonly config: MerchantConfigService,
  ) {}

  /**
   * Every cart event goes to every CRM's rules. The transport has validated it against its
   * routing key's contract; the parameter's type is a plain interface on purpose, so the global
   * validation pipe does not strip it down to one class's fields.
   */
  @EventPattern('cart.#')
  onCartEvent(@Payload() event: CartEvent, @Ctx() ctx: HubRmqContext): Promise<void> {
    return this.cascadeService.cascade(event.merchantId, ctx.getRoutingKey(), event);
  }

  @MessagePattern(RpcPatterns.mapping.ontraportCredentials)
  ontraportCredentials(@Payload() request: OntraportCredentialsRequest): Promise<OntraportCredentialsReply> {
    return this.config.ontraportCredentials(request.merchantId);
  }

  @MessagePattern(RpcPatterns.mapping.infusionsoftCredentials)
  infusionsoftCredentials(@Payload() request: InfusionsoftCredentialsRequest): Promise<InfusionsoftCredentialsReply> {
    return this.config.infusionsoftCredentials(request.merchantId);
  }
}
