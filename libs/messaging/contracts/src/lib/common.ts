import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsInt, IsNotEmpty, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';

export class MoneyDto {
  @IsInt()
  minor: number;

  @Matches(/^[A-Z]{3}$/)
  currency: string;
}

/** A required amount (with `@IsOptional()` before it, an optional one): ValidateNested alone lets a missing object through. */
export function MoneyField(): PropertyDecorator {
  return (target, key) => {
    IsDefined()(target, key);
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
