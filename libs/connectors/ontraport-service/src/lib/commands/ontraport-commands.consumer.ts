import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  OntraportAffiliateSignupV1,
  OntraportAutoOrderStatusV1,
  OntraportProductDeleteV1,
  OntraportProductSyncV1,
  OntraportProductUpsertV1,
  OntraportRefundV1,
  OntraportSaleV1,
  RoutingKeys,
} from '@hub/messaging-contracts';
import { HubRmqContext } from '@hub/messaging-nest';
import { ProductService } from '../products/product.service';
import { ContactUpdateService } from './contact-update.service';
import { RefundService } from './refund.service';
import { SaleService } from './sale.service';

/** `crm.ontraport.*` commands (validated against CONTRACTS by the transport before they get here). */
@Controller()
export class OntraportCommandsConsumer {
  constructor(
    private readonly sales: SaleService,
    private readonly refunds: RefundService,
    private readonly contacts: ContactUpdateService,
    private readonly products: ProductService,
  ) {}

  @EventPattern(RoutingKeys.crm.ontraportSale)
  async onSale(@Payload() cmd: OntraportSaleV1, @Ctx() ctx: HubRmqContext): Promise<void> {
    await this.sales.logSale(cmd, ctx.getAttempt());
  }

  @EventPattern(RoutingKeys.crm.ontraportRefund)
  async onRefund(@Payload() cmd: OntraportRefundV1, @Ctx() ctx: HubRmqContext): Promise<void> {
    await this.refunds.refund(cmd, ctx.getAttempt());
  }

  @EventPattern(RoutingKeys.crm.ontraportAutoOrderStatus)
  async onAutoOrderStatus(@Payload() cmd: OntraportAutoOrderStatusV1, @Ctx() ctx: HubRmqContext): Promise<void> {
    await this.contacts.apply(cmd, ctx.getAttempt());
  }

  @EventPattern(RoutingKeys.crm.ontraportAffiliateSignup)
  async onAffiliateSignup(@Payload() cmd: OntraportAffiliateSignupV1, @Ctx() ctx: HubRmqContext): Promise<void> {
    await this.contacts.apply(cmd, ctx.getAttempt());
  }

  @EventPattern(RoutingKeys.crm.ontraportProductUpsert)
  async onProductUpsert(@Payload() cmd: OntraportProductUpsertV1, @Ctx() ctx: HubRmqContext): Promise<void> {
    await this.products.upsert(cmd, ctx.getAttempt());
  }

  @EventPattern(RoutingKeys.crm.ontraportProductDelete)
  async onProductDelete(@Payload() cmd: OntraportProductDeleteV1, @Ctx() ctx: HubRmqContext): Promise<void> {
    await this.products.delete(cmd, ctx.getAttempt());
  }

  @EventPattern(RoutingKeys.crm.ontraportProductSync)
  async onProductSync(@Payload() cmd: OntraportProductSyncV1, @Ctx() ctx: HubRmqContext): Promise<void> {
    await this.products.sync(cmd, ctx.getAttempt());
  }
}
