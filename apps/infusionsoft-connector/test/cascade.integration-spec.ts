import { InfusionsoftTestCredentialsReply, RoutingKeys, RpcPatterns, TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { waitFor } from '@hub/testing';
import { ConnectorHarness, credentialRequests, credentialsByMerchant, RETRY } from './connector-harness';
import { API_KEY, orderCommand, usd } from './fixtures';

describe('infusionsoft-connector: the cascade over RabbitMQ, PostgreSQL, the simulator and the SMTP sink', () => {
  let h: ConnectorHarness;
  let bookId: number;

  beforeAll(async () => {
    h = await ConnectorHarness.start('infusionsoft-cascade');
    const app = h.sim.app('acme');
    bookId = app.tables.add('Product', { ProductName: 'BOOK', ProductPrice: 9 }).Id;
    for (const name of ['PEN', 'MUG', 'pen-lowercase']) app.tables.add('Product', { ProductName: name, ProductPrice: 2 });
    const category = app.tables.add('ProductCategory', { CategoryDisplayName: 'Books' }).Id;
    app.tables.add('ProductCategoryAssign', { ProductId: bookId, ProductCategoryId: category });
    credentialsByMerchant.set('M1', { credentials: API_KEY, notifyEmails: ['owner@m1.example'] });
  }, 60_000);

  afterAll(() => h?.close());

  async function delivered(key: string) {
    return waitFor(async () => {
      const [row] = await h.schema.query<{ progress: Record<string, unknown>; delivered_at: Date | null }>(`SELECT progress, delivered_at FROM delivered_commands WHERE idempotency_key = $1`, [key]);
      return row?.delivered_at ? row.progress : undefined;
    }, { timeoutMs: 30_000, what: `delivery of ${key}` });
  }

  async function parked(key: string) {
    return waitFor(async () => (await h.queues.drain<{ idempotencyKey: string }>('hub.infusionsoft-connector.parked')).find((m) => m.body.idempotencyKey === key), {
      timeoutMs: 30_000,
      what: `${key} parked`,
    });
  }

  it('cascades a paid order: contact with lead source and owner, tags by name, action sets, blank order with typed lines, payment, custom fields, goals', async () => {
    const cmd = orderCommand('ORD-1', {
      steps: {
        contact: { email: 'ada@example.com', fields: { FirstName: 'Ada', LastName: 'Lovelace', StreetAddress1: '1 Bill St' } },
        tags: ['Customer', 'Reader'],
        leadSource: { name: 'SPRING10', create: true },
        ownerId: 7,
        actionSetIds: [11, 12],
      },
      goals: [{ integration: 'ultracart', callName: 'purchase' }],
      warnings: ['sales rep code "XX" has no Infusionsoft user mapped'],
    });
    const spec = cmd.order;
    if (!spec) throw new Error('order spec expected');
    spec.promoCodes = ['SPRING10'];
    spec.lines = [
      { kind: 'product', itemId: 'BOOK', product: { productId: bookId }, title: 'The Book', quantity: 2, unitPrice: usd(900) },
      { kind: 'product', itemId: 'PEN', product: { productName: 'PEN' }, title: 'Pen', quantity: 1, unitPrice: usd(200) },
      { kind: 'product', itemId: 'Pen-Lowercase', product: { productName: 'Pen-Lowercase' }, title: 'Not in Infusionsoft (case differs)', quantity: 1, unitPrice: usd(100) },
      { kind: 'shipping', title: 'Shipping & handling', quantity: 1, unitPrice: usd(500) },
      { kind: 'tax', title: 'Tax', quantity: 1, unitPrice: usd(150) },
      { kind: 'special', title: 'Discount (SPRING10)', quantity: 1, unitPrice: usd(-300) },
    ];
    spec.payment = { amount: usd(2350), paymentType: 'PayPal', description: 'Paid in UltraCart, order ORD-1 — promo codes: SPRING10' };
    spec.customFields = { _AdSource: 'google' };
    spec.productGoals = [{ integration: 'ultracart', callName: 'books', trigger: 'category', name: 'Books' }, { integration: 'ultracart', callName: 'mugs', trigger: 'product', name: 'MUG' }];

    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, cmd);
    const progress = await delivered(cmd.idempotencyKey);
    expect(progress).toMatchObject({ linesAdded: 5, paymentAdded: true, customFieldsSet: true, unmatchedItems: ['Pen-Lowercase'] });

    const [contact] = h.rows('Contact').filter((c) => c['Email'] === 'ada@example.com');
    expect(contact).toMatchObject({ FirstName: 'Ada', OwnerID: 7, LeadSourceId: h.rows('LeadSource').find((l) => l['Name'] === 'SPRING10')?.Id });
    const groups = h.rows('ContactGroup').filter((g) => ['Customer', 'Reader'].includes(String(g['GroupName'])));
    expect(groups).toHaveLength(2);
    expect(h.rows('ContactGroupAssign').filter((a) => a['ContactId'] === contact.Id).map((a) => a['ContactGroup'])).toEqual(['Customer', 'Reader']);
    expect(h.sim.app('acme').actionSetRuns).toEqual([{ contactId: contact.Id, actionSetId: 11 }, { contactId: contact.Id, actionSetId: 12 }]);

    const [invoice] = h.rows('Invoice').filter((i) => i['ContactId'] === contact.Id);
    expect(invoice).toMatchObject({ Description: 'UltraCart order ORD-1', InvoiceTotal: 23.5, TotalPaid: 23.5, PayStatus: 1 });
    const items = h.rows('OrderItem').filter((i) => i['OrderId'] === invoice['JobId']);
    expect(items.map((i) => [i['ItemType'], i['ProductId'], i['PPU'], i['Qty']])).toEqual([
      [4, bookId, 9, 2],
      [4, h.rows('Product').find((p) => p['ProductName'] === 'PEN')?.Id, 2, 1],
      [1, 0, 5, 1],
      [2, 0, 1.5, 1],
      [7, 0, -3, 1],
    ]);
    expect(h.rows('Payment').filter((p) => p['InvoiceId'] === invoice.Id)).toEqual([expect.objectContaining({ PayAmt: 23.5, PayType: 'PayPal', PayNote: expect.stringContaining('promo codes: SPRING10') })]);
    expect(h.rows('Job').find((j) => j.Id === invoice['JobId'])).toMatchObject({ _AdSource: 'google' });
    expect(h.sim.app('acme').goals.map((g) => g.callName)).toEqual(['purchase', 'books']);

    // Redelivered: nothing new in Infusionsoft.
    const before = JSON.stringify(h.sim.app('acme').tables.counts());
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, cmd);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(JSON.stringify(h.sim.app('acme').tables.counts())).toBe(before);
    expect(h.sim.app('acme').goals).toHaveLength(2);
  });

  it('records every XML-RPC call as a transmission with request and response XML, the API key stripped', async () => {
    const records = (await h.queues.drainRecords<TransmissionRecordedV1>('hub.audit-log')).filter((r) => r.orderId === 'ORD-1');
    expect(records.length).toBeGreaterThan(15);
    const createOrder = records.find((r) => r.description.startsWith('InvoiceService.createBlankOrder'));
    expect(createOrder).toMatchObject({ integration: 'infusionsoft', type: 'order', status: 'succeeded', httpStatus: 200 });
    expect(createOrder?.requestBody).toContain('<methodName>InvoiceService.createBlankOrder</methodName>');
    expect(createOrder?.responseBody).toContain('<methodResponse>');
    expect(JSON.stringify(records)).not.toContain('acme-secret-key-123');
    expect(records.filter((r) => r.requestBody?.includes('***')).length).toBe(records.length);
  });

  it('uses placeOrder with promo codes when the command says so', async () => {
    const cmd = orderCommand('ORD-PLACE');
    if (!cmd.order) throw new Error('order spec expected');
    cmd.order.method = 'placeOrder';
    cmd.order.promoCodes = ['VIP'];
    cmd.order.payment = undefined;
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, cmd);
    const progress = await delivered(cmd.idempotencyKey);
    expect(h.rows('Invoice').find((i) => i.Id === progress['invoiceId'])).toMatchObject({ PromoCode: 'VIP' });
    expect(h.sim.stats().byMethod['OrderService.placeOrder']).toBe(1);
  });

  it('skips order creation when the command has no order, and writes shipping into custom order fields of an order it created', async () => {
    const contactOnly = orderCommand('ORD-SKIP', { order: undefined });
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, contactOnly);
    await delivered(contactOnly.idempotencyKey);
    const contactId = h.rows('Contact').find((c) => c['Email'] === 'ord-skip@example.com')?.Id;
    expect(h.rows('Invoice').filter((i) => i['ContactId'] === contactId)).toEqual([]);

    const order = orderCommand('ORD-SHIP');
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, order);
    const { jobId } = await delivered(order.idempotencyKey);
    const ship = { merchantId: 'M1', idempotencyKey: 'infusionsoft:shipment:M1:ORD-SHIP:1', orderId: 'ORD-SHIP', orderKey: order.idempotencyKey, customFields: { _ShipDate: '2026-11-22', _Tracking: '1Z1, 1Z2' } };
    await h.publisher.publish(RoutingKeys.crm.infusionsoftShipment, ship);
    await delivered(ship.idempotencyKey);
    expect(h.rows('Job').find((j) => j.Id === jobId)).toMatchObject({ _ShipDate: '2026-11-22', _Tracking: '1Z1, 1Z2' });
  });

  it('tags abandoned-cart and affiliate contacts', async () => {
    const steps = (email: string, tags: string[]) => ({ contact: { email, fields: { FirstName: 'Bo' } }, tags, actionSetIds: [] });
    await h.publisher.publish(RoutingKeys.crm.infusionsoftAbandonedCart, { merchantId: 'M1', idempotencyKey: 'ac-1', cartId: 'C-1', steps: steps('bo@example.com', ['Abandoned', 'Reader']) });
    await h.publisher.publish(RoutingKeys.crm.infusionsoftAffiliate, { merchantId: 'M1', idempotencyKey: 'af-1', affiliateId: '77', approved: true, steps: steps('pat@example.com', ['Affiliate']) });
    await delivered('ac-1');
    await delivered('af-1');
    const tagsOf = (email: string) => {
      const id = h.rows('Contact').find((c) => c['Email'] === email)?.Id;
      return h.rows('ContactGroupAssign').filter((a) => a['ContactId'] === id).map((a) => a['ContactGroup']);
    };
    expect(tagsOf('bo@example.com')).toEqual(['Abandoned', 'Reader']);
    expect(tagsOf('pat@example.com')).toEqual(['Affiliate']);
  });

  it('finds or creates a tag again when the remembered one was deleted in Infusionsoft', async () => {
    const app = h.sim.app('acme');
    const first = orderCommand('ORD-TAG-FIRST', { order: undefined });
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, first);
    await delivered(first.idempotencyKey);
    const stale = h.rows('ContactGroup').find((g) => g['GroupName'] === 'Customer');
    if (!stale) throw new Error('the Customer tag should exist by now');
    app.tables.delete('ContactGroup', stale.Id);
    const cmd = orderCommand('ORD-STALE-TAG', { order: undefined });
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, cmd);
    await delivered(cmd.idempotencyKey);
    const fresh = h.rows('ContactGroup').filter((g) => g['GroupName'] === 'Customer');
    expect(fresh).toHaveLength(1);
    expect(fresh[0].Id).not.toBe(stale.Id);
    const contactId = h.rows('Contact').find((c) => c['Email'] === 'ord-stale-tag@example.com')?.Id;
    expect(h.rows('ContactGroupAssign').some((a) => a['ContactId'] === contactId && a['GroupId'] === fresh[0].Id)).toBe(true);
  });

  it('looks a product up again when the one remembered by name was deleted in Infusionsoft', async () => {
    const first = orderCommand('ORD-MUG-1');
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, first);
    await delivered(first.idempotencyKey);
    const app = h.sim.app('acme');
    const old = h.rows('Product').find((p) => p['ProductName'] === 'MUG');
    if (!old) throw new Error('MUG should exist');
    app.tables.delete('Product', old.Id);
    const fresh = app.tables.add('Product', { ProductName: 'MUG', ProductPrice: 7 }).Id;
    const second = orderCommand('ORD-MUG-2');
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, second);
    const progress = await delivered(second.idempotencyKey);
    const invoice = h.rows('Invoice').find((i) => i.Id === progress['invoiceId']);
    expect(h.rows('OrderItem').filter((i) => i['OrderId'] === invoice?.['JobId']).map((i) => i['ProductId'])).toContain(fresh);
    expect(h.rows('OrderItem').filter((i) => i['OrderId'] === invoice?.['JobId'])).toHaveLength(3);
    expect(h.rows('Invoice').filter((i) => i['Description'] === 'UltraCart order ORD-MUG-2')).toHaveLength(1);
  });

  it('delivers through the OAuth endpoint with a bearer token and through a service-account key', async () => {
    credentialsByMerchant.set('M-OAUTH', { credentials: { auth: 'oauth', appName: 'acme', accessToken: 'acme-oauth-token-456' }, notifyEmails: [] });
    credentialsByMerchant.set('M-SA', { credentials: { auth: 'service-account', serviceAccountKey: 'KeapAK-acme-789' }, notifyEmails: [] });
    const a = orderCommand('ORD-OAUTH', {}, 'M-OAUTH');
    const b = orderCommand('ORD-SA', {}, 'M-SA');
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, a);
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, b);
    expect(await delivered(a.idempotencyKey)).toMatchObject({ paymentAdded: true });
    expect(await delivered(b.idempotencyKey)).toMatchObject({ paymentAdded: true });
    const records = (await h.queues.drainRecords<TransmissionRecordedV1>('hub.audit-log')).map((r) => JSON.stringify(r));
    expect(records.join('\n')).not.toMatch(/acme-oauth-token-456|KeapAK-acme-789/);
  });

  it('creates every order, invoice line and payment exactly once through transient faults, resets and lost answers', async () => {
    h.sim.configure({ failPercent: 10 });
    try {
      const cmds = Array.from({ length: 12 }, (_, i) => orderCommand(`ORD-FLAKY-${i}`));
      await Promise.all(cmds.map((c) => h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, c)));
      for (const c of cmds) await delivered(c.idempotencyKey);
      const injected = h.sim.stats().injected;
      expect(injected.fault + injected.reset + injected.lostResponse).toBeGreaterThan(3);
      h.expectEachOrderOnce(cmds.map((c) => c.orderId));
    } finally {
      h.sim.configure({ failPercent: 0 });
    }
  });

  it('holds the calls-per-second limit of an app across two replicas', async () => {
    await h.replica();
    credentialsByMerchant.set('M-SLOW', { credentials: { ...API_KEY, appName: 'acme' }, notifyEmails: [], callsPerSecond: 8 });
    // The simulator refuses past 10/s: two replicas that did not share the 8/s limit would make ~16/s.
    h.sim.configure({ throttlePerSecond: 10 });
    try {
      const throttledBefore = h.sim.stats().injected.throttled;
      const started = Date.now();
      const cmds = [orderCommand('ORD-RATE-1', {}, 'M-SLOW'), orderCommand('ORD-RATE-2', {}, 'M-SLOW'), orderCommand('ORD-RATE-3', {}, 'M-SLOW')];
      await Promise.all(cmds.map((c) => h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, c)));
      for (const c of cmds) await delivered(c.idempotencyKey);
      // 27 calls at 8/s need at least (27 - 8) / 8 ≈ 2.4 s even when the first second's budget is
      // spent at once; none may have hit the simulator's throttle.
      expect(Date.now() - started).toBeGreaterThan(2_000);
      expect(h.sim.stats().injected.throttled).toBe(throttledBefore);
    } finally {
      h.sim.configure({ throttlePerSecond: 0 });
    }
  });

  it('creates a new tag once when two replicas meet it at the same moment', async () => {
    await h.replica();
    h.sim.configure({ latencyMs: 150 }); // widens the window between finding no tag and creating it
    try {
      const cmds = Array.from({ length: 6 }, (_, i) =>
        orderCommand(`ORD-NEWTAG-${i}`, { order: undefined, steps: { contact: { email: `newtag${i}@example.com`, fields: {} }, tags: ['Brand New Tag'], actionSetIds: [] } }),
      );
      await Promise.all(cmds.map((c) => h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, c)));
      for (const c of cmds) await delivered(c.idempotencyKey);
      expect(h.rows('ContactGroup').filter((g) => g['GroupName'] === 'Brand New Tag')).toHaveLength(1);
      expect(h.rows('ContactGroupAssign').filter((a) => a['ContactGroup'] === 'Brand New Tag')).toHaveLength(6);
    } finally {
      h.sim.configure({ latencyMs: 0 });
    }
  });

  it('waits out Infusionsoft\'s throttling faults without spending an attempt', async () => {
    h.sim.configure({ throttlePerSecond: 3 });
    try {
      const throttledBefore = h.sim.stats().injected.throttled;
      const cmd = orderCommand('ORD-THROTTLED');
      await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, cmd);
      expect(await delivered(cmd.idempotencyKey)).toMatchObject({ paymentAdded: true });
      expect(h.sim.stats().injected.throttled).toBeGreaterThan(throttledBefore);
      const [row] = await h.schema.query<{ attempts: number }>(`SELECT attempts FROM delivered_commands WHERE idempotency_key = $1`, [cmd.idempotencyKey]);
      expect(row.attempts).toBe(1);
    } finally {
      h.sim.configure({ throttlePerSecond: 0 });
    }
  });

  it('parks an unknown product at once with the fault text, and mails the merchant once per eight hours', async () => {
    credentialsByMerchant.set('M-BAD', { credentials: API_KEY, notifyEmails: ['editor@bad.example', 'owner@bad.example'] });
    h.smtp.clear();
    const cmd = orderCommand('ORD-NOPRODUCT', {}, 'M-BAD');
    if (!cmd.order) throw new Error('order spec expected');
    cmd.order.lines[0].product = { productId: 99_999 };
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, cmd);
    const p = await parked(cmd.idempotencyKey);
    expect(p.headers['x-hub-failures']).toBe(1);
    expect(String(p.headers['x-hub-error'])).toContain('[InvalidParameter]Product 99999 does not exist');
    const mails = await waitFor(() => (h.smtp.messages().length ? h.smtp.messages() : undefined), { what: 'the error mail' });
    expect(mails[0]).toMatchObject({ to: ['editor@bad.example', 'owner@bad.example'], subject: 'Infusionsoft replication failed for order ORD-NOPRODUCT' });
    expect(mails[0].raw).toContain('Product 99999 does not exist');

    const second = orderCommand('ORD-NOPRODUCT-2', {}, 'M-BAD');
    if (!second.order) throw new Error('order spec expected');
    second.order.lines[0].product = { productId: 99_998 };
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, second);
    await parked(second.idempotencyKey);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.smtp.messages()).toHaveLength(1);

    await h.schema.query(`UPDATE error_mail_throttle SET last_sent_at = now() - interval '9 hours' WHERE merchant_id = 'M-BAD'`);
    const third = { ...second, idempotencyKey: 'infusionsoft:order:M-BAD:ORD-NOPRODUCT-3', orderId: 'ORD-NOPRODUCT-3' };
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, third);
    await parked(third.idempotencyKey);
    await waitFor(() => h.smtp.messages().length === 2, { what: 'a second mail after eight hours' });
  });

  it('retries an Infusionsoft that keeps failing until the last attempt, then parks and mails', async () => {
    credentialsByMerchant.set('M-DOWN', { credentials: API_KEY, notifyEmails: ['ops@down.example'] });
    h.smtp.clear();
    h.sim.configure({ failPercent: 100 });
    try {
      const cmd = orderCommand('ORD-DOWN', {}, 'M-DOWN');
      await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, cmd);
      const p = await waitFor(async () => (await h.queues.drain<{ idempotencyKey: string }>('hub.infusionsoft-connector.parked')).find((m) => m.body.idempotencyKey === cmd.idempotencyKey), {
        timeoutMs: 60_000,
        what: 'the order parked after its last attempt',
      });
      expect(p.headers['x-hub-failures']).toBe(RETRY.AMQP_RETRY_MAX_ATTEMPTS);
      const mail = await waitFor(() => h.smtp.messages().find((m) => m.to.includes('ops@down.example')), { what: 'the error mail' });
      expect(mail.subject).toBe('Infusionsoft replication failed for order ORD-DOWN');
    } finally {
      h.sim.configure({ failPercent: 0 });
    }
  });

  it('parks a wrong API key at once with the [InvalidKey] fault', async () => {
    credentialsByMerchant.set('M-KEY', { credentials: { ...API_KEY, apiKey: 'wrong-key-000' }, notifyEmails: [] });
    const cmd = orderCommand('ORD-BADKEY', {}, 'M-KEY');
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, cmd);
    const p = await parked(cmd.idempotencyKey);
    expect(p.headers['x-hub-failures']).toBe(1);
    expect(String(p.headers['x-hub-error'])).toContain('[InvalidKey]Invalid Key');
  });

  it('asks mapping for credentials once per merchant and replica, and after a key change retries with the new key instead of parking', async () => {
    const app = h.sim.addApp({ name: 'rotating', apiKey: 'rotating-key-old' });
    for (const name of ['BOOK', 'PEN', 'MUG']) app.tables.add('Product', { ProductName: name, ProductPrice: 2 });
    credentialsByMerchant.set('M-ROTATE', { credentials: { auth: 'api-key', appName: 'rotating', apiKey: 'rotating-key-old' }, notifyEmails: [] });
    const asked = () => credentialRequests.get('M-ROTATE') ?? 0;
    const deliverAll = async (ids: string[]) => {
      const cmds = ids.map((id) => orderCommand(id, {}, 'M-ROTATE'));
      for (const c of cmds) await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, c);
      return Promise.all(cmds.map((c) => delivered(c.idempotencyKey)));
    };
    // Earlier tests left a second replica running: each remembers the credentials once.
    await deliverAll(['ORD-ROT-1', 'ORD-ROT-2', 'ORD-ROT-3', 'ORD-ROT-4', 'ORD-ROT-5', 'ORD-ROT-6']);
    expect(asked()).toBeLessThanOrEqual(2);

    // The merchant replaces the key (Infusionsoft refuses the old one at once) while the replicas still remember the old one.
    app.apiKey = 'rotating-key-new';
    credentialsByMerchant.set('M-ROTATE', { credentials: { auth: 'api-key', appName: 'rotating', apiKey: 'rotating-key-new' }, notifyEmails: [] });
    const after = await deliverAll(['ORD-ROT-7', 'ORD-ROT-8', 'ORD-ROT-9', 'ORD-ROT-10']);
    expect(after.every((p) => p['paymentAdded'] === true)).toBe(true);
    expect((await h.queues.drain<{ idempotencyKey: string }>('hub.infusionsoft-connector.parked')).filter((m) => m.body.idempotencyKey.includes('ROT-'))).toEqual([]);
  });

  it('answers rpc.infusionsoft.test-credentials.v1 with a clear verdict for each kind of credential', async () => {
    const test = (credentials: object) => h.publisher.request<InfusionsoftTestCredentialsReply>(RpcPatterns.infusionsoft.testCredentials, { merchantId: 'M1', credentials });
    expect(await test(API_KEY)).toEqual({ verdict: 'ok', message: 'Infusionsoft accepted the credentials for app "acme"' });
    expect(await test({ ...API_KEY, apiKey: 'nope-nope' })).toEqual({ verdict: 'wrong-key', message: 'Infusionsoft refused the API key for app "acme": [InvalidKey]Invalid Key' });
    expect(await test({ ...API_KEY, appName: 'nosuchapp' })).toEqual({ verdict: 'unknown-app', message: 'There is no Infusionsoft application named "nosuchapp": check the app name' });
    expect((await test({ auth: 'oauth', accessToken: 'acme-oauth-token-456' })).verdict).toBe('ok');
    expect((await test({ auth: 'oauth', accessToken: 'expired' })).verdict).toBe('wrong-key');
    expect((await test({ auth: 'service-account', serviceAccountKey: 'KeapAK-acme-789' })).verdict).toBe('ok');
    await expect(test({ auth: 'api-key', appName: 'acme' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
