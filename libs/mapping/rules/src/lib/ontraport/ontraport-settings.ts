import { AUTO_ORDER_STATUSES, type AutoOrderStatus } from '@hub/domain';
import { NestedObjects } from '@hub/messaging-contracts';
import { plainToInstance } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsFQDN,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  validateSync,
  type ValidationError,
} from 'class-validator';

/**
 * How the merchant's sales reach ONTRAPORT (guides: "API method or Partner Tracking Pixel method"):
 * the API in one of its two styles, or nothing through the API.
 */
export const ONTRAPORT_API_METHODS = ['rest-v1', 'legacy-xml', 'off'] as const;
export type OntraportApiMethod = (typeof ONTRAPORT_API_METHODS)[number];

export const BOTH_METHODS_MESSAGE =
  'ONTRAPORT cannot use the API method and the Partner Tracking Pixel at the same time: both would record every sale, ' +
  'so ONTRAPORT would show duplicate transactions. Set apiMethod to "off" to use the pixel, or turn partnerPixel off.';

/** The host name of a screen-branding theme's conversion pixel, e.g. `mysite.ontraport.com`. */
export class ThemeSubdomain {
  @IsString() @IsNotEmpty() @MaxLength(64)
  themeCode: string;

  @IsFQDN({ require_tld: true }, { message: 'subdomain must be a host name such as "mysite.ontraport.com"' })
  subdomain: string;
}

/** An auto-order status the merchant wants as a tag on the contact. */
export class StatusTag {
  @IsIn(AUTO_ORDER_STATUSES)
  status: AutoOrderStatus;

  @IsString() @IsNotEmpty() @MaxLength(100)
  tag: string;
}

/**
 * Every ONTRAPORT option a merchant has, except the App ID and API key (secrets: mapping keeps them
 * sealed and the connector fetches them) and the product mapping (its own table; the planners take
 * a lookup). Contact fields are REST field names (`f1234`) for `rest-v1` and field labels
 * ("Auto Order Status") for `legacy-xml`, as ONTRAPORT shows them in each API.
 */
export class OntraportSettings {
  @IsBoolean()
  enabled: boolean = true;

  @IsIn(ONTRAPORT_API_METHODS)
  apiMethod: OntraportApiMethod = 'rest-v1';

  @IsBoolean()
  @ValidateBy({
    name: 'notWithApiMethod',
    validator: { validate: (pixel: unknown, a) => !(pixel === true && (a?.object as OntraportSettings | undefined)?.apiMethod !== 'off'), defaultMessage: () => BOTH_METHODS_MESSAGE },
  })
  @ValidateBy({
    name: 'needsASubdomain',
    validator: {
      validate: (pixel: unknown, a) => {
        const s = a?.object as OntraportSettings | undefined;
        return pixel !== true || !!s?.defaultPixelSubdomain || (Array.isArray(s?.pixelSubdomains) && (s?.pixelSubdomains.length ?? 0) > 0);
      },
      defaultMessage: () => 'the Partner Tracking Pixel needs the ONTRAPORT sub-domain of at least one theme (pixelSubdomains) or defaultPixelSubdomain',
    },
  })
  partnerPixel: boolean = false;

  /** Per screen-branding theme: where that theme's conversion pixel lives. */
  @NestedObjects(() => ThemeSubdomain)
  @ArrayUnique((t: ThemeSubdomain) => t?.themeCode, { message: 'each themeCode may appear once in pixelSubdomains' })
  pixelSubdomains: ThemeSubdomain[] = [];

  /** For receipts of a theme without its own sub-domain (and orders with no theme). */
  @IsOptional() @IsFQDN({ require_tld: true }, { message: 'defaultPixelSubdomain must be a host name such as "mysite.ontraport.com"' })
  defaultPixelSubdomain?: string;

  /** Push item creations/changes/deletions to ONTRAPORT products (API method only; the item feed is always kept). */
  @IsBoolean()
  syncProducts: boolean = true;

  @IsBoolean()
  sendRefunds: boolean = true;

  /** Auto-order status changes and declined cards. */
  @IsBoolean()
  sendAutoOrderStatus: boolean = true;

  /** The contact field that holds the auto-order status (active, card declined, …). */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  autoOrderStatusField?: string;

  /** Tags that mirror the status: the tag of the new status is added, those of the others removed. */
  @NestedObjects(() => StatusTag)
  @ArrayUnique((t: StatusTag) => t?.status, { message: 'each status may have one tag in autoOrderStatusTags' })
  autoOrderStatusTags: StatusTag[] = [];

  @IsBoolean()
  sendAffiliates: boolean = true;

  /** The contact field that holds the affiliate id. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  affiliateIdField?: string;

  /** The contact field that holds "True"/"False" for the affiliate's approval. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  affiliateApprovedField?: string;

  /** Tags added to every affiliate who signs up. */
  @IsArray() @IsString({ each: true }) @IsNotEmpty({ each: true })
  affiliateTags: string[] = [];

  /** Added once the affiliate is approved. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  approvedAffiliateTag?: string;
}

export type OntraportSettingsInput = Partial<Omit<OntraportSettings, 'pixelSubdomains' | 'autoOrderStatusTags'>> & {
  pixelSubdomains?: Array<Partial<ThemeSubdomain>>;
  autoOrderStatusTags?: Array<Partial<StatusTag>>;
};

export interface FieldProblem {
  /** Dotted path, e.g. `pixelSubdomains.0.subdomain`. */
  field: string;
  messages: string[];
}

/**
 * Plain JSON (an API body or a stored row) → settings with defaults filled in, or the field-level
 * problems. Unknown fields are problems too, so a typo is never silently ignored.
 */
export function parseOntraportSettings(input: unknown): { ok: true; settings: OntraportSettings } | { ok: false; problems: FieldProblem[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problems: [{ field: '', messages: ['ONTRAPORT settings must be an object'] }] };
  const settings = plainToInstance(OntraportSettings, input);
  const errors = validateSync(settings, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return errors.length ? { ok: false, problems: flatten(errors) } : { ok: true, settings };
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => [
    ...(e.constraints ? [{ field: `${prefix}${e.property}`, messages: Object.values(e.constraints) }] : []),
    ...flatten(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}

/** Which way sales go: an API style, the pixel on the receipt, or nowhere. */
export function ontraportDelivery(s: OntraportSettings): 'rest' | 'legacy' | 'pixel' | 'none' {
  if (!s.enabled) return 'none';
  if (s.apiMethod === 'rest-v1') return 'rest';
  if (s.apiMethod === 'legacy-xml') return 'legacy';
  return s.partnerPixel ? 'pixel' : 'none';
}
