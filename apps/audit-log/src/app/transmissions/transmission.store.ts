import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { redactText } from '@hub/platform';

export interface TransmissionQuery {
  merchantId: string;
  orderId?: string;
  correlationId?: string;
  direction?: string;
  limit?: number;
}

export interface TransmissionRow extends Omit<TransmissionRecordedV1, 'occurredAt'> {
  occurredAt: string;
  receivedAt: string;
}

const COLUMNS = `id, merchant_id AS "merchantId", integration, direction, type, status, description, order_id AS "orderId",
  customer_email AS "customerEmail", method, url, request_body AS "requestBody", response_body AS "responseBody",
  http_status AS "httpStatus", duration_ms AS "durationMs", attempt, correlation_id AS "correlationId",
  occurred_at AS "occurredAt", received_at AS "receivedAt"`;

@Injectable()
export class TransmissionStore {
  constructor(private readonly db: DataSource) {}

  /** Idempotent on the record id: a redelivered record is stored once. Bodies are redacted again here. */
  async save(r: TransmissionRecordedV1): Promise<void> {
    await this.db.query(
      `INSERT INTO transmissions (id, merchant_id, integration, direction, type, status, description, order_id, customer_email,
         method, url, request_body, response_body, http_status, duration_ms, attempt, correlation_id, occurred_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)
       ON CONFLICT (id) DO NOTHING`,
      [
        r.id,
        r.merchantId,
        r.integration,
        r.direction,
        r.type,
        r.status,
        redactText(r.description),
        r.orderId ?? null,
        r.customerEmail ?? null,
        r.method ?? null,
        r.url ? redactText(r.url) : null,
        r.requestBody === undefined ? null : redactText(r.requestBody),
        r.responseBody === undefined ? null : redactText(r.responseBody),
        r.httpStatus ?? null,
        r.durationMs,
        r.attempt,
        r.correlationId ?? null,
        r.occurredAt,
      ],
    );
  }

  async find(q: TransmissionQuery): Promise<TransmissionRow[]> {
    const where = ['merchant_id = $1'];
    const params: unknown[] = [q.merchantId];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.orderId) add('order_id = ?', q.orderId);
    if (q.correlationId) add('correlation_id = ?', q.correlationId);
    if (q.direction) add('direction = ?', q.direction);
    params.push(Math.min(q.limit ?? 100, 500));
    return this.db.query(`SELECT ${COLUMNS} FROM transmissions WHERE ${where.join(' AND ')} ORDER BY occurred_at, id LIMIT $${params.length}`, params);
  }
}
