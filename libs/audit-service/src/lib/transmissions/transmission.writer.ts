import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Batcher, batchInsertSql, copySql, retentionCutoff, toCopyBuffer, toJsonRows, toRows, TransmissionRow } from '@hub/audit';
import { TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { poolSizeOf } from '@hub/persistence';
import { redactText } from '@hub/platform';
import { AUDIT_CONFIG, AuditConfig } from '../audit.config';
import { PartitionMaintainer } from './partition.maintainer';

const written = new Counter({ name: 'audit_records_written_total', help: 'Transmission records written (batched inserts)' });
const expired = new Counter({ name: 'audit_records_past_retention_total', help: 'Records that arrived already older than the retention, not stored' });
const copyFallbacks = new Counter({ name: 'audit_copy_fallbacks_total', help: 'Batches written with INSERT … ON CONFLICT because COPY met a record stored before' });

const UNIQUE_VIOLATION = '23505';

/**
 * Batches written at once: one connection fewer than the pool (at least one). A backlog (audit-log
 * starting on a queue of a million records: prefetch × records per message in hand at once) used
 * to queue a hundred batches on the pool, and the support API's queries and `/health/ready`'s
 * `SELECT 1` waited behind all of them: readiness failed for as long as the backlog lasted.
 */
export function writeConnections(db: DataSource): number {
  return Math.max(1, poolSizeOf(db) - 1);
}

/**
 * Writes transmission records in batches: one COPY per batch, or, when the batch holds a record
 * stored before (a redelivery), one INSERT … ON CONFLICT DO NOTHING. `write` resolves once the
 * record's batch is committed, so the consumer acknowledges only what is stored. Writes leave one
 * connection of the pool to queries (writeConnections).
 */
@Injectable()
export class TransmissionWriter implements OnApplicationShutdown {
  private readonly logger = new Logger(TransmissionWriter.name);
  private readonly batcher: Batcher<TransmissionRecordedV1>;

  constructor(
    private readonly db: DataSource,
    private readonly partitions: PartitionMaintainer,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
  ) {
    this.batcher = new Batcher((records) => this.insert(records), {
      maxSize: config.AUDIT_BATCH_SIZE,
      maxWaitMs: config.AUDIT_BATCH_WAIT_MS,
      maxConcurrent: writeConnections(db),
    });
  }

  write(record: Readonly<TransmissionRecordedV1>): Promise<void> {
    return this.keep(record, this.cutoff());
  }

  /**
   * The records of one batch message: resolves once every one is stored; otherwise rejects, once
   * every one has settled, with the first failure (the message is then retried; records stored
   * meanwhile are skipped by id).
   */
  async writeAll(records: ReadonlyArray<Readonly<TransmissionRecordedV1>>): Promise<void> {
    const cutoff = this.cutoff();
    const results = await Promise.allSettled(records.map((record) => this.keep(record, cutoff)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.batcher.drain();
  }

  private cutoff(): number {
    return retentionCutoff(new Date(), this.config.AUDIT_RETENTION_DAYS).getTime();
  }

  private keep(record: Readonly<TransmissionRecordedV1>, cutoff: number): Promise<void> {
    if (Date.parse(record.occurredAt) < cutoff) {
      // Its day was (or is about to be) dropped: storing it would only resurrect an expired partition.
      expired.inc();
      this.logger.warn(`record ${record.id} from ${record.occurredAt} is older than the retention; not stored`);
      return Promise.resolve();
    }
    return this.batcher.add(record);
  }

  private async insert(records: TransmissionRecordedV1[]): Promise<void> {
    await this.partitions.ensureFor(records.map((r) => r.occurredAt));
    const rows = toRows(records, redactText);
    try {
      await this.copy(rows);
    } catch (err) {
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
      // COPY is one statement: nothing of it was stored. The INSERT skips what already is.
      copyFallbacks.inc();
      await this.db.query(batchInsertSql(), [toJsonRows(rows)]);
    }
    written.inc(records.length);
  }

  private async copy(rows: TransmissionRow[]): Promise<void> {
    const [client, release] = (await (this.db.driver as PostgresDriver).obtainMasterConnection()) as [PoolClient, (err?: Error) => void];
    // The pool stops listening for a checked-out client's errors: a connection that dies now
    // (PostgreSQL restarting) would be an unhandled 'error' event and end the process. The COPY
    // fails with it (the batch is retried); the client is given back as broken.
    let lost: Error | undefined;
    const onError = (err: Error) => (lost = err);
    client.on('error', onError);
    try {
      await pipeline(Readable.from([toCopyBuffer(rows)]), client.query(copyFrom(copySql())));
      client.off('error', onError);
      release(lost);
    } catch (err) {
      client.off('error', onError);
      // An error PostgreSQL answered leaves the connection usable; anything else may not have.
      release(lost ?? ((err as { code?: string }).code ? undefined : (err as Error)));
      throw err;
    }
  }
}
