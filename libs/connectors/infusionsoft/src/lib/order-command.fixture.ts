import type { InfusionsoftOrderV1 } from '@hub/messaging-contracts';

/** A paid order with an action set, a product line and a shipping line, by blank order (the specs' fixture). */
export const orderCommandFixture: InfusionsoftOrderV1 = {
  merchantId: 'M',
  idempotencyKey: 'k',
  orderId: 'O-1',
  steps: { contact: { email: 'a@example.com', fields: { FirstName: 'A' } }, tags: [], actionSetIds: [5] },
  order: {
    method: 'blankOrder',
    description: 'UltraCart order O-1',
    orderDate: '2026-11-21T10:00:00Z',
    lines: [
      { kind: 'product', itemId: 'BOOK', product: { productId: 31 }, title: 'Book', quantity: 1, unitPrice: { minor: 1000, currency: 'USD' } },
      { kind: 'shipping', title: 'Shipping', quantity: 1, unitPrice: { minor: 500, currency: 'USD' } },
    ],
    promoCodes: [],
    payment: { amount: { minor: 1500, currency: 'USD' }, paymentType: 'Credit Card', description: 'paid' },
    customFields: {},
    productGoals: [],
  },
  goals: [],
};
