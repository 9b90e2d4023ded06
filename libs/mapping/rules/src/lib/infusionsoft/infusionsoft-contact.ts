import type { Address } from '@hub/domain';
import type { InfusionsoftSettings } from './infusionsoft-settings';
import { unique } from './infusionsoft-plan';

/** Contact table fields from an address (reference B.3); empty values are left out. */
export function contactFields(email: string, address: Address | undefined, names: { firstName?: string; lastName?: string } = {}): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    Email: email,
    FirstName: address?.firstName ?? names.firstName,
    LastName: address?.lastName ?? names.lastName,
    Company: address?.company,
    StreetAddress1: address?.address1,
    StreetAddress2: address?.address2,
    City: address?.city,
    State: address?.stateRegion,
    PostalCode: address?.postalCode,
    Country: address?.countryCode,
    Phone1: address?.phone,
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''));
}

/** The Product → Contact Tags of these items, in item order. */
export function productTagsOf(settings: InfusionsoftSettings, itemIds: readonly string[]): string[] {
  const byItem = new Map(settings.productTags.map((p) => [p.itemId, p.tags]));
  return unique(itemIds.flatMap((id) => byItem.get(id) ?? []));
}

/** The Product → Campaign action sets of these items, in item order. */
export function productActionSetsOf(settings: InfusionsoftSettings, itemIds: readonly string[]): number[] {
  const byItem = new Map(settings.productActionSets.map((p) => [p.itemId, p.actionSetIds]));
  return unique(itemIds.flatMap((id) => byItem.get(id) ?? []));
}
