import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const DEFAULT_TTL_DAYS = 30;

/** Event keys already published, kept in PostgreSQL so every replica and every restart shares them. */
@Injectable()
export class DedupeStore {
  constructor(private readonly db: DataSource) {}

  async seen(key: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM dedupe_keys WHERE key = $1 AND expires_at > now()`, [key]);
    return rows.length > 0;
  }

  async remember(key: string, ttlDays = DEFAULT_TTL_DAYS): Promise<void> {
    await this.db.query(
      `INSERT INTO dedupe_keys (key, expires_at) VALUES ($1, now() + make_interval(days => $2))
       ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
      [key, ttlDays],
    );
  }
}
