import { AuthenticateTokenReply, RpcPatterns } from '@hub/messaging-contracts';
import { ErrorKind } from '@hub/platform';
import { MappingHarness, OPERATOR_TOKEN } from './mapping-harness';

describe('mapping: merchants, tokens and roles', () => {
  let h: MappingHarness;
  let m1: { admin: string; support: string };
  let m2: { admin: string; support: string };

  beforeAll(async () => {
    h = await MappingHarness.start('mapping-access');
    m1 = await h.merchant('M1');
    m2 = await h.merchant('M2');
  }, 30_000);

  afterAll(() => h?.close());

  it('answers rpc.mapping.authenticate-token.v1 with the merchant and role, or UNAUTHORIZED', async () => {
    await expect(h.publisher.request<AuthenticateTokenReply>(RpcPatterns.mapping.authenticateToken, { token: m1.support })).resolves.toMatchObject({
      merchantId: 'M1',
      role: 'support',
    });
    await expect(h.publisher.request(RpcPatterns.mapping.authenticateToken, { token: OPERATOR_TOKEN })).resolves.toEqual({
      tokenId: 'operator',
      role: 'operator',
      merchantId: null,
    });
    await expect(h.publisher.request(RpcPatterns.mapping.authenticateToken, { token: 'hubt_' + 'x'.repeat(43) })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      kind: ErrorKind.Unauthorized,
    });
    await expect(h.publisher.request(RpcPatterns.mapping.authenticateToken, { token: '' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('stores only a digest of each token', async () => {
    const rows = await h.schema.query<{ digest: Buffer; hint: string }>(`SELECT token_digest AS digest, hint FROM api_tokens`);
    expect(rows.length).toBe(4);
    const stored = JSON.stringify(rows);
    for (const t of [m1.admin, m1.support, m2.admin]) expect(stored).not.toContain(t.slice(5));
    const listed = await h.http<{ items: { hint: string }[] }>('GET', '/merchants/M1/tokens', m1.admin);
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(m1.admin.slice(5));
    expect(listed.body.items.map((i) => i.hint)).toContain(`…${m1.admin.slice(-4)}`);
  });

  it('lets only the operator create merchants', async () => {
    expect((await h.http('POST', '/merchants', m1.admin, { merchantId: 'M3', name: 'x' })).status).toBe(403);
    expect((await h.http('POST', '/merchants', undefined, { merchantId: 'M3', name: 'x' })).status).toBe(401);
    expect((await h.http('POST', '/merchants', OPERATOR_TOKEN, { merchantId: 'M1', name: 'again' })).status).toBe(409);
    const bad = await h.http<{ fields: { field: string }[] }>('POST', '/merchants', OPERATOR_TOKEN, { merchantId: 'no spaces', name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f) => f.field).sort()).toEqual(['merchantId', 'name']);
  });

  it('lists merchants to the operator only; a merchant’s own tokens read their merchant', async () => {
    const all = await h.http<{ items: { merchantId: string }[] }>('GET', '/merchants', OPERATOR_TOKEN);
    expect(all.body.items.map((m) => m.merchantId)).toEqual(['M1', 'M2']);
    expect((await h.http('GET', '/merchants', m1.admin)).status).toBe(403);
    expect((await h.http('GET', '/merchants/M1', m1.support)).body).toMatchObject({ merchantId: 'M1', name: 'M1 Inc.' });
    expect((await h.http('GET', '/merchants/M2', m1.support)).status).toBe(403);
    expect((await h.http('GET', '/merchants/NOPE', OPERATOR_TOKEN)).status).toBe(404);
  });

  it('keeps tokens to their own merchant, and support tokens to reading', async () => {
    expect((await h.http('GET', '/merchants/M2/tokens', m1.admin)).status).toBe(403);
    expect((await h.http('POST', '/merchants/M2/tokens', m1.admin, { role: 'admin', label: 'intruder' })).status).toBe(403);
    expect((await h.http('POST', '/merchants/M1/tokens', m1.support, { role: 'admin', label: 'escalation' })).status).toBe(403);
    const m2Tokens = await h.http<{ items: { tokenId: string }[] }>('GET', '/merchants/M2/tokens', m2.admin);
    expect((await h.http('DELETE', `/merchants/M1/tokens/${m2Tokens.body.items[0].tokenId}`, m1.admin)).status).toBe(404);
  });

  it('refuses a revoked token at once (no cache in this suite)', async () => {
    const issued = await h.http<{ token: string; tokenId: string }>('POST', '/merchants/M1/tokens', m1.admin, { role: 'support', label: 'temp' });
    expect((await h.http('GET', '/merchants/M1/tokens', issued.body.token)).status).toBe(403); // support cannot list tokens
    expect((await h.http('DELETE', `/merchants/M1/tokens/${issued.body.tokenId}`, m1.admin)).status).toBe(204);
    expect((await h.http('GET', '/merchants/M1/tokens', issued.body.token)).status).toBe(401);
  });

  describe('with the token cache on (as in production)', () => {
    let cached: MappingHarness;

    beforeAll(async () => {
      cached = await MappingHarness.start('mapping-access-cache', { auth: { AUTH_CACHE_SECONDS: 60 } });
    }, 30_000);

    afterAll(() => cached?.close());

    it('stops accepting a revoked token on mapping’s own API at once', async () => {
      const m = await cached.merchant('C1');
      const issued = await cached.http<{ token: string; tokenId: string }>('POST', '/merchants/C1/tokens', m.admin, { role: 'support', label: 'temp' });
      expect((await cached.http('GET', '/merchants/C1/config', issued.body.token)).status).toBe(200); // now cached
      expect((await cached.http('DELETE', `/merchants/C1/tokens/${issued.body.tokenId}`, m.admin)).status).toBe(204);
      expect((await cached.http('GET', '/merchants/C1/config', issued.body.token)).status).toBe(401);
    });
  });
});
