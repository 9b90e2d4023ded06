import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, MoreThan, QueryRunner, Repository } from 'typeorm';
import { CsvRowError, MappingCrm, ProductMappingRow, readMappingCsv } from '@hub/mapping-rules';
import { NotFoundError } from '@hub/platform';
import { ProductMapping } from '../database';

/** Rows written per statement: one round trip per batch, arrays through `unnest`. */
const BATCH = 2_000;
/** Errors kept for the answer; the count goes on. */
const MAX_REPORTED_ERRORS = 1_000;

export interface ImportProgress {
  rows: number;
  errors: number;
}

export interface ImportResult {
  /** `all-or-nothing` (default): any bad row → nothing changes. `valid-rows`: the good rows are saved. */
  mode: ImportMode;
  committed: boolean;
  rowsRead: number;
  rowsSaved: number;
  errorCount: number;
  errors: CsvRowError[];
}

export type ImportMode = 'all-or-nothing' | 'valid-rows';

/** A stored mapping (entity or the same columns read as JSON) as the rules see it. */
export function toRow(m: Pick<ProductMapping, 'itemId' | 'productName' | 'crmProductId' | 'externalId'>): ProductMappingRow {
  return {
    itemId: m.itemId,
    ...(m.productName !== null ? { productName: m.productName } : {}),
    ...(m.crmProductId !== null ? { productId: Number(m.crmProductId) } : {}),
    ...(m.externalId !== null ? { externalId: m.externalId } : {}),
  };
}

/** The merchant's product mappings per CRM: one by one, by the page, and as streamed CSV batches. */
@Injectable()
export class ProductMappingsStore {
  constructor(
    @InjectRepository(ProductMapping) private readonly mappings: Repository<ProductMapping>,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async put(merchantId: string, crm: MappingCrm, row: ProductMappingRow): Promise<void> {
    await this.mappings.upsert(
      { merchantId, crm, itemId: row.itemId, productName: row.productName ?? null, crmProductId: row.productId !== undefined ? String(row.productId) : null, externalId: row.externalId ?? null },
      ['merchantId', 'crm', 'itemId'],
    );
  }

  async get(merchantId: string, crm: MappingCrm, itemId: string): Promise<ProductMappingRow> {
    const m = await this.mappings.findOneBy({ merchantId, crm, itemId });
    if (!m) throw new NotFoundError(`mapping of item ${itemId}`);
    return toRow(m);
  }

  async remove(merchantId: string, crm: MappingCrm, itemId: string): Promise<void> {
    const r = await this.mappings.delete({ merchantId, crm, itemId });
    if (!r.affected) throw new NotFoundError(`mapping of item ${itemId}`);
  }

  /** Keyset pages by item id: stable under concurrent imports, cheap at any depth. */
  async page(merchantId: string, crm: MappingCrm, after: string | undefined, limit: number): Promise<{ items: ProductMappingRow[]; next?: string }> {
    const rows = await this.mappings.find({
      where: { merchantId, crm, ...(after !== undefined ? { itemId: MoreThan(after) } : {}) },
      order: { itemId: 'ASC' },
      take: limit,
    });
    return { items: rows.map(toRow), ...(rows.length === limit ? { next: rows[rows.length - 1].itemId } : {}) };
  }

  /** Only the rows an event mentions, never the whole catalog. */
  async forItems(merchantId: string, crm: MappingCrm, itemIds: string[]): Promise<Map<string, ProductMappingRow>> {
    if (!itemIds.length) return new Map();
    const rows = await this.mappings.findBy({ merchantId, crm, itemId: In(itemIds) });
    return new Map(rows.map((m) => [m.itemId, toRow(m)]));
  }

  async *all(merchantId: string, crm: MappingCrm): AsyncGenerator<ProductMappingRow> {
    let after: string | undefined;
    for (;;) {
      const { items, next } = await this.page(merchantId, crm, after, 5_000);
      yield* items;
      if (!next) return;
      after = next;
    }
  }

  /**
   * Streams a CSV into the table inside one transaction, in batches. All-or-nothing: the first
   * bad row makes the transaction roll back at the end (every error is still reported, with its
   * line); `valid-rows` commits the good rows. Memory stays flat whatever the file's size.
   */
  async importCsv(merchantId: string, crm: MappingCrm, input: Readable, mode: ImportMode, onProgress?: (p: ImportProgress) => void): Promise<ImportResult> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    // One import at a time per merchant and CRM (any replica): two large files upserting the same
    // items in different orders would otherwise deadlock each other.
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`product-mappings:${merchantId}:${crm}`]);
    const result: ImportResult = { mode, committed: false, rowsRead: 0, rowsSaved: 0, errorCount: 0, errors: [] };
    let batch: ProductMappingRow[] = [];
    try {
      for await (const rec of readMappingCsv(input, crm)) {
        if (rec.kind === 'error') {
          result.errorCount++;
          if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push(rec.error);
          continue;
        }
        result.rowsRead++;
        // All-or-nothing with an error already seen: keep reading (to report every error), stop writing.
        if (mode === 'all-or-nothing' && result.errorCount) continue;
        batch.push(rec.row);
        if (batch.length >= BATCH) {
          result.rowsSaved += await this.writeBatch(runner, merchantId, crm, batch);
          batch = [];
          onProgress?.({ rows: result.rowsRead, errors: result.errorCount });
        }
      }
      if (mode === 'all-or-nothing' && result.errorCount) {
        await runner.rollbackTransaction();
        result.rowsSaved = 0;
        return result;
      }
      if (batch.length) result.rowsSaved += await this.writeBatch(runner, merchantId, crm, batch);
      await runner.commitTransaction();
      result.committed = true;
      onProgress?.({ rows: result.rowsRead, errors: result.errorCount });
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      await runner.release();
    }
  }

  private async writeBatch(runner: QueryRunner, merchantId: string, crm: MappingCrm, rows: ProductMappingRow[]): Promise<number> {
    await runner.query(
      `INSERT INTO product_mappings (merchant_id, crm, item_id, product_name, crm_product_id, external_id)
       SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::bigint[], $6::text[])
       ON CONFLICT (merchant_id, crm, item_id) DO UPDATE
         SET product_name = EXCLUDED.product_name, crm_product_id = EXCLUDED.crm_product_id, external_id = EXCLUDED.external_id`,
      [
        merchantId,
        crm,
        rows.map((r) => r.itemId),
        rows.map((r) => r.productName ?? null),
        rows.map((r) => (r.productId !== undefined ? String(r.productId) : null)),
        rows.map((r) => r.externalId ?? null),
      ],
    );
    return rows.length;
  }
}
