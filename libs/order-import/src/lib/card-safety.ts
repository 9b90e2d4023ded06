import { createHash } from 'node:crypto';
import { CardSummary, summarizeCard } from './card';
import { ImportOrderInput } from './import-order.input';

const REDACTED = '***';

/**
 * An import request as it may be kept (transmission record, fingerprint): the card number cut to
 * its last four and brand, the CVV and the password gone, the token blanked.
 */
export function cardSafeOrder(order: Record<string, unknown>): Record<string, unknown> {
  const { creditCardNumber, creditCardVerificationNumber: _cvv, creditCardToken, ...rest } = order;
  const safe: Record<string, unknown> = { ...rest };
  if (typeof creditCardNumber === 'string' && creditCardNumber) {
    const card = summarizeCard(creditCardNumber, typeof order['creditCardType'] === 'string' ? order['creditCardType'] : undefined);
    safe['creditCardLast4'] = card.last4;
    safe['creditCardBrand'] = card.brand;
  }
  if (creditCardToken !== undefined) safe['creditCardToken'] = REDACTED;
  return safe;
}

export function cardSafeCredentials(credentials: Record<string, unknown>): Record<string, unknown> {
  return { ...credentials, channelPartnerPassword: credentials['channelPartnerPassword'] === undefined ? undefined : REDACTED };
}

export function cardOf(order: ImportOrderInput): CardSummary | undefined {
  return order.creditCardNumber ? summarizeCard(order.creditCardNumber, order.creditCardType) : undefined;
}

/**
 * What makes two imports "the same order": the validated order, card-safe, with keys sorted (the
 * legacy and REST forms of one order match). The same channel-partner order id with another
 * fingerprint is refused.
 */
export function orderFingerprint(order: ImportOrderInput): string {
  const plain = JSON.parse(JSON.stringify(order)) as Record<string, unknown>;
  return createHash('sha256').update(stableJson(cardSafeOrder(plain))).digest('hex');
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
