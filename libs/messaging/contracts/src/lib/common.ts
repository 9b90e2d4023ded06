import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';

export class MoneyDto {
  @IsInt()
  minor: number;

  @Matches(/^[A-Z]{3}$/)
  currency: string;
}

/**
 * A required object of class `type`, checked by its own rules (with `@IsOptional()` before it, an
 * optional one). ValidateNested alone lets a missing object through, and an array in its place
 * too: it checks each element as one (`order: []` was a valid order event).
 */
export function NestedObject(type: () => new () => object): PropertyDecorator {
  return (target, key) => {
    IsDefined()(target, key);
    IsObject()(target, key);
    ValidateNested()(target, key);
    Type(type)(target, key);
  };
}

/** A required amount (with `@IsOptional()` before it, an optional one). */
export function MoneyField(): PropertyDecorator {
  return NestedObject(() => MoneyDto);
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
