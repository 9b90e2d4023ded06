import { gzipSync } from 'node:zlib';
import { RoutingKeys } from '@hub/messaging-contracts';
import { translateDelivery } from './delivery-translation';

const order = { order_id: 'O-1', current_stage: 'Completed Order', billing: { email: 'ada@example.com' }, payment: { credit_card: { card_number: '4111111111111111' } } };
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const text = (v: Uint8Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');

describe('translateDelivery', () => {
  it('serialises every canonical event and the redacted body into views of one buffer', () => {
    const t = translateDelivery('M1', bytes({ events: [{ order_ship: { ...order, shipping: { tracking_numbers: ['T1'] } } }, { item_delete: { merchant_item_id: 'X' } }] }));
    if (!t.ok) throw new Error('expected ok');
    expect(t.events.map((e) => [e.name, e.outcome, e.emits.map((x) => x.routingKey)])).toEqual([
      ['order_ship', 'cascade', [RoutingKeys.cart.orderPlaced, RoutingKeys.cart.orderShipped]],
      ['item_delete', 'cascade', [RoutingKeys.cart.itemDeleted]],
    ]);
    for (const e of t.events.flatMap((x) => x.emits)) expect(e.content.buffer).toBe(t.slab);
    expect(JSON.parse(text(t.events[1].emits[0].content))).toEqual({ merchantId: 'M1', itemId: 'X' });
    const recorded = JSON.parse(text(t.record)) as string;
    expect(recorded).toContain('"card_number":"****1111"');
    expect(recorded).not.toContain('4111111111111111');
  });

  it('records a compressed delivery as the events it held', () => {
    const t = translateDelivery('M1', bytes({ events: gzipSync(JSON.stringify([{ order_delete: { order_id: 'O-9' } }])).toString('base64') }));
    expect(t.ok).toBe(true);
    expect(JSON.parse(JSON.parse(text(t.record)) as string)).toEqual({ events: [{ order_delete: { order_id: 'O-9' } }] });
  });

  it('names what is wrong with a delivery it cannot read, and still has a body to record', () => {
    const broken = translateDelivery('M1', bytes('{"events": ['));
    expect(broken).toMatchObject({ ok: false, problem: { code: 'MALFORMED_BODY', message: expect.stringContaining('not valid JSON') } });
    expect(JSON.parse(text(broken.record))).toBe('{"events": [');
    expect(translateDelivery('M1', bytes({ events: 'not gzip' }))).toMatchObject({ ok: false, problem: { code: 'VALIDATION_FAILED', field: 'events' } });
  });
});
