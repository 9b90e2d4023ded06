import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { Batcher, batchInsertSql, retentionCutoff, toJsonRows } from '@hub/audit';
import { TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { redactText } from '@hub/platform';
import { AUDIT_CONFIG, AuditConfig } from '../audit.config';
import { PartitionMaintainer } from './partition.maintainer';

const written = new Counter({ name: 'audit_records_written_total', help: 'Transmission records written (batched inserts)' });
const expired = new Counter({ name: 'audit_records_past_retention_total', help: 'Records that arrived already older than the retention, not stored' });

/**
 * Writes transmission records in batches (one INSERT … json_to_recordset per batch). `write` resolves once
 * the record's batch is committed, so the consumer acknowledges only what is stored.
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
    this.batcher = new Batcher((records) => this.insert(records), { maxSize: config.AUDIT_BATCH_SIZE, maxWaitMs: config.AUDIT_BATCH_WAIT_MS });
  }

  async write(record: TransmissionRecordedV1): Promise<void> {
    if (Date.parse(record.occurredAt) < retentionCutoff(new Date(), this.config.AUDIT_RETENTION_DAYS).getTime()) {
      // Its day was (or is about to be) dropped: storing it would only resurrect an expired partition.
      expired.inc();
      this.logger.warn(`record ${record.id} from ${record.occurredAt} is older than the retention; not stored`);
      return;
    }
    await this.batcher.add(record);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.batcher.drain();
  }

  private async insert(records: TransmissionRecordedV1[]): Promise<void> {
    await this.partitions.ensureFor(records.map((r) => r.occurredAt));
    await this.db.query(batchInsertSql(), [toJsonRows(records, redactText)]);
    written.inc(records.length);
  }
}
