import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsEmail, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';

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

/**
 * A list of objects of class `type`, each checked by its own rules (an empty list passes; add
 * `@IsDefined()` to require the list, `@ArrayMaxSize` to bound it). ValidateNested with `each`
 * alone walks into an element that is itself a list and checks that list's elements instead, so
 * `lines: [[]]` was an order with one line that had no fields at all.
 */
export function NestedObjects(type: () => new () => object): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    IsObject({ each: true })(target, key);
    ValidateNested({ each: true })(target, key);
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
