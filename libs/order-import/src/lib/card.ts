/** The card brands the legacy API names (`order.creditCardType`). */
export const CARD_TYPES = ['Visa', 'MasterCard', 'AMEX', 'Discover'] as const;
export type CardType = (typeof CARD_TYPES)[number];

/** Digits only: "4111 1111-1111 1111" → "4111111111111111". */
export function cardDigits(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/** 15 or 16 digits (spaces or dashes allowed between them) passing the Luhn check. */
export function isValidCardNumber(value: string): boolean {
  if (!/^[\d\s-]+$/.test(value)) return false;
  const digits = cardDigits(value);
  return (digits.length === 15 || digits.length === 16) && luhn(digits);
}

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The brand a number belongs to by its prefix (IIN ranges), when it is one of ours. */
export function brandOf(digits: string): CardType | undefined {
  if (/^4/.test(digits)) return 'Visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'MasterCard';
  if (/^3[47]/.test(digits)) return 'AMEX';
  if (/^(6011|65|64[4-9])/.test(digits)) return 'Discover';
  return undefined;
}

/** What may be kept of a card: its last four digits and brand. Never the number, never the CVV. */
export interface CardSummary {
  last4: string;
  brand: string;
}

export function summarizeCard(number: string, declaredType?: string): CardSummary {
  const digits = cardDigits(number);
  return { last4: digits.slice(-4), brand: declaredType ?? brandOf(digits) ?? 'Unknown' };
}
