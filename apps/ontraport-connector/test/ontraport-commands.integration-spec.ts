import { money } from '@hub/domain';
import {
  OntraportAffiliateSignupV1,
  OntraportAutoOrderStatusV1,
  OntraportProductDeleteV1,
  OntraportProductSyncV1,
  OntraportProductUpsertV1,
  OntraportRefundV1,
  OntraportTestCredentialsReply,
  RoutingKeys,
  RpcPatterns,
} from '@hub/messaging-contracts';
import { waitFor } from '@hub/testing';
import { ConnectorHarness, CREDENTIALS } from './connector-harness';
import { order, sale } from './fixtures';

/** Each API style gets its own ONTRAPORT account (and merchant) in the simulator. */
const STYLES = [
  { api: 'rest' as const, merchant: 'OPREST', appId: 'rest-app', apiKey: 'rest-key-secret-1' },
  { api: 'legacy' as const, merchant: 'OPLEG', appId: 'legacy-app', apiKey: 'legacy-key-secret-2' },
];

let h: ConnectorHarness;

beforeAll(async () => {
  h = await ConnectorHarness.start('opcmds', {
    replicas: 1,
    sim: { accounts: [...STYLES.map((s) => ({ appId: s.appId, apiKey: s.apiKey })), { appId: 'busy-app', apiKey: 'busy-key' }], seed: 7 },
  });
  for (const s of STYLES) CREDENTIALS.set(s.merchant, { appId: s.appId, apiKey: s.apiKey });
  CREDENTIALS.set('OPBAD', { appId: 'rest-app', apiKey: 'not-the-key' });
}, 60_000);

afterAll(() => h?.stop(), 30_000);

const purchasesOf = (appId: string, contactEmail: string) => {
  const acc = h.account(appId);
  const contact = acc.contacts.find((c) => c.email === contactEmail);
  return acc.purchases.filter((p) => p.contact_id === contact?.id);
};

