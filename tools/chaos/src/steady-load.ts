import { channelPartnerOrderFixture, ucOrderFixture } from '@hub/testing';
import { basic } from './chaos-hub';
import { ChaosMerchant, ITEMS } from './merchants';

export type Channel = 'webhook' | 'import';

/** One order the load sent, and what the hub answered until it accepted it (or the run gave up). */
export interface Submission {
  /** Our key: the cart's order id (webhook) or the channel-partner order id (import). */
  key: string;
  merchantId: string;
  channel: Channel;
  /** The fault phase in which it was first sent. */
  phase: string;
  /** The order id the CRMs see: the cart's, or the one order-import answered. */
  orderId?: string;
  /** Total the CRMs must show, in cents. */
  expectedTotalCents: number;
  /** Invoice lines Infusionsoft must show (products, shipping). */
  expectedLines: number;
  firstSentAt: number;
  acceptedAt?: number;
  attempts: number;
  /** Answers before acceptance: HTTP status or error name → count. */
  answers: Record<string, number>;
  outcome?: string;
  /** Refused as invalid (4xx that a retry cannot change): the order was valid, so this is a failure. */
  refused?: string;
}

export interface LoadOptions {
  /** Orders per second, webhooks and imports together. */
  ratePerSecond: number;
  /** Share of orders sent as channel-partner imports (to the merchants that import). */
  importShare: number;
  /** How long one order is retried before the run gives up on it (a hang). */
  acceptDeadlineMs: number;
}

const WEBHOOK_TOTAL_CENTS = 4445; // the fixture: 2 × 18.00 + 3.50 + 4.95 shipping
const WEBHOOK_LINES = 3; // two products and shipping
const IMPORT_QUANTITIES: Record<string, number> = { 'BOOK-1': 1, 'PEN-7': 2 };
const IMPORT_TOTAL_CENTS = ITEMS.reduce((s, i) => s + Math.round(i.price * 100) * (IMPORT_QUANTITIES[i.itemId] ?? 0), 0);
const IMPORT_LINES = ITEMS.length; // digital items: no shipping line

/**
 * Steady load: a new order every 1/rate seconds, spread over the merchants by weight, each sent
 * like the cart (or a channel partner) would: retried on anything but a definite answer, with
 * backoff, until the hub accepts it. A delivery in flight when a service dies is sent again; the
 * hub must answer "duplicate" (or publish again, absorbed downstream) — never lose or double it.
 */
export class SteadyLoad {
  readonly submissions: Submission[] = [];
  phase = 'setup';
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();
  private seq = 0;
  private readonly schedule: ChaosMerchant[];

  constructor(
    private readonly merchants: ChaosMerchant[],
    private readonly urls: { ingest: () => string; orderImport: () => string },
    private readonly options: LoadOptions,
  ) {
    this.schedule = merchants.flatMap((m) => Array.from({ length: m.weight }, () => m));
  }

  start(): void {
    const every = 1000 / this.options.ratePerSecond;
    let next = Date.now();
    const tick = () => {
      const now = Date.now();
      while (next <= now) {
        this.launch();
        next += every;
      }
      this.timer = setTimeout(tick, Math.max(1, next - Date.now()));
    };
    tick();
  }

  /** Stops sending new orders and waits until every order sent is accepted (or given up). */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private launch(): void {
    const n = ++this.seq;
    const m = this.schedule[(n * 7919) % this.schedule.length];
    const asImport = m.imports && (n * 2654435761) % 1000 < this.options.importShare * 1000;
    const s: Submission = {
      key: `${m.id}-${asImport ? 'I' : 'W'}${String(n).padStart(6, '0')}`,
      merchantId: m.id,
      channel: asImport ? 'import' : 'webhook',
      phase: this.phase,
      expectedTotalCents: asImport ? IMPORT_TOTAL_CENTS : WEBHOOK_TOTAL_CENTS,
      expectedLines: asImport ? IMPORT_LINES : WEBHOOK_LINES,
      firstSentAt: Date.now(),
      attempts: 0,
      answers: {},
    };
    if (!asImport) s.orderId = s.key;
    this.submissions.push(s);
    const p = this.submit(m, s).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private async submit(m: ChaosMerchant, s: Submission): Promise<void> {
    const deadline = s.firstSentAt + this.options.acceptDeadlineMs;
    let backoff = 250;
    while (Date.now() < deadline) {
      s.attempts++;
      let answer: string;
      try {
        const res = s.channel === 'webhook' ? await this.postWebhook(m, s) : await this.postImport(m, s);
        const text = await res.text();
        if (res.ok) {
          if (this.accepted(s, text)) return;
          answer = `${res.status} unexpected`;
        } else if ([400, 401, 403, 404, 409, 413, 422].includes(res.status)) {
          // A valid order refused: nothing a retry would change (and a cart would give up on it).
          // 401 is kept retrying: a broken credentials lookup may answer it while the database is down.
          answer = String(res.status);
          if (res.status !== 401) {
            s.refused = `${res.status} ${text.slice(0, 300)}`;
            s.answers[answer] = (s.answers[answer] ?? 0) + 1;
            return;
          }
        } else {
          answer = String(res.status);
        }
      } catch (err) {
        const e = err as Error & { cause?: { code?: string; message?: string } };
        answer = e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.cause?.message ?? e.message);
      }
      s.answers[answer] = (s.answers[answer] ?? 0) + 1;
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(2_000, Math.round(backoff * 1.5));
    }
  }

  private accepted(s: Submission, text: string): boolean {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return false;
    }
    if (s.channel === 'webhook') {
      const event = (body['events'] as Array<{ outcome?: string }> | undefined)?.[0];
      if (event?.outcome !== 'published' && event?.outcome !== 'duplicate') return false;
      s.outcome = event.outcome;
    } else {
      if (body['success'] !== true || typeof body['order_id'] !== 'string') return false;
      s.orderId = body['order_id'];
      s.outcome = body['duplicate'] ? 'duplicate' : 'imported';
    }
    s.acceptedAt = Date.now();
    return true;
  }

  private postWebhook(m: ChaosMerchant, s: Submission): Promise<Response> {
    const email = `${s.key.toLowerCase()}@chaos.example`;
    const order = ucOrderFixture(s.key, { merchant_id: m.id, billing: { first_name: 'Chaos', last_name: s.key, email, address1: '1 Fault Lane', city: 'London', postal_code: 'N1 9GU', country_code: 'GB' } });
    return fetch(`${this.urls.ingest()}/webhooks/ultracart/${m.id}`, {
      method: 'POST',
      headers: { authorization: basic(m.webhook.username, m.webhook.password), 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ order_create: order }] }),
      signal: AbortSignal.timeout(10_000),
    });
  }

  private postImport(m: ChaosMerchant, s: Submission): Promise<Response> {
    return fetch(`${this.urls.orderImport()}/channel_partner/${m.id}/import`, {
      method: 'POST',
      headers: { authorization: basic(m.partner.code, m.partner.password), 'content-type': 'application/json' },
      body: JSON.stringify(
        channelPartnerOrderFixture(s.key, {
          billto_first_name: 'Chaos',
          billto_last_name: s.key,
          email: `${s.key.toLowerCase()}@chaos.example`,
          items: Object.entries(IMPORT_QUANTITIES).map(([merchant_item_id, quantity]) => ({ merchant_item_id, quantity })),
        }),
      ),
      signal: AbortSignal.timeout(10_000),
    });
  }
}
