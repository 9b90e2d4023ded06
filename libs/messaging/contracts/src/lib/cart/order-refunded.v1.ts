import type { OrderRefunded, RefundedAmounts, RefundLine } from '@hub/domain';
import { IsDefined, IsIn, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, Min } from 'class-validator';
import { MoneyDto, MoneyField, NestedObject, NestedObjects } from '../common';
import { OrderEventBase } from './order-event-base';

export class RefundLineDto implements RefundLine {
  @IsString() @IsNotEmpty()
  itemId: string;

  @IsNumber() @Min(0)
  quantityRefunded: number;

  @MoneyField()
  amountRefunded: MoneyDto;

  @IsOptional() @IsString()
  reason?: string;
}

export class RefundedAmountsDto implements RefundedAmounts {
  @MoneyField() total: MoneyDto;
  @MoneyField() subtotal: MoneyDto;
  @MoneyField() tax: MoneyDto;
  @MoneyField() shippingHandling: MoneyDto;
}

/**
 * A full or partial refund of an order. Amounts are running totals (everything refunded so far):
 * a second partial refund arrives as a new event carrying the sum of both.
 */
export class OrderRefundedV1 extends OrderEventBase implements OrderRefunded {
  @IsIn(['full', 'partial'])
  kind: 'full' | 'partial';

  @IsOptional() @IsString()
  refundedAt?: string;

  @IsOptional() @IsString()
  reason?: string;

  @Matches(/^[A-Z]{3}$/)
  currency: string;

  @MoneyField()
  orderTotal: MoneyDto;

  @NestedObject(() => RefundedAmountsDto)
  refunded: RefundedAmountsDto;

  @IsDefined() @NestedObjects(() => RefundLineDto)
  lines: RefundLineDto[];
}
