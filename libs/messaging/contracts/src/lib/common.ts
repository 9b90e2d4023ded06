import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsNotEmpty, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';

export class MoneyDto {
  @IsInt()
  minor: number;

  @Matches(/^[A-Z]{3}$/)
  currency: string;
}

export function MoneyField(): PropertyDecorator {
  return (target, key) => {
    ValidateNested()(target, key);
    Type(() => MoneyDto)(target, key);
  };
}

export class MerchantScoped {
  @IsString() @IsNotEmpty() @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  merchantId: string;
}

/** A person the CRMs find or create by email. */
export class ContactDto {
  @IsEmail()
  email: string;

  @IsOptional() @IsString()
  firstName?: string;

  @IsOptional() @IsString()
  lastName?: string;
}
