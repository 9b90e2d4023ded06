import { Injectable, Logger } from '@nestjs/common';
import {
  CascadeRefused,
  resolveEndpoint,
  type CascadePort,
  type CascadeProgress,
  type CascadeResult,
  type Endpoint,
} from '@hub/infusionsoft-core';
import { InfusionsoftCommandBase, InfusionsoftCredentialsReply, RpcPatterns } from '@hub/messaging-contracts';
import { AmqpConfig, MessagePublisher } from '@hub/messaging-nest';
import { ClaimHold, ClaimLost, withClaimLease } from '@hub/persistence';
import { COMMAND_IN_PROGRESS, HubError, isRetryable, loadConfig, outageOf, PermanentError, TransientError } from '@hub/platform';
import { type Claim, DeliveryStore } from './delivery.store';
import { ErrorMailService } from './error-mail.service';
import { InfusionsoftConfig } from './infusionsoft.config';
import { InfusionsoftXmlRpcClient, type CallContext } from './xml-rpc.client';

/** Longer than a find-or-create takes (two calls with 30 s timeouts). */
const NAME_CLAIM_TTL_MS = 90_000;
/** What Infusionsoft answers when the credentials (or the app name) are no longer good. */
const REFUSED_CREDENTIALS = new Set(['INFUSIONSOFT_UNAUTHORIZED', 'INFUSIONSOFT_FAULT_INVALID_KEY', 'INFUSIONSOFT_UNKNOWN_APP']);


export interface CommandMeta {
  routingKey: string;
  /** Transmission type and what the error mail calls it. */
  type: string;
  what: string;
  orderId?: string;
  customerEmail?: string;
  attempt: number;
}

export type Cascade = (port: CascadePort, ids: { jobIdOf(orderKey: string): Promise<number | undefined> }) => Promise<CascadeResult>;

/**
 * Delivers one `crm.infusionsoft.*` command effectively once: claims its idempotency key, fetches
 * the merchant's credentials from mapping, runs the cascade (progress saved where a crash must not
 * lose it, see `CascadePort.saveProgress`), and marks it delivered with its progress. A failure that parks (permanent, or the last attempt) mails the
 * merchant's editors, throttled.
 */
@Injectable()
export class CommandService {
  private readonly logger = new Logger(CommandService.name);
  private readonly maxAttempts = loadConfig(AmqpConfig).AMQP_RETRY_MAX_ATTEMPTS;
  private readonly leaseMs = loadConfig(InfusionsoftConfig).INFUSIONSOFT_CLAIM_LEASE_MS;
  private readonly credentialsCacheMs = loadConfig(InfusionsoftConfig).INFUSIONSOFT_CREDENTIALS_CACHE_MS;
  private readonly cachedCredentials = new Map<string, { reply: Promise<InfusionsoftCredentialsReply>; until: number }>();

  constructor(
    private readonly client: InfusionsoftXmlRpcClient,
    private readonly store: DeliveryStore,
    private readonly publisher: MessagePublisher,
    private readonly mail: ErrorMailService,
  ) {}

  async deliver(cmd: InfusionsoftCommandBase, meta: CommandMeta, cascade: Cascade): Promise<CascadeProgress> {
    const claimedAt = Date.now();
    const claim = await this.store.claim(cmd.idempotencyKey, cmd.merchantId, meta.routingKey, this.leaseMs);
    if (claim.state === 'done') {
      this.logger.log({ key: cmd.idempotencyKey, orderId: meta.orderId }, 'already delivered; redelivery ignored');
      return claim.progress;
    }
    if (claim.state === 'busy') throw new TransientError(COMMAND_IN_PROGRESS, `another replica is delivering ${cmd.idempotencyKey}`);
    // Held as long as this process works on it; if the process dies, the claim lapses within one lease.
    // Every write of this holder carries the claim's token: once another replica has taken the
    // command over (this one stalled past its lease), they change nothing and this one stops.
    const hold = new ClaimHold(cmd.idempotencyKey, this.leaseMs, () => this.store.renew(cmd.idempotencyKey, claim.token, this.leaseMs), claimedAt);
    return withClaimLease(this.leaseMs, () => hold.renew(), () => this.run(cmd, meta, cascade, claim, hold));
  }

