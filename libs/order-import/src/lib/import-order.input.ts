import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsInt, IsIP, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { CARD_TYPES, isValidCardNumber } from './card';
import { OptionalBoolean, OptionalNumber, OptionalText, RequiredText, RequiredWhen, satisfies, UsDate, UsTimestamp } from './decorators';
import { normalizeCountry, parseMonthYear, toNumber } from './values';

/** `order.paymentMethod` values the importOrder API accepts (seed). */
export const PAYMENT_METHODS = ['Amazon', 'Cash', 'Check', 'COD', 'Credit Card', 'eCheck', 'Money Order', 'PayPal', 'Purchase Order', 'Wire Transfer'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** These are collected elsewhere: the order must skip our payment processing. */
export const SKIP_REQUIRED_METHODS: readonly string[] = ['Amazon', 'PayPal'];

export const MAX_ITEMS = 500;
export const MAX_CUSTOM_FIELD = 50;

/** `credentials.*` */
export class CredentialsInput {
  /** UltraCart merchant ids are CHAR5 upper case (reference C.4); the hub accepts what its merchants use. */
  @RequiredText(64)
  merchantId: string;

  @RequiredText(64)
  channelPartnerCode: string;

  @RequiredText(200)
  channelPartnerPassword: string;
}

/** `order.items[N].options[M].*` */
export class ItemOptionInput {
  @RequiredText(100)
  name: string;

  @IsString({ message: 'is required' }) @MaxLength(1000, { message: 'must be at most 1000 characters' })
  value: string;
}

/** `order.items[N].*` */
export class ImportItemInput {
  @RequiredText(20)
  itemId: string;

  @Transform(({ value }) => toNumber(value))
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(100_000, { message: 'must be at most 100000' })
  quantity: number;

  @OptionalNumber({ min: 0 })
  arbitraryUnitCost?: number;

  /** The customer-selectable auto-order schedule (a name from the item's schedules). */
  @OptionalText(100)
  autoOrderSchedule?: string;

  @OptionalBoolean()
  upsell?: boolean;

  /** MM/DD/YYYY: when importing historical auto orders. */
  @OptionalText(10) @UsDate()
  autoOrderLastRebillDate?: string;

  @IsOptional() @IsArray({ message: 'must be a list' }) @ArrayMaxSize(50)
  @IsObject({ each: true, message: 'each option must be an object' }) @ValidateNested({ each: true }) @Type(() => ItemOptionInput)
  options?: ItemOptionInput[];
}

const isCard = (o: ImportOrderInput) => o.paymentMethod === 'Credit Card';
/** A card is charged (not skipped, held or historical) and no token or earlier authorization stands for it. */
const needsCardNumber = (o: ImportOrderInput) => isCard(o) && !o.skipPaymentProcessing && !o.storeCompleted && !o.creditCardToken && !usesPriorAuthorization(o);
const usesPriorAuthorization = (o: ImportOrderInput) => isCard(o) && !!(o.creditCardAuthorizationReferenceNumber || o.creditCardAuthorizationAmount !== undefined || o.creditCardAuthorizationDts);
const needsExpiration = (o: ImportOrderInput) => needsCardNumber(o) && !o.creditCardExpirationMonthYear;
const country = (v: unknown) => (typeof v === 'string' && v.trim() ? (normalizeCountry(v) ?? v) : v);
const countryKnown = (v: unknown) => v === undefined || v === null || v === '' || (typeof v === 'string' && /^[A-Z]{2}$/.test(v) && normalizeCountry(v) === v);
const COUNTRY_MESSAGE = 'must be a country name or an ISO-3166 two-letter code';
const customField = () => OptionalText(MAX_CUSTOM_FIELD);

/**
 * `order.*` of the importOrder API, named as the legacy form names them. The REST JSON form is
 * mapped onto the same names (rest-order.ts), so one set of rules serves both. Rules that need the
 * merchant's catalog (items exist, options, physical goods) are in catalog-rules.ts.
 */
export class ImportOrderInput {
  @RequiredText(30)
  channelPartnerOrderId: string;

  @IsIn(PAYMENT_METHODS, { message: `must be one of: ${PAYMENT_METHODS.join(', ')}` })
  @satisfies((v, o) => !SKIP_REQUIRED_METHODS.includes(String(v)) || (o as ImportOrderInput).skipPaymentProcessing === true, 'Amazon and PayPal orders require skipPaymentProcessing=true')
  paymentMethod: PaymentMethod;

  @OptionalBoolean() noRealtimePaymentProcessing?: boolean;
  @OptionalBoolean() skipPaymentProcessing?: boolean;
  @OptionalBoolean() considerRecurring?: boolean;
  @OptionalBoolean() autoApprovePurchaseOrder?: boolean;
  @OptionalBoolean() storeIfPaymentDeclines?: boolean;
  /** Defaults to Y. */
  @OptionalBoolean() treatWarningsAsErrors?: boolean;
  @OptionalBoolean() storeCompleted?: boolean;

  @RequiredWhen<ImportOrderInput>((o) => usesPriorAuthorization(o), 'with a prior authorization', 100)
  creditCardAuthorizationReferenceNumber?: string;

  @Transform(({ value }) => toNumber(value))
  @ValidateIf((o: ImportOrderInput, v) => usesPriorAuthorization(o) || v !== undefined)
  @satisfies((v) => typeof v === 'number' && v > 0, 'is required with a prior authorization, a positive amount')
  creditCardAuthorizationAmount?: number;

  @ValidateIf((o: ImportOrderInput, v) => usesPriorAuthorization(o) || v !== undefined)
  @satisfies((v) => typeof v === 'string' && v.length > 0, 'is required with a prior authorization')
  @UsTimestamp()
  creditCardAuthorizationDts?: string;

  @ValidateIf((o: ImportOrderInput, v) => needsCardNumber(o) || (v !== undefined && v !== ''))
  @IsIn(CARD_TYPES, { message: `must be one of: ${CARD_TYPES.join(', ')}` })
  creditCardType?: string;

  @ValidateIf((o: ImportOrderInput, v) => needsCardNumber(o) || (v !== undefined && v !== ''))
  @satisfies((v) => typeof v === 'string' && isValidCardNumber(v), 'must be a 15 or 16 digit card number (spaces or dashes allowed) that passes the Luhn check')
  creditCardNumber?: string;

  @OptionalText(500)
  creditCardToken?: string;

  @Transform(({ value }) => toNumber(value))
  @ValidateIf((o: ImportOrderInput, v) => needsExpiration(o) || v !== undefined)
  @IsInt({ message: 'must be a month 1 through 12' }) @Min(1, { message: 'must be a month 1 through 12' }) @Max(12, { message: 'must be a month 1 through 12' })
  creditCardExpirationMonth?: number;

  @Transform(({ value }) => toNumber(value))
  @ValidateIf((o: ImportOrderInput, v) => needsExpiration(o) || v !== undefined)
  @IsInt({ message: 'must be a four-digit year' }) @Min(2000, { message: 'must be a four-digit year' }) @Max(2099, { message: 'must be a four-digit year' })
  creditCardExpirationYear?: number;

  @IsOptional()
  @satisfies((v) => typeof v === 'string' && parseMonthYear(v) !== undefined, 'must be MM/YY or MM/YYYY')
  creditCardExpirationMonthYear?: string;

  /** Discarded after the authorization: never stored, logged or recorded. */
  @IsOptional()
  @satisfies((v) => /^\d{3,4}$/.test(String(v)), 'must be 3 or 4 digits')
  creditCardVerificationNumber?: string;

  @OptionalText(50)
  rotatingTransactionGatewayCode?: string;

  @RequiredWhen<ImportOrderInput>((o) => o.paymentMethod === 'Purchase Order', 'for Purchase Order payments', 50)
  purchaseOrderNumber?: string;

  @RequiredText(30) billToFirstName: string;
  @RequiredText(30) billToLastName: string;
  @OptionalText(50) billToTitle?: string;
  @OptionalText(50) billToCompany?: string;
  @RequiredText(50) billToAddress1: string;
  @OptionalText(50) billToAddress2?: string;
  @RequiredText(32) billToCity: string;
  @RequiredText(32) billToState: string;
  @RequiredText(20) billToPostalCode: string;

  @Transform(({ value }) => country(value))
  @RequiredText(60)
  @satisfies(countryKnown, COUNTRY_MESSAGE)
  billToCountry: string;

  @OptionalText(25) billToDayPhone?: string;
  @OptionalText(25) billToEveningPhone?: string;

  @IsOptional() @IsEmail({}, { message: 'must be an email address' })
  email?: string;

  @IsOptional() @IsEmail({}, { message: 'must be an email address' })
  ccEmail?: string;

  @OptionalBoolean() associatedWithCustomerProfileIfPresent?: boolean;

  // Ship-to fields are required for physical goods: catalog-rules.ts knows which items are.
  @OptionalText(30) shipToFirstName?: string;
  @OptionalText(30) shipToLastName?: string;
  @OptionalText(50) shipToTitle?: string;
  @OptionalText(50) shipToCompany?: string;
  @OptionalText(50) shipToAddress1?: string;
  @OptionalText(50) shipToAddress2?: string;
  @OptionalText(32) shipToCity?: string;
  @OptionalText(32) shipToState?: string;
  @OptionalText(20) shipToPostalCode?: string;

  @Transform(({ value }) => country(value))
  @OptionalText(60)
  @satisfies(countryKnown, COUNTRY_MESSAGE)
  shipToCountry?: string;

  @OptionalText(25) shipToPhone?: string;
  @OptionalText(25) shipToEveningPhone?: string;

  /** e.g. `UPS: Ground`; or leastCostRoute=true (checked with the catalog: only orders that ship need one). */
  @OptionalText(60) shippingMethod?: string;

  @OptionalNumber({ min: 0 }) arbitraryTax?: number;
  @OptionalNumber({ min: 0 }) arbitraryTaxableSubtotal?: number;
  @OptionalNumber({ min: 0 }) arbitraryTaxRate?: number;
  @OptionalNumber({ min: 0 }) arbitraryShippingHandlingTotal?: number;
  @OptionalBoolean() taxExempt?: boolean;

  @OptionalText(10000) giftMessage?: string;
  @OptionalText(10) @UsDate() deliveryDate?: string;
  @OptionalText(10) @UsDate() shipOnDate?: string;

  @IsString({ message: 'is required (pass 127.0.0.1 when not available)' })
  @IsIP(undefined, { message: 'must be an IP address' })
  ipAddress: string;

  @OptionalBoolean() shipToResidential?: boolean;
  @OptionalBoolean() mailingListOptIn?: boolean;
  @OptionalText(10000) specialInstructions?: string;

  @RequiredText(30) screenBrandingThemeCode: string;

  @OptionalText(50) advertisingSource?: string;
  @customField() customField1?: string;
  @customField() customField2?: string;
  @customField() customField3?: string;
  @customField() customField4?: string;
  @customField() customField5?: string;
  @customField() customField6?: string;
  @customField() customField7?: string;
  @OptionalText(32) taxCounty?: string;
  @OptionalText(50) affiliateId?: string;
  /** REST only (`affiliate_sub_id`). */
  @OptionalText(50) affiliateSubId?: string;
  @OptionalBoolean() gift?: boolean;

  @IsOptional() @IsEmail({}, { message: 'must be an email address' })
  giftEmail?: string;

  @OptionalBoolean() leastCostRoute?: boolean;

  @IsOptional() @IsArray({ message: 'must be a list' }) @ArrayMaxSize(50) @IsString({ each: true, message: 'must be text' })
  leastCostRouteShippingMethods?: string[];

  @IsOptional() @IsArray({ message: 'must be a list' }) @ArrayMaxSize(50) @IsString({ each: true, message: 'must be text' })
  coupons?: string[];

  @IsArray({ message: 'must list at least one item' })
  @ArrayMinSize(1, { message: 'must list at least one item' })
  @ArrayMaxSize(MAX_ITEMS, { message: `must list at most ${MAX_ITEMS} items` })
  @IsObject({ each: true, message: 'each item must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ImportItemInput)
  items: ImportItemInput[];
}

/** Warnings stop the import unless the partner asked otherwise (`treatWarningsAsErrors` defaults to Y). */
export function warningsAreErrors(order: Pick<ImportOrderInput, 'treatWarningsAsErrors'>): boolean {
  return order.treatWarningsAsErrors !== false;
}
