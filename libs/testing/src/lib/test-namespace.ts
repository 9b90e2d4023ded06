import { randomBytes } from 'node:crypto';

/** A name no other suite (or earlier run) uses: for a vhost, an exchange prefix or a schema. */
export function uniqueName(label: string): string {
  const safe = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 24);
  return `t_${safe}_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export const TEST_AMQP_URL = process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
export const TEST_DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/hub';
