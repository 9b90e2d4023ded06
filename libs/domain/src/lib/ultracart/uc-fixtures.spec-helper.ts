import { CartEventEmit, CartEventPayloads, CartEventType } from '../cart-events';
import { UcOrder } from './ultracart-order';

export const usd = (value: number) => ({ value, currency_code: 'USD' });

/** A paid order of two books and a pen, as an `order_*` webhook carries it. */
export function ucOrder(overrides: Partial<UcOrder> = {}): UcOrder {
  return {
    merchant_id: 'DEMO',
    order_id: 'DEMO-1',
    current_stage: 'Completed Order',
    creation_dts: '2026-11-20T10:00:00-05:00',
    currency_code: 'USD',
    billing: { first_name: 'Ada', last_name: 'Lovelace', email: 'Ada@Example.com' },
    items: [
      { merchant_item_id: 'BOOK', quantity: 2, cost: usd(20), total_cost_with_discount: usd(40) },
      { merchant_item_id: 'PEN', quantity: 1, cost: usd(5), total_cost_with_discount: usd(5) },
    ],
    summary: { subtotal: usd(45), tax: usd(0), shipping_handling_total: usd(5), total: usd(50) },
    payment: { payment_method: 'Credit Card', payment_status: 'Processed' },
    ...overrides,
  };
}

/** The payload of the one emit of a type, typed (fails the test when there is not exactly one). */
export function payloadOf<T extends CartEventType>(emits: CartEventEmit[], type: T): CartEventPayloads[T] {
  const found = emits.filter((e) => e.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length} among ${emits.map((e) => e.type).join(', ') || 'none'}`);
  return found[0].payload as CartEventPayloads[T];
}
