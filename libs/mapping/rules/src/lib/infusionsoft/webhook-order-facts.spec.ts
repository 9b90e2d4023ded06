import { toCanonicalOrder, type UcOrder } from '@hub/domain';
import type { InfusionsoftOrderV1 } from '@hub/messaging-contracts';
import { parseInfusionsoftSettings } from './infusionsoft-settings';
import { infusionsoftProductLookup, planInfusionsoftOrder } from './plan-infusionsoft-order';

const usd = (value: number) => ({ value, currency_code: 'USD' });

/** An order as the cart's webhook carries it: checkout marketing, a sales rep, custom fields. */
const webhookOrder = (over: Partial<UcOrder> = {}): UcOrder => ({
  order_id: 'DEMO-77',
  current_stage: 'Shipping Department',
  billing: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
  items: [{ merchant_item_id: 'BOOK', quantity: 1, cost: usd(20) }],
  summary: { subtotal: usd(20), total: usd(20) },
  marketing: { mailing_list: true, advertising_source: 'Podcast' },
  internal: { sales_rep_code: 'JS' },
  checkout: { custom_field1: 'gift wrap', custom_field7: 'VIP' },
  ...over,
});

const settings = (() => {
  const parsed = parseInfusionsoftSettings({
    mailingListFilter: true,
    mailingListTag: 'Newsletter',
    salesRepOwners: [{ salesRepCode: 'JS', userId: 7 }],
    customOrderFields: { advertisingSource: '_AdSource', customField1: '_Wrapping', customField7: '_Tier' },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.settings;
})();

const plan = (uc: UcOrder) => planInfusionsoftOrder(toCanonicalOrder(uc, 'DEMO'), settings, { productIdOf: infusionsoftProductLookup({}), repeatCustomer: false });

describe('an Infusionsoft order from a real webhook order', () => {
  it('reads the mailing-list opt-in, the sales rep and the custom fields from the order itself', () => {
    const command = plan(webhookOrder()).commands[0].payload as InfusionsoftOrderV1;
    expect(command.steps.ownerId).toBe(7);
    expect(command.steps.tags).toContain('Newsletter');
    expect(command.order?.customFields).toEqual({ _AdSource: 'Podcast', _Wrapping: 'gift wrap', _Tier: 'VIP' });
  });

  it('holds back the order of a customer who did not opt in when the mailing-list filter is on', () => {
    const held = plan(webhookOrder({ marketing: { mailing_list: false } }));
    expect(held.commands).toEqual([]);
    expect(held.skipped[0].reason).toContain('did not opt in');
  });
});
