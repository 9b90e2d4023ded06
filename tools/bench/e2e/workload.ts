import type { UcOrder, UcOrderItem } from '@hub/domain';
import { ucAutoOrderFixture, ucCartFixture, ucOrderFixture } from '@hub/testing';
import { BenchMerchant, ITEMS } from './merchants';

export type Crm = 'ontraport' | 'infusionsoft';
export type ItemKind = 'order' | 'rebill' | 'import' | 'refund' | 'shipment' | 'cart' | 'affiliate';
/** Kinds that are orders, for "orders/s fully cascaded". */
export const ORDER_KINDS: ReadonlySet<ItemKind> = new Set(['order', 'rebill', 'import']);

/** One thing the hub must cascade: which merchant, which CRMs should see it, and how to find it there. */
export interface Expectation {
  kind: ItemKind;
  merchant: BenchMerchant;
  /** Known up front, except for imports (order-import numbers them: filled from the answer). */
  orderId?: string;
  /** Every order, cart and affiliate has a customer email of its own. */
  email: string;
  crms: Crm[];
  refund?: { full: boolean; minor: number };
  /** Which template the order came from (its lines and total). */
  variant?: number;
  /** Set by the driver when the hub answered 2xx. */
  acceptedAt?: number;
}

/** One HTTP request to the hub (a webhook delivery, an affiliate sign-up or an order import). */
export interface WorkRequest {
  service: 'ingest' | 'order-import';
  path: string;
  authorization: string;
  body: string;
  headers?: Record<string, string>;
  /** Events it carries (a delivery has several; a sign-up or an import is one). */
  events: number;
  expectations: Expectation[];
}

/** An order already through the hub before the measured phase: what refunds and shipments refer to. */
export interface PlacedOrder {
  merchant: BenchMerchant;
  orderId: string;
  email: string;
  variant: number;
  refunds: number;
  shipped: boolean;
}

const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
const usd = (value: number) => ({ value, currency_code: 'USD', localized: value, localized_formatted: `$${value.toFixed(2)}` });
const round2 = (x: number) => Math.round(x * 100) / 100;
const VARIANTS = 8;
const SHIPPING = 4.95;

/** The lines of variant `v`: 1–4 of the merchant's items. */
function lines(v: number): Array<{ id: string; qty: number; price: number }> {
  return Array.from({ length: 1 + (v % 4) }, (_, j) => {
    const item = ITEMS[(v * 5 + j * 3) % ITEMS.length];
    return { id: item.id, qty: 1 + ((v + j) % 2), price: item.price };
  });
}

function orderTotal(v: number): number {
  return round2(lines(v).reduce((s, l) => s + l.qty * l.price, 0) + SHIPPING);
}

/** A paid order as UltraCart's webhook carries it (with the expansions a store usually asks for): 2.4–4.7 KB. */
function ucOrder(orderId: string, v: number, overrides: Partial<UcOrder> = {}): UcOrder {
  const items: UcOrderItem[] = lines(v).map((l, n) => ({
    merchant_item_id: l.id,
    description: `${ITEMS.find((i) => i.id === l.id)?.description}: a thing people buy, described the way merchants describe things`,
    quantity: l.qty,
    cost: usd(l.price),
    discount: usd(0),
    unit_cost_with_discount: usd(l.price),
    total_cost_with_discount: usd(round2(l.price * l.qty)),
    item_index: n + 1,
    accounting_code: `ACC-${n}`,
    weight: { uom: 'LB', value: 1.5 },
    tax_free: false,
    shipping_status: 'Pending',
    options: [{ label: 'Colour', value: ['red', 'blue', 'green'][n % 3] }],
    properties: [{ name: 'utm_campaign', value: 'winter-sale' }],
  })) as UcOrderItem[];
  const subtotal = round2(lines(v).reduce((s, l) => s + l.qty * l.price, 0));
  const base = ucOrderFixture(orderId, {
    merchant_id: '__M__',
    billing: { first_name: 'Ada', last_name: `Buyer ${v}`, email: '__EMAIL__', address1: '12 St James Sq', city: 'London', postal_code: 'SW1Y 4JH', country_code: 'GB', day_phone: '+44 20 7946 0000' },
    items,
    summary: { subtotal: usd(subtotal), subtotal_discount: usd(0), shipping_handling_total: usd(SHIPPING), tax: usd(0), total: usd(round2(subtotal + SHIPPING)) },
    coupons: [],
    marketing: { mailing_list: true, advertising_source: 'Google', referral_code: 'FRIEND10' },
    checkout: { screen_branding_theme_code: 'DFLT', custom_field1: 'gift' },
    ...overrides,
  } as Partial<UcOrder>);
  return {
    ...base,
    current_stage_histories: [{ before_stage: 'Accounts Receivable', after_stage: overrides.current_stage ?? 'Completed Order', transition_dts: '2026-11-24T12:10:25-05:00' }],
  } as UcOrder;
}

