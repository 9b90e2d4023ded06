import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { CONTRACTS } from '../registry';
import { RoutingKeys, RpcPatterns } from '../routing-keys';

function problems(key: string, body: unknown): string[] {
  const flat = (es: ValidationError[], prefix = ''): string[] =>
    es.flatMap((e) => [
      ...(e.constraints ? [`${prefix}${e.property}`] : []),
      ...flat(e.children ?? [], `${prefix}${e.property}.`),
    ]);
  return flat(validateSync(plainToInstance(CONTRACTS[key], body) as object, { forbidUnknownValues: true }));
}

const usd = (minor: number) => ({ minor, currency: 'USD' });
const steps = () => ({
  contact: { email: 'ada@example.com', fields: { Email: 'ada@example.com', FirstName: 'Ada' } },
  tags: ['Customer'],
  actionSetIds: [12],
});
const order = () => ({
  merchantId: 'DEMO',
  idempotencyKey: 'infusionsoft:order:DEMO:DEMO-1',
  orderId: 'DEMO-1',
  steps: steps(),
  goals: [{ integration: 'ultracart', callName: 'purchased' }],
  order: {
    method: 'blankOrder',
    description: 'UltraCart order DEMO-1',
    orderDate: '2026-11-21T10:00:00Z',
    lines: [
      { kind: 'product', itemId: 'BOOK', product: { productName: 'BOOK' }, title: 'Book', quantity: 1, unitPrice: usd(1000) },
      { kind: 'shipping', title: 'Shipping', quantity: 1, unitPrice: usd(500) },
    ],
    promoCodes: ['TENOFF'],
    payment: { amount: usd(1500), paymentType: 'Credit Card', description: 'Paid in UltraCart' },
    customFields: { _AdSource: 'google' },
    productGoals: [{ integration: 'ultracart', callName: 'book', trigger: 'category', name: 'Books' }],
  },
});

describe('crm.infusionsoft.* contracts', () => {
  it('accepts a fully resolved order command, and one without an order (skip order creation)', () => {
    expect(problems(RoutingKeys.crm.infusionsoftOrder, order())).toEqual([]);
    expect(problems(RoutingKeys.crm.infusionsoftOrder, { ...order(), order: undefined })).toEqual([]);
  });

  it('names the field that is wrong', () => {
    const bad = order();
    bad.steps.contact.email = 'nope';
    bad.order.lines[0].kind = 'gift';
    (bad.order as { customFields: Record<string, string> }).customFields = { 'Ad Source': 'google' };
    bad.steps.actionSetIds = [-1];
    expect(problems(RoutingKeys.crm.infusionsoftOrder, bad).sort()).toEqual([
      'order.customFields',
      'order.lines.0.kind',
      'steps.actionSetIds',
      'steps.contact.email',
    ]);
  });

  it('accepts shipment, abandoned-cart and affiliate commands', () => {
    const base = { merchantId: 'DEMO', idempotencyKey: 'k' };
    expect(problems(RoutingKeys.crm.infusionsoftShipment, { ...base, orderId: 'DEMO-1', orderKey: 'o', customFields: { _Tracking: '1Z' } })).toEqual([]);
    expect(problems(RoutingKeys.crm.infusionsoftAbandonedCart, { ...base, cartId: 'C-1', steps: steps() })).toEqual([]);
    expect(problems(RoutingKeys.crm.infusionsoftAffiliate, { ...base, affiliateId: '77', approved: true, steps: steps() })).toEqual([]);
  });

  it('asks for the secret of the chosen auth style only', () => {
    const test = (credentials: object) => problems(RpcPatterns.infusionsoft.testCredentials, { merchantId: 'DEMO', credentials });
    expect(test({ auth: 'api-key', appName: 'ab123', apiKey: 'k' })).toEqual([]);
    expect(test({ auth: 'oauth', accessToken: 't' })).toEqual([]);
    expect(test({ auth: 'service-account', serviceAccountKey: 'KeapAK-1', baseUrl: 'http://127.0.0.1:4002' })).toEqual([]);
    expect(test({ auth: 'api-key', appName: 'ab 123' }).sort()).toEqual(['credentials.apiKey', 'credentials.appName']);
    expect(test({ auth: 'oauth', apiKey: 'k' })).toEqual(['credentials.accessToken']);
  });
});
