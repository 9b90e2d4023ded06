import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsInt, IsNotEmpty, IsOptional, IsPositive, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { MerchantScoped, NestedObject } from '../common';

/**
 * What every `crm.infusionsoft.*` command carries. Commands are fully resolved by mapping (the
 * merchant's settings are already applied), so the connector only executes them. No secrets: the
 * connector asks mapping for the merchant's credentials (`rpc.mapping.infusionsoft-credentials.v1`).
 */
export class InfusionsoftCommandBase extends MerchantScoped {
  /** Stable across redeliveries: the connector stores it with the Infusionsoft ids it produced. */
  @IsString() @IsNotEmpty() @MaxLength(300)
  idempotencyKey: string;

  /** Things mapping noticed while planning (e.g. an unmapped sales-rep code); the connector logs them. */
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true })
  warnings?: string[];
}

/** Infusionsoft field names: table fields (`FirstName`) or custom fields, which always start with `_`. */
const FIELD_NAME = /^_?[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** A plain object of Infusionsoft field name → string value (what XML-RPC structs of a table row carry). */
export function IsInfusionsoftFields(): PropertyDecorator {
  return ValidateBy({
    name: 'isInfusionsoftFields',
    validator: {
      validate: (v: unknown) =>
        typeof v === 'object' &&
        v !== null &&
        !Array.isArray(v) &&
        Object.entries(v).every(([k, x]) => FIELD_NAME.test(k) && typeof x === 'string'),
      defaultMessage: (a) => `${a?.property} must map Infusionsoft field names (custom ones start with "_") to strings`,
    },
  });
}

/** Tag (Infusionsoft "group") names: resolved to ids through `ContactGroup`, created when missing. */
export function IsTagNames(): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    ArrayMaxSize(200)(target, key);
    IsString({ each: true })(target, key);
    IsNotEmpty({ each: true })(target, key);
    MaxLength(100, { each: true })(target, key);
  };
}

/**
 * The contact to add or update with `ContactService.addWithDupCheck(…, 'Email')`. `fields` are
 * Contact table fields already taken from the primary address (billing or shipping, per merchant).
 */
export class InfusionsoftContactDto {
  @IsEmail()
  email: string;

  @IsInfusionsoftFields()
  fields: Record<string, string>;
}

/** A lead source by name: set on the contact (`LeadSourceId`); a missing row is created only when asked. */
export class InfusionsoftLeadSourceDto {
  @IsString() @IsNotEmpty() @MaxLength(200)
  name: string;

  /** The merchant's "Create Lead Source" checkbox. */
  @IsBoolean()
  create: boolean;
}

/** What every contact-bearing command does to the contact: find/create, tag, optionally own and sequence it. */
export class InfusionsoftContactStepsDto {
  @NestedObject(() => InfusionsoftContactDto)
  contact: InfusionsoftContactDto;

  /** Every tag name to apply, in order (contact tags, new/repeat/mailing-list tags, product tags). */
  @IsTagNames()
  tags: string[];

  @IsOptional() @NestedObject(() => InfusionsoftLeadSourceDto)
  leadSource?: InfusionsoftLeadSourceDto;

  /** `Contact.OwnerID`, from the order's sales-rep code. */
  @IsOptional() @IsInt() @IsPositive()
  ownerId?: number;

  /** `ContactService.runActionSequence` for each, in order (the merchant's action set, then product action sets). */
  @IsArray() @ArrayMaxSize(100) @IsInt({ each: true }) @IsPositive({ each: true })
  actionSetIds: number[];
}

/** `FunnelService.achieveGoal(integration, callName, contactId)`. */
export class InfusionsoftGoalDto {
  @IsString() @IsNotEmpty() @MaxLength(100) @Matches(/^\S+$/)
  integration: string;

  @IsString() @IsNotEmpty() @MaxLength(100) @Matches(/^\S+$/)
  callName: string;
}
