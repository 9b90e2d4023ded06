import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Order } from '@hub/domain';
import { isRepeatCustomer, normalizeEmail, placedAt } from '@hub/mapping-rules';
import { CustomerOrder } from '../database';

/** New vs repeat customer, from the orders the merchant placed (mapping's own table). */
@Injectable()
export class CustomerHistoryStore {
  constructor(@InjectRepository(CustomerOrder) private readonly orders: Repository<CustomerOrder>) {}

  /** Read-only (the preview): is there an earlier order with this email? */
  async isRepeat(merchantId: string, order: Order, seenAt = new Date()): Promise<boolean> {
    const email = normalizeEmail(order.customer.email);
    const history = await this.orders.find({ where: { merchantId, email }, select: { orderId: true, placedAt: true }, order: { placedAt: 'ASC' }, take: 50 });
    return isRepeatCustomer(order.orderId, placedAt(order, seenAt), history);
  }

  /**
   * Decides, then remembers the order. A redelivery finds its own row and stays "new"; the insert
   * is idempotent. Decided before the commands are published, recorded right after deciding: if
   * publishing fails, the redelivery decides the same way (its own row never counts).
   */
  async decideAndRecord(merchantId: string, order: Order, seenAt = new Date()): Promise<boolean> {
    const repeat = await this.isRepeat(merchantId, order, seenAt);
    await this.orders
      .createQueryBuilder()
      .insert()
      .values({ merchantId, email: normalizeEmail(order.customer.email), orderId: order.orderId, placedAt: placedAt(order, seenAt) })
      .orIgnore()
      .execute();
    return repeat;
  }
}
