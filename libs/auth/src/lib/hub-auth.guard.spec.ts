import { Controller, ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticateTokenReply } from '@hub/messaging-contracts';
import { Public, Roles } from './auth.metadata';
import { HubAuthGuard } from './hub-auth.guard';
import { TokenAuthenticator } from './token-authenticator';

@Controller()
class SampleController {
  @Get() @Roles('support')
  read(): void {
    return;
  }

  @Get() @Roles('admin')
  change(): void {
    return;
  }

  @Get() @Roles('operator')
  operate(): void {
    return;
  }

  @Get()
  anyone(): void {
    return;
  }

  @Get() @Public()
  open(): void {
    return;
  }
}

const TOKENS: Record<string, AuthenticateTokenReply> = {
  admin1: { tokenId: 'a1', role: 'admin', merchantId: 'M1' },
  support1: { tokenId: 's1', role: 'support', merchantId: 'M1' },
  op: { tokenId: 'operator', role: 'operator', merchantId: null },
};

const authenticator = {
  authenticate: async (token?: string) => {
    const p = token ? TOKENS[token] : undefined;
    if (!p) throw Object.assign(new Error('nope'), { code: 'UNAUTHORIZED' });
    return p;
  },
} as unknown as TokenAuthenticator;

const guard = new HubAuthGuard(new Reflector(), authenticator);

function call(handler: keyof SampleController, token: string | undefined, params: Record<string, string> = {}, query: Record<string, string> = {}) {
  const req = { headers: token ? { authorization: `Bearer ${token}` } : {}, params, query } as Record<string, unknown>;
  const ctx = {
    getHandler: () => SampleController.prototype[handler],
    getClass: () => SampleController,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  return { result: guard.canActivate(ctx), req };
}

describe('HubAuthGuard', () => {
  it('lets support read and refuses it a change; admin does both', async () => {
    await expect(call('read', 'support1').result).resolves.toBe(true);
    await expect(call('change', 'support1').result).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(call('read', 'admin1').result).resolves.toBe(true);
    await expect(call('change', 'admin1').result).resolves.toBe(true);
  });

  it('attaches the principal to the request', async () => {
    const { result, req } = call('anyone', 'admin1');
    await result;
    expect(req['principal']).toEqual(TOKENS['admin1']);
  });

  it('refuses another merchant named in the route or the query string', async () => {
    await expect(call('read', 'admin1', { merchantId: 'M1' }).result).resolves.toBe(true);
    await expect(call('read', 'admin1', { merchantId: 'M2' }).result).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(call('read', 'support1', {}, { merchantId: 'M2' }).result).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets the operator in only where @Roles names it, for any merchant', async () => {
    await expect(call('operate', 'op', { merchantId: 'M9' }).result).resolves.toBe(true);
    await expect(call('anyone', 'op').result).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(call('change', 'op').result).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(call('operate', 'admin1').result).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('needs a token except on @Public handlers', async () => {
    await expect(call('anyone', undefined).result).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(call('open', undefined).result).resolves.toBe(true);
  });
});
