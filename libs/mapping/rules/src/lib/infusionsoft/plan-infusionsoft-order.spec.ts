import { money, type Order } from '@hub/domain';
import type { InfusionsoftOrderV1 } from '@hub/messaging-contracts';
import { parseInfusionsoftSettings, type InfusionsoftSettings } from './infusionsoft-settings';
import { infusionsoftProductLookup, planInfusionsoftOrder, type InfusionsoftOrderContext } from './plan-infusionsoft-order';

const order = (over: Partial<Order> = {}): Order => ({
  merchantId: 'DEMO',
  orderId: 'DEMO-1',
  stage: 'Shipping Department',
  createdAt: '2026-11-21T10:00:00-05:00',
  currency: 'USD',
  customer: {
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    billing: { firstName: 'Ada', lastName: 'Lovelace', address1: '1 Bill St', city: 'London', countryCode: 'GB' },
    shipping: { firstName: 'Ada', lastName: 'Lovelace', address1: '9 Ship Rd', city: 'Leeds', countryCode: 'GB' },
  },
  lines: [
    { itemId: 'BOOK', description: 'The Book', quantity: 2, unitPrice: money(9), total: money(18) },
    { itemId: 'PEN', quantity: 1, unitPrice: money(2), total: money(2) },
  ],
  // 20 of items − 3 coupon + 5 shipping + 1.50 tax
  totals: { subtotal: money(20), discount: money(3), shippingHandling: money(5), tax: money(1.5), total: money(23.5) },
  couponCodes: ['SAVE3'],
  paymentMethod: 'PayPal',
  ...over,
});

