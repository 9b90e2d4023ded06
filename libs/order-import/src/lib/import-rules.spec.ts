import { checkAgainstCatalog } from './catalog-rules';
import { checkCredentials, checkOrder } from './check-request';
import { warningsAreErrors } from './import-order.input';
import { sampleCatalog, sampleOrder } from './testing/sample-order.test-helper';

/** Every error and warning the rules find in an order, as `field: message`. */
function findings(overrides: Record<string, unknown>): { errors: string[]; warnings: string[] } {
  const { order, problems } = checkOrder(sampleOrder(overrides));
  const catalog = checkAgainstCatalog(order, sampleCatalog());
  return {
    errors: [...problems, ...catalog.errors].map((p) => `${p.field}: ${p.message}`),
    warnings: catalog.warnings.map((p) => `${p.field}: ${p.message}`),
  };
}
const fieldsWrong = (overrides: Record<string, unknown>) => [...new Set(findings(overrides).errors.map((e) => e.split(':')[0]))];

const cardless = { creditCardType: undefined, creditCardNumber: undefined, creditCardExpirationMonth: undefined, creditCardExpirationYear: undefined, creditCardVerificationNumber: undefined };
const shipless = { shipToFirstName: undefined, shipToLastName: undefined, shipToAddress1: undefined, shipToCity: undefined, shipToState: undefined, shipToPostalCode: undefined, shipToCountry: undefined, shipToPhone: undefined, shippingMethod: undefined };

describe('importOrder rules: the sample order', () => {
  it('is valid as it stands, with no warnings', () => {
    expect(findings({})).toEqual({ errors: [], warnings: [] });
  });
});

