import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An order the merchant placed, by customer email: says whether a later order is a repeat customer's. */
@Entity({ name: 'customer_orders' })
export class CustomerOrder {
  @PrimaryColumn({ name: 'merchant_id', type: 'text' })
  merchantId: string;

  /** Lower-cased and trimmed, so "Ada@Example.com " and "ada@example.com" are one customer. */
  @PrimaryColumn({ type: 'text' })
  email: string;

  @PrimaryColumn({ name: 'order_id', type: 'text' })
  orderId: string;

  @Column({ name: 'placed_at', type: 'timestamptz' })
  placedAt: Date;
}
