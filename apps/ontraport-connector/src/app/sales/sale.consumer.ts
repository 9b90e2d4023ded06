import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OntraportSaleV1, RoutingKeys } from '@hub/messaging-contracts';
import { HubRmqContext } from '@hub/messaging-nest';
import { SaleService } from './sale.service';

@Controller()
export class SaleConsumer {
  constructor(private readonly sales: SaleService) {}

  @EventPattern(RoutingKeys.crm.ontraportSale)
  async onSale(@Payload() cmd: OntraportSaleV1, @Ctx() ctx: HubRmqContext): Promise<void> {
    await this.sales.logSale(cmd, ctx.getAttempt());
  }
}
