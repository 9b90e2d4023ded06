import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { CONTRACTS } from '../registry';
import { RoutingKeys } from '../routing-keys';

const money = (minor: number) => ({ minor, currency: 'USD' });
const order = {
  merchantId: 'M1',
  orderId: 'M1-1',
  stage: 'Completed Order',
  currency: 'USD',
  customer: { email: 'a@example.com', billing: {} },
  lines: [{ itemId: 'BOOK', quantity: 1, unitPrice: money(1000), total: money(1000) }],
  totals: { subtotal: money(1000), discount: money(0), shippingHandling: money(0), tax: money(0), total: money(1000) },
  couponCodes: [],
};

function problems(key: string, body: unknown): string[] {
  const flat = (es: ValidationError[], prefix = ''): string[] =>
    es.flatMap((e) => [...(e.constraints ? [`${prefix}${e.property}`] : []), ...flat(e.children ?? [], `${prefix}${e.property}.`)]);
  return flat(validateSync(plainToInstance(CONTRACTS[key], body) as object, { forbidUnknownValues: true }));
}

describe('crm.ontraport commands', () => {
  it('still accepts a sale as the first v1 published it (compatible extension)', () => {
    expect(problems(RoutingKeys.crm.ontraportSale, { merchantId: 'M1', idempotencyKey: 'k', order, productNames: {} })).toEqual([]);
  });

  it('accepts a recurring sale with product references and names what is wrong in one', () => {
    const sale = { merchantId: 'M1', idempotencyKey: 'k', api: 'legacy', order, productNames: {}, recurring: true, rebillNumber: 2, products: [{ itemId: 'BOOK', name: 'The Book', externalId: 'B-1' }] };
    expect(problems(RoutingKeys.crm.ontraportSale, sale)).toEqual([]);
    expect(problems(RoutingKeys.crm.ontraportSale, { ...sale, api: 'soap', productNames: { BOOK: 3 }, products: [{ itemId: 'BOOK', name: '', productId: -1 }] }).sort()).toEqual([
      'api',
      'productNames',
      'products.0.name',
      'products.0.productId',
    ]);
  });

  it('validates a refund with running totals', () => {
    const refund = { merchantId: 'M1', idempotencyKey: 'k', orderId: 'M1-1', saleKey: 's', kind: 'partial', currency: 'USD', orderTotal: money(1000), refundedTotal: money(250) };
    expect(problems(RoutingKeys.crm.ontraportRefund, refund)).toEqual([]);
    expect(problems(RoutingKeys.crm.ontraportRefund, { ...refund, kind: 'some', refundedTotal: { minor: 2.5, currency: 'USD' } }).sort()).toEqual(['kind', 'refundedTotal.minor']);
  });

  it('validates contact updates: status words, field values, tags', () => {
    const status = { merchantId: 'M1', idempotencyKey: 'k', contact: { email: 'a@example.com' }, status: 'card declined', fields: { f1: 'card declined' }, addTags: ['Declined'] };
    expect(problems(RoutingKeys.crm.ontraportAutoOrderStatus, status)).toEqual([]);
    expect(problems(RoutingKeys.crm.ontraportAutoOrderStatus, { ...status, status: 'paused', fields: { f1: 1 }, addTags: [''] }).sort()).toEqual(['addTags', 'fields', 'status']);
    expect(problems(RoutingKeys.crm.ontraportAffiliateSignup, { merchantId: 'M1', idempotencyKey: 'k', contact: { email: 'a@example.com' }, affiliateId: '42', approved: 'yes' })).toEqual(['approved']);
  });

  it('validates product commands', () => {
    const item = { itemId: 'BOOK', inactive: false, kit: false, price: money(1000) };
    expect(problems(RoutingKeys.crm.ontraportProductUpsert, { merchantId: 'M1', idempotencyKey: 'k', item, product: { name: 'The Book' }, push: true })).toEqual([]);
    expect(problems(RoutingKeys.crm.ontraportProductDelete, { merchantId: 'M1', idempotencyKey: 'k', itemId: 'BOOK', push: 'no' })).toEqual(['push']);
    expect(problems(RoutingKeys.crm.ontraportProductSync, { merchantId: 'M1', idempotencyKey: 'k' })).toEqual([]);
  });
});
