import { startOntraportSimulator } from './ontraport-simulator.server';
import type { OntraportSimulator, OntraportSimulatorOptions } from './ontraport-simulator.types';

const AUTH = { 'Api-Appid': 'demo-app', 'Api-Key': 'demo-key' };

interface CallOptions {
  form?: Record<string, string>;
  json?: unknown;
  raw?: string;
  query?: Record<string, string>;
  /** Credential headers to send instead of the demo account's. */
  auth?: Record<string, string>;
  headers?: Record<string, string>;
}

interface Reply {
  status: number;
  text: string;
  headers: Headers;
  /** The body parsed as JSON; the shapes are asserted by each test. */
  body<T = Envelope>(): T;
}

interface Envelope<T = Record<string, string | null>> {
  code: number;
  data: T;
  account_id: number;
  misc?: unknown[];
}

async function call(sim: OntraportSimulator, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const url = new URL(path, sim.url);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { ...(options.auth ?? AUTH), ...options.headers };
  let body: string | undefined;
  if (options.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.raw !== undefined) {
    body = options.raw;
  }
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, body: <T>() => JSON.parse(text) as T };
}

const condition = (field: string, op: string, value: string | number): string =>
  JSON.stringify([{ field: { field }, op, value: { value } }]);

describe('ONTRAPORT REST v1 simulator over HTTP', () => {
  let sim: OntraportSimulator;
  const start = async (options: OntraportSimulatorOptions = {}): Promise<OntraportSimulator> => {
    sim = await startOntraportSimulator(options);
    return sim;
  };

  afterEach(async () => {
    await sim?.close();
  });

  async function seedContact(email = 'buyer@example.com'): Promise<number> {
    const res = await call(sim, 'POST', '/1/Contacts/saveorupdate', { form: { email, firstname: 'Buyer' } });
    return Number(res.body().data['id']);
  }

  async function seedProduct(name = 'Widget', price = '25.00'): Promise<number> {
    const res = await call(sim, 'POST', '/1/Products', { json: { name, price } });
    return Number(res.body().data['id']);
  }

  describe('authentication', () => {
    beforeEach(() => start());

    it.each([
      ['no credentials', {}],
      ['a wrong key', { 'Api-Appid': 'demo-app', 'Api-Key': 'wrong' }],
      ['an unknown app id', { 'Api-Appid': 'nobody', 'Api-Key': 'demo-key' }],
    ])('answers 401 in plain text for %s and records nothing for the account', async (_label, auth) => {
      const res = await call(sim, 'GET', '/1/Contacts', { auth });

      expect(res.status).toBe(401);
      expect(res.text).toBe('Your App ID and API Key do not authenticate.');
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(res.headers.get('x-rate-limit-limit')).toBeNull();
      const state = sim.state();
      expect(state.accounts['demo-app'].counters.requests).toBe(0);
      expect(state.unauthenticated).toHaveLength(1);
    });

    it('treats header names case-insensitively and masks the key in the request log', async () => {
      const res = await call(sim, 'GET', '/1/Contacts', {
        auth: { 'api-appid': 'demo-app', 'API-KEY': 'demo-key' },
      });

      expect(res.status).toBe(200);
      const [logged] = sim.state().accounts['demo-app'].requests;
      expect(logged.headers['api-key']).toBe('***');
      expect(logged.headers['api-appid']).toBe('demo-app');
      expect(JSON.stringify(sim.state())).not.toContain('demo-key');
    });
  });

  describe('contacts', () => {
    beforeEach(() => start());

    it('saveorupdate creates a contact, then merges on email case-insensitively', async () => {
      const created = await call(sim, 'POST', '/1/Contacts/saveorupdate', {
        form: { email: 'Jane@Example.com', firstname: 'Jane', f1500: 'gold' },
      });

      expect(created.status).toBe(200);
      expect(created.body()).toEqual({
        code: 0,
        data: { email: 'Jane@Example.com', firstname: 'Jane', f1500: 'gold', id: '1', owner: '1' },
        account_id: 50,
      });

      const merged = await call(sim, 'POST', '/1/Contacts/saveorupdate', {
        form: { email: 'jane@example.com', firstname: 'Jane', lastname: 'Doe' },
      });

      const data = merged.body<Envelope<{ attrs: Record<string, string> }>>().data;
      expect(data.attrs).toEqual({
        email: 'jane@example.com',
        lastname: 'Doe',
        dlm: expect.stringMatching(/^\d+$/),
        id: '1',
      });
      const contacts = sim.state().accounts['demo-app'].contacts;
      expect(contacts).toHaveLength(1);
      expect(contacts[0]).toMatchObject({
        id: 1,
        email: 'jane@example.com',
        firstname: 'Jane',
        lastname: 'Doe',
        fields: { f1500: 'gold' },
        tags: [],
      });
    });

    it('saveorupdate accepts a JSON body too', async () => {
      const res = await call(sim, 'POST', '/1/Contacts/saveorupdate', {
        json: { email: 'json@example.com', zip: 12345 },
      });

      expect(res.body().data).toEqual({ email: 'json@example.com', zip: '12345', id: '1', owner: '1' });
    });

    it.each([
      ['a missing email', { firstname: 'Nobody' }],
      ['an invalid email', { email: 'not-an-email' }],
    ])('saveorupdate answers 422 for %s and creates nothing', async (_label, form) => {
      const res = await call(sim, 'POST', '/1/Contacts/saveorupdate', { form });

      expect(res.status).toBe(422);
      expect(res.text).toBe('Invalid email address');
      expect(sim.state().accounts['demo-app'].contacts).toHaveLength(0);
    });

    it('creates with POST, updates with PUT (changed attrs only) and reads with GET /1/Contact', async () => {
      const created = await call(sim, 'POST', '/1/Contacts', { form: { firstname: 'unit', lastname: 'test' } });
      expect(created.body().data).toEqual({ firstname: 'unit', lastname: 'test', id: '1', owner: '1' });

      const updated = await call(sim, 'PUT', '/1/Contacts', {
        form: { id: '1', firstname: 'unitUpdated', lastname: 'test' },
      });
      expect(updated.body<Envelope<{ attrs: Record<string, string> }>>().data.attrs).toEqual({
        firstname: 'unitUpdated',
        dlm: expect.stringMatching(/^\d+$/),
        id: '1',
      });

      const fetched = await call(sim, 'GET', '/1/Contact', { query: { id: '1' } });
      expect(fetched.body().data).toMatchObject({
        id: '1',
        owner: '1',
        firstname: 'unitUpdated',
        lastname: 'test',
        email: null,
      });

      const missing = await call(sim, 'GET', '/1/Contact', { query: { id: '99' } });
      expect([missing.status, missing.text]).toEqual([404, 'Object not found']);
      const missingPut = await call(sim, 'PUT', '/1/Contacts', { form: { id: '99', firstname: 'x' } });
      expect([missingPut.status, missingPut.text]).toEqual([404, 'Object not found']);
    });

    it('finds a contact id by email and answers 404 for an unknown one', async () => {
      await seedContact('first@example.com');
      const id = await seedContact('second@example.com');

      const found = await call(sim, 'GET', '/1/object/getByEmail', {
        query: { objectID: '0', email: 'SECOND@example.com' },
      });
      expect(found.body()).toEqual({ code: 0, data: { id: String(id) }, account_id: 50 });

      const unknown = await call(sim, 'GET', '/1/object/getByEmail', {
        query: { objectID: '0', email: 'nobody@example.com' },
      });
      expect([unknown.status, unknown.text]).toEqual([404, 'Object not found']);
    });

    it('keeps tags from contact_cat and from PUT/DELETE /1/objects/tag', async () => {
      await call(sim, 'POST', '/1/Contacts/saveorupdate', { form: { email: 't@example.com', contact_cat: '*/*3*/*' } });

      const added = await call(sim, 'PUT', '/1/objects/tag', { json: { objectID: 0, add_list: '4,5', ids: '1' } });
      expect(added.status).toBe(200);
      await call(sim, 'DELETE', '/1/objects/tag', { query: { objectID: '0', remove_list: '3', ids: '1' } });

      expect(sim.state().accounts['demo-app'].contacts[0].tags).toEqual([4, 5]);
      const fetched = await call(sim, 'GET', '/1/Contact', { query: { id: '1' } });
      expect(fetched.body().data['contact_cat']).toBe('*/*4*/*5*/*');
    });
  });

  describe('products', () => {
    beforeEach(() => start());

    it('creates products and searches them by condition with = and LIKE', async () => {
      const created = await call(sim, 'POST', '/1/Products', { json: { name: 'My Product', price: 47, sku: 'MP-1' } });
      expect(created.body().data).toMatchObject({ id: '1', name: 'My Product', price: '47.00', sku: 'MP-1' });
      await seedProduct('Other Product', '5');
      await seedProduct('Unrelated', '1');

      const exact = await call(sim, 'GET', '/1/Products', {
        query: { condition: condition('name', '=', 'my product') },
      });
      expect(exact.body<Envelope<unknown[]>>()).toEqual({
        code: 0,
        data: [expect.objectContaining({ id: '1', name: 'My Product' })],
        account_id: 50,
        misc: [],
      });

      const like = await call(sim, 'GET', '/1/Products', {
        query: { condition: condition('name', 'LIKE', '%product') },
      });
      expect(like.body<Envelope<{ id: string }[]>>().data.map((p) => p.id)).toEqual(['1', '2']);

      const bySku = await call(sim, 'GET', '/1/Products', { query: { condition: condition('sku', '=', 'MP-1') } });
      expect(bySku.body<Envelope<unknown[]>>().data).toHaveLength(1);

      const cheap = await call(sim, 'GET', '/1/Products', { query: { condition: condition('price', '<', 10) } });
      expect(cheap.body<Envelope<{ name: string }[]>>().data.map((p) => p.name)).toEqual([
        'Other Product',
        'Unrelated',
      ]);
    });

    it('pages with start and caps range at 50', async () => {
      await Promise.all(Array.from({ length: 55 }, (_, i) => seedProduct(`P${i + 1}`)));

      const first = await call(sim, 'GET', '/1/Products', { query: { range: '500' } });
      expect(first.body<Envelope<unknown[]>>().data).toHaveLength(50);
      const rest = await call(sim, 'GET', '/1/Products', { query: { start: '50', range: '50' } });
      expect(rest.body<Envelope<unknown[]>>().data).toHaveLength(5);
    });

    it('refuses a product without a name and an unparseable condition', async () => {
      const noName = await call(sim, 'POST', '/1/Products', { json: { price: 5 } });
      expect([noName.status, noName.text]).toEqual([400, 'Missing required parameter: name']);

      const bad = await call(sim, 'GET', '/1/Products', { query: { condition: '[{"field":' } });
      expect(bad.status).toBe(400);
      expect(bad.text).toMatch(/^Invalid condition/);
      expect(sim.state().accounts['demo-app'].products).toHaveLength(0);
    });

    it('updates, reads and deletes a product', async () => {
      const id = await seedProduct('Old', '10');

      const updated = await call(sim, 'PUT', '/1/Products', { json: { id, name: 'New', price: '12.50' } });
      expect(updated.body<Envelope<{ attrs: Record<string, string> }>>().data.attrs).toMatchObject({
        name: 'New',
        price: '12.50',
        id: String(id),
      });
      const noName = await call(sim, 'PUT', '/1/Products', { json: { id } });
      expect(noName.status).toBe(400);

      const fetched = await call(sim, 'GET', '/1/Product', { query: { id: String(id) } });
      expect(fetched.body().data).toMatchObject({ name: 'New', price: '12.50' });

      const deleted = await call(sim, 'DELETE', '/1/Product', { query: { id: String(id) } });
      expect(deleted.body()).toEqual({ code: 0, account_id: 50 });
      const gone = await call(sim, 'GET', '/1/Product', { query: { id: String(id) } });
      expect([gone.status, gone.text]).toEqual([404, 'Object not found']);
    });
  });

  describe('transaction/processManual', () => {
    let contactId: number;
    let productId: number;
    let taxedId: number;

    beforeEach(async () => {
      await start();
      contactId = await seedContact();
      productId = await seedProduct('Widget', '25.00');
      taxedId = await seedProduct('Taxed', '10.00');
    });

    const order = (
      overrides: Record<string, unknown> = {},
      offer: Record<string, unknown> = {},
    ): Record<string, unknown> => ({
      contact_id: contactId,
      chargeNow: 'chargeLog',
      trans_date: 1_700_000_000_000,
      external_order_id: 'UC-1001',
      invoice_template: 0,
      offer: {
        products: [
          { id: productId, quantity: 2, price: [{ price: '19.99', payment_count: 1, unit: 'day' }] },
          { id: taxedId, quantity: 1, taxable: true },
        ],
        shipping: [{ id: 1, name: 'Ground', price: 5 }],
        taxes: [{ id: 1, rate: 10, name: 'Tax', taxShipping: false }],
        ...offer,
      },
      ...overrides,
    });

    it('records the transaction and answers the invoice id', async () => {
      const res = await call(sim, 'POST', '/1/transaction/processManual', { json: order() });

      expect(res.status).toBe(200);
      expect(res.body()).toEqual({ code: 0, data: { invoice_id: 1001 }, account_id: 50 });
      const [transaction] = sim.state().accounts['demo-app'].transactions;
      expect(transaction).toMatchObject({
        id: 1,
        invoice_id: 1001,
        contact_id: contactId,
        chargeNow: 'chargeLog',
        products: [
          { id: productId, quantity: 2, price: 19.99 },
          { id: taxedId, quantity: 1, price: 10 },
        ],
        subtotal: 49.98,
        shipping: 5,
        tax: 1,
        total: 55.98,
        status: 'paid',
        external_order_id: 'UC-1001',
        trans_date: 1_700_000_000_000,
      });
      expect(transaction.raw).toEqual(order());
    });

    it('accepts chargeNow with a gateway', async () => {
      const res = await call(sim, 'POST', '/1/transaction/processManual', {
        json: order({ chargeNow: 'chargeNow', gateway_id: 3 }),
      });
      expect(res.status).toBe(200);
    });

    it.each<[string, () => Record<string, unknown>, string | (() => string)]>([
      ['missing contact_id', () => order({ contact_id: undefined }), 'Missing required parameter: contact_id'],
      ['unknown contact', () => order({ contact_id: 999 }), 'Invalid contact id 999'],
      ['missing chargeNow', () => order({ chargeNow: undefined }), 'Missing required parameter: chargeNow'],
      ['unknown chargeNow', () => order({ chargeNow: 'chargeLater' }), 'Invalid chargeNow value "chargeLater"'],
      [
        'chargeNow without gateway',
        () => order({ chargeNow: 'chargeNow' }),
        'gateway_id is required when chargeNow is "chargeNow"',
      ],
      ['missing offer', () => order({ offer: undefined }), 'Missing required parameter: offer'],
      ['empty products', () => order({}, { products: [] }), 'Offer must contain at least one product'],
      ['unknown product', () => order({}, { products: [{ id: 99, quantity: 1 }] }), 'Invalid product id 99'],
      [
        'zero quantity',
        () => order({}, { products: [{ id: productId, quantity: 0 }] }),
        'Quantity must be greater than 0',
      ],
      ['missing quantity', () => order({}, { products: [{ id: productId }] }), 'Quantity must be greater than 0'],
      [
        'bad price',
        () => order({}, { products: [{ id: productId, quantity: 1, price: [{ price: 'abc' }] }] }),
        () => `Invalid price for product ${productId}`,
      ],
      [
        'bad unit',
        () => order({}, { products: [{ id: productId, quantity: 1, price: [{ price: 1, unit: 'fortnight' }] }] }),
        () => `Invalid unit "fortnight" for product ${productId}`,
      ],
      ['bad trans_date', () => order({ trans_date: 'yesterday' }), 'Invalid trans_date'],
    ])('answers 400 for %s and records nothing', async (_label, body, message) => {
      const res = await call(sim, 'POST', '/1/transaction/processManual', { json: body() });

      expect(res.status).toBe(400);
      expect(res.text).toBe(typeof message === 'function' ? message() : message);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(sim.state().accounts['demo-app'].transactions).toHaveLength(0);
    });

    it('refunds transactions and reports them by id and by external_order_id', async () => {
      await call(sim, 'POST', '/1/transaction/processManual', { json: order() });
      await call(sim, 'POST', '/1/transaction/processManual', { json: order({ external_order_id: 'UC-1002' }) });

      const refunded = await call(sim, 'PUT', '/1/transaction/refund', { json: { objectID: 46, ids: [1] } });
      expect(refunded.body()).toEqual({ code: 0, data: 'Refunded', account_id: 50 });

      const states = sim.state().accounts['demo-app'].transactions.map((t) => [t.id, t.status]);
      expect(states).toEqual([
        [1, 'refunded'],
        [2, 'paid'],
      ]);
      const one = await call(sim, 'GET', '/1/Transaction', { query: { id: '1' } });
      expect(one.body().data).toMatchObject({
        id: '1',
        status: 'refunded',
        total: '55.98',
        external_order_id: 'UC-1001',
      });

      const byOrder = await call(sim, 'GET', '/1/Transactions', {
        query: { condition: condition('external_order_id', '=', 'UC-1002') },
      });
      expect(byOrder.body<Envelope<{ id: string; status: string }[]>>().data).toEqual([
        expect.objectContaining({ id: '2', status: 'paid' }),
      ]);
    });

    it('refuses a refund naming an unknown transaction and changes nothing', async () => {
      await call(sim, 'POST', '/1/transaction/processManual', { json: order() });

      const res = await call(sim, 'PUT', '/1/transaction/refund', { json: { objectID: 46, ids: [1, 77] } });

      expect([res.status, res.text]).toEqual([400, 'Invalid transaction id 77']);
      expect(sim.state().accounts['demo-app'].transactions[0].status).toBe('paid');
    });
  });

  describe('rate limit', () => {
    it('answers 429 past the limit without counting it, then lets requests through once the window rolls', async () => {
      await start({ rateLimit: 5, rateWindowMs: 1000 });

      const remaining: (string | null)[] = [];
      for (let i = 0; i < 5; i += 1) {
        const ok = await call(sim, 'GET', '/1/Contacts');
        expect(ok.status).toBe(200);
        expect(ok.headers.get('x-rate-limit-limit')).toBe('5');
        remaining.push(ok.headers.get('x-rate-limit-remaining'));
      }
      expect(remaining).toEqual(['4', '3', '2', '1', '0']);

      const limited = await call(sim, 'GET', '/1/Contacts');
      expect(limited.status).toBe(429);
      expect(limited.text).toBe(
        'Too Many Requests - You have exceeded your maximum rate limit of 5 requests per minute.',
      );
      expect(limited.headers.get('x-rate-limit-limit')).toBe('5');
      expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
      expect(Number(limited.headers.get('x-rate-limit-reset'))).toBeGreaterThanOrEqual(1);
      expect(sim.state().accounts['demo-app'].counters).toMatchObject({ requests: 6, rateLimited: 1 });

      await new Promise((resolve) => setTimeout(resolve, 1100));
      const again = await call(sim, 'GET', '/1/Contacts');
      expect(again.status).toBe(200);
      // The 429 did not enter the window: only this request is in it now.
      expect(again.headers.get('x-rate-limit-remaining')).toBe('4');
    });

    it('keeps one window per account', async () => {
      await start({
        rateLimit: 1,
        accounts: [
          { appId: 'a', apiKey: 'ka' },
          { appId: 'b', apiKey: 'kb' },
        ],
      });

      expect((await call(sim, 'GET', '/1/Contacts', { auth: { 'Api-Appid': 'a', 'Api-Key': 'ka' } })).status).toBe(200);
      expect((await call(sim, 'GET', '/1/Contacts', { auth: { 'Api-Appid': 'a', 'Api-Key': 'ka' } })).status).toBe(429);
      expect((await call(sim, 'GET', '/1/Contacts', { auth: { 'Api-Appid': 'b', 'Api-Key': 'kb' } })).status).toBe(200);
    });
  });

  describe('fault switches', () => {
    it('failPercent 100 answers 500 in plain text and changes no state', async () => {
      await start({ failPercent: 100 });

      const res = await call(sim, 'POST', '/1/Contacts/saveorupdate', { form: { email: 'x@example.com' } });

      expect([res.status, res.text]).toEqual([500, 'Internal Server Error']);
      const account = sim.state().accounts['demo-app'];
      expect(account.contacts).toHaveLength(0);
      expect(account.counters).toEqual({ requests: 1, rateLimited: 0, failedInjected: 1, dropped: 0, lostResponses: 0 });
      expect(account.requests[0].status).toBe(500);
    });

    it('dropPercent 100 closes the socket without an answer and changes no state', async () => {
      await start({ dropPercent: 100 });

      await expect(call(sim, 'POST', '/1/Contacts/saveorupdate', { form: { email: 'x@example.com' } })).rejects.toThrow(
        'fetch failed',
      );

      const account = sim.state().accounts['demo-app'];
      expect(account.contacts).toHaveLength(0);
      expect(account.counters.dropped).toBe(1);
      expect(account.requests[0]).toMatchObject({ path: '/1/Contacts/saveorupdate', status: null });
    });

    it('lostPercent 100 lets the call take effect, then closes the socket without an answer', async () => {
      await start({ lostPercent: 100 });

      await expect(call(sim, 'POST', '/1/Contacts/saveorupdate', { form: { email: 'lost@example.com' } })).rejects.toThrow('fetch failed');

      const account = sim.state().accounts['demo-app'];
      expect(account.contacts.map((c) => c.email)).toEqual(['lost@example.com']);
      expect(account.counters).toMatchObject({ requests: 1, failedInjected: 0, dropped: 0, lostResponses: 1 });
      expect(account.requests[0]).toMatchObject({ path: '/1/Contacts/saveorupdate', status: null });
    });

    it('splits one draw between drops, failures and lost answers: about a third each at 33% apiece', async () => {
      await start({ dropPercent: 33, failPercent: 33, lostPercent: 34, seed: 3 });
      const outcomes = { dropped: 0, failed: 0, lost: 0 };
      for (let i = 0; i < 90; i += 1) {
        const before = sim.state().accounts['demo-app'].contacts.length;
        const res = await call(sim, 'POST', '/1/Contacts/saveorupdate', { form: { email: `c${i}@example.com` } }).catch(() => undefined);
        const created = sim.state().accounts['demo-app'].contacts.length > before;
        if (res?.status === 500) outcomes.failed += 1;
        else if (!res && created) outcomes.lost += 1;
        else if (!res) outcomes.dropped += 1;
      }
      expect(outcomes.dropped + outcomes.failed + outcomes.lost).toBe(90);
      for (const n of Object.values(outcomes)) expect(n).toBeGreaterThan(15);
      expect(sim.state().accounts['demo-app'].counters).toMatchObject({ dropped: outcomes.dropped, failedInjected: outcomes.failed, lostResponses: outcomes.lost });
    });

    it('repeats the same fault sequence for the same seed', async () => {
      const statuses = async (): Promise<number[]> => {
        await start({ failPercent: 50, seed: 42 });
        const out: number[] = [];
        for (let i = 0; i < 12; i += 1) out.push((await call(sim, 'GET', '/1/Contacts')).status);
        await sim.close();
        return out;
      };

      const first = await statuses();
      const second = await statuses();

      expect(first).toEqual(second);
      expect(first).toContain(500);
      expect(first).toContain(200);
    });

    it('adds latency before answering', async () => {
      await start({ latencyMs: 150 });

      const began = Date.now();
      await call(sim, 'GET', '/1/Contacts');

      expect(Date.now() - began).toBeGreaterThanOrEqual(140);
    });

    it('never applies switches to the /__sim endpoints', async () => {
      await start({ failPercent: 100, rateLimit: 0 });

      const health = await fetch(`${sim.url}/__sim/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
    });
  });

  describe('transport errors', () => {
    beforeEach(() => start());

    it('answers 404 Object not found for an unknown path or method', async () => {
      for (const [method, path] of [
        ['GET', '/1/Nope'],
        ['DELETE', '/1/Contacts/saveorupdate'],
        ['POST', '/1/transaction/processmanual'],
      ]) {
        const res = await call(sim, method, path);
        expect([res.status, res.text]).toEqual([404, 'Object not found']);
      }
    });

    it('answers 400 for malformed JSON', async () => {
      const res = await call(sim, 'POST', '/1/Products', {
        raw: '{"name":',
        headers: { 'Content-Type': 'application/json' },
      });

      expect([res.status, res.text]).toEqual([400, 'Malformed JSON in request body']);
    });

    it('answers 413 for a body over 1 MB', async () => {
      const res = await call(sim, 'POST', '/1/Products', { json: { name: 'x'.repeat(1024 * 1024 + 10) } });

      expect([res.status, res.text]).toEqual([413, 'Request Entity Too Large']);
      expect(sim.state().accounts['demo-app'].products).toHaveLength(0);
    });
  });

  describe('inspection and control', () => {
    beforeEach(() => start());

    it('GET /__sim/state matches state() and logs every API request in order', async () => {
      await seedContact();
      await call(sim, 'GET', '/1/Contact', { query: { id: '1' } });

      const res = await fetch(`${sim.url}/__sim/state`);
      const state = sim.state();
      expect(await res.json()).toEqual(state);
      const requests = state.accounts['demo-app'].requests;
      expect(requests.map((r) => [r.method, r.path, r.status])).toEqual([
        ['POST', '/1/Contacts/saveorupdate', 200],
        ['GET', '/1/Contact', 200],
      ]);
      expect(requests[0].body).toBe('email=buyer%40example.com&firstname=Buyer');
      expect(requests[1].query).toEqual({ id: '1' });
      expect(new Date(requests[0].time).getTime()).not.toBeNaN();
    });

    it('state() returns a copy', async () => {
      await seedContact();
      sim.state().accounts['demo-app'].contacts.pop();

      expect(sim.state().accounts['demo-app'].contacts).toHaveLength(1);
    });

    it('POST /__sim/config changes switches and refuses bad values', async () => {
      const ok = await fetch(`${sim.url}/__sim/config`, { method: 'POST', body: JSON.stringify({ failPercent: 100 }) });
      expect(ok.status).toBe(200);
      expect((await call(sim, 'GET', '/1/Contacts')).status).toBe(500);

      const bad = await fetch(`${sim.url}/__sim/config`, {
        method: 'POST',
        body: JSON.stringify({ failPercent: 101 }),
      });
      expect(bad.status).toBe(400);
      const unknown = await fetch(`${sim.url}/__sim/config`, { method: 'POST', body: JSON.stringify({ colour: 1 }) });
      expect(unknown.status).toBe(400);

      sim.configure({ failPercent: 0 });
      expect((await call(sim, 'GET', '/1/Contacts')).status).toBe(200);
      expect(sim.state().config.failPercent).toBe(0);
    });

    it('POST /__sim/accounts adds an account whose data is kept apart', async () => {
      const res = await fetch(`${sim.url}/__sim/accounts`, {
        method: 'POST',
        body: JSON.stringify({ appId: 'second', apiKey: 'k2', accountId: 777 }),
      });
      expect(res.status).toBe(201);
      sim.addAccount({ appId: 'third', apiKey: 'k3' });

      const created = await call(sim, 'POST', '/1/Contacts/saveorupdate', {
        form: { email: 'only-second@example.com' },
        auth: { 'Api-Appid': 'second', 'Api-Key': 'k2' },
      });
      expect(created.body().account_id).toBe(777);

      const state = sim.state();
      expect(state.accounts['second'].contacts).toHaveLength(1);
      expect(state.accounts['demo-app'].contacts).toHaveLength(0);
      expect(state.accounts['third'].accountId).toBe(51);
      const lookup = await call(sim, 'GET', '/1/object/getByEmail', {
        query: { objectID: '0', email: 'only-second@example.com' },
      });
      expect(lookup.status).toBe(404);
    });

    it('POST /__sim/reset clears data, logs and counters but keeps accounts', async () => {
      await seedContact();
      sim.addAccount({ appId: 'kept', apiKey: 'k' });

      const res = await fetch(`${sim.url}/__sim/reset`, { method: 'POST' });

      expect(res.status).toBe(200);
      const state = sim.state();
      expect(state.accounts['demo-app']).toMatchObject({ contacts: [], requests: [], counters: { requests: 0 } });
      expect(Object.keys(state.accounts)).toEqual(['demo-app', 'kept']);
      expect(await seedContact()).toBe(1);
    });

    it('close() ends open keep-alive connections', async () => {
      await call(sim, 'GET', '/1/Contacts');
      const began = Date.now();

      await sim.close();

      expect(Date.now() - began).toBeLessThan(1000);
      await expect(fetch(`${sim.url}/__sim/health`)).rejects.toThrow();
    });
  });
});