/** [rule, failing overrides, the fields named, passing overrides] */
const RULES: Array<[string, Record<string, unknown>, string[], Record<string, unknown>]> = [
  ['channelPartnerOrderId is required', { channelPartnerOrderId: '' }, ['channelPartnerOrderId'], { channelPartnerOrderId: 'X-1' }],
  ['channelPartnerOrderId is at most 30 characters', { channelPartnerOrderId: 'x'.repeat(31) }, ['channelPartnerOrderId'], { channelPartnerOrderId: 'x'.repeat(30) }],
  ['paymentMethod is required', { paymentMethod: undefined }, ['paymentMethod'], { paymentMethod: 'Credit Card' }],
  ['paymentMethod comes from the allowed list', { paymentMethod: 'Bitcoin' }, ['paymentMethod'], { paymentMethod: 'Wire Transfer' }],
  ['Amazon requires skipPaymentProcessing', { paymentMethod: 'Amazon' }, ['paymentMethod'], { paymentMethod: 'Amazon', skipPaymentProcessing: 'Y' }],
  ['PayPal requires skipPaymentProcessing', { paymentMethod: 'PayPal', skipPaymentProcessing: 'N' }, ['paymentMethod'], { paymentMethod: 'PayPal', skipPaymentProcessing: 'true' }],
  ['booleans are true/false/Y/N/1/0', { noRealtimePaymentProcessing: 'maybe' }, ['noRealtimePaymentProcessing'], { noRealtimePaymentProcessing: '0' }],
  ['skipPaymentProcessing is a boolean', { skipPaymentProcessing: 'si' }, ['skipPaymentProcessing'], { skipPaymentProcessing: 'n' }],
  ['considerRecurring is a boolean', { considerRecurring: '2' }, ['considerRecurring'], { considerRecurring: '1' }],
  ['autoApprovePurchaseOrder is a boolean', { autoApprovePurchaseOrder: 'x' }, ['autoApprovePurchaseOrder'], { autoApprovePurchaseOrder: 'false' }],
  ['storeIfPaymentDeclines is a boolean', { storeIfPaymentDeclines: 'yep' }, ['storeIfPaymentDeclines'], { storeIfPaymentDeclines: 'YES' }],
  ['treatWarningsAsErrors is a boolean', { treatWarningsAsErrors: 'nah' }, ['treatWarningsAsErrors'], { treatWarningsAsErrors: 'N' }],
  ['storeCompleted is a boolean', { storeCompleted: '-1' }, ['storeCompleted'], { storeCompleted: 'True' }],
  ['a card order needs the card type', { creditCardType: undefined }, ['creditCardType'], { creditCardType: 'Visa' }],
  ['the card type is Visa, MasterCard, AMEX or Discover', { creditCardType: 'Diners' }, ['creditCardType'], { creditCardType: 'MasterCard', creditCardNumber: '5555-5555-5555-4444' }],
  ['a card order needs the card number', { creditCardNumber: undefined }, ['creditCardNumber'], { creditCardNumber: '4111111111111111' }],
  ['the card number passes the Luhn check', { creditCardNumber: '4111 1111 1111 1112' }, ['creditCardNumber'], { creditCardNumber: '4111-1111-1111-1111' }],
  ['the card number has 15 or 16 digits', { creditCardNumber: '4111 1111 1111 1' }, ['creditCardNumber'], { creditCardType: 'AMEX', creditCardNumber: '3782 822463 10005' }],
  ['the card number is digits, spaces and dashes', { creditCardNumber: '4111x1111x1111x1111' }, ['creditCardNumber'], { creditCardNumber: '4111 1111 1111 1111' }],
  ['the expiration month is 1 through 12', { creditCardExpirationMonth: '13' }, ['creditCardExpirationMonth'], { creditCardExpirationMonth: '1' }],
  ['the expiration month is required for a card', { creditCardExpirationMonth: undefined }, ['creditCardExpirationMonth'], { creditCardExpirationMonth: '07' }],
  ['the expiration year has four digits', { creditCardExpirationYear: '31' }, ['creditCardExpirationYear'], { creditCardExpirationYear: '2030' }],
  ['MM/YY or MM/YYYY may replace month and year', { creditCardExpirationMonth: undefined, creditCardExpirationYear: undefined, creditCardExpirationMonthYear: '13/31' }, ['creditCardExpirationMonthYear'], { creditCardExpirationMonth: undefined, creditCardExpirationYear: undefined, creditCardExpirationMonthYear: '07/2031' }],
  ['the CVV is 3 or 4 digits', { creditCardVerificationNumber: '12' }, ['creditCardVerificationNumber'], { creditCardVerificationNumber: '1234' }],
  ['a token stands for the card', { ...cardless, creditCardToken: '' }, ['creditCardType', 'creditCardNumber', 'creditCardExpirationMonth', 'creditCardExpirationYear'], { ...cardless, creditCardToken: 'tok_visa' }],
  ['a prior authorization needs its amount and timestamp', { ...cardless, creditCardAuthorizationReferenceNumber: 'T-99' }, ['creditCardAuthorizationAmount', 'creditCardAuthorizationDts'], { ...cardless, creditCardAuthorizationReferenceNumber: 'T-99', creditCardAuthorizationAmount: '65.00', creditCardAuthorizationDts: '11/23/2026 14:05:09' }],
  ['a prior authorization needs its reference', { ...cardless, creditCardAuthorizationAmount: '65.00', creditCardAuthorizationDts: '11/23/2026 14:05:09' }, ['creditCardAuthorizationReferenceNumber'], { ...cardless, creditCardAuthorizationReferenceNumber: 'T-1', creditCardAuthorizationAmount: '65.00', creditCardAuthorizationDts: '11/23/2026 14:05:09' }],
  ['the authorization timestamp is MM/DD/YYYY HH:MM:SS', { ...cardless, creditCardAuthorizationReferenceNumber: 'T-1', creditCardAuthorizationAmount: '65', creditCardAuthorizationDts: '2026-11-23 14:05:09' }, ['creditCardAuthorizationDts'], { ...cardless, creditCardAuthorizationReferenceNumber: 'T-1', creditCardAuthorizationAmount: '65', creditCardAuthorizationDts: '02/28/2026 23:59:59' }],
  ['the authorization amount is a positive number', { ...cardless, creditCardAuthorizationReferenceNumber: 'T-1', creditCardAuthorizationAmount: 'lots', creditCardAuthorizationDts: '11/23/2026 14:05:09' }, ['creditCardAuthorizationAmount'], { ...cardless, creditCardAuthorizationReferenceNumber: 'T-1', creditCardAuthorizationAmount: '0.01', creditCardAuthorizationDts: '11/23/2026 14:05:09' }],
  ['a purchase order needs its number', { ...cardless, paymentMethod: 'Purchase Order' }, ['purchaseOrderNumber'], { ...cardless, paymentMethod: 'Purchase Order', purchaseOrderNumber: 'PO-7' }],
  ['billToFirstName is required', { billToFirstName: '' }, ['billToFirstName'], { billToFirstName: 'A' }],
  ['billToLastName is required', { billToLastName: undefined }, ['billToLastName'], { billToLastName: 'L' }],
  ['billToAddress1 is required', { billToAddress1: '' }, ['billToAddress1'], { billToAddress1: '2 Road' }],
  ['billToCity is required', { billToCity: '' }, ['billToCity'], { billToCity: 'Leeds' }],
  ['billToState is required', { billToState: '' }, ['billToState'], { billToState: 'WYK' }],
  ['billToPostalCode is required', { billToPostalCode: '' }, ['billToPostalCode'], { billToPostalCode: 'LS1' }],
  ['billToCountry is required', { billToCountry: undefined }, ['billToCountry'], { billToCountry: 'US' }],
  ['billToCountry is a known country name or ISO code', { billToCountry: 'Atlantis' }, ['billToCountry'], { billToCountry: 'United States of America' }],
  ['shipToCountry is a known country name or ISO code', { shipToCountry: 'ZZ' }, ['shipToCountry'], { shipToCountry: 'gb' }],
  ['email is an email address', { email: 'ada-at-example' }, ['email'], { email: 'ada@example.org' }],
  ['ccEmail is an email address', { ccEmail: 'nope' }, ['ccEmail'], { ccEmail: 'cc@example.org' }],
  ['giftEmail is an email address', { giftEmail: 'nope' }, ['giftEmail'], { gift: 'Y', giftEmail: 'gift@example.org' }],
  ['ipAddress is required', { ipAddress: undefined }, ['ipAddress'], { ipAddress: '203.0.113.9' }],
  ['ipAddress is an IP address', { ipAddress: 'localhost' }, ['ipAddress'], { ipAddress: '::1' }],
  ['screenBrandingThemeCode is required', { screenBrandingThemeCode: '' }, ['screenBrandingThemeCode'], { screenBrandingThemeCode: 'MAIN' }],
  ['deliveryDate is MM/DD/YYYY', { deliveryDate: '2026-12-24' }, ['deliveryDate'], { deliveryDate: '12/24/2026' }],
  ['shipOnDate is a real day', { shipOnDate: '02/30/2026' }, ['shipOnDate'], { shipOnDate: '02/28/2026' }],
  ['arbitraryTax is a number', { arbitraryTax: 'ten' }, ['arbitraryTax'], { arbitraryTax: '10.50' }],
  ['arbitraryShippingHandlingTotal is not negative', { arbitraryShippingHandlingTotal: '-1' }, ['arbitraryShippingHandlingTotal'], { arbitraryShippingHandlingTotal: '4.95' }],
  ['arbitraryTaxRate is a number', { arbitraryTaxRate: '7%' }, ['arbitraryTaxRate'], { arbitraryTaxRate: '0.07' }],
  ['arbitraryTaxableSubtotal is a number', { arbitraryTaxableSubtotal: 'x' }, ['arbitraryTaxableSubtotal'], { arbitraryTaxableSubtotal: '50' }],
  ['customField1 is at most 50 characters', { customField1: 'x'.repeat(51) }, ['customField1'], { customField1: 'x'.repeat(50) }],
  ['customField7 is at most 50 characters', { customField7: 'y'.repeat(51) }, ['customField7'], { customField7: 'DNIS 5551234' }],
  ['items are required', { items: [] }, ['items'], { items: [{ itemId: 'EBOOK', quantity: '1' }] }],
  ['an item is an object (a list in its place is not read as one)', { items: [{ itemId: 'EBOOK', quantity: '1' }, []] }, ['items'], { items: [{ itemId: 'EBOOK', quantity: '1' }] }],
  ['an item needs its itemId', { items: [{ quantity: '1' }] }, ['items[0].itemId'], { items: [{ itemId: 'EBOOK', quantity: '1' }] }],
  ['an item quantity is a whole number of at least 1', { items: [{ itemId: 'EBOOK', quantity: '0' }] }, ['items[0].quantity'], { items: [{ itemId: 'EBOOK', quantity: '3' }] }],
  ['arbitraryUnitCost is a number', { items: [{ itemId: 'EBOOK', quantity: '1', arbitraryUnitCost: 'free' }] }, ['items[0].arbitraryUnitCost'], { items: [{ itemId: 'EBOOK', quantity: '1', arbitraryUnitCost: '9.99' }] }],
  ['upsell is a boolean', { items: [{ itemId: 'EBOOK', quantity: '1', upsell: 'sure' }] }, ['items[0].upsell'], { items: [{ itemId: 'EBOOK', quantity: '1', upsell: 'Y' }] }],
  ['autoOrderLastRebillDate is MM/DD/YYYY', { items: [{ itemId: 'EBOOK', quantity: '1', autoOrderLastRebillDate: '11/31/2026' }] }, ['items[0].autoOrderLastRebillDate'], { items: [{ itemId: 'EBOOK', quantity: '1', autoOrderLastRebillDate: '11/30/2026' }] }],
  ['an option needs its name', { items: [{ itemId: 'BOOK', quantity: '1', options: [{ name: 'Cover', value: 'Hard' }, { value: 'x' }] }] }, ['items[0].options[1].name'], { items: [{ itemId: 'BOOK', quantity: '1', options: [{ name: 'Cover', value: 'Hard' }, { name: 'Inscription', value: 'x' }] }] }],
  ['an option is an object', { items: [{ itemId: 'BOOK', quantity: '1', options: [{ name: 'Cover', value: 'Hard' }, []] }] }, ['items[0].options'], { items: [{ itemId: 'BOOK', quantity: '1', options: [{ name: 'Cover', value: 'Hard' }] }] }],
  ['items exist in the catalog', { items: [{ itemId: 'GHOST', quantity: '1' }] }, ['items[0].itemId'], { items: [{ itemId: 'EBOOK', quantity: '1' }] }],
  ['inactive items cannot be ordered', { items: [{ itemId: 'OLD', quantity: '1' }] }, ['items[0].itemId'], { items: [{ itemId: 'EBOOK', quantity: '1' }] }],
  ['required options are given', { items: [{ itemId: 'BOOK', quantity: '1' }] }, ['items[0].options'], { items: [{ itemId: 'BOOK', quantity: '1', options: [{ name: 'Cover', value: 'Soft' }] }] }],
  ['option values come from the allowed list', { items: [{ itemId: 'BOOK', quantity: '1', options: [{ name: 'Cover', value: 'Gold' }] }] }, ['items[0].options[0].value'], { items: [{ itemId: 'BOOK', quantity: '1', options: [{ name: 'Cover', value: 'Hard' }] }] }],
  ['options are ones the item has', { items: [{ itemId: 'BOOK', quantity: '1', options: [{ name: 'Cover', value: 'Hard' }, { name: 'Colour', value: 'Red' }] }] }, ['items[0].options[1].name'], { items: [{ itemId: 'BOOK', quantity: '1', options: [{ name: 'Cover', value: 'Hard' }, { name: 'Inscription', value: 'For Charles' }] }] }],
  ['an auto-order schedule is one the item offers', { items: [{ itemId: 'EBOOK', quantity: '1', autoOrderSchedule: 'Weekly' }] }, ['items[0].autoOrderSchedule'], { items: [{ itemId: 'EBOOK', quantity: '1', autoOrderSchedule: 'Monthly' }] }],
  ['historical auto orders need the last rebill date', { ...cardless, storeCompleted: 'Y', items: [{ itemId: 'EBOOK', quantity: '1', autoOrderSchedule: 'Monthly' }] }, ['items[0].autoOrderLastRebillDate'], { ...cardless, storeCompleted: 'Y', items: [{ itemId: 'EBOOK', quantity: '1', autoOrderSchedule: 'Monthly', autoOrderLastRebillDate: '10/01/2026' }] }],
  ['an item without a catalog price needs arbitraryUnitCost', { items: [{ itemId: 'NOPRICE', quantity: '1' }] }, ['items[0].arbitraryUnitCost'], { items: [{ itemId: 'NOPRICE', quantity: '1', arbitraryUnitCost: '3' }] }],
  ['physical goods need the ship-to address', { ...shipless, shippingMethod: 'UPS: Ground' }, ['shipToFirstName', 'shipToLastName', 'shipToAddress1', 'shipToCity', 'shipToState', 'shipToPostalCode', 'shipToCountry', 'shipToPhone'], { ...shipless, items: [{ itemId: 'EBOOK', quantity: '1' }] }],
  ['physical goods need shippingMethod or leastCostRoute', { shippingMethod: undefined }, ['shippingMethod'], { shippingMethod: undefined, leastCostRoute: 'Y', leastCostRouteShippingMethods: ['UPS: Ground', 'USPS: Priority'] }],
  ['leastCostRoute is a boolean', { leastCostRoute: 'cheap' }, ['leastCostRoute'], { leastCostRoute: 'N' }],
];

