import type { AuthenticateTokenReply, PrincipalRole } from '@hub/messaging-contracts';

/** Who is calling, as the guard established it; attached to the request as `req.principal`. */
export type Principal = AuthenticateTokenReply;

/** `admin` covers `support`; `operator` covers only itself. */
export function roleSatisfies(actual: PrincipalRole, allowed: readonly PrincipalRole[]): boolean {
  return allowed.includes(actual) || (actual === 'admin' && allowed.includes('support'));
}
