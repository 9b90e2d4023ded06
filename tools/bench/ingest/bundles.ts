import type { UcOrder, UcOrderItem } from '@hub/domain';
import {
  ucAutoOrderFixture,
  ucCartFixture,
  ucItemFixture,
  ucOrderFixture,
} from '@hub/testing';

/**
 * Webhook deliveries as a busy store sends them: bundles of 10 events, orders of 2–20 KB, every
 * resource id new (so nothing is a duplicate and every event is published). Bodies are built from
 * pre-serialised templates, so the load generator spends its time sending, not serialising.
 */
export const EVENTS_PER_BUNDLE = 10;
const ID = '@@ID@@';
const VARIANTS = 40;

/** The mix of one bundle: mostly orders, with the rest of what a store's webhook carries. */
const MIX = [
  'order_create',
  'order_create',
  'order_create',
  'order_stage_change',
  'order_ship',
  'order_refund',
  'order_update',
  'auto_order_rebill',
  'checkout_cart_abandon',
  'item_update',
] as const;

const usd = (value: number) => ({
  value,
  currency_code: 'USD',
  localized: value,
  localized_formatted: `$${value.toFixed(2)}`,
});

function lineItem(n: number): UcOrderItem & Record<string, unknown> {
  return {
    merchant_item_id: `SKU-${1000 + n}`,
    description: `Product ${n}: a thing people buy, described the way merchants describe things, at some length`,
    quantity: 1 + (n % 3),
    cost: usd(9.95 + n),
    discount: usd(0),
    unit_cost_with_discount: usd(9.95 + n),
    total_cost_with_discount: usd((9.95 + n) * (1 + (n % 3))),
    item_index: n + 1,
    accounting_code: `ACC-${n}`,
    barcode_gtin: `0${n}`.padStart(14, '7'),
    weight: { uom: 'LB', value: 1.5 },
    tax_free: false,
    tax_product_type: 'physical',
    shipping_status: 'Pending',
    options: [
      { label: 'Colour', value: ['red', 'blue', 'green'][n % 3] },
      {
        label: 'Gift message',
        value: 'Happy birthday from all of us, with love',
      },
    ],
    properties: [{ name: 'utm_campaign', value: 'winter-sale' }],
  };
}

/** A realistic order of about `bytes` bytes of JSON: the fixture, the usual expansions, and lines. */
function order(
  orderId: string,
  bytes: number,
  overrides: Partial<UcOrder> = {},
): UcOrder {
  // The cart sends more than the hub reads: the extra expansions are part of a realistic body.
  const base: Record<string, unknown> = {
    ...ucOrderFixture(orderId, overrides),
    marketing: {
      mailing_list: true,
      advertising_source: 'Google',
      referral_code: 'FRIEND10',
    },
    checkout: {
      screen_branding_theme_code: 'DFLT',
      storefront_host_name: 'shop.example.com',
      customer_ip_address: '203.0.113.9',
      browser: { user_agent: 'Mozilla/5.0' },
    },
    properties: [{ name: 'source', value: 'web' }],
    current_stage_histories: [
      {
        before_stage: 'Accounts Receivable',
        after_stage: overrides.current_stage ?? 'Completed Order',
        transition_dts: '2026-11-24T12:10:25-05:00',
      },
    ],
  };
  const items: UcOrderItem[] = [];
  for (let n = 0; JSON.stringify({ ...base, items }).length < bytes; n++)
    items.push(lineItem(n));
  return { ...base, items } as UcOrder;
}

function event(
  kind: (typeof MIX)[number],
  bytes: number,
): Record<string, unknown> {
  switch (kind) {
    case 'order_stage_change':
    case 'order_ship':
      return {
        [kind]: order(ID, bytes, {
          current_stage: 'Shipping Department',
          shipping: {
            ...ucOrderFixture(ID).shipping,
            tracking_numbers: [`1Z${ID}`],
          },
        }),
      };
    case 'order_refund':
      return {
        [kind]: order(ID, bytes, {
          refund_dts: '2026-11-25T10:00:00-05:00',
          summary: { total: usd(100), total_refunded: usd(25) },
        }),
      };
    case 'auto_order_rebill':
      return {
        [kind]: ucAutoOrderFixture(`AO-${ID}`, {
          original_order: order(`${ID}-0`, bytes / 2),
          rebill_orders: [order(`${ID}-1`, bytes / 2)],
        }),
      };
    case 'checkout_cart_abandon':
      return { [kind]: ucCartFixture(`CART-${ID}`) };
    case 'item_update':
      return { [kind]: ucItemFixture(`ITEM-${ID}`) };
    default:
      return { [kind]: order(ID, bytes) };
  }
}

/** Pre-serialised events, each split where its resource id goes. */
export class BundleFactory {
  private readonly templates: string[][][];
  private seq = 0;

  /** `runId` keeps ids unique across runs against the same database. */
  constructor(private readonly runId: string) {
    this.templates = MIX.map((kind) =>
      Array.from({ length: VARIANTS }, (_, v) =>
        JSON.stringify(
          event(kind, 2_048 + Math.round((v / (VARIANTS - 1)) * 18 * 1_024)),
        ).split(ID),
      ),
    );
  }

  /** The next delivery: 10 events, all new. */
  next(): string {
    const n = this.seq++;
    const parts = this.templates.map((variants, i) =>
      variants[(n * 7 + i * 13) % VARIANTS].join(`${this.runId}-${n}-${i}`),
    );
    return `{"events":[${parts.join(',')}]}`;
  }

  /** The average body size, for the report. */
  averageBytes(samples = 50): number {
    let total = 0;
    for (let i = 0; i < samples; i++) total += Buffer.byteLength(this.next());
    return Math.round(total / samples);
  }
}
