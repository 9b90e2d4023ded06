import type { InfusionsoftOrderV1 } from '@hub/messaging-contracts';

export const usd = (minor: number) => ({ minor, currency: 'USD' });
export const API_KEY = { auth: 'api-key' as const, appName: 'acme', apiKey: 'acme-secret-key-123' };

/** A paid order of three products (27.00), as mapping would plan it. */
export function orderCommand(orderId: string, over: Partial<InfusionsoftOrderV1> = {}, merchantId = 'M1'): InfusionsoftOrderV1 {
  return {
    merchantId,
    idempotencyKey: `infusionsoft:order:${merchantId}:${orderId}`,
    orderId,
    steps: {
      contact: { email: `${orderId.toLowerCase()}@example.com`, fields: { FirstName: 'Ada', LastName: 'Lovelace', City: 'London' } },
      tags: ['Customer', 'New Customer'],
      actionSetIds: [],
    },
    order: {
      method: 'blankOrder',
      description: `UltraCart order ${orderId}`,
      orderDate: '2026-11-21T10:00:00Z',
      lines: [
        { kind: 'product', itemId: 'BOOK', product: { productName: 'BOOK' }, title: 'The Book', quantity: 2, unitPrice: usd(900) },
        { kind: 'product', itemId: 'PEN', product: { productName: 'PEN' }, title: 'Pen', quantity: 1, unitPrice: usd(200) },
        { kind: 'product', itemId: 'MUG', product: { productName: 'MUG' }, title: 'Mug', quantity: 1, unitPrice: usd(700) },
      ],
      promoCodes: [],
      payment: { amount: usd(2700), paymentType: 'Credit Card', description: `Paid in UltraCart, order ${orderId}` },
      customFields: {},
      productGoals: [],
    },
    goals: [],
    ...over,
  };
}
