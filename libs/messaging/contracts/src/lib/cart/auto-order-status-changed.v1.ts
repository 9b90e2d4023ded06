import { AUTO_ORDER_STATUSES, type AutoOrderStatus, type AutoOrderStatusChanged } from '@hub/domain';
import { IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { MerchantScoped } from '../common';

/** A subscription's status, in the words the CRM integrations send (active, card declined, …). */
export class AutoOrderStatusChangedV1 extends MerchantScoped implements AutoOrderStatusChanged {
  @IsString() @IsNotEmpty()
  autoOrderCode: string;

  @IsOptional() @IsInt()
  autoOrderOid?: number;

  @IsOptional() @IsString()
  originalOrderId?: string;

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
