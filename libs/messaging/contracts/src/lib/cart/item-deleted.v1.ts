import type { ItemDeleted } from '@hub/domain';
import { IsInt, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { MerchantScoped } from '../common';

/** An item left the merchant's catalog. */
export class ItemDeletedV1 extends MerchantScoped implements ItemDeleted {
  @IsString() @IsNotEmpty()
  itemId: string;

  @IsOptional() @IsInt()
  itemOid?: number;
}
