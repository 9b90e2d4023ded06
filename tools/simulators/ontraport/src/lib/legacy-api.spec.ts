import { buildContactAddXml, buildContactSearchByEmailXml, buildLogTransactionData, buildRefundXml, encodeContactsRequest, encodeProductsRequest } from '@hub/codecs-ontraport-xml';
import { startOntraportSimulator } from './ontraport-simulator.server';
import type { OntraportSimulator } from './ontraport-simulator.types';

const creds = { appId: 'demo-app', key: 'demo-key' };
let sim: OntraportSimulator;

beforeAll(async () => {
  sim = await startOntraportSimulator({ rateLimit: 50, rateWindowMs: 60_000 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const post = async (path: string, body: string) => {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  return { status: res.status, text: await res.text(), remaining: res.headers.get('x-rate-limit-remaining') };
};

describe('legacy XML API (pdata.php / cdata.php)', () => {
  it('answers a wrong key with a failure result and keeps the key out of its request log', async () => {
    const r = await post('/cdata.php', encodeContactsRequest({ appId: 'demo-app', key: 'wrong', reqType: 'key' }));
    expect(r).toMatchObject({ status: 200, text: '<result>failure Invalid App ID or API Key</result>' });
    expect(JSON.stringify(sim.state())).not.toContain('wrong');
  });

  it('finds or adds a contact, logs a transaction with ID precedence, and refunds partially then fully', async () => {
    expect((await post('/cdata.php', encodeContactsRequest({ ...creds, reqType: 'search', data: buildContactSearchByEmailXml('a+b@example.com') }))).text).toBe('<result>0</result>');
    const added = await post('/cdata.php', encodeContactsRequest({ ...creds, reqType: 'add', data: buildContactAddXml({ email: 'a+b@example.com', firstName: 'Ann' }) }));
    expect(added.text).toContain('<contact id="1">');
    const found = await post('/cdata.php', encodeContactsRequest({ ...creds, reqType: 'search', data: buildContactSearchByEmailXml('A+B@example.com') }));
    expect(found.text).toContain('<contact id="1">');

    const logged = await post('/pdata.php', encodeProductsRequest({ ...creds, reqType: 'log_transaction', data: buildLogTransactionData({ contactId: 1, products: [{ name: 'Book', externalId: 77, quantity: 2, price: '9.50' }, { name: 'Book', quantity: 1 }] }) }));
    expect(logged.text).toContain('<status>Success</status>');
    const state = sim.state().accounts['demo-app'];
    // The second line matched the product created by the first (by name), not a new one.
    expect(state.products).toEqual([expect.objectContaining({ id: 1, name: 'Book', fields: { external_id: '77' } })]);
    expect(state.purchases.map((p) => [p.product_id, p.quantity, p.price])).toEqual([[1, 2, 9.5], [1, 1, 9.5]]);

    expect((await post('/pdata.php', encodeProductsRequest({ ...creds, reqType: 'refund', data: buildRefundXml({ purchaseId: 1, amount: '5.00' }) }))).text).toContain('Success');
    expect(sim.state().accounts['demo-app'].purchases[0]).toMatchObject({ refunded: 5, status: 'partially refunded' });
    const tooMuch = await post('/pdata.php', encodeProductsRequest({ ...creds, reqType: 'refund', data: buildRefundXml({ purchaseId: 1, amount: '15.00' }) }));
    expect(tooMuch.text).toMatch(/^<result>failure Refund amount 15.00 exceeds the 14.00 left/);
    await post('/pdata.php', encodeProductsRequest({ ...creds, reqType: 'refund', data: buildRefundXml({ purchaseId: 1 }) }));
    expect(sim.state().accounts['demo-app'].purchases[0]).toMatchObject({ refunded: 19, status: 'refunded' });
  });

  it('answers the key templates of both endpoints', async () => {
    const contactKey = await post('/cdata.php', encodeContactsRequest({ ...creds, reqType: 'key' }));
    expect(contactKey.text).toContain('<contact id=""><Group_Tag name="Contact Information"><field name="First Name" type="text"/>');
    const productKey = await post('/pdata.php', encodeProductsRequest({ ...creds, reqType: 'key' }));
    expect(productKey.text).toContain('<purchases contact_id="" product_id="" id="">');
  });

  it('counts legacy calls in the same per-account window as REST calls', async () => {
    sim.configure({ rateLimit: 2 });
    await fetch(`${sim.url}/1/Products`, { headers: { 'Api-Appid': 'demo-app', 'Api-Key': 'demo-key' } });
    const second = await post('/pdata.php', encodeProductsRequest({ ...creds, reqType: 'key' }));
    const third = await post('/pdata.php', encodeProductsRequest({ ...creds, reqType: 'key' }));
    expect([second.status, second.remaining, third.status]).toEqual([200, '0', 429]);
  });

  it('loses the answer of a call that took effect when lostPercent says so', async () => {
    sim.configure({ lostPercent: 100 });
    try {
      const lost = post('/cdata.php', encodeContactsRequest({ ...creds, reqType: 'add', data: buildContactAddXml({ email: 'lost@example.com', firstName: 'Lou' }) }));
      await expect(lost).rejects.toThrow('fetch failed');
    } finally {
      sim.configure({ lostPercent: 0 });
    }
    const account = sim.state().accounts['demo-app'];
    expect(account.contacts.map((c) => c.email)).toEqual(['lost@example.com']);
    expect(account.counters.lostResponses).toBe(1);
  });
});
