import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Order } from '@hub/domain';
import { isRepeatCustomer, normalizeEmail, placedAt } from '@hub/mapping-rules';
import { CustomerOrder } from '../database';

/** A customer's orders read to decide, earliest first. */
const HISTORY_LIMIT = 50;

/** New vs repeat customer, from the orders the merchant placed (mapping's own table). */
@Injectable()
export class CustomerHistoryStore {
  constructor(@InjectRepository(CustomerOrder) private readonly orders: Repository<CustomerOrder>) {}

  /** Read-only (the preview): is there an earlier order with this email? */
  async isRepeat(merchantId: string, order: Order, seenAt = new Date()): Promise<boolean> {
    const email = normalizeEmail(order.customer.email);
    const history = await this.orders.find({ where: { merchantId, email }, select: { orderId: true, placedAt: true }, order: { placedAt: 'ASC' }, take: HISTORY_LIMIT });
    return isRepeatCustomer(order.orderId, placedAt(order, seenAt), history);
  }

  /**
   * Decides, then remembers the order, in one statement: the SELECT sees the table as it was
   * before the INSERT of the same statement, as when the two were separate. A redelivery finds its
   * own row and stays "new"; the insert is idempotent. Decided before the commands are published,
   * recorded with the decision: if publishing fails, the redelivery decides the same way (its own
   * row never counts).
   */
  async decideAndRecord(merchantId: string, order: Order, seenAt = new Date()): Promise<boolean> {
    const email = normalizeEmail(order.customer.email);
    const at = placedAt(order, seenAt);
    const history: { orderId: string; placedAt: Date }[] = await this.orders.query(
      `WITH recorded AS (
         INSERT INTO customer_orders (merchant_id, email, order_id, placed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING
       )
       SELECT order_id AS "orderId", placed_at AS "placedAt" FROM customer_orders
        WHERE merchant_id = $1 AND email = $2 ORDER BY placed_at ASC LIMIT ${HISTORY_LIMIT}`,
      [merchantId, email, order.orderId, at],
    );
    return isRepeatCustomer(order.orderId, at, history);
  }
}
