import { Money, money, zero } from '../money';
import { UcCurrency } from './ultracart-order';

/** A Currency object's base value in minor units; absent → zero, so a partial expansion still adds up. */
export function amountOf(c: UcCurrency | undefined, currency: string): Money {
  return c?.value === undefined ? zero(currency) : money(c.value, currency);
}

/** Emails are matched case-insensitively by both CRMs: one spelling everywhere. */
export function normalizedEmail(...candidates: Array<string | undefined>): string | undefined {
  for (const c of candidates) {
    const e = c?.trim().toLowerCase();
    if (e) return e;
  }
  return undefined;
}

/** The latest of some ISO-8601 timestamps, compared as instants (the cart mixes offsets). */
export function latest(values: Array<string | undefined>): string | undefined {
  return values.filter((v): v is string => !!v).sort((a, b) => Date.parse(a) - Date.parse(b) || a.localeCompare(b)).at(-1);
}
