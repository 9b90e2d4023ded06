import type { AbandonedCartLine, CartAbandoned } from '@hub/domain';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsEmail, IsNotEmpty, IsNumber, IsOptional, IsPositive, IsString, Matches, ValidateNested } from 'class-validator';
import { MerchantScoped, MoneyDto, MoneyField } from '../common';

export class AbandonedCartLineDto implements AbandonedCartLine {
  @IsString() @IsNotEmpty()
  itemId: string;

  @IsOptional() @IsString()
  description?: string;

  @IsNumber() @IsPositive()
  quantity: number;

  @MoneyField()
  unitPrice: MoneyDto;

  @MoneyField()
  total: MoneyDto;
}

export class AbandonedCartCustomerDto {
  @IsEmail()
  email: string;

  @IsOptional() @IsString()
  firstName?: string;

  @IsOptional() @IsString()
  lastName?: string;
}

/** A customer left a cart with items in it: a contact to tag and follow up. */
export class CartAbandonedV1 extends MerchantScoped implements CartAbandoned {
  @IsString() @IsNotEmpty()
  cartId: string;

  @ValidateNested() @Type(() => AbandonedCartCustomerDto)
  customer: AbandonedCartCustomerDto;

  @Matches(/^[A-Z]{3}$/)
  currency: string;

  @IsArray() @ArrayNotEmpty() @ValidateNested({ each: true }) @Type(() => AbandonedCartLineDto)
  lines: AbandonedCartLineDto[];

  @MoneyField()
  total: MoneyDto;
}