type EventKind = 'order_create' | 'auto_order_rebill' | 'order_refund_partial' | 'order_refund_full' | 'order_ship' | 'checkout_cart_abandon';

function ucEvent(kind: EventKind, v: number): Record<string, unknown> {
  switch (kind) {
    case 'order_create':
      return { order_create: ucOrder('__ID__', v) };
    case 'auto_order_rebill':
      return { auto_order_rebill: { ...ucAutoOrderFixture('AO-__ID__', { merchant_id: '__M__', original_order_id: '__ID__-O', original_order: ucOrder('__ID__-O', v), rebill_orders: [ucOrder('__ID__', v)] }) } };
    case 'order_refund_partial':
    case 'order_refund_full': {
      const total = orderTotal(v);
      const full = kind === 'order_refund_full';
      return {
        order_refund: ucOrder('__ID__', v, {
          refund_dts: full ? '2026-11-26T10:00:00-05:00' : '2026-11-25T10:00:00-05:00',
          summary: { ...ucOrder('__ID__', v).summary, total_refunded: usd(full ? total : round2(total / 4)) },
          ...(full ? { payment: { payment_method: 'Credit Card', payment_status: 'Refunded' } } : {}),
        }),
      };
    }
    case 'order_ship':
      return {
        order_ship: ucOrder('__ID__', v, {
          current_stage: 'Completed Order',
          shipping: { first_name: 'Ada', last_name: 'Buyer', address1: '12 St James Sq', city: 'London', postal_code: 'SW1Y 4JH', country_code: 'GB', shipping_method: 'Royal Mail: 1st Class', shipping_date: '2026-11-25T09:00:00-05:00', tracking_numbers: ['1Z__ID__'] },
        }),
      };
    case 'checkout_cart_abandon':
      return { checkout_cart_abandon: ucCartFixture('CART-__ID__', { merchant_id: '__M__', billing: { first_name: 'Cara', last_name: 'Browser', email: '__EMAIL__' } }) };
  }
}

/** `__ID__`, `__EMAIL__`, `__M__` filled in a pre-serialised template. */
function fill(template: string, id: string, merchant: string): string {
  const email = `${id.toLowerCase()}@buyers.example.com`;
  return template.replace(/__(ID|EMAIL|M)__/g, (_, k: string) => (k === 'ID' ? id : k === 'EMAIL' ? email : merchant));
}

export const emailOf = (id: string) => `${id.toLowerCase()}@buyers.example.com`;

const crmsOf = (m: BenchMerchant): Crm[] => [...(m.ontraport ? (['ontraport'] as const) : []), ...(m.infusionsoft ? (['infusionsoft'] as const) : [])];

/**
 * The traffic of a busy group of stores, as requests. Per 10 new orders: 1 rebill, 1 imported
 * order (from a merchant with a channel partner), 1 refund of an earlier order (every other one
 * partial, then the rest), 1–2 shipments of earlier orders, 1 abandoned cart, and an affiliate
 * sign-up every second cycle. Webhook deliveries carry 1–4 events of one merchant, as UltraCart
 * batches them; merchants take turns. Bodies come from pre-serialised templates.
 */
export class Workload {
  /** Each kind's variants, serialised once with `__ID__`, `__EMAIL__` and `__M__` to fill in. */
  private readonly templates: Record<EventKind, string[]>;
  private seq = 0;
  private cycle = 0;
  private turn = 0;
  private readonly placedBy = new Map<string, PlacedOrder[]>();

