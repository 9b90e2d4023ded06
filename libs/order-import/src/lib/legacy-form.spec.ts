import { LEGACY_SCALARS } from './field-names';
import { parseLegacyForm } from './legacy-form';

const parse = (pairs: Array<[string, string]>) => parseLegacyForm(new URLSearchParams(pairs), LEGACY_SCALARS);

describe('parseLegacyForm', () => {
  it('reads method, credentials, scalars, items with options, and indexed lists', () => {
    const r = parse([
      ['method', 'importOrder'],
      ['credentials.merchantId', 'DEMO'],
      ['credentials.channelPartnerCode', 'CP'],
      ['credentials.channelPartnerPassword', 'pw'],
      ['order.billToFirstName', 'Ada'],
      ['order.items[1].itemId', 'B'],
      ['order.items[0].itemId', 'A'],
      ['order.items[0].quantity', '2'],
      ['order.items[0].options[0].name', 'Size'],
      ['order.items[0].options[0].value', 'L'],
      ['order.coupons[0]', 'SAVE10'],
      ['order.leastCostRouteShippingMethods[0]', 'UPS: Ground'],
    ]);
    expect(r).toEqual({
      method: 'importOrder',
      credentials: { merchantId: 'DEMO', channelPartnerCode: 'CP', channelPartnerPassword: 'pw' },
      order: {
        billToFirstName: 'Ada',
        items: [{ itemId: 'A', quantity: '2', options: [{ name: 'Size', value: 'L' }] }, { itemId: 'B' }],
        coupons: ['SAVE10'],
        leastCostRouteShippingMethods: ['UPS: Ground'],
      },
      problems: [],
    });
  });

  it('names unknown parameters, repeated ones and gaps in indices', () => {
    const r = parse([
      ['order.colour', 'red'],
      ['order.items[0].colour', 'red'],
      ['credentials.apiKey', 'x'],
      ['order.email', 'a@example.com'],
      ['order.email', 'b@example.com'],
      ['order.items[0].itemId', 'A'],
      ['order.items[2].itemId', 'C'],
    ]);
    expect(r.problems).toEqual([
      { field: 'order.colour', message: 'is not a parameter of the importOrder API' },
      { field: 'order.items[0].colour', message: 'is not a parameter of the importOrder API' },
      { field: 'credentials.apiKey', message: 'is not a parameter of the importOrder API' },
      { field: 'order.email', message: 'is given more than once' },
      { field: 'order.items[1]', message: 'is missing: indices must run 0, 1, 2… without gaps' },
    ]);
  });

  it('reads the cancel calls\' own parameters', () => {
    expect(parse([['method', 'cancelOrderByUltraCartOrderId'], ['orderId', 'DEMO-1']]).order).toEqual({ orderId: 'DEMO-1' });
  });

  it('accepts every scalar parameter of the seed', () => {
    const pairs = [...LEGACY_SCALARS].map((n) => [`order.${n}`, 'x'] as [string, string]);
    const r = parse(pairs);
    expect(r.problems).toEqual([]);
    expect(Object.keys(r.order).sort()).toEqual([...LEGACY_SCALARS].sort());
  });
});
