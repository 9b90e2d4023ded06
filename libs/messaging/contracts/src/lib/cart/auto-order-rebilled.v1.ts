import type { AutoOrderRebilled } from '@hub/domain';
import { Equals, IsInt, Min } from 'class-validator';
import { AutoOrderEventBase } from './auto-order-event-base';
import { OrderDto } from './order-placed.v1';
import { NestedObject } from '../common';

/**
 * A subscription billed again: a new sale, marked recurring. `order` is the rebill order; the cart
 * may also send an `order_create` for it, so a sale is keyed by `order.orderId` downstream.
 */
export class AutoOrderRebilledV1 extends AutoOrderEventBase implements AutoOrderRebilled {
  @Equals(true)
  recurring: true;

  @IsInt() @Min(1)
  rebillNumber: number;

  @NestedObject(() => OrderDto)
  order: OrderDto;
}