  private async run(
    cmd: InfusionsoftCommandBase,
    meta: CommandMeta,
    cascade: Cascade,
    claim: Extract<Claim, { state: 'claimed' }>,
    hold: ClaimHold,
  ): Promise<CascadeProgress> {
    let reply: InfusionsoftCredentialsReply | undefined;
    let fromCache = false;
    const pendingRecords: Array<Promise<unknown>> = [];
    try {
      const credentials = this.credentials(cmd.merchantId);
      fromCache = credentials.fromCache;
      reply = await credentials.reply;
      const endpoint = resolveEndpoint(reply.credentials, this.client.defaults);
      const port = this.port(cmd, meta, endpoint, claim.progress, claim.attempts > 1, { hold, token: claim.token }, { callsPerSecond: reply.callsPerSecond, pendingRecords });
      const result = await cascade(port, { jobIdOf: (key) => this.store.jobIdOf(key) });
      // Not acked before every transmission record of it is confirmed by the broker.
      await Promise.all(pendingRecords);
      if (!(await this.store.markDelivered(cmd.idempotencyKey, claim.token, result))) throw hold.lose();
      return result;
    } catch (raw) {
      await Promise.allSettled(pendingRecords);
      // What this attempt did is written with the claim given back: the retry goes on from there.
      // Unless the claim is no longer ours (false): the replica that took it over carries on from
      // its own progress, and this message is acked — not retried, parked or mailed as a failure.
      const released = raw instanceof ClaimLost && hold.isLost ? false : await this.store.release(cmd.idempotencyKey, claim.token, claim.progress);
      if (released === false) {
        this.logger.warn(
          { merchantId: cmd.merchantId, orderId: meta.orderId, key: cmd.idempotencyKey, progress: claim.progress, stoppedBy: raw instanceof Error ? raw.message : String(raw) },
          'claim lost: another replica took this command over after this one stalled past its lease; stopped without further Infusionsoft calls, nothing written',
        );
        return claim.progress;
      }
      let err = raw instanceof CascadeRefused ? new PermanentError(raw.code, raw.message) : raw;
      if (err instanceof HubError && REFUSED_CREDENTIALS.has(err.code)) {
        this.cachedCredentials.delete(cmd.merchantId);
        // Remembered credentials may have been replaced since: the next attempt asks mapping again, and parks only if those are refused too.
        if (fromCache) err = new TransientError(err.code, `${err.message} (with credentials remembered for up to ${this.credentialsCacheMs} ms: trying again with the current ones)`);
      }
      // Mailed when this failure parks the command. An outage of the hub (mapping not answering, a
      // database out) is retried without using an attempt, however many were used: not a failure of
      // the merchant's replication, and no mail, even on the last attempt.
      if (!outageOf(err) && (!isRetryable(err) || meta.attempt >= this.maxAttempts)) await this.mailFailure(cmd, meta, reply, err);
      throw err;
    }
  }

  /** The merchant's credentials from mapping, reused for INFUSIONSOFT_CREDENTIALS_CACHE_MS: one RPC per merchant, not per command. */
  private credentials(merchantId: string): { reply: Promise<InfusionsoftCredentialsReply>; fromCache: boolean } {
    const hit = this.cachedCredentials.get(merchantId);
    if (hit && hit.until > Date.now()) return { reply: hit.reply, fromCache: true };
    const reply = this.publisher.request<InfusionsoftCredentialsReply>(RpcPatterns.mapping.infusionsoftCredentials, { merchantId });
    if (this.credentialsCacheMs > 0) {
      this.cachedCredentials.set(merchantId, { reply, until: Date.now() + this.credentialsCacheMs });
      reply.catch(() => this.cachedCredentials.delete(merchantId));
    }
    return { reply, fromCache: false };
  }

  private port(
    cmd: InfusionsoftCommandBase,
    meta: CommandMeta,
    endpoint: Endpoint,
    progress: CascadeProgress,
    mayRepeat: boolean,
    owner: { hold: ClaimHold; token: string },
    extra: Pick<CallContext, 'callsPerSecond' | 'pendingRecords'>,
  ): CascadePort {
    const beforeSend = () => owner.hold.ensure();
    const ctx = (description: string): CallContext => ({ ...meta, merchantId: cmd.merchantId, description, beforeSend, ...extra });
    const logger = this.logger;
    const store = this.store;
    return {
      progress,
      mayRepeat,
      call: (method, params, what) => this.client.call(endpoint, method, params, ctx(what)),
      saveProgress: async () => {
        if (!(await store.saveProgress(cmd.idempotencyKey, owner.token, progress))) throw owner.hold.lose();
      },
      rememberedId: (kind, name) => store.rememberedId(endpoint.rateKey, kind, name),
      rememberId: (kind, name, id) => store.rememberId(endpoint.rateKey, kind, name, id),
      forgetId: (kind, name) => store.forgetId(endpoint.rateKey, kind, name),
      exclusive: (key, work) => this.exclusive(`${endpoint.rateKey}:${key}`, work),
      warn: (message, fields) => logger.warn({ merchantId: cmd.merchantId, orderId: meta.orderId, key: cmd.idempotencyKey, ...fields }, message),
    };
  }

  private readonly inFlight = new Map<string, Promise<unknown>>();

  /**
   * One `work` per key at a time: in this process, later callers wait for the one before; across
   * replicas, a claim row in PostgreSQL (the work re-reads what the other replica remembered).
   */
  private async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.inFlight.get(key) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(() => this.acrossReplicas(key, work));
    this.inFlight.set(key, mine);
    try {
      return await mine;
    } finally {
      if (this.inFlight.get(key) === mine) this.inFlight.delete(key);
    }
  }

  private async acrossReplicas<T>(key: string, work: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + NAME_CLAIM_TTL_MS;
    // Past the deadline the other holder is presumed dead: its claim has expired and is taken over.
    let token: string | undefined;
    while (!(token = await this.store.claimName(key, NAME_CLAIM_TTL_MS)) && Date.now() < deadline + 1_000) {
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      return await work();
    } finally {
      // Only a claim this replica still holds: not the one of a replica that took it over.
      if (token) await this.store.releaseName(key, token);
    }
  }

  private async mailFailure(cmd: InfusionsoftCommandBase, meta: CommandMeta, reply: InfusionsoftCredentialsReply | undefined, err: unknown): Promise<void> {
    const reason = err instanceof HubError || err instanceof Error ? err.message : String(err);
    const outcome = await this.mail
      .notify({ merchantId: cmd.merchantId, recipients: reply?.notifyEmails ?? [], what: meta.what, orderId: meta.orderId, reason })
      .catch((e: Error) => `failed: ${e.message}`);
    this.logger.warn({ merchantId: cmd.merchantId, orderId: meta.orderId, key: cmd.idempotencyKey, mail: outcome }, `replication failed: ${reason}`);
  }
}
