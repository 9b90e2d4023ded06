import { money } from '@hub/domain';
import { RoutingKeys } from '@hub/messaging-contracts';
import { RateLimiter, SaleService } from '@hub/ontraport-service';
import type { SimRequestRecord } from '@hub/ontraport-simulator';
import { waitFor } from '@hub/testing';
import { ConnectorHarness, CREDENTIALS } from './connector-harness';
import { order, sale } from './fixtures';

/** The most requests that arrived within any `windowMs` (a rolling window, as ONTRAPORT counts). */
function busiestWindow(requests: SimRequestRecord[], windowMs: number): number {
  const times = requests.filter((r) => r.status !== 429).map((r) => Date.parse(r.time)).sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const simpleOrder = (merchantId: string, orderId: string) =>
  order(merchantId, orderId, {
    lines: [{ itemId: 'BOOK', quantity: 1, unitPrice: money(10), total: money(10) }],
    totals: { subtotal: money(10), discount: money(0), shippingHandling: money(0), tax: money(0), total: money(10) },
    couponCodes: [],
  });

describe('the per-account limit, shared by two replicas', () => {
  let h: ConnectorHarness;
  const LIMIT = 12;
  const WINDOW = 1500;

  beforeAll(async () => {
    // A scaled-down window, the same on both sides, as the benchmark uses.
    h = await ConnectorHarness.start('oprate', {
      replicas: 2,
      sim: { accounts: [{ appId: 'rl-app', apiKey: 'rl-key' }], rateLimit: LIMIT, rateWindowMs: WINDOW },
      env: { ONTRAPORT_RATE_LIMIT: String(LIMIT), ONTRAPORT_RATE_WINDOW_MS: String(WINDOW) },
    });
    CREDENTIALS.set('RL', { appId: 'rl-app', apiKey: 'rl-key' });
  }, 60_000);

  afterAll(() => h?.stop(), 30_000);

  it('never exceeds the window across replicas, never meets a 429, logs each sale once', async () => {
    const handled = h.replicas.map((app) => jest.spyOn(app.get(SaleService), 'logSale'));
    const orders = Array.from({ length: 20 }, (_, i) => simpleOrder('RL', `RL-${i}`));
    await Promise.all(orders.map((o) => h.send(RoutingKeys.crm.ontraportSale, sale('rest', o, { products: [{ itemId: 'BOOK', name: 'Book' }] }))));
    await waitFor(() => h.account('rl-app').transactions.length === orders.length, { what: 'all sales', timeoutMs: 45_000, intervalMs: 200 });
    const acc = h.account('rl-app');
    expect(acc.counters.rateLimited).toBe(0);
    expect(new Set(acc.transactions.map((t) => t.external_order_id)).size).toBe(orders.length);
    expect(busiestWindow(acc.requests, WINDOW)).toBeLessThanOrEqual(LIMIT);
    // ~2 requests per sale: 40 requests through a 12-per-1.5 s window took several windows.
    expect(acc.requests.length).toBeGreaterThan(2 * LIMIT);
    // Twenty concurrent first sales of a new item on two replicas created its product once.
    expect(acc.products.filter((p) => p.name === 'Book')).toHaveLength(1);
    // Both replicas delivered.
    expect(handled.map((s) => s.mock.calls.length).every((n) => n > 0)).toBe(true);
  }, 60_000);

  it('re-times slots only from half the limit, and keeps a slot never re-timed (its replica died mid-request) counted past the window', async () => {
    const [a, b] = h.replicas.map((app) => app.get(RateLimiter));
    // Far from the limit the answer need not re-time the slot; from half the limit (6 of 12) it must.
    const taken = [];
    for (let i = 0; i < LIMIT; i++) taken.push(await (i % 2 ? a : b).take('inflight-app', 0));
    expect(taken.map((t) => t.settle)).toEqual([false, false, false, false, false, true, true, true, true, true, true, true]);
    // The window is full on both replicas: a 13th request may not go now.
    await expect(a.take('inflight-app', 0)).rejects.toMatchObject({ code: 'ONTRAPORT_RATE_LIMITED' });
    // Half of them answered (re-timed), half never: one window later the answered ones have left it,
    // the others still count (for ONTRAPORT they may have arrived up to the timeout later).
    for (const t of taken.slice(0, LIMIT / 2)) await a.settle(t.slot);
    await new Promise((r) => setTimeout(r, WINDOW + 200));
    for (let i = 0; i < LIMIT / 2; i++) expect((await b.take('inflight-app', 0)).waitedMs).toBe(0);
    await expect(b.take('inflight-app', 0)).rejects.toMatchObject({ code: 'ONTRAPORT_RATE_LIMITED' });
  }, 30_000);
});

describe('a 429 from ONTRAPORT', () => {
  let h: ConnectorHarness;

  beforeAll(async () => {
    // ONTRAPORT allows fewer requests than the connector thinks (another app on the same account, say).
    h = await ConnectorHarness.start('op429', {
      replicas: 1,
      sim: { accounts: [{ appId: 'tight-app', apiKey: 'tight-key' }], rateLimit: 4, rateWindowMs: 1000 },
      env: { ONTRAPORT_RATE_LIMIT: '50', ONTRAPORT_RATE_WINDOW_MS: '1000' },
    });
    CREDENTIALS.set('TIGHT', { appId: 'tight-app', apiKey: 'tight-key' });
  }, 60_000);

  afterAll(() => h?.stop(), 30_000);

  it('is waited out for its reset and sent again, without spending a retry attempt', async () => {
    const orders = Array.from({ length: 6 }, (_, i) => simpleOrder('TIGHT', `TIGHT-${i}`));
    await Promise.all(orders.map((o) => h.send(RoutingKeys.crm.ontraportSale, sale('rest', o))));
    await waitFor(() => h.account('tight-app').transactions.length === orders.length, { what: 'all sales', timeoutMs: 45_000, intervalMs: 200 });
    expect(h.account('tight-app').counters.rateLimited).toBeGreaterThan(0);
    const records = await h.records({ merchantId: 'TIGHT' });
    const limited = records.filter((t) => t.httpStatus === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((t) => t.status === 'retrying' && /no retry attempt spent/.test(t.description))).toBe(true);
    // Every call of every sale happened in its first attempt.
    expect(records.every((t) => t.attempt === 1)).toBe(true);
    expect(new Set(h.account('tight-app').transactions.map((t) => t.external_order_id)).size).toBe(orders.length);
  }, 60_000);
});
