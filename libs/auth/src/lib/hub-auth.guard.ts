import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { PrincipalRole } from '@hub/messaging-contracts';
import { ForbiddenError } from './auth.errors';
import { PUBLIC_KEY, ROLES_KEY } from './auth.metadata';
import { Principal, roleSatisfies } from './principal';
import { TokenAuthenticator } from './token-authenticator';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string | undefined>;
  query?: Record<string, unknown>;
  principal?: Principal;
}

/**
 * `Authorization: Bearer <token>` → `req.principal`, then two checks:
 * - the role, against `@Roles(...)` on the handler or controller;
 * - the tenant: a `merchantId` in the route parameters or the query string must be the token's
 *   own merchant (the operator may name any merchant where `@Roles('operator', …)` lets it in).
 * Failures are HubErrors (401 UNAUTHORIZED, 403 FORBIDDEN), mapped by the platform's filter.
 */
@Injectable()
export class HubAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: TokenAuthenticator,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<GuardedRequest>();
    const principal = await this.authenticator.authenticate(bearer(req.headers['authorization']));
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<PrincipalRole[] | undefined>(ROLES_KEY, targets);
    if (roles && !roleSatisfies(principal.role, roles)) {
      throw new ForbiddenError(`this needs the role ${roles.join(' or ')}; the token has ${principal.role}`);
    }
    if (!roles && principal.role === 'operator') throw new ForbiddenError('the operator token is not accepted here');
    const named = [req.params?.['merchantId'], req.query?.['merchantId']].filter((m): m is string => typeof m === 'string');
    if (principal.role !== 'operator' && named.some((m) => m !== principal.merchantId)) {
      throw new ForbiddenError("this token belongs to another merchant");
    }
    return true;
  }
}

function bearer(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return m?.[1];
}
