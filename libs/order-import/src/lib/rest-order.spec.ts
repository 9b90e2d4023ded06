import { fieldName, ITEM_FIELDS, ORDER_FIELDS } from './field-names';
import { fromRestOrder } from './rest-order';

describe('REST ChannelPartnerOrder', () => {
  it('maps every member onto the legacy names, items too', () => {
    const body = Object.fromEntries(ORDER_FIELDS.filter(([l]) => l !== 'items').map(([, rest]) => [rest, `v-${rest}`]));
    const item = Object.fromEntries(ITEM_FIELDS.map(([, rest]) => [rest, `v-${rest}`]));
    const { order, problems } = fromRestOrder({ ...body, items: [item] });
    expect(problems).toEqual([]);
    expect(order['billToFirstName']).toBe('v-billto_first_name');
    expect(order['creditCardToken']).toBe('v-hosted_fields_card_token');
    expect(order['items']).toEqual([Object.fromEntries(ITEM_FIELDS.map(([legacy, rest]) => [legacy, `v-${rest}`]))]);
    expect(Object.keys(order)).toHaveLength(ORDER_FIELDS.length);
  });

  it('names unknown members and refuses a body that is not an object', () => {
    expect(fromRestOrder({ colour: 'red', items: [{ merchant_item_id: 'A', size: 'L' }] }).problems).toEqual([
      { field: 'colour', message: 'is not a member of ChannelPartnerOrder' },
      { field: 'items[0].size', message: 'is not a member of ChannelPartnerOrderItem' },
    ]);
    expect(fromRestOrder([1, 2]).problems).toEqual([{ field: '(body)', message: 'must be a JSON object (ChannelPartnerOrder)' }]);
  });

  it('names a problem in each interface\'s own terms', () => {
    expect(fieldName('billToFirstName', 'legacy')).toBe('order.billToFirstName');
    expect(fieldName('billToFirstName', 'rest')).toBe('billto_first_name');
    expect(fieldName('items[2].itemId', 'legacy')).toBe('order.items[2].itemId');
    expect(fieldName('items[2].itemId', 'rest')).toBe('items[2].merchant_item_id');
    expect(fieldName('items[0].options[1].value', 'rest')).toBe('items[0].options[1].value');
    expect(fieldName('coupons[0]', 'rest')).toBe('coupons[0]');
    expect(fieldName('credentials.merchantId', 'rest')).toBe('credentials.merchantId');
  });
});