describe.each(STYLES)('ONTRAPORT commands through $api', ({ api, merchant, appId, apiKey }) => {
  it('logs a sale once: contact by email, products by mapping (else item id), prices as charged, shipping and tax', async () => {
    const o = order(merchant, `${merchant}-S1`);
    await h.send(RoutingKeys.crm.ontraportSale, sale(api, o));
    await waitFor(() => purchasesOf(appId, o.customer.email).length >= 2, { what: 'the sale', timeoutMs: 20_000 });
    await h.send(RoutingKeys.crm.ontraportSale, sale(api, o)); // a redelivery
    await new Promise((r) => setTimeout(r, 800));
    const acc = h.account(appId);
    const names = (ids: number[]) => ids.map((id) => acc.products.find((p) => p.id === id)?.name);
    const bought = purchasesOf(appId, o.customer.email);
    expect(acc.contacts.filter((c) => c.email === o.customer.email)).toHaveLength(1);
    expect(bought.map((p) => [names([p.product_id])[0], p.quantity, p.price])).toEqual(
      api === 'rest'
        ? [['The Book', 2, 20], ['PEN', 1, 2.5], ['Sales Tax', 1, 3.4]]
        : [['The Book', 2, 20], ['PEN', 1, 2.5], ['Shipping & Handling', 1, 4.95], ['Sales Tax', 1, 3.4]],
    );
    if (api === 'rest') expect(acc.transactions.filter((t) => t.external_order_id === o.orderId).map((t) => [t.shipping, t.total])).toEqual([[4.95, 50.85]]);
    const sent = (await h.records({ merchantId: merchant, orderId: o.orderId })).filter((t) => t.type === 'sale');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ status: 'succeeded', attempt: 1 });
    // The key never reaches a transmission record, whichever way the API carries it.
    expect(JSON.stringify(await h.records({ merchantId: merchant }))).not.toContain(apiKey);
  });

  it('logs a rebill as a recurring sale, and the later order_create of the same order not again', async () => {
    const o = order(merchant, `${merchant}-R1`, { lines: [{ itemId: 'CLUB', quantity: 1, unitPrice: money(9), total: money(9) }], totals: { subtotal: money(9), discount: money(0), shippingHandling: money(0), tax: money(0), total: money(9) }, couponCodes: [] });
    await h.send(RoutingKeys.crm.ontraportSale, sale(api, o, { recurring: true, autoOrderCode: 'AO-1', rebillNumber: 2, products: [{ itemId: 'CLUB', name: 'Club', externalId: '4242' }] }));
    await waitFor(() => purchasesOf(appId, o.customer.email).length === 1, { what: 'the rebill', timeoutMs: 20_000 });
    await h.send(RoutingKeys.crm.ontraportSale, sale(api, o, { products: [{ itemId: 'CLUB', name: 'Club', externalId: '4242' }] }));
    await new Promise((r) => setTimeout(r, 800));
    expect(purchasesOf(appId, o.customer.email)).toHaveLength(1);
    const club = h.account(appId).products.find((p) => p.name === 'Club');
    expect(club?.fields['external_id']).toBe('4242');
    if (api === 'rest') {
      const t = h.account(appId).transactions.find((x) => x.external_order_id === o.orderId);
      expect((t?.raw['offer'] as { products: Array<{ type: string }> }).products[0].type).toBe('subscription');
    }
  });

  it('reflects partial refunds as running totals, then the full refund, each once', async () => {
    const o = order(merchant, `${merchant}-F1`);
    await h.send(RoutingKeys.crm.ontraportSale, sale(api, o));
    await waitFor(() => purchasesOf(appId, o.customer.email).length >= 2, { what: 'the sale', timeoutMs: 20_000 });
    const refund = (kind: 'full' | 'partial', minor: number): OntraportRefundV1 => ({
      merchantId: merchant,
      idempotencyKey: `ontraport:refund:${merchant}:${o.orderId}:${minor}`,
      api,
      orderId: o.orderId,
      saleKey: `ontraport:sale:${merchant}:${o.orderId}`,
      customerEmail: o.customer.email,
      kind,
      currency: 'USD',
      orderTotal: o.totals.total,
      refundedTotal: { minor, currency: 'USD' },
    });
    const refunded = () => purchasesOf(appId, o.customer.email).reduce((s, p) => s + Math.round(p.refunded * 100), 0);
    await h.send(RoutingKeys.crm.ontraportRefund, refund('partial', 500));
    await waitFor(() => refunded() === 500, { what: 'first partial refund', timeoutMs: 20_000 });
    await h.send(RoutingKeys.crm.ontraportRefund, refund('partial', 500)); // redelivered
    await h.send(RoutingKeys.crm.ontraportRefund, refund('partial', 4500)); // running total: 40.00 more
    await waitFor(() => refunded() === 4500, { what: 'second partial refund', timeoutMs: 20_000 });
    expect(purchasesOf(appId, o.customer.email).map((p) => p.status)).toEqual(
      // 45.00 refunded fills the books (40.00) and the pen (2.50), then 2.50 of the next line.
      api === 'rest' ? ['refunded', 'refunded', 'partially refunded'] : ['refunded', 'refunded', 'partially refunded', 'paid'],
    );
    await h.send(RoutingKeys.crm.ontraportRefund, refund('full', 5085));
    await waitFor(() => purchasesOf(appId, o.customer.email).every((p) => p.status === 'refunded'), { what: 'full refund', timeoutMs: 20_000 });
    expect(refunded()).toBe(api === 'rest' ? 5085 - 495 : 5085); // REST carries shipping on the transaction, not as a purchase
    // The books' purchase got 5.00 once (the redelivery added nothing), then the 35.00 left on it.
    expect(purchasesOf(appId, o.customer.email)[0].refunds.map((r) => r.amount)).toEqual([5, 35]);
    expect((await h.records({ merchantId: merchant, orderId: o.orderId, type: 'refund' })).every((t) => t.status === 'succeeded')).toBe(true);
  });

  it('fully refunds an untouched sale', async () => {
    const o = order(merchant, `${merchant}-W1`);
    await h.send(RoutingKeys.crm.ontraportSale, sale(api, o));
    await waitFor(() => purchasesOf(appId, o.customer.email).length >= 2, { what: 'the sale', timeoutMs: 20_000 });
    await h.send(RoutingKeys.crm.ontraportRefund, { merchantId: merchant, idempotencyKey: `r-${o.orderId}`, api, orderId: o.orderId, saleKey: `ontraport:sale:${merchant}:${o.orderId}`, kind: 'full', currency: 'USD', orderTotal: o.totals.total, refundedTotal: o.totals.total } satisfies OntraportRefundV1);
    await waitFor(() => purchasesOf(appId, o.customer.email).every((p) => p.status === 'refunded'), { what: 'full refund', timeoutMs: 20_000 });
    if (api === 'rest') expect(h.account(appId).transactions.find((t) => t.external_order_id === o.orderId)?.status).toBe('refunded');
  });

  it('puts an auto-order status (and a declined card) in the contact field and swaps the status tags', async () => {
    const email = `status-${api}@example.com`;
    const field = api === 'rest' ? 'f1500' : 'Auto Order Status';
    const status = (s: OntraportAutoOrderStatusV1['status'], add: string, remove: string[]): OntraportAutoOrderStatusV1 => ({
      merchantId: merchant,
      idempotencyKey: `status-${api}-${s}`,
      api,
      contact: { email },
      status: s,
      autoOrderCode: 'AO-9',
      fields: { [field]: s },
      addTags: [add],
      removeTags: remove,
    });
    await h.send(RoutingKeys.crm.ontraportAutoOrderStatus, status('active', 'Subscriber', ['Declined']));
    await waitFor(() => h.account(appId).contacts.find((c) => c.email === email)?.fields[field] === 'active', { what: 'active status', timeoutMs: 20_000 });
    await h.send(RoutingKeys.crm.ontraportAutoOrderStatus, status('card declined', 'Declined', ['Subscriber']));
    const declined = () => {
      const acc = h.account(appId);
      const c = acc.contacts.find((x) => x.email === email);
      return c?.fields[field] === 'card declined' && c.tags.includes(acc.tags['Declined']) ? { acc, c } : undefined;
    };
    const { acc, c } = await waitFor(declined, { what: 'declined status and tag', timeoutMs: 20_000 });
    expect(c.tags).toEqual([acc.tags['Declined']]);
    expect(acc.contacts.filter((x) => x.email === email)).toHaveLength(1);
  });

  it('records an affiliate sign-up: the affiliate id and approved flag on the contact', async () => {
    const email = `partner-${api}@example.com`;
    const fields: Record<string, string> = api === 'rest' ? { f2001: '77', f2002: 'True' } : { 'Affiliate Id': '77', 'Affiliate Approved': 'True' };
    await h.send(RoutingKeys.crm.ontraportAffiliateSignup, { merchantId: merchant, idempotencyKey: `aff-${api}`, api, contact: { email, firstName: 'Pat' }, affiliateId: '77', approved: true, fields, addTags: ['Partner'] } satisfies OntraportAffiliateSignupV1);
    await waitFor(() => h.account(appId).contacts.find((c) => c.email === email)?.fields[Object.keys(fields)[1]] === 'True', { what: 'affiliate fields', timeoutMs: 20_000 });
    const acc = h.account(appId);
    expect(acc.contacts.find((c) => c.email === email)).toMatchObject({ firstname: 'Pat', fields, tags: [acc.tags['Partner']] });
  });

  it('pushes catalog changes to products, serves the item feed with the mapping applied, syncs on request', async () => {
    const upsert = (itemId: string, name: string, price: number, push = true): OntraportProductUpsertV1 => ({
      merchantId: merchant,
      idempotencyKey: `up-${api}-${itemId}-${price}-${push}`,
      api,
      item: { itemId, inactive: false, kit: false, price: money(price), description: `${itemId} description` },
      product: { name },
      push,
    });
    await h.send(RoutingKeys.crm.ontraportProductUpsert, upsert('MUG', 'Coffee Mug', 12));
    await waitFor(() => h.account(appId).products.find((p) => p.name === 'Coffee Mug')?.price === 12, { what: 'product added', timeoutMs: 20_000 });
    await h.send(RoutingKeys.crm.ontraportProductUpsert, upsert('MUG', 'Coffee Mug', 14));
    await waitFor(() => h.account(appId).products.find((p) => p.name === 'Coffee Mug')?.price === 14, { what: 'product updated', timeoutMs: 20_000 });
    expect(h.account(appId).products.filter((p) => p.name === 'Coffee Mug')).toHaveLength(1);

    // Pixel merchants keep the feed but push nothing; "sync now" then pushes it.
    await h.send(RoutingKeys.crm.ontraportProductUpsert, upsert('CAP', 'Ball Cap', 18, false));
    const feedUrl = `${await h.url()}/ontraport/feeds/${merchant}/items`;
    const feed = await waitFor(async () => {
      const res = await fetch(feedUrl, { headers: { 'Api-Key': apiKey } });
      const body = (await res.json()) as { items: Array<{ itemId: string; productName: string; price: string }> };
      return body.items.length === 2 ? body : undefined;
    }, { what: 'feed with two items', timeoutMs: 20_000 });
    expect(feed.items.map((i) => [i.itemId, i.productName, i.price])).toEqual([['CAP', 'Ball Cap', '18.00'], ['MUG', 'Coffee Mug', '14.00']]);
    expect(h.account(appId).products.some((p) => p.name === 'Ball Cap')).toBe(false);
    expect((await fetch(feedUrl, { headers: { 'Api-Key': 'guess' } })).status).toBe(401);
    expect((await fetch(feedUrl)).status).toBe(401);
    const bad = await fetch(`${feedUrl}?limit=0`, { headers: { 'Api-Key': apiKey } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('limit');
    const page = (await (await fetch(`${feedUrl}?limit=1`, { headers: { 'Api-Key': apiKey } })).json()) as { items: Array<{ itemId: string }>; next: string };
    expect([page.items.map((i) => i.itemId), page.next]).toEqual([['CAP'], 'CAP']);

    await h.send(RoutingKeys.crm.ontraportProductSync, { merchantId: merchant, idempotencyKey: `sync-${api}`, api } satisfies OntraportProductSyncV1);
    await waitFor(() => h.account(appId).products.some((p) => p.name === 'Ball Cap' && p.price === 18), { what: 'sync now', timeoutMs: 20_000 });

    await h.send(RoutingKeys.crm.ontraportProductDelete, { merchantId: merchant, idempotencyKey: `del-${api}-MUG`, api, itemId: 'MUG', push: true } satisfies OntraportProductDeleteV1);
    await waitFor(async () => ((await (await fetch(feedUrl, { headers: { 'Api-Key': apiKey } })).json()) as { items: unknown[] }).items.length === 1, { what: 'item out of the feed', timeoutMs: 20_000 });
    // REST deletes the product; the legacy API has no product delete.
    await new Promise((r) => setTimeout(r, 500));
    expect(h.account(appId).products.some((p) => p.name === 'Coffee Mug')).toBe(api === 'legacy');
    if (api === 'rest') {
      // A later sale of the deleted item makes the product again instead of naming the deleted one.
      const o = order(merchant, `${merchant}-AFTER-DELETE`, { lines: [{ itemId: 'MUG', quantity: 1, unitPrice: money(14), total: money(14) }], totals: { subtotal: money(14), discount: money(0), shippingHandling: money(0), tax: money(0), total: money(14) }, couponCodes: [] });
      await h.send(RoutingKeys.crm.ontraportSale, sale(api, o, { products: [{ itemId: 'MUG', name: 'Coffee Mug' }] }));
      await waitFor(() => h.account(appId).transactions.some((t) => t.external_order_id === o.orderId), { what: 'sale after delete', timeoutMs: 20_000 });
      expect(h.account(appId).products.filter((p) => p.name === 'Coffee Mug')).toHaveLength(1);
    }
  });

  it('tests credentials over RPC: accepted, and a wrong key told apart from an unreachable ONTRAPORT', async () => {
    const ask = (key: string) => h.publisher.request<OntraportTestCredentialsReply>(RpcPatterns.ontraport.testCredentials, { merchantId: merchant, appId, apiKey: key, api }, { timeoutMs: 10_000 });
    expect((await ask(apiKey)).verdict).toBe('ok');
    expect(await ask('wrong-key')).toMatchObject({ verdict: 'wrong-key' });
    h.sim.configure({ failPercent: 100 });
    try {
      expect(await ask(apiKey)).toMatchObject({ verdict: 'unreachable', httpStatus: 500 });
    } finally {
      h.sim.configure({ failPercent: 0 });
    }
  });
});

