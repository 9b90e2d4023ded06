import type { OrderRejected } from '@hub/domain';
import { IsOptional, IsString } from 'class-validator';
import { OrderEventBase } from './order-event-base';

/** The merchant rejected an order (fraud, stock…): it will never be fulfilled. */
export class OrderRejectedV1 extends OrderEventBase implements OrderRejected {
  @IsOptional() @IsString()
  rejectedAt?: string;

  @IsOptional() @IsString()
  reason?: string;
}
