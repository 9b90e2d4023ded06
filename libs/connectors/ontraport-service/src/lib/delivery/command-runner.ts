import { Injectable, Logger } from '@nestjs/common';
import { OntraportCredentialsReply, RpcPatterns } from '@hub/messaging-contracts';
import { MessagePublisher } from '@hub/messaging-nest';
import { ClaimHold, ClaimLost, withClaimLease } from '@hub/persistence';
import { COMMAND_IN_PROGRESS, loadConfig, TransientError } from '@hub/platform';
import { whileHeld } from './held-claims';
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

  /**
   * @param effect gets `mayExist`: an earlier attempt may have reached ONTRAPORT before failing.
   * @returns the effect's result; `undefined` when this replica lost the claim (it stalled past its
   * lease and another replica took the command over): it stopped without further requests, and
   * the message is acked — the new holder carries on.
   */
  async once<T>(key: string, merchantId: string, attempt: number, effect: (mayExist: boolean) => Promise<T>): Promise<T | undefined> {
    const lease = this.ids.leaseMs;
    const claimedAt = Date.now();
    const claim = await this.ids.claim<T>(key, merchantId, lease);
    if (claim.state === 'done') {
      this.logger.log({ key }, 'already delivered; redelivery ignored');
      return claim.result;
    }
    if (claim.state === 'busy') throw new TransientError(COMMAND_IN_PROGRESS, `another replica is delivering ${key}`);
    // Every write of this holder carries the claim's token; every request of the effect checks the claim first.
    const hold = new ClaimHold(key, lease, () => this.ids.renew(key, claim.token, lease), claimedAt);
    try {
      // Held as long as this process works on it; if the process dies, the claim lapses within one lease.
      const result = await withClaimLease(lease, () => hold.renew(), () => whileHeld(hold, () => effect(claim.state === 'reclaimed' || attempt > 1)));
      if (!(await this.ids.markDelivered(key, claim.token, result ?? {}))) throw hold.lose();
      return result;
    } catch (err) {
      // A lock lost under the command (`exclusive`) is this command's failure: given back, retried.
      const released = err instanceof ClaimLost && hold.isLost ? false : await this.ids.release(key, claim.token);
      if (released === false) {
        this.logger.warn(
          { key, merchantId, stoppedBy: err instanceof Error ? err.message : String(err) },
          'claim lost: another replica took this command over after this one stalled past its lease; stopped without further ONTRAPORT requests, nothing written',
        );
        return undefined;
      }
      if ((err as { code?: string }).code === 'ONTRAPORT_AUTH') this.cached.delete(merchantId);
      throw err;
    }
  }

  /** A lock over several commands (e.g. every refund of one order), not a delivery: never marked done. */
  async exclusive<T>(lockKey: string, merchantId: string, work: () => Promise<T>): Promise<T> {
    const lease = this.ids.leaseMs;
    const claimedAt = Date.now();
    const claim = await this.ids.claim(lockKey, merchantId, lease);
    if (claim.state === 'busy' || claim.state === 'done') throw new TransientError(COMMAND_IN_PROGRESS, `${lockKey} is held by another delivery`);
    // Lost to another replica (this one stalled): the work's requests stop (ClaimLost, transient).
    const hold = new ClaimHold(lockKey, lease, () => this.ids.renew(lockKey, claim.token, lease), claimedAt);
    try {
      return await withClaimLease(lease, () => hold.renew(), () => whileHeld(hold, work));
    } finally {
      await this.ids.release(lockKey, claim.token);
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
