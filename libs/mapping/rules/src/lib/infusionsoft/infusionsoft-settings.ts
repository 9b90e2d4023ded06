import { INFUSIONSOFT_ORDER_METHODS, IsInfusionsoftFields, IsTagNames, NestedObject, NestedObjects, type InfusionsoftOrderMethod } from '@hub/messaging-contracts';
import { plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  MaxLength,
  validateSync,
  type ValidationError,
} from 'class-validator';

/** Custom fields of the Infusionsoft `Job` (order) table always start with an underscore (guide, reference B.3). */
const CUSTOM_FIELD = /^_[A-Za-z][A-Za-z0-9_]{0,62}$/;
const CUSTOM_FIELD_MESSAGE = 'must be an Infusionsoft custom field name starting with "_" (e.g. "_ShipmentDate")';

function IsCustomFieldName(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    Matches(CUSTOM_FIELD, { message: `$property ${CUSTOM_FIELD_MESSAGE}` })(target, key);
  };
}

/** Sales-rep code on an order → the Infusionsoft user who owns the contact (`Contact.OwnerID`). */
export class SalesRepOwner {
  @IsString() @IsNotEmpty() @MaxLength(64)
  salesRepCode: string;

  @IsInt() @IsPositive()
  userId: number;
}

/** Cart item id → Infusionsoft contact tags (group names) applied to buyers (and abandoners, when asked). */
export class ProductTags {
  @IsString() @IsNotEmpty() @MaxLength(64)
  itemId: string;

  @IsTagNames()
  tags: string[];
}

/** Cart item id → action sets (campaign sequences) run for buyers of that item. */
export class ProductActionSets {
  @IsString() @IsNotEmpty() @MaxLength(64)
  itemId: string;

  @IsArray() @ArrayMaxSize(20) @IsInt({ each: true }) @IsPositive({ each: true })
  actionSetIds: number[];
}

export const GOAL_TRIGGERS = ['product', 'category', 'item', 'folder'] as const;
export type GoalTrigger = (typeof GOAL_TRIGGERS)[number];

/**
 * A campaign goal achieved through `FunnelService.achieveGoal(integration, callName)` when the order
 * has an Infusionsoft product or product category, a cart item id or a cart folder. For products and
 * categories, an all-digit `value` is an id, anything else a name (guide: "Goal Achievement").
 */
export class GoalRule {
  @IsIn(GOAL_TRIGGERS)
  trigger: GoalTrigger;

  @IsString() @IsNotEmpty() @MaxLength(200)
  value: string;

  @IsString() @Matches(/^\S{1,100}$/, { message: 'integration must be one word (the goal\'s integration name)' })
  integration: string;

  @IsString() @Matches(/^\S{1,100}$/, { message: 'callName must be one word (the goal\'s call name)' })
  callName: string;
}

/** UltraCart order fields that may go into custom order fields (the guide's list). */
export class CustomOrderFields {
  @IsCustomFieldName() advertisingSource?: string;
  @IsCustomFieldName() customField1?: string;
  @IsCustomFieldName() customField2?: string;
  @IsCustomFieldName() customField3?: string;
  @IsCustomFieldName() customField4?: string;
  @IsCustomFieldName() customField5?: string;
  @IsCustomFieldName() customField6?: string;
  @IsCustomFieldName() customField7?: string;
}

/** Shipment facts → custom order fields of the order's `Job` (Infusionsoft has no tracking tables). */
export class ShippingFields {
  @IsCustomFieldName() shippedAt?: string;
  @IsCustomFieldName() shippingMethod?: string;
  @IsCustomFieldName() trackingNumbers?: string;
  @IsCustomFieldName() expectedDeliveryAt?: string;
}

export class AbandonedCartSettings {
  /** No tag → abandoned carts are not sent (guide: "If you specify a Contact Tag…"). */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  contactTag?: string;

  /** The "Products" checkbox: also apply the Product → Contact Tags of the cart's items. */
  @IsBoolean()
  productTags: boolean = false;
}

export class AffiliateSettings {
  @IsBoolean()
  enabled: boolean = false;

  /** Applied to every affiliate who signs up. */
  @IsTagNames()
  tags: string[] = [];

  /** Added once the affiliate is approved. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  approvedTag?: string;

  /** Added while the affiliate awaits approval. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  pendingTag?: string;

  /** Run for a newly approved affiliate. */
  @IsOptional() @IsInt() @IsPositive()
  actionSetId?: number;
}

