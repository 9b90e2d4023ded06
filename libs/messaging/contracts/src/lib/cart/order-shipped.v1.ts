import type { OrderShipped } from '@hub/domain';
import { IsArray, IsOptional, IsString } from 'class-validator';
import { OrderEventBase } from './order-event-base';

/** An order (or part of it) went out: tracking numbers and dates, e.g. for Infusionsoft custom order fields. */
export class OrderShippedV1 extends OrderEventBase implements OrderShipped {
  @IsOptional() @IsString()
  shippedAt?: string;

  @IsOptional() @IsString()
  shippingMethod?: string;

  @IsArray() @IsString({ each: true })
  trackingNumbers: string[];

  @IsOptional() @IsString()
  expectedDeliveryAt?: string;
}
