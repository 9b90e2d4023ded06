import { money, Order } from '@hub/domain';
import { RoutingKeys } from '@hub/messaging-contracts';
import { parseInfusionsoftSettings } from '../infusionsoft';
import { lookupFromRecord, parseOntraportSettings } from '../ontraport';
import { CascadeInputs, foldersOf, itemIdsOf, orderOf } from './cascade-inputs';
import { idempotencyKeyOf, planCartEvent } from './plan-cart-event';

const order: Order = {
  merchantId: 'M1',
  orderId: 'M1-1',
  stage: 'Completed Order',
  currency: 'USD',
  customer: { email: 'ada@example.com', billing: {} },
  lines: [
    { itemId: 'BOOK', quantity: 1, unitPrice: money(10), total: money(10) },
    { itemId: 'PEN', quantity: 2, unitPrice: money(1), total: money(2) },
  ],
  totals: { subtotal: money(12), discount: money(0), shippingHandling: money(0), tax: money(0), total: money(12) },
  couponCodes: [],
};

function settings<T>(r: { ok: true; settings: T } | { ok: false; problems: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.settings;
}

const base: CascadeInputs = {
  merchantId: 'M1',
  ontraportProducts: lookupFromRecord({ BOOK: 'The Book' }),
  infusionsoftProductIdOf: (id) => ({ BOOK: 7 })[id],
  repeatCustomer: false,
};

describe('planCartEvent (the dispatch)', () => {
  it('sends nothing, and says why for each CRM, when the merchant configured none', () => {
    const plan = planCartEvent(RoutingKeys.cart.orderPlaced, { merchantId: 'M1', order }, base);
    expect(plan.commands).toEqual([]);
    expect(plan.skipped.map((s) => s.integration).sort()).toEqual(['infusionsoft', 'ontraport']);
  });

  it('asks both CRMs when both are on, each command with its own idempotency key', () => {
    const plan = planCartEvent(RoutingKeys.cart.orderPlaced, { merchantId: 'M1', order }, {
      ...base,
      ontraport: settings(parseOntraportSettings({})),
      infusionsoft: settings(parseInfusionsoftSettings({})),
    });
    const keys = plan.commands.map((c) => c.routingKey);
    expect(keys).toContain(RoutingKeys.crm.ontraportSale);
    expect(keys).toContain(RoutingKeys.crm.infusionsoftOrder);
    const ids = plan.commands.map(idempotencyKeyOf);
    expect(ids.every((k) => typeof k === 'string' && k.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of plan.commands) expect(c.reason).toBeTruthy();
  });

  it('passes the customer history to Infusionsoft: new and repeat customers get their own tag', () => {
    const infusionsoft = settings(parseInfusionsoftSettings({ newCustomerTag: 'New', repeatCustomerTag: 'Repeat' }));
    const tagsOf = (repeatCustomer: boolean) =>
      JSON.stringify(planCartEvent(RoutingKeys.cart.orderPlaced, { merchantId: 'M1', order }, { ...base, infusionsoft, repeatCustomer }).commands[0].payload);
    expect(tagsOf(false)).toContain('"New"');
    expect(tagsOf(false)).not.toContain('"Repeat"');
    expect(tagsOf(true)).toContain('"Repeat"');
    expect(tagsOf(true)).not.toContain('"New"');
  });

  it('is pure: the same inputs give the same plan', () => {
    const inputs = { ...base, ontraport: settings(parseOntraportSettings({})) };
    const e = { merchantId: 'M1', order };
    expect(planCartEvent(RoutingKeys.cart.orderPlaced, e, inputs)).toEqual(planCartEvent(RoutingKeys.cart.orderPlaced, e, inputs));
  });

  it('lets a CRM refuse events it does not take', () => {
    const plan = planCartEvent(RoutingKeys.cart.orderDeleted, { merchantId: 'M1', orderId: 'X' }, { ...base, ontraport: settings(parseOntraportSettings({})) });
    expect(plan.commands).toEqual([]);
    expect(plan.skipped.find((s) => s.integration === 'ontraport')?.reason).toContain('does not take');
  });
});

describe('what an event needs loaded', () => {
  it('finds the item ids of orders, carts, items and auto orders, once each', () => {
    expect(itemIdsOf(RoutingKeys.cart.orderPlaced, { order })).toEqual(['BOOK', 'PEN']);
    expect(itemIdsOf(RoutingKeys.cart.cartAbandoned, { lines: [{ itemId: 'A' }, { itemId: 'A' }] })).toEqual(['A']);
    expect(itemIdsOf(RoutingKeys.cart.itemUpserted, { item: { itemId: 'I' } })).toEqual(['I']);
    expect(itemIdsOf(RoutingKeys.cart.itemDeleted, { itemId: 'D' })).toEqual(['D']);
    expect(itemIdsOf(RoutingKeys.cart.autoOrderStatusChanged, { itemIds: ['S'] })).toEqual(['S']);
  });

  it('takes the order of placed orders and rebills only', () => {
    expect(orderOf(RoutingKeys.cart.orderPlaced, { order })).toBe(order);
    expect(orderOf(RoutingKeys.cart.autoOrderRebilled, { order })).toBe(order);
    expect(orderOf(RoutingKeys.cart.orderRefunded, { order })).toBeUndefined();
  });
});

describe('catalog folders', () => {
  it('reads the folders of a category path, however it is slashed', () => {
    expect(foldersOf('/Office/Stationery/')).toEqual(['Office', 'Stationery']);
    expect(foldersOf('Books')).toEqual(['Books']);
    expect(foldersOf(undefined)).toEqual([]);
    expect(foldersOf('/')).toEqual([]);
  });

  it('lets a folder goal fire for an order with an item in that folder', () => {
    const infusionsoft = settings(parseInfusionsoftSettings({ goals: [{ trigger: 'folder', value: 'Stationery', integration: 'uc', callName: 'stationery' }] }));
    const goalsOf = (itemFolders: Record<string, string[]>) =>
      JSON.stringify(planCartEvent(RoutingKeys.cart.orderPlaced, { merchantId: 'M1', order }, { ...base, infusionsoft, infusionsoftFacts: { itemFolders } }).commands[0].payload);
    expect(goalsOf({ PEN: ['Office', 'Stationery'] })).toContain('"stationery"');
    expect(goalsOf({ PEN: ['Office'] })).not.toContain('"stationery"');
  });
});

