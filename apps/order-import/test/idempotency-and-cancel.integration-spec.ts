import { RoutingKeys } from '@hub/messaging-contracts';
import { PaymentGateway, PaymentRequest, SandboxPaymentGateway } from '@hub/order-import';
import { legacyAnswer, legacyForm, MERCHANT, OrderImportHarness, restOrder , restAnswer } from './order-import-harness';

/** The sandbox, counting what it was asked to charge. */
class CountingGateway implements PaymentGateway {
  readonly charged = new Map<string, string>();
  readonly voided: string[] = [];
  private readonly sandbox = new SandboxPaymentGateway();

  async charge(request: PaymentRequest) {
    const result = await this.sandbox.charge(request);
    if (result.approved) this.charged.set(result.transactionId, request.orderId);
    return result;
  }

  async void(transactionId: string) {
    this.voided.push(transactionId);
  }

  /** Charges kept: approved and not voided. */
  kept(): string[] {
    return [...this.charged].filter(([tx]) => !this.voided.includes(tx)).map(([, orderId]) => orderId);
  }
}

describe('order-import: idempotency and cancel rules, against the real RabbitMQ and PostgreSQL', () => {
  let hub: OrderImportHarness;
  const gateway = new CountingGateway();
  const count = async (cpId: string) => (await hub.schema.query<{ n: string }>(`SELECT count(*) AS n FROM imported_orders WHERE channel_partner_order_id = $1`, [cpId]))[0].n;
  const placedFor = async (orderId: string, waitMs = 500) => {
    await new Promise((r) => setTimeout(r, waitMs));
    return (await hub.drain<{ order?: { orderId: string }; orderId?: string }>('hub.mapping')).filter((m) => (m.body.order?.orderId ?? m.body.orderId) === orderId);
  };

  beforeAll(async () => {
    hub = await OrderImportHarness.start({ label: 'order_import_idem', paymentGateway: gateway });
  }, 30_000);

  afterAll(() => hub?.close());

  it('answers the same request with the same order id, charging and cascading once', async () => {
    const first = await legacyAnswer(await hub.postForm(legacyForm('CP-I1')));
    const second = await legacyAnswer(await hub.postForm(legacyForm('CP-I1')));
    expect(first).toMatchObject({ status: 200, success: 'true' });
    expect(second).toMatchObject({ status: 200, success: 'true', orderId: first.orderId });
    expect(second.text).toContain('duplicate=true');
    expect(await count('CP-I1')).toBe('1');
    expect(gateway.charged.size).toBe(1);
    expect(gateway.kept()).toEqual([first.orderId]);
    expect((await placedFor(first.orderId)).map((m) => m.routingKey)).toEqual([RoutingKeys.cart.orderPlaced]);
  });

  it('keeps one order and one charge when the same request arrives many times at once', async () => {
    const keptBefore = gateway.kept().length;
    const answers = await Promise.all(Array.from({ length: 8 }, () => restAnswer(hub.postJson(restOrder('CP-I2')))));
    const ids = new Set(answers.map((a) => a.order_id));
    expect(answers.every((a) => a.success)).toBe(true);
    expect(ids.size).toBe(1);
    expect(await count('CP-I2')).toBe('1');
    // Racing requests may each be charged; all but the stored order's charge are voided.
    expect(gateway.kept().slice(keptBefore)).toEqual([...ids]);
    expect(await placedFor([...ids][0] as string)).toHaveLength(1);
  });

  it('refuses the same channel-partner order id with a different order (409), changing nothing', async () => {
    const first = await restAnswer(hub.postJson(restOrder('CP-I3')));
    const other = await hub.postJson(restOrder('CP-I3', { items: [{ merchant_item_id: 'EBOOK', quantity: 3 }] }));
    expect(other.status).toBe(409);
    const body = await restAnswer(other);
    expect(body).toMatchObject({ success: false, import_errors: [`channel_partner_order_id: CP-I3 was already imported as order ${first.order_id} with different content`] });
    expect(await count('CP-I3')).toBe('1');
  });

  describe('cancel (reference C.4)', () => {
    const importAt = async (cpId: string, extra: Record<string, string>) => legacyAnswer(await hub.postForm(legacyForm(cpId, extra)));
    const cancelLegacy = async (method: string, param: string, id: string) =>
      legacyAnswer(
        await hub.postForm({ method, 'credentials.merchantId': MERCHANT, 'credentials.channelPartnerCode': 'SHOPX', 'credentials.channelPartnerPassword': 'partner-s3cret', [param]: id }),
      );

    it('rejects an order in Accounts Receivable (by channel-partner order id) and tells the CRMs', async () => {
      const imported = await importAt('CP-C1', { 'order.noRealtimePaymentProcessing': 'Y' });
      const cancelled = await cancelLegacy('cancelOrderByChannelPartnerOrderId', 'channelPartnerOrderId', 'CP-C1');
      expect(cancelled).toMatchObject({ status: 200, success: 'true', orderId: imported.orderId, stage: 'Rejected' });
      expect((await placedFor(imported.orderId)).map((m) => m.routingKey)).toEqual([RoutingKeys.cart.orderRejected]);
      const again = await cancelLegacy('cancelOrderByUltraCartOrderId', 'orderId', imported.orderId);
      expect(again).toMatchObject({ status: 409, success: 'false', errors: ['orderId: Order has already been rejected.'] });
    });

    it('rejects an unshipped order in Shipping Department (by order id, REST)', async () => {
      const imported = await importAt('CP-C2', {});
      expect(imported.stage).toBe('Shipping Department');
      const res = await hub.request('DELETE', `/channel_partner/${MERCHANT}/cancel/by_ultracart_order_id/${imported.orderId}`);
      expect(await restAnswer(res)).toMatchObject({ success: true, order_id: imported.orderId, stage: 'Rejected' });
    });

    it('refuses to cancel a completed order', async () => {
      const imported = await importAt('CP-C3', { 'order.storeCompleted': 'Y' });
      const res = await hub.request('DELETE', `/channel_partner/${MERCHANT}/cancel/by_channel_partner_order_id/CP-C3`);
      expect(res.status).toBe(409);
      expect(await restAnswer(res)).toMatchObject({ success: false, order_id: imported.orderId, import_errors: ['channel_partner_order_id: Order has already been completed.'] });
      const [row] = await hub.schema.query<{ stage: string }>(`SELECT stage FROM imported_orders WHERE order_id = $1`, [imported.orderId]);
      expect(row.stage).toBe('Completed Order');
    });

    it('answers 404 for an order it does not know, and 401 for wrong credentials', async () => {
      expect((await cancelLegacy('cancelOrderByUltraCartOrderId', 'orderId', 'M1-9999999999')).status).toBe(404);
      const wrong = await hub.postForm({ method: 'cancelOrderByChannelPartnerOrderId', 'credentials.merchantId': MERCHANT, 'credentials.channelPartnerCode': 'SHOPX', 'credentials.channelPartnerPassword': 'guess', channelPartnerOrderId: 'CP-C2' });
      expect(wrong.status).toBe(401);
    });

    it('refuses an unknown method', async () => {
      expect(await cancelLegacy('deleteEverything', 'orderId', 'x')).toMatchObject({ status: 400, errors: [expect.stringMatching(/^method: must be importOrder/)] });
    });
  });
});
