import { isPastPaymentStage } from './order';
import { add, money, multiply, toDecimalString, zero } from './money';

describe('isPastPaymentStage', () => {
  it.each(['Shipping Department', 'Completed Order'])('%s has left the payment stage', (stage) => {
    expect(isPastPaymentStage(stage)).toBe(true);
  });

  it.each(['Accounts Receivable', 'Pending Clearance', 'Fraud Review', 'Quote Request', undefined])(
    '%s has not',
    (stage) => {
      expect(isPastPaymentStage(stage)).toBe(false);
    },
  );
});

describe('money', () => {
  it('keeps cents exact where floats drift', () => {
    const total = [0.1, 0.2, 19.99].map((v) => money(v)).reduce(add, zero());
    expect(toDecimalString(total)).toBe('20.29');
  });

  it('formats negatives and whole amounts', () => {
    expect(toDecimalString(money(-5))).toBe('-5.00');
    expect(toDecimalString(multiply(money(12.5), 3))).toBe('37.50');
  });

  it('refuses mixed currencies and non-finite amounts', () => {
    expect(() => add(money(1, 'USD'), money(1, 'EUR'))).toThrow('currency mismatch');
    expect(() => money(Number.NaN)).toThrow(RangeError);
  });
});
