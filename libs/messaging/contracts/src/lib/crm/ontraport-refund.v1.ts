import { IsIn, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { MoneyDto, MoneyField } from '../common';
import { OntraportCommandBase } from './ontraport-command-base';

/**
 * Command: reflect a refund of an order logged earlier as a sale (found by `saleKey`).
 * `refundedTotal` is the running total refunded on the order so far, as the cart reports it: the
 * connector refunds the difference to what it has already refunded for that order, so a redelivered
 * or out-of-order event never refunds twice. `full` refunds the whole sale (REST
 * `transaction/refund`, legacy `refund`); `partial` sends the amount (legacy `<refund>amount</refund>`).
 */
export class OntraportRefundV1 extends OntraportCommandBase {
  @IsString() @IsNotEmpty()
  orderId: string;

  /** The idempotency key of the sale command: the connector stored the ONTRAPORT ids under it. */
  @IsString() @IsNotEmpty()
  saleKey: string;

  @IsOptional() @IsString()
  customerEmail?: string;

  @IsIn(['full', 'partial'])
  kind: 'full' | 'partial';

  @Matches(/^[A-Z]{3}$/)
  currency: string;

  @MoneyField()
  orderTotal: MoneyDto;

  @MoneyField()
  refundedTotal: MoneyDto;

  @IsOptional() @IsString()
  reason?: string;

  @IsOptional() @IsString()
  refundedAt?: string;
}
