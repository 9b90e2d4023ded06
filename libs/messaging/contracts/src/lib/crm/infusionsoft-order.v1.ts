import { ArrayMaxSize, IsArray, IsDefined, IsISO8601, IsIn, IsInt, IsNotEmpty, IsOptional, IsPositive, IsString, MaxLength } from 'class-validator';
import { MoneyDto, MoneyField, NestedObject, NestedObjects } from '../common';
import {
  InfusionsoftCommandBase,
  InfusionsoftContactStepsDto,
  InfusionsoftGoalDto,
  IsInfusionsoftFields,
} from './infusionsoft-command-base';

/** How an order becomes an Infusionsoft order/invoice (the merchant's "creation method"). */
export const INFUSIONSOFT_ORDER_METHODS = ['placeOrder', 'blankOrder'] as const;
export type InfusionsoftOrderMethod = (typeof INFUSIONSOFT_ORDER_METHODS)[number];

/**
 * `InvoiceService.addOrderItem` type codes (reference B.2, confirmed rows only): product lines are
 * 4, shipping 1, tax 2, other charges 3 "Service & Misc", and order-level discounts 7 "Special"
 * with a negative price (11/12 are ambiguous in the sources, so they are never sent).
 */
export const INFUSIONSOFT_ITEM_TYPES = { shipping: 1, tax: 2, misc: 3, product: 4, special: 7 } as const;
export type InfusionsoftItemKind = keyof typeof INFUSIONSOFT_ITEM_TYPES;

/**
 * How the Infusionsoft product of a cart item is found: the mapped `productId`, else the product
 * whose `ProductName` equals `productName` exactly (case-sensitive; the guide's fallback is the item
 * id). No match → the line is not sent and the log says so.
 */
export class InfusionsoftProductRefDto {
  @IsOptional() @IsInt() @IsPositive()
  productId?: number;

  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(200)
  productName?: string;
}

/** One `addOrderItem` line (blank orders) or one product id of `placeOrder`. */
export class InfusionsoftOrderLineDto {
  @IsIn(Object.keys(INFUSIONSOFT_ITEM_TYPES))
  kind: InfusionsoftItemKind;

  /** The cart item id of a product line (for logs and goals); absent on shipping/tax/discount lines. */
  @IsOptional() @IsString() @IsNotEmpty()
  itemId?: string;

  /** Product lines only; shipping, tax and discount lines go with product id 0. */
  @IsOptional() @NestedObject(() => InfusionsoftProductRefDto)
  product?: InfusionsoftProductRefDto;

  /** The line's name as it appears on the invoice. */
  @IsString() @IsNotEmpty() @MaxLength(255)
  title: string;

  @IsOptional() @IsString() @MaxLength(1000)
  notes?: string;

  @IsInt() @IsPositive()
  quantity: number;

  /** Unit price as charged (after item discounts); negative for a discount line. */
  @MoneyField()
  unitPrice: MoneyDto;
}

/** `InvoiceService.addManualPayment` after the lines (blank orders): the cart already took the money. */
export class InfusionsoftManualPaymentDto {
  @MoneyField()
  amount: MoneyDto;

  /** "Credit Card", "PayPal", "Check"… */
  @IsString() @IsNotEmpty() @MaxLength(50)
  paymentType: string;

  @IsString() @MaxLength(500)
  description: string;
}

/**
 * A goal that depends on which Infusionsoft product a line resolved to: the connector achieves it
 * when one of the order's products has this id or name, or belongs to this category (id or name).
 */
export class InfusionsoftProductGoalDto extends InfusionsoftGoalDto {
  @IsIn(['product', 'category'])
  trigger: 'product' | 'category';

  @IsOptional() @IsInt() @IsPositive()
  id?: number;

  @IsOptional() @IsString() @IsNotEmpty()
  name?: string;
}

export class InfusionsoftOrderSpecDto {
  @IsIn(INFUSIONSOFT_ORDER_METHODS)
  method: InfusionsoftOrderMethod;

  /** `createBlankOrder` description. */
  @IsString() @IsNotEmpty() @MaxLength(255)
  description: string;

  @IsISO8601()
  orderDate: string;

  @ArrayMaxSize(500) @IsDefined() @NestedObjects(() => InfusionsoftOrderLineDto)
  lines: InfusionsoftOrderLineDto[];

  /** `placeOrder`'s promo codes; with blank orders they go into the payment's description instead. */
  @IsArray() @IsString({ each: true })
  promoCodes: string[];

  /** Blank orders only. */
  @IsOptional() @NestedObject(() => InfusionsoftManualPaymentDto)
  payment?: InfusionsoftManualPaymentDto;

  /** Custom order fields on the order's `Job` row (`_AdSource` → "google"). */
  @IsInfusionsoftFields()
  customFields: Record<string, string>;

  /** Goals that depend on the resolved products (product or category triggers). */
  @IsDefined() @NestedObjects(() => InfusionsoftProductGoalDto)
  productGoals: InfusionsoftProductGoalDto[];
}

/**
 * Command: cascade one paid order — contact (with lead source, tags, owner, action sets), then the
 * order/invoice unless the merchant skips order creation, then goals. Keyed by order id: a
 * redelivered command never creates a second contact, invoice or payment.
 */
export class InfusionsoftOrderV1 extends InfusionsoftCommandBase {
  @IsString() @IsNotEmpty()
  orderId: string;

  @NestedObject(() => InfusionsoftContactStepsDto)
  steps: InfusionsoftContactStepsDto;

  /** Absent when the merchant checked "Skip Order Creation". */
  @IsOptional() @NestedObject(() => InfusionsoftOrderSpecDto)
  order?: InfusionsoftOrderSpecDto;

  /** Goals known from the cart alone (item id or folder triggers), achieved for the contact. */
  @IsDefined() @NestedObjects(() => InfusionsoftGoalDto)
  goals: InfusionsoftGoalDto[];
}
