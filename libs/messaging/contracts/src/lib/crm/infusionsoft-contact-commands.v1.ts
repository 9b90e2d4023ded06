import { IsBoolean, IsNotEmpty, IsString, Matches } from 'class-validator';
import { InfusionsoftCommandBase, InfusionsoftContactStepsDto, IsInfusionsoftFields } from './infusionsoft-command-base';
import { NestedObject } from '../common';

/**
 * Command: an order shipped — write shipping and tracking into the custom order fields of the
 * Infusionsoft order created for it (found through the order command's idempotency key).
 */
export class InfusionsoftShipmentV1 extends InfusionsoftCommandBase {
  @IsString() @IsNotEmpty()
  orderId: string;

  /** The idempotency key of the order command: the connector stored the Job id under it. */
  @IsString() @IsNotEmpty()
  orderKey: string;

  /** `_ShipmentDate` → "2026-11-21", `_Tracking` → "1Z…, 1Z…". */
  @IsInfusionsoftFields()
  customFields: Record<string, string>;
}

/** Command: a cart was abandoned — the contact is created or updated and tagged (abandon tag, product tags). */
export class InfusionsoftAbandonedCartV1 extends InfusionsoftCommandBase {
  @IsString() @IsNotEmpty()
  cartId: string;

  @NestedObject(() => InfusionsoftContactStepsDto)
  steps: InfusionsoftContactStepsDto;
}

/** Command: an affiliate signed up — the affiliate becomes a contact, tagged per the affiliate settings. */
export class InfusionsoftAffiliateV1 extends InfusionsoftCommandBase {
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  affiliateId: string;

  @IsBoolean()
  approved: boolean;

  @NestedObject(() => InfusionsoftContactStepsDto)
  steps: InfusionsoftContactStepsDto;
}