/**
 * Every Infusionsoft option a merchant has (issue 5, the guide's configuration screen), except the
 * credentials (secrets: mapping keeps them sealed and the connector fetches them) and the order →
 * product mapping (its own table, as large as the catalog: the planners take a lookup).
 */
export class InfusionsoftSettings {
  @IsBoolean()
  enabled: boolean = true;

  @NestedObject(() => AbandonedCartSettings)
  abandonedCart: AbandonedCartSettings = new AbandonedCartSettings();

  @NestedObject(() => AffiliateSettings)
  affiliate: AffiliateSettings = new AffiliateSettings();

  /** "Coupon": the order's first coupon code becomes the contact's lead source; "blank": none. */
  @IsIn(['coupon', 'blank'])
  leadSourceField: 'coupon' | 'blank' = 'blank';

  /** Create the LeadSource row when no lead source has that name. */
  @IsBoolean()
  createLeadSource: boolean = false;

  /** Group names applied to every contact an order creates or updates. */
  @IsTagNames()
  contactTags: string[] = [];

  /** Applied when no earlier order in the history has the customer's email. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  newCustomerTag?: string;

  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  repeatCustomerTag?: string;

  /** Applied when the customer ticked the mailing-list box at checkout. */
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  mailingListTag?: string;

  /** Which of the order's addresses fills the contact. */
  @IsIn(['billing', 'shipping'])
  primaryAddress: 'billing' | 'shipping' = 'billing';

  /** `ContactService.runActionSequence` for every order's contact. */
  @IsOptional() @IsInt() @IsPositive()
  actionSetId?: number;

  /** Only orders whose customer ticked the mailing-list box are sent. */
  @IsBoolean()
  mailingListFilter: boolean = false;

  /** For accounts without the e-commerce component: contact only, no order/invoice. */
  @IsBoolean()
  skipOrderCreation: boolean = false;

  @ArrayMaxSize(1000) @NestedObjects(() => SalesRepOwner)
  @ArrayUnique((r: SalesRepOwner) => r?.salesRepCode, { message: 'each salesRepCode may appear once in salesRepOwners' })
  salesRepOwners: SalesRepOwner[] = [];

  @ArrayMaxSize(10000) @NestedObjects(() => ProductTags)
  @ArrayUnique((r: ProductTags) => r?.itemId, { message: 'each itemId may appear once in productTags' })
  productTags: ProductTags[] = [];

  @IsIn(INFUSIONSOFT_ORDER_METHODS)
  orderCreationMethod: InfusionsoftOrderMethod = 'blankOrder';

  @NestedObject(() => CustomOrderFields)
  customOrderFields: CustomOrderFields = new CustomOrderFields();

  @ArrayMaxSize(10000) @NestedObjects(() => ProductActionSets)
  @ArrayUnique((r: ProductActionSets) => r?.itemId, { message: 'each itemId may appear once in productActionSets' })
  productActionSets: ProductActionSets[] = [];

  @ArrayMaxSize(1000) @NestedObjects(() => GoalRule)
  goals: GoalRule[] = [];

  @NestedObject(() => ShippingFields)
  shippingFields: ShippingFields = new ShippingFields();

  /** Extra fixed custom order fields some merchants set on every order (`_Channel` → "UltraCart"). */
  @IsOptional() @IsInfusionsoftFields()
  fixedOrderFields?: Record<string, string>;
}

export interface InfusionsoftFieldProblem {
  /** Dotted path, e.g. `goals.0.integration`. */
  field: string;
  messages: string[];
}

/**
 * Plain JSON (an API body or a stored row) → settings with defaults filled in, or field-level
 * problems. Unknown fields are problems too, so a typo is never silently ignored.
 */
export function parseInfusionsoftSettings(
  input: unknown,
): { ok: true; settings: InfusionsoftSettings } | { ok: false; problems: InfusionsoftFieldProblem[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ field: '', messages: ['Infusionsoft settings must be an object'] }] };
  }
  const settings = plainToInstance(InfusionsoftSettings, input, { exposeDefaultValues: true });
  const errors = validateSync(settings, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return errors.length ? { ok: false, problems: problemsOf(errors) } : { ok: true, settings };
}

function problemsOf(errors: ValidationError[], prefix = ''): InfusionsoftFieldProblem[] {
  return errors.flatMap((e) => [
    ...(e.constraints ? [{ field: `${prefix}${e.property}`, messages: Object.values(e.constraints) }] : []),
    ...problemsOf(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}
