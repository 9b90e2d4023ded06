import { waitFor } from '@hub/testing';
import { AuditHarness } from './audit-harness';

/**
 * mapping out while support calls the transmission API, whose guard asks mapping who owns the token
 * (rpc.mapping.authenticate-token.v1): the hub's own service is out, so the API answers 503 with
 * Retry-After — RPC_TIMEOUT while mapping is stopped (its request queue outlives it), NO_RESPONDER
 * once that queue is gone too — never 502, and 200 again once mapping is back. Over the real
 * RabbitMQ and PostgreSQL.
 */
describe('audit-log: mapping out while the transmission API is called', () => {
  let h: AuditHarness;

  beforeAll(async () => {
    h = await AuditHarness.start('mapout', {}, { amqp: { AMQP_RPC_TIMEOUT_MS: 500 } });
  }, 60_000);

  afterAll(() => h?.stop());

  it('answers 503 with Retry-After while mapping is stopped, then gone, and 200 once it is back', async () => {
    // Tokens nobody has used yet in this process: none is answered from the guard's cache.
    expect((await h.get('/transmissions?orderId=X', 'support-m1')).status).toBe(200);
    await h.stopMapping();

    const stopped = await h.get('/transmissions?orderId=X', 'support-m2');
    expect(stopped.status).toBe(503);
    expect(stopped.body).toEqual({ statusCode: 503, code: 'RPC_TIMEOUT', message: 'no answer to rpc.mapping.authenticate-token.v1 within 500 ms' });
    expect(stopped.headers.get('retry-after')).toBe('5');

    await h.deleteMappingQueue();
    const gone = await h.get('/transmissions?orderId=X', 'support-m2');
    expect(gone.status).toBe(503);
    expect(gone.body).toMatchObject({ statusCode: 503, code: 'NO_RESPONDER' });
    expect(gone.headers.get('retry-after')).toBe('5');

    await h.startMapping();
    await waitFor(async () => (await h.get('/transmissions?orderId=X', 'support-m2')).status === 200, { what: '200 once mapping is back' });
  }, 60_000);
});
