import { IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsPositive, IsString, MaxLength, ValidateBy } from 'class-validator';
import { ContactDto, MerchantScoped, NestedObject } from '../common';

/**
 * Which ONTRAPORT API a command goes through: REST v1 (`/1/...`, JSON/form, default) or the legacy
 * XML API (`pdata.php` / `cdata.php`). Chosen per merchant; credentials are the same App ID + key.
 */
export const ONTRAPORT_API_STYLES = ['rest', 'legacy'] as const;
export type OntraportApiStyle = (typeof ONTRAPORT_API_STYLES)[number];

/**
 * What every `crm.ontraport.*` command carries. No secrets: the connector asks mapping for the
 * merchant's App ID and key (`rpc.mapping.ontraport-credentials.v1`) when it delivers.
 */
export class OntraportCommandBase extends MerchantScoped {
  /** Stable across redeliveries: the connector stores it with the ONTRAPORT ids it produced. */
  @IsString() @IsNotEmpty() @MaxLength(300)
  idempotencyKey: string;

  /** Absent → `rest` (commands published before the legacy API existed). */
  @IsOptional() @IsIn(ONTRAPORT_API_STYLES)
  api?: OntraportApiStyle;
}

/**
 * How a cart item is found in ONTRAPORT, in this order of precedence: the product whose
 * `external_id` is `externalId`, else the product `productId`, else the product named `name`
 * (created with that name, and the external id, when missing).
 */
export class OntraportProductRefDto {
  @IsString() @IsNotEmpty()
  name: string;

  @IsOptional() @IsInt() @IsPositive()
  productId?: number;

  @IsOptional() @IsString() @IsNotEmpty()
  externalId?: string;
}

/** One cart item's ONTRAPORT product reference. */
export class OntraportItemProductDto extends OntraportProductRefDto {
  @IsString() @IsNotEmpty()
  itemId: string;
}

/** A plain object whose every value is a string (class-validator's `each` only walks arrays, sets, maps). */
export function IsStringRecord(): PropertyDecorator {
  return ValidateBy({
    name: 'isStringRecord',
    validator: {
      validate: (v: unknown) =>
        typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string'),
      defaultMessage: (a) => `${a?.property} must be an object of strings`,
    },
  });
}

/** A contact change the merchant chose to carry in ONTRAPORT fields and tags. */
export class OntraportContactUpdateBase extends OntraportCommandBase {
  /** Found by email, created when missing. */
  @NestedObject(() => ContactDto)
  contact: ContactDto;

  /**
   * ONTRAPORT contact field → value, already resolved from the merchant's settings: REST field
   * names (`f1234`, `n_lead_source`) for `api: rest`, field labels ("Auto Order Status") for legacy.
   */
  @IsOptional() @IsStringRecord()
  fields?: Record<string, string>;

  /** Tag names to add to the contact (created by ONTRAPORT when new). */
  @IsOptional() @IsArray() @IsString({ each: true }) @IsNotEmpty({ each: true })
  addTags?: string[];

  /** Tag names to take off (e.g. the tag of the previous auto-order status). */
  @IsOptional() @IsArray() @IsString({ each: true }) @IsNotEmpty({ each: true })
  removeTags?: string[];
}
