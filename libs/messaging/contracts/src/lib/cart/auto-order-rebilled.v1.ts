import type { AutoOrderRebilled } from '@hub/domain';
import { Type } from 'class-transformer';
import { Equals, IsInt, IsNotEmpty, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { MerchantScoped } from '../common';
import { OrderDto } from './order-placed.v1';

/**
 * A subscription billed again: a new sale, marked recurring. `order` is the rebill order; the cart
 * may also send an `order_create` for it, so a sale is keyed by `order.orderId` downstream.
 */
export class AutoOrderRebilledV1 extends MerchantScoped implements AutoOrderRebilled {
  @IsString() @IsNotEmpty()
  autoOrderCode: string;

  @IsOptional() @IsInt()
  autoOrderOid?: number;

  @IsOptional() @IsString()
  originalOrderId?: string;

  @Equals(true)
  recurring: true;

  @IsInt() @Min(1)
  rebillNumber: number;

  @ValidateNested() @Type(() => OrderDto)
  order: OrderDto;
}
