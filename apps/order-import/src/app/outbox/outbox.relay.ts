import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { MessagePublisher } from '@hub/messaging-nest';
import { ORDER_IMPORT_CONFIG, OrderImportConfig } from '../order-import.config';

const relayed = new Counter({ name: 'hub_outbox_published_total', help: 'Outbox rows published with the broker confirm, by outcome', labelNames: ['outcome'] });

interface OutboxRow {
  id: string;
  routing_key: string;
  message_id: string;
  correlation_id: string | null;
  payload: string;
}

/**
 * Publishes the outbox: rows are locked (`FOR UPDATE SKIP LOCKED`, so replicas share the work and
 * never publish one row at once), published with the broker's confirm, and marked in the same
 * transaction. A crash between the confirm and the mark republishes the row with the same message
 * id — at least once, never lost. Woken after each commit; polls for what a crashed replica left.
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

  /** One pass: publishes up to a batch; returns how many rows were published. */
  async publishBatch(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows: OutboxRow[] = await tx.query(
        `SELECT id, routing_key, message_id, correlation_id, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.config.OUTBOX_BATCH_SIZE],
      );
      if (!rows.length) return 0;
      const results = await Promise.allSettled(
        rows.map((r) => this.publisher.publishSerialized(r.routing_key, Buffer.from(r.payload), { messageId: r.message_id, correlationId: r.correlation_id ?? undefined })),
      );
      const done = rows.filter((_, i) => results[i].status === 'fulfilled').map((r) => r.id);
      relayed.inc({ outcome: 'confirmed' }, done.length);
      if (done.length < rows.length) {
        relayed.inc({ outcome: 'failed' }, rows.length - done.length);
        const first = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        this.logger.warn({ failed: rows.length - done.length, err: (first.reason as Error).message }, 'outbox rows not confirmed; kept for the next pass');
      }
      if (done.length) await tx.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [done]);
      return done.length < rows.length ? -1 : done.length;
    });
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
      else if (published < this.config.OUTBOX_BATCH_SIZE && !this.pending) await this.sleep(this.config.OUTBOX_POLL_MS, true);
    }
  }

  private async sleep(ms: number, wakeable: boolean): Promise<void> {
    this.sleepWakeable = wakeable;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
    this.wakeUp = undefined;
  }

  private async purge(): Promise<void> {
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    await this.db.query(`DELETE FROM outbox WHERE published_at < now() - make_interval(hours => $1)`, [this.config.OUTBOX_RETENTION_HOURS]);
  }
}
