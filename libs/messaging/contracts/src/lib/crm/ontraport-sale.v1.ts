import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, ValidateNested } from 'class-validator';
import { OrderDto } from '../cart/order-placed.v1';
import { MerchantScoped } from '../common';

/** Command: log this order as a sale in the merchant's ONTRAPORT account. */
export class OntraportSaleV1 extends MerchantScoped {
  /** Stable across redeliveries: the connector records it with the ONTRAPORT ids it produced. */
  @IsString() @IsNotEmpty()
  idempotencyKey: string;

  @ValidateNested() @Type(() => OrderDto)
  order: OrderDto;

  /** Cart item id → ONTRAPORT product name; an item without a mapping uses its id as the name. */
  @IsObject()
  productNames: Record<string, string>;
}
