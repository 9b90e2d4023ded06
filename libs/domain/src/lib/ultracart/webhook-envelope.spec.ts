import { gzipSync } from 'node:zlib';
import { EnvelopeError, parseWebhookEnvelope } from './webhook-envelope';

const order = { merchant_id: 'DEMO', order_id: 'DEMO-1', current_stage: 'Completed Order' };

describe('parseWebhookEnvelope', () => {
  it('reads a bundle of one-key events', () => {
    const events = parseWebhookEnvelope({ events: [{ order_create: order }, { item_update: { merchant_item_id: 'X' } }] });
    expect(events.map((e) => e.name)).toEqual(['order_create', 'item_update']);
    expect(events[0].resource).toEqual(order);
    expect(events[1].index).toBe(1);
  });

  it('reads gzip+base64 compressed events', () => {
    const packed = gzipSync(JSON.stringify([{ order_create: order }])).toString('base64');
    expect(parseWebhookEnvelope({ events: packed })[0].resource).toEqual(order);
  });

  it.each([
    [[], '(body): must be a JSON object'],
    [{}, 'events: must be an array'],
    [{ events: [{ a: {}, b: {} }] }, 'events[0]: must have exactly one event name, found 2'],
    [{ events: [{ order_create: 'x' }] }, 'events[0].order_create: must be an object'],
    [{ events: 'bm90IGd6aXA=' }, 'events: is a string but not gzip+base64'],
  ])('refuses %j naming the field', (body, message) => {
    expect(() => parseWebhookEnvelope(body)).toThrow(EnvelopeError);
    expect(() => parseWebhookEnvelope(body)).toThrow(message);
  });
});
