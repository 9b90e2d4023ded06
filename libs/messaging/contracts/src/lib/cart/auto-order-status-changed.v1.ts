import { AUTO_ORDER_STATUSES, type AutoOrderStatus, type AutoOrderStatusChanged } from '@hub/domain';
import { IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import { AutoOrderEventBase } from './auto-order-event-base';

/** A subscription's status, in the words the CRM integrations send (active, card declined, …). */
export class AutoOrderStatusChangedV1 extends AutoOrderEventBase implements AutoOrderStatusChanged {
  @IsOptional() @IsString()
  customerEmail?: string;

  @IsIn(AUTO_ORDER_STATUSES)
  status: AutoOrderStatus;

  @IsOptional() @IsString()
  cartStatus?: string;

  @IsOptional() @IsString()
  reason?: string;

  @IsOptional() @IsString()
  changedAt?: string;

  @IsOptional() @IsString()
  nextAttemptAt?: string;

  @IsArray() @IsString({ each: true })
  itemIds: string[];
}
