import { createHash } from 'node:crypto';
import { AuthenticateTokenReply, RpcPatterns } from '@hub/messaging-contracts';
import { ErrorKind, HubError, UnauthorizedError } from '@hub/platform';

/** The one call the authenticator needs (MessagePublisher has it). */
export interface RpcRequester {
  request<T>(pattern: string, payload: unknown, options?: { timeoutMs?: number }): Promise<T>;
}

export interface TokenAuthenticatorOptions {
  /** How long an accepted token is trusted without asking mapping again (revocation delay). */
  cacheMs: number;
  /** Bound on cached tokens, so many distinct tokens cannot grow memory without limit. */
  maxEntries: number;
  rpcTimeoutMs?: number;
}

interface Cached {
  reply: AuthenticateTokenReply;
  expiresAt: number;
}

/**
 * Asks mapping who owns a bearer token (`rpc.mapping.authenticate-token.v1`) and remembers the
 * answer briefly. The cache is keyed by the token's SHA-256, never by the token itself, and
 * only successes are cached: a revoked token stops working within `cacheMs`.
 */
export class TokenAuthenticator {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly rpc: RpcRequester,
    private readonly options: TokenAuthenticatorOptions,
    private readonly now: () => number = Date.now,
  ) {}

  async authenticate(token: string | undefined): Promise<AuthenticateTokenReply> {
    if (!token) throw new UnauthorizedError('a bearer token is required');
    const key = createHash('sha256').update(token, 'utf8').digest('base64');
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.reply;
    this.cache.delete(key);
    let reply: AuthenticateTokenReply;
    try {
      reply = await this.rpc.request<AuthenticateTokenReply>(RpcPatterns.mapping.authenticateToken, { token }, { timeoutMs: this.options.rpcTimeoutMs });
    } catch (err) {
      if (err instanceof HubError && (err.kind === ErrorKind.Unauthorized || err.kind === ErrorKind.Invalid)) throw new UnauthorizedError('invalid or revoked token');
      throw err;
    }
    if (this.options.cacheMs > 0) {
      if (this.cache.size >= this.options.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, { reply, expiresAt: this.now() + this.options.cacheMs });
    }
    return reply;
  }

  /** Forget every cached answer (after revoking tokens in this process, say). */
  clear(): void {
    this.cache.clear();
  }
}
