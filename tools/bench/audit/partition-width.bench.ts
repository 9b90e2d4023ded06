/**
 * What the table's layout costs the service's queries, above all those with no time range (by
 * order id, email, correlation id, an order's timeline, text, a record by id), over a full
 * retention: the same rows in partitions of `width` days (AUDIT_PARTITION_DAYS) with the words'
 * GIN pending list capped at `pending` kB, each query timed on every layout in alternation,
 * planning included (the service sends each query with its values, so PostgreSQL plans it every
 * time). After the load every partition is vacuumed (as autovacuum would), then `--fill` more
 * records go into the newest day: the pending list a text search must read while records arrive.
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/audit/partition-width.bench.ts \
 *     --records 450000 --days 90 --samples 200 --fill 2500 --layouts 7:1024,1:1024,7:4096
 */
import 'reflect-metadata';
import { execSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { TransmissionFilterV1, TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { TEST_DATABASE_URL, uniqueName } from '@hub/testing';
// The service's own SQL (as audit.bench.ts): a copy would drift unnoticed.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { copySql, DETAIL_SELECT, pageQuery, partitionFor, PartitionRange, SqlQuery, timelineQuery, toCopyBuffer, toRows } from '@hub/audit';
import { correlationOf, generate } from './records';
import { createAuditTable, createPartition } from './table';
import { flag } from './args';

const RECORDS = Number(flag('records', '450000'));
const DAYS = Number(flag('days', '90'));
const SAMPLES = Number(flag('samples', '200'));
const FILL = Number(flag('fill', '2500'));
const LAYOUTS = flag('layouts', '7:1024,1:1024,7:4096').split(',').map((l) => {
  const [width, pending] = l.split(':').map(Number);
  return { width, pending, label: `${width}d ${pending / 1024} MB` };
});
const MERCHANTS = 50;
const BATCH = 500;
const DAY_MS = 86_400_000;

const uptime = () => execSync('uptime').toString().trim().replace(/^.*load/, 'load');

interface Sample {
  merchantId: string;
  orderId: string;
  email: string;
  correlationId: string;
  invoice: string;
  id: string;
}

async function main(): Promise<void> {
  const end = Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS;
  const start = end - DAYS * DAY_MS;
  const schemas = LAYOUTS.map((l) => ({ ...l, name: uniqueName(`playout_${l.width}d_${l.pending}`) }));
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  const clients = new Map<string, Client>();
  console.log(`Queries without a time range by partition width: ${RECORDS.toLocaleString()} records over ${DAYS} days, ${SAMPLES} samples, ${uptime()}`);
  try {
    for (const s of schemas) {
      const db = new Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${s.name},public` });
      await db.connect();
      clients.set(s.name, db);
      // audit-log's own table (its migrations); each partition's words' pending list as the layout says.
      await createAuditTable(s.name);
      // Partitions for the whole retention and the next two days, as PartitionMaintainer keeps them.
      const ranges: PartitionRange[] = [];
      for (let t = start; t < end + 2 * DAY_MS; t += DAY_MS) {
        if (ranges.some((p) => Date.parse(p.from) <= t && t < Date.parse(p.to))) continue;
        const p = partitionFor(new Date(t), ranges, s.width);
        await createPartition(db, p, s.pending, true);
        ranges.push(p);
      }
      console.log(`  ${s.label}: ${s.name}, ${ranges.length} partitions`);
    }
    const [first, ...rest] = schemas;
    const samples: Sample[] = [];
    const total = RECORDS + FILL;
    for (let i = 0; i < total; i += BATCH) {
      if (i === RECORDS) {
        // Vacuumed as autovacuum would (this server runs none): then only the newest day's list fills.
        for (const s of rest) await admin.query(`INSERT INTO ${s.name}.transmissions SELECT * FROM ${first.name}.transmissions`);
        for (const s of schemas) await admin.query(`VACUUM ANALYZE ${s.name}.transmissions`);
      }
      const records: TransmissionRecordedV1[] = [];
      for (let j = i; j < Math.min(i + BATCH, total); j++) {
        // The fill goes into the last hour of the span, after the rows loaded before it.
        const at = j < RECORDS ? start + Math.floor((j / RECORDS) * (DAYS * DAY_MS - 3_600_000)) : end - 3_600_000 + Math.floor(((j - RECORDS) / FILL) * 3_600_000);
        const g = generate(j, total, DAYS, MERCHANTS);
        const record = JSON.parse(g.json.toString()) as TransmissionRecordedV1;
        records.push({ ...record, occurredAt: new Date(at).toISOString() });
        if (j % Math.floor(total / SAMPLES) === 7 && samples.length < SAMPLES) {
          samples.push({ merchantId: g.merchantId, orderId: g.orderId, email: g.input.customerEmail, correlationId: correlationOf(g.orderId), invoice: g.invoice, id: record.id });
        }
      }
      const copy = toCopyBuffer(toRows(records, (t) => t));
      for (const s of i < RECORDS ? [first] : schemas) {
        await pipeline(Readable.from([copy]), (clients.get(s.name) as Client).query(copyFrom(copySql())));
      }
    }
    console.log(`  loaded, ${uptime()}`);

    const queries: Array<{ name: string; build: (s: Sample) => SqlQuery }> = [
      { name: 'page by order id', build: (s) => pageQuery(s.merchantId, { orderId: s.orderId } as TransmissionFilterV1) },
      { name: 'page by email', build: (s) => pageQuery(s.merchantId, { customerEmail: s.email } as TransmissionFilterV1) },
      { name: 'page by correlation id', build: (s) => pageQuery(s.merchantId, { correlationId: s.correlationId } as TransmissionFilterV1) },
      { name: 'timeline of an order', build: (s) => timelineQuery(s.merchantId, s.orderId) },
      { name: 'text: invoice number', build: (s) => pageQuery(s.merchantId, { text: s.invoice } as TransmissionFilterV1) },
      { name: 'newest page, no filter', build: (s) => pageQuery(s.merchantId, {} as TransmissionFilterV1) },
      { name: 'newest page, status failed', build: (s) => pageQuery(s.merchantId, { status: 'failed' } as TransmissionFilterV1) },
      { name: 'a record by id', build: (s) => ({ text: `SELECT ${DETAIL_SELECT} FROM transmissions WHERE id = $1 AND merchant_id = $2 LIMIT 1`, values: [s.id, s.merchantId] }) },
    ];
    console.log(`  ${'query (p50 / p95 ms)'.padEnd(28)} ${schemas.map((s) => s.label.padEnd(16)).join('')} same rows`);
    for (const q of queries) {
      const times = new Map<string, number[]>(schemas.map((s) => [s.name, []]));
      let same = 0;
      for (let k = 0; k < samples.length; k++) {
        const order = k % 2 ? [...schemas].reverse() : schemas;
        const ids: string[] = [];
        for (const s of order) {
          const db = clients.get(s.name) as Client;
          const sql = q.build(samples[k]);
          const t0 = process.hrtime.bigint();
          if (sql.setLocal) await db.query('BEGIN').then(() => db.query(sql.setLocal as string));
          const r = await db.query(sql.text, sql.values);
          if (sql.setLocal) await db.query('COMMIT');
          (times.get(s.name) as number[]).push(Number(process.hrtime.bigint() - t0) / 1e6);
          ids.push(r.rows.map((x: { id: string }) => x.id).join());
        }
        if (ids.every((x) => x === ids[0])) same++;
      }
      const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))].toFixed(1);
      console.log(`  ${q.name.padEnd(28)} ${schemas.map((s) => `${pct(times.get(s.name) as number[], 0.5)} / ${pct(times.get(s.name) as number[], 0.95)}`.padEnd(16)).join('')} ${same}/${samples.length}`);
    }
    console.log(`  ${uptime()}`);
  } finally {
    for (const db of clients.values()) await db.end();
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s.name} CASCADE`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
