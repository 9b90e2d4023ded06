import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DETAIL_SELECT, encodeCursor, InvalidCursorError, pageQuery, SqlQuery, timelineQuery } from '@hub/audit';
import { TransmissionDetailV1, TransmissionFilterV1, TransmissionPageV1, TransmissionSummaryV1 } from '@hub/messaging-contracts';
import { NotFoundError, ValidationFailedError } from '@hub/platform';

/** Reads of the transmission log; every one is scoped by the merchant it is given. */
@Injectable()
export class TransmissionStore {
  constructor(private readonly db: DataSource) {}

  async page(merchantId: string, filter: TransmissionFilterV1): Promise<TransmissionPageV1> {
    const limit = filter.limit ?? 50;
    const rows = await this.run<TransmissionSummaryV1>(() => pageQuery(merchantId, filter, { limit }));
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return rows.length > limit && last ? { items, nextCursor: encodeCursor({ occurredAt: iso(last.occurredAt), id: last.id }) } : { items };
  }

  async detail(merchantId: string, id: string): Promise<TransmissionDetailV1> {
    const [row] = await this.db.query(`SELECT ${DETAIL_SELECT} FROM transmissions WHERE id = $1 AND merchant_id = $2 LIMIT 1`, [id, merchantId]);
    if (!row) throw new NotFoundError('transmission');
    return row;
  }

  timeline(merchantId: string, orderId: string): Promise<TransmissionSummaryV1[]> {
    const q = timelineQuery(merchantId, orderId);
    return this.db.query(q.text, q.values);
  }

  /** Every record of the filtered view, with bodies, newest first, a page at a time (for streaming). */
  async *export(merchantId: string, filter: TransmissionFilterV1, pageSize = 1_000): AsyncGenerator<TransmissionDetailV1[]> {
    let after: { occurredAt: string; id: string } | undefined;
    for (;;) {
      const rows = await this.run<TransmissionDetailV1>(() => pageQuery(merchantId, { ...filter, cursor: undefined }, { limit: pageSize - 1, after, select: DETAIL_SELECT }));
      if (!rows.length) return;
      yield rows;
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1];
      after = { occurredAt: iso(last.occurredAt), id: last.id };
    }
  }

  private async run<T>(build: () => SqlQuery): Promise<T[]> {
    let q: SqlQuery;
    try {
      q = build();
    } catch (err) {
      if (err instanceof InvalidCursorError) throw new ValidationFailedError([{ field: 'cursor', messages: [err.message] }]);
      throw err;
    }
    return this.db.query(q.text, q.values);
  }
}

function iso(v: string | Date): string {
  return new Date(v).toISOString();
}
