import { IsInt, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { MerchantScoped } from '../common';

/** What every event about one subscription (UltraCart auto order) carries. */
export class AutoOrderEventBase extends MerchantScoped {
  @IsString() @IsNotEmpty()
  autoOrderCode: string;

  @IsOptional() @IsInt()
  autoOrderOid?: number;

  /** The order that started the subscription. */
  @IsOptional() @IsString()
  originalOrderId?: string;
}
