import { ErrorKind, HubError, TransientError } from '@hub/platform';
import { RpcRequester, TokenAuthenticator } from './token-authenticator';

const ADMIN = { tokenId: 't1', role: 'admin' as const, merchantId: 'M1' };

function requester(answer: (token: string) => unknown): RpcRequester & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    request: async <T>(_pattern: string, payload: unknown) => {
      const token = (payload as { token: string }).token;
      calls.push(token);
      const a = answer(token);
      if (a instanceof Error) throw a;
      return a as T;
    },
  };
}

describe('TokenAuthenticator', () => {
  it('asks mapping once per token within the cache time, and again after it', async () => {
    let now = 0;
    const rpc = requester(() => ADMIN);
    const auth = new TokenAuthenticator(rpc, { cacheMs: 1000, maxEntries: 10 }, () => now);
    await expect(auth.authenticate('tok')).resolves.toEqual(ADMIN);
    now = 999;
    await auth.authenticate('tok');
    expect(rpc.calls).toEqual(['tok']);
    now = 1000;
    await auth.authenticate('tok');
    expect(rpc.calls).toHaveLength(2);
  });

  it('turns mapping’s refusal into UNAUTHORIZED and does not remember it', async () => {
    const rpc = requester(() => new HubError('UNAUTHORIZED', 'nope', ErrorKind.Unauthorized));
    const auth = new TokenAuthenticator(rpc, { cacheMs: 60_000, maxEntries: 10 });
    await expect(auth.authenticate('bad')).rejects.toMatchObject({ code: 'UNAUTHORIZED', kind: ErrorKind.Unauthorized });
    await expect(auth.authenticate('bad')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(rpc.calls).toHaveLength(2);
  });

  it('refuses a missing token without asking anyone', async () => {
    const rpc = requester(() => ADMIN);
    await expect(new TokenAuthenticator(rpc, { cacheMs: 1000, maxEntries: 10 }).authenticate(undefined)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(rpc.calls).toHaveLength(0);
  });

  it('passes an outage on as it is (503/502, not 401)', async () => {
    const rpc = requester(() => new TransientError('RPC_TIMEOUT', 'no answer'));
    await expect(new TokenAuthenticator(rpc, { cacheMs: 1000, maxEntries: 10 }).authenticate('tok')).rejects.toMatchObject({ code: 'RPC_TIMEOUT' });
  });

  it('keeps at most maxEntries tokens', async () => {
    const rpc = requester((t) => ({ ...ADMIN, tokenId: t }));
    const auth = new TokenAuthenticator(rpc, { cacheMs: 60_000, maxEntries: 2 });
    for (const t of ['a', 'b', 'c']) await auth.authenticate(t);
    await auth.authenticate('a');
    expect(rpc.calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
