import type { Address, Customer, CustomFieldName, Order, OrderLine, OrderTotals } from '@hub/domain';
import { IsArray, IsBoolean, IsDefined, IsNotEmpty, IsNumber, IsObject, IsOptional, IsPositive, IsString, MaxLength } from 'class-validator';
import { ContactDto, MerchantScoped, MoneyDto, MoneyField, NestedObject, NestedObjects } from '../common';

export class OrderLineDto implements OrderLine {
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

export class OrderTotalsDto implements OrderTotals {
  @MoneyField() subtotal: MoneyDto;
  @MoneyField() discount: MoneyDto;
  @MoneyField() shippingHandling: MoneyDto;
  @MoneyField() tax: MoneyDto;
  @MoneyField() total: MoneyDto;
}

const MAX_CUSTOM_FIELD = 1_000;

/** Checkout custom fields 1–7 (only those holding a value). */
export class CustomFieldsDto implements Partial<Record<CustomFieldName, string>> {
  @IsOptional() @IsString() @MaxLength(MAX_CUSTOM_FIELD) customField1?: string;
  @IsOptional() @IsString() @MaxLength(MAX_CUSTOM_FIELD) customField2?: string;
  @IsOptional() @IsString() @MaxLength(MAX_CUSTOM_FIELD) customField3?: string;
  @IsOptional() @IsString() @MaxLength(MAX_CUSTOM_FIELD) customField4?: string;
  @IsOptional() @IsString() @MaxLength(MAX_CUSTOM_FIELD) customField5?: string;
  @IsOptional() @IsString() @MaxLength(MAX_CUSTOM_FIELD) customField6?: string;
  @IsOptional() @IsString() @MaxLength(MAX_CUSTOM_FIELD) customField7?: string;
}

export class CustomerDto extends ContactDto implements Customer {
  @IsObject()
  billing: Address;

  @IsOptional() @IsObject()
  shipping?: Address;
}

export class OrderDto extends MerchantScoped implements Order {
  @IsString() @IsNotEmpty()
  orderId: string;

  @IsString()
  stage: string;

  @IsOptional() @IsString()
  createdAt?: string;

  @IsString()
  currency: string;

  @NestedObject(() => CustomerDto)
  customer: CustomerDto;

  @IsDefined() @NestedObjects(() => OrderLineDto)
  lines: OrderLineDto[];

  @NestedObject(() => OrderTotalsDto)
  totals: OrderTotalsDto;

  @IsArray() @IsString({ each: true })
  couponCodes: string[];

  @IsOptional() @IsString()
  paymentMethod?: string;

  @IsOptional() @IsString()
  themeCode?: string;

  @IsOptional() @IsBoolean()
  mailingListOptIn?: boolean;

  @IsOptional() @IsString() @MaxLength(200)
  advertisingSource?: string;

  @IsOptional() @IsString() @MaxLength(100)
  salesRepCode?: string;

  @IsOptional() @NestedObject(() => CustomFieldsDto)
  customFields?: CustomFieldsDto;
}

/** An order has left the payment stage: the CRMs may now hear of it. Published once per order. */
export class OrderPlacedV1 extends MerchantScoped {
  @NestedObject(() => OrderDto)
  order: OrderDto;
}
