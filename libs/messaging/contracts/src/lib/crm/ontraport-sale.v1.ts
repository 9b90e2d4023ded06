import { IsBoolean, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { OrderDto } from '../cart/order-placed.v1';
import { IsStringRecord, OntraportCommandBase, OntraportItemProductDto } from './ontraport-command-base';
import { NestedObject, NestedObjects } from '../common';

/**
 * Command: log this order as a sale in the merchant's ONTRAPORT account — lines at the unit prices
 * charged (coupons already taken off), shipping/handling and tax as their own amounts, the coupon
 * codes for the record. Keyed by order id: a rebill and the cart's later `order_create` for the
 * same order are one sale.
 *
 * Compatible extension of the first v1 (which had only `productNames`): every field added since
 * is optional, so a v1 published by an older mapping still validates and is delivered.
 */
export class OntraportSaleV1 extends OntraportCommandBase {
  @NestedObject(() => OrderDto)
  order: OrderDto;

  /** Cart item id → ONTRAPORT product name; an item without a mapping uses its id as the name. */
  @IsStringRecord()
  productNames: Record<string, string>;

  /** Per cart item, how to find its product (external id → product id → name); wins over `productNames`. */
  @IsOptional() @NestedObjects(() => OntraportItemProductDto)
  products?: OntraportItemProductDto[];

  /** A subscription rebill: logged as a recurring sale of the same products. */
  @IsOptional() @IsBoolean()
  recurring?: boolean;

  @IsOptional() @IsString()
  autoOrderCode?: string;

  @IsOptional() @IsInt() @Min(1)
  rebillNumber?: number;
}
