import type { CartAbandoned } from '@hub/domain';
import { ArrayNotEmpty, IsDefined, IsNotEmpty, IsString, Matches } from 'class-validator';
import { ContactDto, MerchantScoped, MoneyDto, MoneyField, NestedObject, NestedObjects } from '../common';
import { OrderLineDto } from './order-placed.v1';

/** A customer left a cart with items in it: a contact to tag and follow up. */
export class CartAbandonedV1 extends MerchantScoped implements CartAbandoned {
  @IsString() @IsNotEmpty()
  cartId: string;

  @NestedObject(() => ContactDto)
  customer: ContactDto;

  @Matches(/^[A-Z]{3}$/)
  currency: string;

  /** The same line shape as an order's. */
  @ArrayNotEmpty() @IsDefined() @NestedObjects(() => OrderLineDto)
  lines: OrderLineDto[];

  @MoneyField()
  total: MoneyDto;
}