  constructor(
    private readonly runTag: string,
    private readonly merchants: BenchMerchant[],
  ) {
    const variants = (kind: EventKind) => Array.from({ length: VARIANTS }, (_, v) => JSON.stringify(ucEvent(kind, v)));
    this.templates = {
      order_create: variants('order_create'),
      auto_order_rebill: variants('auto_order_rebill'),
      order_refund_partial: variants('order_refund_partial'),
      order_refund_full: variants('order_refund_full'),
      order_ship: variants('order_ship'),
      checkout_cart_abandon: variants('checkout_cart_abandon'),
    };
  }

  private nextId(m: BenchMerchant): string {
    return `${this.runTag}-${m.id}-${++this.seq}`;
  }

  private webhook(m: BenchMerchant, events: Array<{ json: string; expectation?: Expectation }>): WorkRequest {
    return {
      service: 'ingest',
      path: `/webhooks/ultracart/${m.id}`,
      authorization: basic(m.webhook.username, m.webhook.password),
      body: `{"events":[${events.map((e) => e.json).join(',')}]}`,
      events: events.length,
      expectations: events.flatMap((e) => (e.expectation ? [e.expectation] : [])),
    };
  }

  /** A webhook delivery of `count` new paid orders (the preload, and the bulk of the measured traffic). */
  newOrders(m: BenchMerchant, count: number): WorkRequest {
    return this.webhook(
      m,
      Array.from({ length: count }, () => {
        const id = this.nextId(m);
        const variant = this.seq % VARIANTS;
        return { json: fill(this.templates['order_create'][variant], id, m.id), expectation: { kind: 'order', merchant: m, orderId: id, email: emailOf(id), crms: crmsOf(m), variant } satisfies Expectation };
      }),
    );
  }

  /** Remember orders that are through (refunds and shipments of the measured phase refer to them). */
  placed(e: Expectation): void {
    if (e.kind !== 'order' || !e.orderId) return;
    const list = this.placedBy.get(e.merchant.id) ?? [];
    list.push({ merchant: e.merchant, orderId: e.orderId, email: e.email, variant: e.variant ?? 0, refunds: 0, shipped: false });
    this.placedBy.set(e.merchant.id, list);
  }

  private refund(m: BenchMerchant): { json: string; expectation: Expectation } | undefined {
    const o = this.placedBy.get(m.id)?.find((p) => p.refunds < 2);
    if (!o) return undefined;
    const full = o.refunds++ === 1;
    const kind = full ? 'order_refund_full' : 'order_refund_partial';
    const total = Math.round(orderTotal(o.variant) * 100);
    return {
      json: fill(this.templates[kind][o.variant], o.orderId, m.id),
      expectation: { kind: 'refund', merchant: m, orderId: o.orderId, email: o.email, crms: m.ontraport ? ['ontraport'] : [], refund: { full, minor: full ? total : Math.round(total / 4) } },
    };
  }

  private shipment(m: BenchMerchant): { json: string; expectation: Expectation } | undefined {
    const o = this.placedBy.get(m.id)?.find((p) => !p.shipped);
    if (!o) return undefined;
    o.shipped = true;
    return { json: fill(this.templates['order_ship'][o.variant], o.orderId, m.id), expectation: { kind: 'shipment', merchant: m, orderId: o.orderId, email: o.email, crms: m.infusionsoft ? ['infusionsoft'] : [] } };
  }

  private simple(kind: 'rebill' | 'cart', m: BenchMerchant): { json: string; expectation: Expectation } {
    const id = this.nextId(m);
    const template = this.templates[kind === 'rebill' ? 'auto_order_rebill' : 'checkout_cart_abandon'][this.seq % VARIANTS];
    const crms = kind === 'rebill' ? crmsOf(m) : m.infusionsoft ? (['infusionsoft'] as Crm[]) : [];
    return { json: fill(template, id, m.id), expectation: { kind, merchant: m, orderId: kind === 'rebill' ? id : undefined, email: emailOf(id), crms } };
  }

