import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { runContactCascade, runOrderCascade, runShipmentCascade } from '@hub/infusionsoft-core';
import { InfusionsoftAbandonedCartV1, InfusionsoftAffiliateV1, InfusionsoftOrderV1, InfusionsoftShipmentV1, RoutingKeys } from '@hub/messaging-contracts';
import { HubRmqContext } from '@hub/messaging-nest';
import { CommandService } from './command.service';

/** `crm.infusionsoft.*` commands (validated against their contracts by the transport) → the cascades. */
@Controller()
export class CommandsConsumer {
  constructor(private readonly commands: CommandService) {}

  @EventPattern(RoutingKeys.crm.infusionsoftOrder)
  async order(@Payload() cmd: InfusionsoftOrderV1, @Ctx() ctx: HubRmqContext): Promise<void> {
    const meta = { routingKey: ctx.getRoutingKey(), type: 'order', what: `order ${cmd.orderId}`, orderId: cmd.orderId, customerEmail: cmd.steps.contact.email, attempt: ctx.getAttempt() };
    await this.commands.deliver(cmd, meta, (port) => runOrderCascade(port, cmd));
  }

  @EventPattern(RoutingKeys.crm.infusionsoftShipment)
  async shipment(@Payload() cmd: InfusionsoftShipmentV1, @Ctx() ctx: HubRmqContext): Promise<void> {
    const meta = { routingKey: ctx.getRoutingKey(), type: 'shipment', what: `the shipment of order ${cmd.orderId}`, orderId: cmd.orderId, attempt: ctx.getAttempt() };
    await this.commands.deliver(cmd, meta, async (port, ids) => runShipmentCascade(port, cmd, await ids.jobIdOf(cmd.orderKey)));
  }

  @EventPattern(RoutingKeys.crm.infusionsoftAbandonedCart)
  async abandonedCart(@Payload() cmd: InfusionsoftAbandonedCartV1, @Ctx() ctx: HubRmqContext): Promise<void> {
    const meta = { routingKey: ctx.getRoutingKey(), type: 'abandoned-cart', what: `abandoned cart ${cmd.cartId}`, customerEmail: cmd.steps.contact.email, attempt: ctx.getAttempt() };
    await this.commands.deliver(cmd, meta, (port) => runContactCascade(port, cmd));
  }

  @EventPattern(RoutingKeys.crm.infusionsoftAffiliate)
  async affiliate(@Payload() cmd: InfusionsoftAffiliateV1, @Ctx() ctx: HubRmqContext): Promise<void> {
    const meta = { routingKey: ctx.getRoutingKey(), type: 'affiliate', what: `affiliate ${cmd.affiliateId}`, customerEmail: cmd.steps.contact.email, attempt: ctx.getAttempt() };
    await this.commands.deliver(cmd, meta, (port) => runContactCascade(port, cmd));
  }
}
