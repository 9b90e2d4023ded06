import { CatalogEntry } from '../catalog';
import { CatalogView } from '../catalog-rules';

/** A valid legacy `order.*` (text values, as a form posts them) for a physical and a digital item. */
export function sampleOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channelPartnerOrderId: 'CP-1001',
    paymentMethod: 'Credit Card',
    creditCardType: 'Visa',
    creditCardNumber: '4111 1111 1111 1111',
    creditCardExpirationMonth: '12',
    creditCardExpirationYear: '2031',
    creditCardVerificationNumber: '123',
    storeIfPaymentDeclines: 'N',
    billToFirstName: 'Ada',
    billToLastName: 'Lovelace',
    billToAddress1: '1 Analytical Way',
    billToCity: 'London',
    billToState: 'LDN',
    billToPostalCode: 'N1 9GU',
    billToCountry: 'United Kingdom',
    email: 'ada@example.com',
    shipToFirstName: 'Ada',
    shipToLastName: 'Lovelace',
    shipToAddress1: '1 Analytical Way',
    shipToCity: 'London',
    shipToState: 'LDN',
    shipToPostalCode: 'N1 9GU',
    shipToCountry: 'GB',
    shipToPhone: '+44 20 7946 0000',
    shippingMethod: 'UPS: Ground',
    ipAddress: '127.0.0.1',
    screenBrandingThemeCode: 'DFLT',
    items: [
      { itemId: 'BOOK', quantity: '2', options: [{ name: 'Cover', value: 'Hard' }] },
      { itemId: 'EBOOK', quantity: '1' },
    ],
    ...overrides,
  };
}

export const catalogEntry = (itemId: string, over: Partial<CatalogEntry> = {}): CatalogEntry => ({
  itemId,
  description: itemId,
  priceMinor: 1500,
  currency: 'USD',
  physical: false,
  inactive: false,
  preorder: false,
  options: [],
  autoOrderSchedules: [],
  ...over,
});

export function sampleCatalog(extra: CatalogEntry[] = []): CatalogView {
  const entries = [
    catalogEntry('BOOK', { physical: true, priceMinor: 2500, options: [{ name: 'Cover', required: true, values: ['Hard', 'Soft'] }, { name: 'Inscription', required: false, values: [] }] }),
    catalogEntry('EBOOK', { autoOrderSchedules: ['Monthly'] }),
    catalogEntry('SOON', { preorder: true }),
    catalogEntry('OLD', { inactive: true }),
    catalogEntry('NOPRICE', { priceMinor: undefined }),
    ...extra,
  ];
  return { items: new Map(entries.map((e) => [e.itemId, e])), coupons: new Set(['SAVE10']) };
}