  private nextMerchant(filter: (m: BenchMerchant) => boolean = () => true): BenchMerchant {
    for (let i = 0; i < this.merchants.length; i++) {
      const m = this.merchants[this.turn++ % this.merchants.length];
      if (filter(m)) return m;
    }
    throw new Error('no merchant fits');
  }

  /** The requests of one cycle of the measured traffic (about 16 events, 12 of them orders). */
  nextCycle(): WorkRequest[] {
    const c = this.cycle++;
    const out: WorkRequest[] = [];
    // 10 new orders in deliveries of 1–4, the other events riding along in the same deliveries.
    const extras: Array<(m: BenchMerchant) => { json: string; expectation: Expectation } | undefined> = [
      (m) => this.simple('rebill', m),
      (m) => this.refund(m),
      (m) => this.shipment(m),
      (m) => (c % 2 ? this.shipment(m) : undefined),
      (m) => this.simple('cart', m),
    ];
    for (let orders = 0, k = 0; orders < 10; k++) {
      const m = this.nextMerchant();
      const n = Math.min(10 - orders, 1 + ((c + k) % 4));
      const delivery = this.newOrders(m, n);
      const extra = extras[k]?.(m);
      if (extra) {
        delivery.body = `${delivery.body.slice(0, -2)},${extra.json}]}`;
        delivery.events += 1;
        delivery.expectations.push(extra.expectation);
      }
      out.push(delivery);
      orders += n;
    }
    const partnerMerchant = this.nextMerchant((m) => !!m.partner);
    if (partnerMerchant.partner) out.push(this.importOrder(partnerMerchant, partnerMerchant.partner));
    if (c % 2 === 0) out.push(this.affiliate(this.nextMerchant()));
    return out;
  }

  private affiliate(m: BenchMerchant): WorkRequest {
    const id = this.nextId(m);
    const email = emailOf(id);
    return {
      service: 'ingest',
      path: `/webhooks/affiliate-signups/${m.id}`,
      authorization: basic(m.webhook.username, m.webhook.password),
      body: JSON.stringify({ affiliateId: `AFF-${id}`, email, firstName: 'Pat', lastName: `Affiliate ${this.seq}`, approved: this.seq % 3 === 0, signedUpAt: '2026-11-24T12:00:00Z' }),
      events: 1,
      expectations: [{ kind: 'affiliate', merchant: m, email, crms: crmsOf(m) }],
    };
  }

  private importOrder(m: BenchMerchant, partner: NonNullable<BenchMerchant['partner']>): WorkRequest {
    const id = this.nextId(m);
    const email = emailOf(id);
    const v = this.seq % VARIANTS;
    return {
      service: 'order-import',
      path: `/channel_partner/${m.id}/import`,
      authorization: basic(partner.code, partner.password),
      body: JSON.stringify({
        channel_partner_order_id: id,
        payment_method: 'Credit Card',
        credit_card_type: 'Visa',
        credit_card_number: '4111111111111111',
        credit_card_expiration_month: 12,
        credit_card_expiration_year: 2031,
        credit_card_verification_number: '123',
        billto_first_name: 'Ivy',
        billto_last_name: 'Importer',
        billto_address1: '1 Analytical Way',
        billto_city: 'London',
        billto_state_region: 'LDN',
        billto_postal_code: 'N1 9GU',
        billto_country_code: 'United Kingdom',
        shipto_first_name: 'Ivy',
        shipto_last_name: 'Importer',
        shipto_address1: '1 Analytical Way',
        shipto_city: 'London',
        shipto_state_region: 'LDN',
        shipto_postal_code: 'N1 9GU',
        shipto_country_code: 'United Kingdom',
        shipto_day_phone: '+44 20 7946 0001',
        shipping_method: 'Royal Mail: 1st Class',
        email,
        ip_address: '127.0.0.1',
        screen_branding_theme_code: 'DFLT',
        coupons: [],
        items: lines(v).map((l) => ({ merchant_item_id: l.id, quantity: l.qty })),
      }),
      events: 1,
      expectations: [{ kind: 'import', merchant: m, email, crms: crmsOf(m) }],
    };
  }
}