describe('importOrder rules: each with a failing and a passing case', () => {
  it.each(RULES)('%s', (_rule, failing, fields, passing) => {
    expect(fieldsWrong(failing).sort()).toEqual([...fields].sort());
    expect(findings(passing).errors).toEqual([]);
  });

  it('reports every problem of a request together, each naming its field', () => {
    const { errors } = findings({ billToFirstName: '', paymentMethod: 'Bitcoin', items: [{ itemId: 'GHOST', quantity: '-2' }], customField3: 'z'.repeat(60) });
    expect(errors).toEqual(
      expect.arrayContaining([
        'billToFirstName: is required',
        expect.stringMatching(/^paymentMethod: must be one of: Amazon, Cash/),
        'items[0].quantity: must be at least 1',
        'items[0].itemId: GHOST is not in the merchant\'s catalog',
        'customField3: must be at most 50 characters',
      ]),
    );
  });

  it('reports lists that are not lists by field instead of failing on them (REST JSON can send anything)', () => {
    expect(fieldsWrong({ items: 'lots' })).toContain('items');
    expect(fieldsWrong({ coupons: 'SAVE10' })).toContain('coupons');
    expect(fieldsWrong({ items: [{ itemId: 'BOOK', quantity: '1', options: 'Hard' }] })).toContain('items[0].options');
  });

  it('normalises countries to ISO-3166 alpha-2 and parses booleans and numbers', () => {
    const { order } = checkOrder(sampleOrder({ billToCountry: 'united states of america', shipToCountry: 'gb', storeIfPaymentDeclines: 'Y', gift: '0', arbitraryTax: '1.25' }));
    expect([order.billToCountry, order.shipToCountry, order.storeIfPaymentDeclines, order.gift, order.arbitraryTax]).toEqual(['US', 'GB', true, false, 1.25]);
  });

  it('requires the three credentials', () => {
    expect(checkCredentials({ merchantId: 'DEMO' }).problems.map((p) => `${p.field}: ${p.message}`).sort()).toEqual(['credentials.channelPartnerCode: is required', 'credentials.channelPartnerPassword: is required']);
    expect(checkCredentials({ merchantId: 'DEMO', channelPartnerCode: 'CP', channelPartnerPassword: 'pw' }).problems).toEqual([]);
  });
});

describe('importOrder rules: warnings', () => {
  it('an unknown coupon is a warning; a known one is not', () => {
    expect(findings({ coupons: ['BOGUS'] })).toEqual({ errors: [], warnings: ['coupons[0]: BOGUS is not a coupon of the merchant'] });
    expect(findings({ coupons: ['SAVE10'] })).toEqual({ errors: [], warnings: [] });
  });

  it('a pre-order item is a warning; an available one is not', () => {
    expect(findings({ items: [{ itemId: 'SOON', quantity: '1' }] }).warnings).toEqual(['items[0].itemId: SOON is a pre-order item']);
    expect(findings({ items: [{ itemId: 'EBOOK', quantity: '1' }] }).warnings).toEqual([]);
  });

  it('treatWarningsAsErrors defaults to yes; N lets warnings through', () => {
    expect(warningsAreErrors(checkOrder(sampleOrder()).order)).toBe(true);
    expect(warningsAreErrors(checkOrder(sampleOrder({ treatWarningsAsErrors: 'N' })).order)).toBe(false);
  });
});
