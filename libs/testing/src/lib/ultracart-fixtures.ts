import type { UcAutoOrder, UcCart, UcItem, UcOrder } from '@hub/domain';

/**
 * UltraCart resources as the cart's webhooks carry them (reference C.3 and the SDK models), for
 * integration tests, end-to-end tests and the benchmark. Each takes overrides of its top fields.
 */
const usd = (value: number) => ({ value, currency_code: 'USD', localized: value, localized_formatted: `$${value.toFixed(2)}` });

/** A paid order (Completed Order) of two books and a pen, paid by a card the hub must never leak. */
export function ucOrderFixture(orderId: string, overrides: Partial<UcOrder> = {}): UcOrder {
  return {
    merchant_id: 'DEMO',
    order_id: orderId,
    current_stage: 'Completed Order',
    creation_dts: '2026-11-24T12:10:19-05:00',
    currency_code: 'USD',
    billing: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', address1: '12 St James Sq', city: 'London', postal_code: 'SW1Y 4JH', country_code: 'GB' },
    shipping: { first_name: 'Ada', last_name: 'Lovelace', address1: '12 St James Sq', city: 'London', postal_code: 'SW1Y 4JH', country_code: 'GB', shipping_method: 'Royal Mail: 1st Class' },
    items: [
      { merchant_item_id: 'BOOK-1', description: 'The Demo Book', quantity: 2, cost: usd(20), unit_cost_with_discount: usd(18), total_cost_with_discount: usd(36) },
      { merchant_item_id: 'PEN-7', description: 'A pen', quantity: 1, cost: usd(3.5), total_cost_with_discount: usd(3.5) },
    ],
    summary: { subtotal: usd(39.5), subtotal_discount: usd(4), shipping_handling_total: usd(4.95), tax: usd(0), total: usd(44.45) },
    coupons: [{ coupon_code: 'TENOFF' }],
    payment: {
      payment_method: 'Credit Card',
      payment_status: 'Processed',
      payment_dts: '2026-11-24T12:10:25-05:00',
      credit_card: { card_type: 'VISA', card_number: '4111111111111111', card_verification_number: '123' },
    },
    ...overrides,
  };
}

/** A monthly subscription started by `originalOrderId`, active, with its next rebill scheduled. */
export function ucAutoOrderFixture(code: string, overrides: Partial<UcAutoOrder> = {}): UcAutoOrder {
  const originalOrderId = overrides.original_order_id ?? `${code}-ORDER`;
  return {
    merchant_id: 'DEMO',
    auto_order_code: code,
    auto_order_oid: Math.abs([...code].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7)),
    original_order_id: originalOrderId,
    original_order: ucOrderFixture(originalOrderId),
    status: 'active',
    enabled: true,
    credit_card_attempt: 0,
    next_attempt: '2026-12-24T12:00:00-05:00',
    items: [{ original_item_id: 'CLUB-MONTHLY' }],
    ...overrides,
  };
}

export function ucCartFixture(cartId: string, overrides: Partial<UcCart> = {}): UcCart {
  return {
    merchant_id: 'DEMO',
    cart_id: cartId,
    currency_code: 'USD',
    billing: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
    items: [{ item_id: 'BOOK-1', description: 'The Demo Book', quantity: 1, unit_cost: usd(20), total_cost: usd(20) }],
    summary: { total: usd(20) },
    ...overrides,
  };
}

export function ucItemFixture(itemId: string, overrides: Partial<UcItem> = {}): UcItem {
  return {
    merchant_id: 'DEMO',
    merchant_item_id: itemId,
    merchant_item_oid: 1000 + itemId.length,
    description: `Item ${itemId}`,
    inactive: false,
    kit: false,
    parent_category_path: '/books/',
    last_modified_dts: '2026-11-24T09:00:00-05:00',
    pricing: { cost: 19.99, currency_code: 'USD' },
    ...overrides,
  };
}

/**
 * A channel partner's REST `ChannelPartnerOrder` for order-import's `importOrder`: valid throughout,
 * paid by a card the sandbox gateway approves (the legacy way: number and CVV in the request).
 */
export function channelPartnerOrderFixture(channelPartnerOrderId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel_partner_order_id: channelPartnerOrderId,
    payment_method: 'Credit Card',
    credit_card_type: 'Visa',
    credit_card_number: '4111111111111111',
    credit_card_expiration_month: 12,
    credit_card_expiration_year: 2031,
    credit_card_verification_number: '123',
    billto_first_name: 'Ada',
    billto_last_name: 'Lovelace',
    billto_address1: '1 Analytical Way',
    billto_city: 'London',
    billto_state_region: 'LDN',
    billto_postal_code: 'N1 9GU',
    billto_country_code: 'United Kingdom',
    email: `${channelPartnerOrderId.toLowerCase()}@example.com`,
    ip_address: '127.0.0.1',
    screen_branding_theme_code: 'DFLT',
    coupons: [],
    items: [{ merchant_item_id: 'EBOOK', quantity: 1 }],
    ...overrides,
  };
}
