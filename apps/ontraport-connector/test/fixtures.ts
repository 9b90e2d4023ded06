import { money, type Order } from '@hub/domain';
import type { OntraportApiStyle, OntraportSaleV1 } from '@hub/messaging-contracts';

export const order = (merchantId: string, orderId: string, extra: Partial<Order> = {}): Order => ({
  merchantId,
  orderId,
  stage: 'Completed Order',
  createdAt: '2026-11-24T10:00:00Z',
  currency: 'USD',
  customer: { email: `${orderId.toLowerCase()}@example.com`, firstName: 'Grace', billing: { lastName: 'Hopper' } },
  lines: [
    // 25.00 list price with a 5.00 coupon: charged 20.00.
    { itemId: 'BOOK', quantity: 2, unitPrice: money(20), total: money(40) },
    { itemId: 'PEN', quantity: 1, unitPrice: money(2.5), total: money(2.5) },
  ],
  totals: { subtotal: money(42.5), discount: money(10), shippingHandling: money(4.95), tax: money(3.4), total: money(50.85) },
  couponCodes: ['FIVEOFF'],
  ...extra,
});

export const sale = (api: OntraportApiStyle, o: Order, extra: Partial<OntraportSaleV1> = {}): OntraportSaleV1 =>
  ({
    merchantId: o.merchantId,
    idempotencyKey: `ontraport:sale:${o.merchantId}:${o.orderId}`,
    api,
    order: o,
    productNames: { BOOK: 'The Book' },
    products: [{ itemId: 'BOOK', name: 'The Book' }, { itemId: 'PEN', name: 'PEN' }],
    ...extra,
  }) as OntraportSaleV1;
