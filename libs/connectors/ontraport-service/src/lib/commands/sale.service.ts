import { Injectable } from '@nestjs/common';
import type { OntraportSaleV1 } from '@hub/messaging-contracts';
import { CommandRunner } from '../delivery/command-runner';
import { Gateways } from '../delivery/gateways';
import type { ProductRef, SaleRecord } from '../delivery/ontraport-gateway';

/** A sale: the contact by email (found or created), each item's product, the purchase — once per order. */
@Injectable()
export class SaleService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly gateways: Gateways,
  ) {}

  /** `undefined`: another replica took the command over (see `CommandRunner.once`). */
  logSale(cmd: OntraportSaleV1, attempt: number): Promise<SaleRecord | undefined> {
    const order = cmd.order;
    return this.runner.once(cmd.idempotencyKey, cmd.merchantId, attempt, async (mayExist) => {
      const creds = await this.runner.credentials(cmd.merchantId);
      const gateway = this.gateways.for(cmd.api);
      const ctx = { merchantId: cmd.merchantId, orderId: order.orderId, customerEmail: order.customer.email, attempt };
      const contactId = await gateway.findOrCreateContact(creds, order.customer, ctx);
      return gateway.logSale(creds, order, contactId, productRefs(cmd), { recurring: cmd.recurring === true, mayExist }, ctx);
    });
  }
}

/** `products` (external id → product id → name) wins; else the name map; else the item id is the name. */
function productRefs(cmd: OntraportSaleV1): Record<string, ProductRef> {
  const refs: Record<string, ProductRef> = {};
  for (const line of cmd.order.lines) refs[line.itemId] = { name: cmd.productNames[line.itemId] ?? line.itemId };
  for (const p of cmd.products ?? []) {
    refs[p.itemId] = { name: p.name, ...(p.productId !== undefined ? { productId: p.productId } : {}), ...(p.externalId ? { externalId: p.externalId } : {}) };
  }
  return refs;
}
