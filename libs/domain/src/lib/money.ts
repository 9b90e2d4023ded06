/**
 * Money in integer minor units, so sums of order lines never drift the way floats do.
 * UltraCart sends Currency objects with a float `value`; ONTRAPORT and Infusionsoft want decimals.
 */
export interface Money {
  readonly minor: number;
  readonly currency: string;
}

export function money(value: number, currency = 'USD'): Money {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  return { minor: Math.round(value * 100), currency };
}

export function zero(currency = 'USD'): Money {
  return { minor: 0, currency };
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { minor: a.minor + b.minor, currency: a.currency };
}

export function multiply(a: Money, quantity: number): Money {
  return { minor: Math.round(a.minor * quantity), currency: a.currency };
}

/** "47.00": the decimal string both CRMs accept. */
export function toDecimalString(m: Money): string {
  const sign = m.minor < 0 ? '-' : '';
  const abs = Math.abs(m.minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function toNumber(m: Money): number {
  return m.minor / 100;
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`currency mismatch: ${a.currency} vs ${b.currency}`);
}
