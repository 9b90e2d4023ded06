import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { MessagePublisher } from '@hub/messaging-nest';
import { ORDER_IMPORT_CONFIG, OrderImportConfig } from '../order-import.config';

/** Longer than a publish may take (AMQP_PUBLISH_TIMEOUT_MS), so a live relay always marks its rows first. */
const LEASE_SECONDS = 60;

const relayed = new Counter({ name: 'hub_outbox_published_total', help: 'Outbox rows published with the broker confirm, by outcome', labelNames: ['outcome'] });

interface OutboxRow {
  id: string;
  routing_key: string;
  message_id: string;
  correlation_id: string | null;
  payload: string;
}

/**
 * Publishes the outbox: rows are claimed with a lease (`FOR UPDATE SKIP LOCKED`, so replicas share
 * the work and never publish one row at once), published with the broker's confirm, then marked.
 * A crash between the confirm and the mark republishes the row with the same message id once the
 * lease ends — at least once, never lost. Woken after each commit (gathering concurrent commits for
 * a few milliseconds); polls for what a crashed replica left.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private sleepWakeable = false;
  private pending = false;
  private lastPurge = 0;

  constructor(
    private readonly db: DataSource,
    private readonly publisher: MessagePublisher,
    @Inject(ORDER_IMPORT_CONFIG) private readonly config: OrderImportConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Something was committed: publish it now rather than at the next poll. */
  wake(): void {
    this.pending = true;
    // A backoff after a failure is not cut short by new work, only by shutdown.
    if (this.sleepWakeable || !this.running) this.wakeUp?.();
  }

  /** One pass: claims up to a batch, publishes it, marks it; returns how many rows were published (-1: some failed). */
  async publishBatch(): Promise<number> {
    // Claimed with a lease, not locked by an open transaction: other replicas skip these rows, and
    // if this process dies before marking them, they are published again once the lease ends.
    // TypeORM answers an UPDATE … RETURNING as [rows, affected].
    const [claimed]: [OutboxRow[], number] = await this.db.query(
      `UPDATE outbox SET claimed_until = now() + make_interval(secs => $2)
       WHERE id IN (SELECT id FROM outbox WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                    ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, routing_key, message_id, correlation_id, payload`,
      [this.config.OUTBOX_BATCH_SIZE, LEASE_SECONDS],
    );
    if (!claimed.length) return 0;
    const rows = claimed.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const results = await Promise.allSettled(
      rows.map((r) => this.publisher.publishSerialized(r.routing_key, Buffer.from(r.payload), { messageId: r.message_id, correlationId: r.correlation_id ?? undefined })),
    );
    const done = rows.filter((_, i) => results[i].status === 'fulfilled').map((r) => r.id);
    const failed = rows.filter((_, i) => results[i].status === 'rejected').map((r) => r.id);
    relayed.inc({ outcome: 'confirmed' }, done.length);
    if (failed.length) {
      relayed.inc({ outcome: 'failed' }, failed.length);
      const first = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      this.logger.warn({ failed: failed.length, err: (first.reason as Error).message }, 'outbox rows not confirmed; kept for the next pass');
    }
    // Marked published, or released for the next pass — one statement either way.
    await this.db.query(
      `UPDATE outbox SET published_at = CASE WHEN id = ANY($1::bigint[]) THEN now() END, claimed_until = NULL WHERE id = ANY($1::bigint[] || $2::bigint[])`,
      [done, failed],
    );
    return failed.length ? -1 : done.length;
  }

  private async run(): Promise<void> {
    let backoffMs = 0;
    while (this.running) {
      this.pending = false;
      let published = 0;
      try {
        published = await this.publishBatch();
        backoffMs = published < 0 ? Math.min(Math.max(backoffMs * 2, 250), 10_000) : 0;
        await this.purge();
      } catch (err) {
        backoffMs = Math.min(Math.max(backoffMs * 2, 250), 10_000);
        this.logger.warn({ err: (err as Error).message }, 'outbox relay pass failed');
      }
      if (!this.running) break;
      if (backoffMs) await this.sleep(backoffMs, false);
      else if (published < this.config.OUTBOX_BATCH_SIZE && !this.pending) {
        // Woken by a commit: let the commits of concurrent requests join the same pass.
        if ((await this.sleep(this.config.OUTBOX_POLL_MS, true)) && this.running) await this.sleep(this.config.OUTBOX_GATHER_MS, false);
      }
    }
  }

  /** Resolves true when woken before the time was up. */
  private async sleep(ms: number, wakeable: boolean): Promise<boolean> {
    this.sleepWakeable = wakeable;
    const woken = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    this.wakeUp = undefined;
    return woken;
  }

  private async purge(): Promise<void> {
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    await this.db.query(`DELETE FROM outbox WHERE published_at < now() - make_interval(hours => $1)`, [this.config.OUTBOX_RETENTION_HOURS]);
  }
}
