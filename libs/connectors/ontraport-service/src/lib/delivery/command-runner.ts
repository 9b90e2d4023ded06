import { Injectable, Logger } from '@nestjs/common';
import { OntraportCredentialsReply, RpcPatterns } from '@hub/messaging-contracts';
import { MessagePublisher } from '@hub/messaging-nest';
import { withClaimLease } from '@hub/persistence';
import { loadConfig, TransientError } from '@hub/platform';
import type { Credentials } from './ontraport-http.client';
import { OntraportConfig } from './ontraport.config';
import { OntraportIdsStore } from './ontraport-ids.store';

/**
 * Runs a command's effect once per idempotency key across replicas and redeliveries: claim the key
 * (a lease, renewed while the effect runs), run, store the result with the key; a redelivery of a done command returns the stored result and
 * calls nothing; a failure gives the claim back so the retry need not wait for it to expire.
 */
@Injectable()
export class CommandRunner {
  private readonly logger = new Logger(CommandRunner.name);
  private readonly cacheMs = loadConfig(OntraportConfig).ONTRAPORT_CREDENTIALS_CACHE_MS;
  private readonly cached = new Map<string, { creds: Promise<Credentials>; until: number }>();

  constructor(
    private readonly ids: OntraportIdsStore,
    private readonly publisher: MessagePublisher,
  ) {}

  /** @param effect gets `mayExist`: an earlier attempt may have reached ONTRAPORT before failing. */
  async once<T>(key: string, merchantId: string, attempt: number, effect: (mayExist: boolean) => Promise<T>): Promise<T> {
    const lease = this.ids.leaseMs;
    const claim = await this.ids.claim<T>(key, merchantId, lease);
    if (claim.state === 'done') {
      this.logger.log({ key }, 'already delivered; redelivery ignored');
      return claim.result;
    }
    if (claim.state === 'busy') throw new TransientError('COMMAND_IN_PROGRESS', `another replica is delivering ${key}`);
    try {
      // Held as long as this process works on it; if the process dies, the claim lapses within one lease.
      const result = await withClaimLease(lease, () => this.ids.renew(key, lease), () => effect(claim.state === 'reclaimed' || attempt > 1));
      await this.ids.markDelivered(key, result ?? {});
      return result;
    } catch (err) {
      await this.ids.release(key).catch(() => undefined);
      if ((err as { code?: string }).code === 'ONTRAPORT_AUTH') this.cached.delete(merchantId);
      throw err;
    }
  }

  /** A lock over several commands (e.g. every refund of one order), not a delivery: never marked done. */
  async exclusive<T>(lockKey: string, merchantId: string, work: () => Promise<T>): Promise<T> {
    const lease = this.ids.leaseMs;
    const claim = await this.ids.claim(lockKey, merchantId, lease);
    if (claim.state === 'busy' || claim.state === 'done') throw new TransientError('COMMAND_IN_PROGRESS', `${lockKey} is held by another delivery`);
    try {
      return await withClaimLease(lease, () => this.ids.renew(lockKey, lease), work);
    } finally {
      await this.ids.release(lockKey).catch(() => undefined);
    }
  }

  /** The merchant's App ID and key, from mapping (commands never carry them). */
  credentials(merchantId: string): Promise<Credentials> {
    const hit = this.cached.get(merchantId);
    if (hit && hit.until > Date.now()) return hit.creds;
    const creds = this.publisher.request<OntraportCredentialsReply>(RpcPatterns.mapping.ontraportCredentials, { merchantId });
    if (this.cacheMs > 0) {
      this.cached.set(merchantId, { creds, until: Date.now() + this.cacheMs });
      creds.catch(() => this.cached.delete(merchantId));
    }
    return creds;
  }

  result<T>(key: string): Promise<T | undefined> {
    return this.ids.result<T>(key);
  }
}
