import type { OrderPaymentFailed } from '@hub/domain';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { MoneyDto, MoneyField } from '../common';
import { OrderEventBase } from './order-event-base';

/** The cart could not collect an order's payment (a declined card, a failed capture). */
export class OrderPaymentFailedV1 extends OrderEventBase implements OrderPaymentFailed {
  @IsString()
  stage: string;

  @IsOptional() @IsString()
  paymentMethod?: string;

  @IsOptional() @IsString()
  paymentStatus?: string;

  @IsBoolean()
  cardDeclined: boolean;

  @IsOptional() @IsString()
  reason?: string;

  @IsOptional() @IsString()
  failedAt?: string;

  @MoneyField()
  total: MoneyDto;
}