function settings(input: object = {}): InfusionsoftSettings {
  const parsed = parseInfusionsoftSettings(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.settings;
}

const ctx = (over: Partial<InfusionsoftOrderContext> = {}): InfusionsoftOrderContext => ({
  productIdOf: infusionsoftProductLookup({ BOOK: 31 }),
  repeatCustomer: false,
  ...over,
});

function command(o: Order, s: InfusionsoftSettings, c = ctx()): InfusionsoftOrderV1 {
  const plan = planInfusionsoftOrder(o, s, c);
  expect(plan.commands).toHaveLength(1);
  expect(plan.commands[0].routingKey).toBe('crm.infusionsoft.order.v1');
  return plan.commands[0].payload as InfusionsoftOrderV1;
}

describe('planInfusionsoftOrder', () => {
  it('sends nothing, and says why, when not configured, disabled, or still in the payment stage', () => {
    expect(planInfusionsoftOrder(order(), undefined, ctx()).skipped[0].reason).toBe('Infusionsoft is not configured for this merchant');
    expect(planInfusionsoftOrder(order(), settings({ enabled: false }), ctx()).skipped[0].reason).toBe('Infusionsoft is disabled by the merchant');
    const held = planInfusionsoftOrder(order({ stage: 'Accounts Receivable' }), settings(), ctx());
    expect(held.commands).toEqual([]);
    expect(held.skipped[0].reason).toContain('only orders past the payment stage');
  });

  it('builds the contact from the billing address by default, from the shipping address when chosen', () => {
    expect(command(order(), settings()).steps.contact).toEqual({
      email: 'ada@example.com',
      fields: { Email: 'ada@example.com', FirstName: 'Ada', LastName: 'Lovelace', StreetAddress1: '1 Bill St', City: 'London', Country: 'GB' },
    });
    expect(command(order(), settings({ primaryAddress: 'shipping' })).steps.contact.fields).toMatchObject({ StreetAddress1: '9 Ship Rd', City: 'Leeds' });
    const noShipping = order({ customer: { ...order().customer, shipping: undefined } });
    expect(command(noShipping, settings({ primaryAddress: 'shipping' })).steps.contact.fields.City).toBe('London');
  });

  it('tags new and repeat customers, mailing-list subscribers and product buyers, once each', () => {
    const s = settings({
      contactTags: ['Customer', 'UltraCart'],
      newCustomerTag: 'New',
      repeatCustomerTag: 'Repeat',
      mailingListTag: 'Newsletter',
      productTags: [{ itemId: 'BOOK', tags: ['Reader', 'Customer'] }, { itemId: 'MUG', tags: ['Mug'] }],
    });
    expect(command(order(), s).steps.tags).toEqual(['Customer', 'UltraCart', 'New', 'Reader']);
    expect(command(order(), s, ctx({ repeatCustomer: true, facts: { mailingListOptIn: true } })).steps.tags).toEqual(['Customer', 'UltraCart', 'Repeat', 'Newsletter', 'Reader']);
  });

  it('honours the mailing-list filter', () => {
    const s = settings({ mailingListFilter: true });
    expect(planInfusionsoftOrder(order(), s, ctx()).skipped[0].reason).toContain('did not opt in');
    expect(planInfusionsoftOrder(order(), s, ctx({ facts: { mailingListOptIn: true } })).commands).toHaveLength(1);
  });

  it('sets the lead source from the coupon only when asked, and says whether to create it', () => {
    expect(command(order(), settings()).steps.leadSource).toBeUndefined();
    expect(command(order(), settings({ leadSourceField: 'coupon' })).steps.leadSource).toEqual({ name: 'SAVE3', create: false });
    expect(command(order(), settings({ leadSourceField: 'coupon', createLeadSource: true })).steps.leadSource).toEqual({ name: 'SAVE3', create: true });
    expect(command(order({ couponCodes: [] }), settings({ leadSourceField: 'coupon' })).steps.leadSource).toBeUndefined();
  });

  it('maps the sales rep to the contact owner, and warns when the code is unmapped', () => {
    const s = settings({ salesRepOwners: [{ salesRepCode: 'JS', userId: 7 }] });
    expect(command(order(), s, ctx({ facts: { salesRepCode: 'JS' } })).steps.ownerId).toBe(7);
    const plan = planInfusionsoftOrder(order(), s, ctx({ facts: { salesRepCode: 'XX' } }));
    expect(plan.warnings).toEqual(['sales rep code "XX" has no Infusionsoft user mapped: the contact owner is left as it is']);
    expect((plan.commands[0].payload as InfusionsoftOrderV1).warnings).toEqual(plan.warnings);
    expect((plan.commands[0].payload as InfusionsoftOrderV1).steps.ownerId).toBeUndefined();
  });

  it('runs the merchant action set, then the product action sets', () => {
    const s = settings({ actionSetId: 5, productActionSets: [{ itemId: 'PEN', actionSetIds: [9, 5] }] });
    expect(command(order(), s).steps.actionSetIds).toEqual([5, 9]);
  });

  it('creates a blank order with product, shipping, tax and discount lines and a manual payment carrying the promo codes', () => {
    const spec = command(order(), settings()).order;
    expect(spec?.method).toBe('blankOrder');
    expect(spec?.lines).toEqual([
      { kind: 'product', itemId: 'BOOK', product: { productId: 31 }, title: 'The Book', quantity: 2, unitPrice: money(9), notes: undefined },
      { kind: 'product', itemId: 'PEN', product: { productName: 'PEN' }, title: 'PEN', quantity: 1, unitPrice: money(2), notes: undefined },
      { kind: 'shipping', title: 'Shipping & handling', quantity: 1, unitPrice: money(5) },
      { kind: 'tax', title: 'Tax', quantity: 1, unitPrice: money(1.5) },
      { kind: 'special', title: 'Discount (SAVE3)', quantity: 1, unitPrice: money(-3) },
    ]);
    const invoiceTotal = spec?.lines.reduce((sum, l) => sum + l.unitPrice.minor * l.quantity, 0);
    expect(invoiceTotal).toBe(2350);
    expect(spec?.payment).toEqual({ amount: money(23.5), paymentType: 'PayPal', description: 'Paid in UltraCart, order DEMO-1 — promo codes: SAVE3' });
  });

  it('uses placeOrder with promo codes and product lines only when chosen', () => {
    const spec = command(order(), settings({ orderCreationMethod: 'placeOrder' })).order;
    expect(spec?.method).toBe('placeOrder');
    expect(spec?.promoCodes).toEqual(['SAVE3']);
    expect(spec?.lines.map((l) => l.kind)).toEqual(['product', 'product']);
    expect(spec?.payment).toBeUndefined();
  });

  it('sends a fractional quantity as one line at the line total', () => {
    const o = order({ lines: [{ itemId: 'ROPE', quantity: 2.5, unitPrice: money(2), total: money(5) }], totals: { ...order().totals, total: money(5) }, couponCodes: [] });
    const spec = command(o, settings()).order;
    expect(spec?.lines[0]).toMatchObject({ quantity: 1, unitPrice: money(5), notes: 'quantity 2.5' });
  });

  it('skips order creation when asked, keeping the contact steps', () => {
    const c = command(order(), settings({ skipOrderCreation: true, contactTags: ['Customer'] }));
    expect(c.order).toBeUndefined();
    expect(c.steps.tags).toEqual(['Customer']);
  });

  it('fills the mapped custom order fields', () => {
    const s = settings({ customOrderFields: { advertisingSource: '_AdSource', customField2: '_Gift' }, fixedOrderFields: { _Channel: 'UltraCart' } });
    const spec = command(order(), s, ctx({ facts: { advertisingSource: 'google', customFields: { customField2: 'yes', customField3: 'ignored' } } })).order;
    expect(spec?.customFields).toEqual({ _Channel: 'UltraCart', _AdSource: 'google', _Gift: 'yes' });
  });

  it('decides item, folder and mapped-product goals, and passes name and category goals as conditions', () => {
    const s = settings({
      goals: [
        { trigger: 'item', value: 'PEN', integration: 'uc', callName: 'pen' },
        { trigger: 'item', value: 'MUG', integration: 'uc', callName: 'mug' },
        { trigger: 'folder', value: 'stationery', integration: 'uc', callName: 'folder' },
        { trigger: 'product', value: '31', integration: 'uc', callName: 'book' },
        { trigger: 'product', value: 'Pen Deluxe', integration: 'uc', callName: 'deluxe' },
        { trigger: 'category', value: 'Books', integration: 'uc', callName: 'books' },
      ],
    });
    const c = command(order(), s, ctx({ facts: { itemFolders: { PEN: ['stationery'] } } }));
    expect(c.goals.map((g) => g.callName)).toEqual(['pen', 'folder', 'book']);
    expect(c.order?.productGoals).toEqual([
      { integration: 'uc', callName: 'deluxe', trigger: 'product', name: 'Pen Deluxe' },
      { integration: 'uc', callName: 'books', trigger: 'category', name: 'Books' },
    ]);
  });

  it('gives a redelivered order the same command and key', () => {
    const s = settings({ contactTags: ['Customer'] });
    expect(planInfusionsoftOrder(order(), s, ctx())).toEqual(planInfusionsoftOrder(order(), s, ctx()));
    expect(command(order(), s).idempotencyKey).toBe('infusionsoft:order:DEMO:DEMO-1');
  });
});

describe('parseInfusionsoftSettings', () => {
  it('fills defaults', () => {
    expect(settings()).toMatchObject({ enabled: true, primaryAddress: 'billing', orderCreationMethod: 'blankOrder', leadSourceField: 'blank', contactTags: [] });
  });

  it('names each wrong field, including nested ones and unknown ones', () => {
    const parsed = parseInfusionsoftSettings({
      primaryAddress: 'home',
      customOrderFields: { customField1: 'NoUnderscore' },
      salesRepOwners: [{ salesRepCode: 'JS', userId: 0 }],
      goals: [{ trigger: 'item', value: 'A', integration: 'two words', callName: 'c' }],
      apiKey: 'secret',
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.field).sort()).toEqual([
      'apiKey',
      'customOrderFields.customField1',
      'goals.0.integration',
      'primaryAddress',
      'salesRepOwners.0.userId',
    ]);
  });
});
