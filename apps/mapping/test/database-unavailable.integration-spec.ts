import { AuthenticateTokenReply, RpcPatterns } from '@hub/messaging-contracts';
import { ErrorKind } from '@hub/platform';
import { LimitedRole, waitFor } from '@hub/testing';
import { MappingHarness } from './mapping-harness';

const LIMIT = 3;

/**
 * mapping's database unreachable while it answers an RPC — its role's CONNECTION LIMIT set to 0 and
 * its connections closed, so PostgreSQL refuses it with SQLSTATE 53300 — is answered `unavailable`,
 * and a caller's HTTP API answers 503 with Retry-After (it was INTERNAL → 502). The caller here is
 * mapping's own API, whose guard asks `rpc.mapping.authenticate-token.v1` over the broker exactly as
 * every other service's does. A real role with a real limit, no mocks.
 */
describe('mapping: its database unreachable while answering RPCs, over the real RabbitMQ and PostgreSQL', () => {
  let role: LimitedRole;
  let h: MappingHarness;
  let m1: { admin: string; support: string };

  const tokens = (token: string) => fetch(`${h.base}/merchants/M1/tokens`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    role = await LimitedRole.create('mapconnlimit', LIMIT);
    h = await MappingHarness.start(
      'mapping-dbdown',
      {},
      {
        database: { DATABASE_URL: role.url, DATABASE_POOL_SIZE: 2 },
        beforeBoot: (harness) => role.grantSchema(harness.schema.schema),
      },
    );
    m1 = await h.merchant('M1');
  }, 60_000);

  afterAll(async () => {
    await role?.restore().catch(() => undefined);
    await h?.close();
    await role?.drop();
  });

  it('answers the token RPC unavailable, and the caller answers 503 DATABASE_UNAVAILABLE with Retry-After, until the database is back', async () => {
    expect((await tokens(m1.admin)).status).toBe(200);

    await role.cutOff();

    // The RPC itself: unavailable, not INTERNAL/transient.
    const err = await waitFor(
      () => h.publisher.request(RpcPatterns.mapping.authenticateToken, { token: m1.admin }).then(() => undefined, (e: unknown) => e as { code?: string }),
      { what: 'the token RPC refused' },
    );
    expect(err).toMatchObject({ code: 'DATABASE_UNAVAILABLE', kind: ErrorKind.Unavailable });

    // The caller's HTTP API: its guard gets that answer and the error filter makes it a 503.
    const res = await tokens(m1.admin);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toEqual({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'The database is not available; retry later' });

    await role.restore();
    await waitFor(async () => (await tokens(m1.admin)).status === 200, { what: 'the API back once the role may connect', timeoutMs: 20_000 });
    await expect(h.publisher.request<AuthenticateTokenReply>(RpcPatterns.mapping.authenticateToken, { token: m1.admin })).resolves.toMatchObject({ merchantId: 'M1', role: 'admin' });
  }, 60_000);
});