describe('faults', () => {
  it('tells the admin ONTRAPORT is throttling the account instead of making them wait out its window', async () => {
    h.sim.configure({ rateLimit: 1 });
    try {
      const ask = () => h.publisher.request<OntraportTestCredentialsReply>(RpcPatterns.ontraport.testCredentials, { merchantId: 'BUSY', appId: 'busy-app', apiKey: 'busy-key' }, { timeoutMs: 10_000 });
      expect((await ask()).verdict).toBe('ok');
      const started = Date.now();
      expect(await ask()).toMatchObject({ verdict: 'rate-limited', httpStatus: 429 });
      // ONTRAPORT's reset now pauses the account: the next test answers at once, not after the pause.
      expect(await ask()).toMatchObject({ verdict: 'rate-limited' });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      h.sim.configure({ rateLimit: 180 });
    }
  });

  it('logs a sale whose command carries fields this version does not know (a newer mapping), once, and parks nothing', async () => {
    await h.parked();
    const o = order('OPREST', 'OPREST-NEWER');
    // A field a later version of mapping adds, at the top and inside the order: kept by the transport, refused by nobody.
    const cmd = { ...sale('rest', o), addedLater: 'x', order: { ...o, addedLater: { nested: true } } };
    await h.send(RoutingKeys.crm.ontraportSale, cmd);
    await waitFor(() => purchasesOf('rest-app', o.customer.email).length >= 2, { what: 'the sale', timeoutMs: 20_000 });
    const sent = (await h.records({ merchantId: 'OPREST', orderId: o.orderId })).filter((t) => t.type === 'sale');
    expect(sent.map((t) => [t.status, t.attempt])).toEqual([['succeeded', 1]]);
    expect(await h.parked()).toEqual([]);
  });

  it('parks at once, with ONTRAPORT\'s reason, when the key is refused', async () => {
    await h.parked();
    await h.send(RoutingKeys.crm.ontraportSale, sale('rest', order('OPBAD', 'OPBAD-1')));
    const parked = await waitFor(async () => (await h.parked())[0], { what: 'parked command', timeoutMs: 20_000 });
    expect(parked.headers['x-hub-error-code']).toBe('ONTRAPORT_AUTH');
    expect(String(parked.headers['x-hub-error'])).toContain('Your App ID and API Key do not authenticate.');
    expect(parked.headers['x-hub-failures']).toBe(1);
  });

  it('retries through 500s and dropped connections, and logs the sale once', async () => {
    h.sim.configure({ failPercent: 25, dropPercent: 10 });
    try {
      const o = order('OPREST', 'OPREST-FLAKY');
      await h.send(RoutingKeys.crm.ontraportSale, sale('rest', o));
      await waitFor(() => h.account('rest-app').transactions.some((t) => t.external_order_id === o.orderId), { what: 'sale through faults', timeoutMs: 40_000 });
    } finally {
      h.sim.configure({ failPercent: 0, dropPercent: 0 });
    }
    await new Promise((r) => setTimeout(r, 1_000));
    expect(h.account('rest-app').transactions.filter((t) => t.external_order_id === 'OPREST-FLAKY')).toHaveLength(1);
    const tries = await h.records({ merchantId: 'OPREST', orderId: 'OPREST-FLAKY' });
    expect(tries.filter((t) => t.status === 'succeeded' && t.type === 'sale')).toHaveLength(1);
  });
});
