import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { COMMON_WORD_SHARE, COMMON_WORDS_SQL, DETAIL_SELECT, encodeCursor, InvalidCursorError, pageQuery, SqlQuery, timelineQuery } from '@hub/audit';
import { TransmissionDetailV1, TransmissionFilterV1, TransmissionPageV1, TransmissionSummaryV1 } from '@hub/messaging-contracts';
import { NotFoundError, ValidationFailedError } from '@hub/platform';

/** How long the list of common words is used before PostgreSQL's statistics are read again. */
const COMMON_WORDS_MAX_AGE_MS = 10 * 60_000;

/** Reads of the transmission log; every one is scoped by the merchant it is given. */
@Injectable()
export class TransmissionStore {
  private readonly logger = new Logger(TransmissionStore.name);
  private common?: { words: ReadonlySet<string>; at: number };

  constructor(private readonly db: DataSource) {}

  /**
   * Words in at least half of the records of every partition, which a text search does not ask
   * the index for when it has a rarer word (see @hub/audit `textSearch`). None until PostgreSQL
   * has statistics (ANALYZE, autovacuum); searches find the same records either way.
   */
  async commonWords(maxAgeMs = COMMON_WORDS_MAX_AGE_MS): Promise<ReadonlySet<string>> {
    if (!this.common || Date.now() - this.common.at > maxAgeMs) {
      let words: ReadonlySet<string> = new Set();
      try {
        const rows: Array<{ word: string }> = await this.db.query(COMMON_WORDS_SQL, [COMMON_WORD_SHARE]);
        words = new Set(rows.map((r) => r.word));
      } catch (err) {
        this.logger.warn(`could not read the text index's statistics: ${(err as Error).message}`);
      }
      this.common = { words, at: Date.now() };
    }
    return this.common.words;
  }

  async page(merchantId: string, filter: TransmissionFilterV1): Promise<TransmissionPageV1> {
    const limit = filter.limit ?? 50;
    const isCommonWord = await this.isCommonWord(filter);
    const rows = await this.run<TransmissionSummaryV1>(() => pageQuery(merchantId, filter, { limit, isCommonWord }));
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
    const isCommonWord = await this.isCommonWord(filter);
    for (;;) {
      const rows = await this.run<TransmissionDetailV1>(() => pageQuery(merchantId, { ...filter, cursor: undefined }, { limit: pageSize - 1, after, select: DETAIL_SELECT, isCommonWord }));
      if (!rows.length) return;
      yield rows;
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1];
      after = { occurredAt: iso(last.occurredAt), id: last.id };
    }
  }

  private async isCommonWord(filter: TransmissionFilterV1): Promise<((word: string) => boolean) | undefined> {
    if (!filter.text) return undefined;
    const common = await this.commonWords();
    return (word) => common.has(word);
  }

  private async run<T>(build: () => SqlQuery): Promise<T[]> {
    let q: SqlQuery;
    try {
      q = build();
    } catch (err) {
      if (err instanceof InvalidCursorError) throw new ValidationFailedError([{ field: 'cursor', messages: [err.message] }]);
      throw err;
    }
    const { setLocal } = q;
    if (!setLocal) return this.db.query(q.text, q.values);
    // SET LOCAL lasts until the transaction ends: the pooled connection goes back as it was.
    return this.db.transaction(async (tx) => {
      await tx.query(setLocal);
      return tx.query(q.text, q.values);
    });
  }
}

function iso(v: string | Date): string {
  return new Date(v).toISOString();
}
