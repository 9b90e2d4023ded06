import { SetMetadata } from '@nestjs/common';
import type { PrincipalRole } from '@hub/messaging-contracts';

export const ROLES_KEY = 'hub:auth:roles';
export const PUBLIC_KEY = 'hub:auth:public';

/**
 * Who may call this handler (or every handler of the controller). `admin` also passes where
 * `support` is asked (an admin may read what support reads); `operator` passes only where listed.
 * Without `@Roles`, any authenticated principal of the merchant passes.
 */
export const Roles = (...roles: PrincipalRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** The guard lets this handler through without a token (health probes, the cart's own webhooks). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);
