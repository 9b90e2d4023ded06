import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ForbiddenError } from './auth.errors';
import type { Principal } from './principal';

function principalOf(ctx: ExecutionContext): Principal | undefined {
  return ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
}

/** The authenticated principal (token id, role, merchant). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => principalOf(ctx));

/**
 * The merchant the caller's token belongs to. Handlers scope every query by it, so a token can
 * never reach another merchant's data; the operator (no merchant) is refused here.
 */
export const CurrentMerchant = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const merchantId = principalOf(ctx)?.merchantId;
  if (!merchantId) throw new ForbiddenError('this endpoint needs a merchant token');
  return merchantId;
});
