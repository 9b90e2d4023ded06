import { RoutingKeys, RpcPatterns } from '@hub/messaging-contracts';
import { MessagePublisher } from '@hub/messaging-nest';
import { OutboxRelay } from '@hub/order-import-service';
import { TcpProxy, waitFor } from '@hub/testing';
import { basic, legacyAnswer, legacyForm, MERCHANT, OrderImportHarness, restOrder , restAnswer } from './order-import-harness';

const CARD = '4111 1111 1111 1111';
const CVV = '731';
const PASSWORD = 'partner-s3cret';

describe('order-import: outbox, card safety, catalog events and channel-partner RPC, against the real RabbitMQ and PostgreSQL', () => {
  let hub: OrderImportHarness;
  let proxy: TcpProxy;
  const publisher = () => hub.app.get(MessagePublisher);

  beforeAll(async () => {
    hub = await OrderImportHarness.start({
      label: 'order_import_outbox',
      // Only the service's broker connection goes through the proxy; the test reads queues directly.
      brokerUrl: async (vhostUrl) => {
        const url = new URL(vhostUrl);
        proxy = new TcpProxy(url.hostname, Number(url.port || 5672));
        url.port = String(await proxy.start());
        return url.toString();
      },
    });
  }, 30_000);

  afterAll(async () => {
    await hub?.close();
    await proxy?.stop();
  });

  describe('transactional outbox', () => {
    it('accepts an order while the broker is down, and publishes it once the broker is back — across a restart of the service', async () => {
      await proxy.cut();
      const answer = await legacyAnswer(await hub.postForm(legacyForm('CP-OUT-1')));
      expect(answer).toMatchObject({ status: 200, success: 'true', stage: 'Shipping Department' });
      // Committed with the order, not yet published.
      const pending = await hub.schema.query<{ routing_key: string }>(`SELECT routing_key FROM outbox WHERE published_at IS NULL ORDER BY id`);
      expect(pending.map((r) => r.routing_key)).toEqual([RoutingKeys.cart.orderPlaced, RoutingKeys.audit.transmissionRecorded]);
      expect(await hub.drain('hub.mapping')).toEqual([]);

      await hub.restart(false);
      await proxy.restore();
      await hub.waitReady();
      const placed = await hub.collect<{ order: { orderId: string } }>(1, 'hub.mapping');
      expect(placed.map((m) => [m.routingKey, m.body.order.orderId])).toEqual([[RoutingKeys.cart.orderPlaced, answer.orderId]]);
      await waitFor(async () => (await hub.schema.query(`SELECT 1 FROM outbox WHERE published_at IS NULL`)).length === 0, { what: 'the outbox published and marked' });
      expect((await hub.collect<{ orderId: string }>(1, 'hub.audit-log')).map((m) => m.body.orderId)).toEqual([answer.orderId]);
    }, 60_000);

    it('publishes each committed row once, with the order\'s message id', async () => {
      const answers = await Promise.all(['CP-OUT-2', 'CP-OUT-3', 'CP-OUT-4'].map((id) => restAnswer(hub.postJson(restOrder(id)))));
      const placed = await hub.collect<{ order: { orderId: string } }>(3, 'hub.mapping');
      expect(placed.map((m) => m.body.order.orderId).sort()).toEqual(answers.map((a) => a.order_id).sort());
      expect(placed.map((m) => m.properties.messageId).sort()).toEqual(answers.map((a) => `order-import:placed:${a.order_id}`).sort());
      await hub.drain('hub.audit-log');
    });

    it('publishes rows a dead relay claimed but never marked once their lease has run out, not before', async () => {
      const payload = JSON.stringify({ merchantId: MERCHANT, orderId: 'M1-STALE' });
      await hub.schema.query(
        `INSERT INTO outbox (routing_key, message_id, payload, claimed_until) VALUES ($1, 'lease-ended', $2, now() - interval '1 second'), ($1, 'lease-running', $2, now() + interval '1 hour')`,
        [RoutingKeys.cart.orderRejected, payload],
      );
      hub.app.get(OutboxRelay).wake();
      const got = await hub.collect(1, 'hub.mapping');
      expect(got.map((m) => m.properties.messageId)).toEqual(['lease-ended']);
      await hub.schema.query(`DELETE FROM outbox WHERE message_id = 'lease-running'`);
    });
  });

  describe('card safety', () => {
    it('keeps no card number, CVV or password in the database or the transmission records — only last four and brand', async () => {
      const form = legacyForm('CP-CARD-1', { 'order.creditCardNumber': CARD, 'order.creditCardVerificationNumber': CVV });
      const ok = await legacyAnswer(await hub.postForm(form));
      await hub.postForm(form); // the same again: a duplicate
      await hub.postForm(legacyForm('CP-CARD-2', { 'order.creditCardNumber': CARD, 'order.creditCardVerificationNumber': CVV, 'order.billToCity': '' })); // invalid
      await hub.postForm(legacyForm('CP-CARD-3', { 'order.creditCardNumber': '4000 0000 0000 0002', 'order.creditCardVerificationNumber': CVV })); // declined
      await hub.postJson(restOrder('CP-CARD-4', { credit_card_number: CARD.replace(/ /g, ''), credit_card_verification_number: CVV }));
      const records = await hub.collect<Record<string, unknown>>(5, 'hub.audit-log');
      await hub.drain('hub.mapping');

      const [order] = await hub.schema.query<{ card_last4: string; card_brand: string }>(`SELECT card_last4, card_brand FROM imported_orders WHERE order_id = $1`, [ok.orderId]);
      expect(order).toEqual({ card_last4: '1111', card_brand: 'Visa' });
      const tables = await hub.schema.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`);
      let everything = '';
      for (const { table_name } of tables) everything += JSON.stringify(await hub.schema.query(`SELECT * FROM "${table_name}"`));
      const stored = everything + JSON.stringify(records.map((r) => r.body));
      for (const secret of ['4111111111111111', '4111 1111 1111 1111', '4111+1111+1111+1111', '4000000000000002', `"${CVV}"`, `=${CVV}`, PASSWORD]) expect(stored).not.toContain(secret);
      expect(stored).not.toMatch(/[Vv]erification/);
      const recorded = records.find((r) => r.body['orderId'] === ok.orderId && r.body['status'] === 'succeeded');
      expect(recorded?.body['requestBody']).toContain('"creditCardLast4":"1111"');
      expect(recorded?.body['requestBody']).toContain('"creditCardBrand":"Visa"');
    });
  });

  describe('catalog from the cart\'s item events', () => {
    it('adds, changes and removes items as the cart says, and imports check against them', async () => {
      const item = { itemId: 'MUG', description: 'A mug', price: { minor: 1200, currency: 'USD' }, inactive: false, kit: false };
      await publisher().publish(RoutingKeys.cart.itemUpserted, { merchantId: MERCHANT, created: true, item });
      await waitFor(async () => (await hub.schema.query(`SELECT 1 FROM catalog_items WHERE item_id = 'MUG'`)).length === 1, { what: 'MUG in the catalog' });
      const mugOrder = (id: string) => restOrder(id, { items: [{ merchant_item_id: 'MUG', quantity: 1 }], shipto_first_name: 'Ada', shipto_last_name: 'L', shipto_address1: '1 Way', shipto_city: 'London', shipto_state_region: 'LDN', shipto_postal_code: 'N1', shipto_country_code: 'GB', shipto_day_phone: '1', shipping_method: 'UPS: Ground' });
      const imported = await hub.postJson(mugOrder('CP-MUG-1'));
      expect(await restAnswer(imported)).toMatchObject({ success: true });

      await publisher().publish(RoutingKeys.cart.itemUpserted, { merchantId: MERCHANT, created: false, item: { ...item, inactive: true } });
      await waitFor(async () => (await hub.schema.query<{ inactive: boolean }>(`SELECT inactive FROM catalog_items WHERE item_id = 'MUG'`))[0]?.inactive === true, { what: 'MUG inactive' });
      expect((await restAnswer(hub.postJson(mugOrder('CP-MUG-2')))).import_errors).toEqual(['items[0].merchant_item_id: MUG is inactive']);

      await publisher().publish(RoutingKeys.cart.itemDeleted, { merchantId: MERCHANT, itemId: 'MUG' });
      await waitFor(async () => (await hub.schema.query(`SELECT 1 FROM catalog_items WHERE item_id = 'MUG'`)).length === 0, { what: 'MUG gone' });
      expect((await restAnswer(hub.postJson(mugOrder('CP-MUG-3')))).import_errors).toEqual(["items[0].merchant_item_id: MUG is not in the merchant's catalog"]);
      await hub.drain('hub.mapping');
      await hub.drain('hub.audit-log');
    });
  });

  describe('channel-partner RPC (for the mapping config API)', () => {
    it('creates, changes and deletes a partner; the password works only as last set and is stored hashed', async () => {
      const upsert = (password: string) => publisher().request(RpcPatterns.orderImport.upsertChannelPartner, { merchantId: MERCHANT, channelPartnerCode: 'NEWCP', password });
      expect(await upsert('first-password')).toEqual({ merchantId: MERCHANT, channelPartnerCode: 'NEWCP', outcome: 'created' });
      expect((await hub.postJson(restOrder('CP-RPC-1'), basic('NEWCP', 'first-password'))).status).toBe(200);
      expect(await upsert('second-password')).toMatchObject({ outcome: 'updated' });
      expect((await hub.postJson(restOrder('CP-RPC-2'), basic('NEWCP', 'first-password'))).status).toBe(401);
      expect((await hub.postJson(restOrder('CP-RPC-2'), basic('NEWCP', 'second-password'))).status).toBe(200);
      const [row] = await hub.schema.query<{ password_hash: string }>(`SELECT password_hash FROM channel_partners WHERE code = 'NEWCP'`);
      expect(row.password_hash).toMatch(/^scrypt\$/);
      expect(row.password_hash).not.toContain('second-password');

      expect(await publisher().request(RpcPatterns.orderImport.deleteChannelPartner, { merchantId: MERCHANT, channelPartnerCode: 'NEWCP' })).toMatchObject({ outcome: 'deleted' });
      expect((await hub.postJson(restOrder('CP-RPC-3'), basic('NEWCP', 'second-password'))).status).toBe(401);
      expect(await publisher().request(RpcPatterns.orderImport.deleteChannelPartner, { merchantId: MERCHANT, channelPartnerCode: 'NEWCP' })).toMatchObject({ outcome: 'absent' });
      await expect(publisher().request(RpcPatterns.orderImport.upsertChannelPartner, { merchantId: MERCHANT, channelPartnerCode: 'NEWCP', password: 'short' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await hub.drain('hub.mapping');
      await hub.drain('hub.audit-log');
    });
  });
});
