import { brandOf, isValidCardNumber, summarizeCard } from './card';
import { cardSafeCredentials, cardSafeOrder, orderFingerprint } from './card-safety';
import { checkOrder } from './check-request';
import { sampleOrder } from './testing/sample-order.test-helper';

describe('card safety', () => {
  it('keeps the last four and the brand, drops the CVV, blanks a token and the password', () => {
    const safe = cardSafeOrder({ creditCardNumber: '4111-1111-1111-1111', creditCardType: 'Visa', creditCardVerificationNumber: '123', creditCardToken: 'tok_x', email: 'a@example.com' });
    expect(safe).toEqual({ creditCardType: 'Visa', creditCardLast4: '1111', creditCardBrand: 'Visa', creditCardToken: '***', email: 'a@example.com' });
    expect(cardSafeCredentials({ merchantId: 'M', channelPartnerPassword: 'pw' })).toEqual({ merchantId: 'M', channelPartnerPassword: '***' });
  });

  it('knows the brands by prefix and checks length and Luhn', () => {
    expect(['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117'].map(brandOf)).toEqual(['Visa', 'MasterCard', 'AMEX', 'Discover']);
    expect(isValidCardNumber('4111 1111 1111 1111')).toBe(true);
    expect(isValidCardNumber('4111 1111 1111 111')).toBe(false);
    expect(summarizeCard('3782 822463 10005')).toEqual({ last4: '0005', brand: 'AMEX' });
  });

  it('fingerprints the order without the card number: same order, same print; other content, other print', () => {
    const a = orderFingerprint(checkOrder(sampleOrder()).order);
    expect(orderFingerprint(checkOrder(sampleOrder({ storeIfPaymentDeclines: 'no' })).order)).toBe(a);
    expect(orderFingerprint(checkOrder(sampleOrder({ creditCardVerificationNumber: '999' })).order)).toBe(a);
    expect(orderFingerprint(checkOrder(sampleOrder({ billToCity: 'Paris' })).order)).not.toBe(a);
    expect(a).not.toContain('4111');
  });
});
