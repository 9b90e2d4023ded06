/**
 * CSV import/export of product mappings through the real mapping service (a process of its own,
 * real PostgreSQL and RabbitMQ): rows per second and the service's peak memory, for 10,000 and
 * 100,000 rows, insert and update. The baseline is csv-parse alone reading the same file in this
 * process (the ceiling the service cannot beat), so the ratio says what validation, HTTP and
 * PostgreSQL cost on top.
 *
 *   npx nx run bench-mapping-csv:bench            # ROUNDS=3 ROWS=10000,100000 by default
 *   ROWS=100000 ROUNDS=5 npx nx run bench-mapping-csv:bench
 */
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Client } from 'pg';
import { parse } from 'csv-parse';
import { HubLauncher, migrateAll, seedMerchant } from '@hub/dev-tools';
import { DEV_MASTER_KEY } from '@hub/platform';
import { createTestVhost, freePort, TEST_DATABASE_URL, uniqueName } from '@hub/testing';

const MERCHANT = 'BENCH';
const TOKEN = 'hubt_bench-admin-token-for-local-benchmarks-0000';
const SIZES = (process.env['ROWS'] ?? '10000,100000').split(',').map(Number);
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);

/** A catalog as merchants have them: ids with dashes, names with commas and quotes now and then. */
async function writeCsv(path: string, rows: number, variant: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('item_id,product_name,product_id,external_id\n');
  for (let i = 0; i < rows; i++) {
    const name = i % 10 === 0 ? `"Deluxe ""Edition"", vol. ${i} (v${variant})"` : `Product ${i} v${variant}`;
    if (!out.write(`SKU-${String(i).padStart(7, '0')},${name},${100_000 + i},ext-${i}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Peak resident memory of a process while `work` runs, sampled every 20 ms, and its RSS before. */
async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; before: number; peak: number }> {
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  const before = rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rss())), 20);
  try {
    const result = await work();
    return { result, before, peak: Math.max(peak, rss()) };
  } finally {
    clearInterval(timer);
  }
}

function upload(url: string, file: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/csv', 'content-length': statSync(file).size } });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}

async function parseOnly(file: string): Promise<number> {
  let n = 0;
  for await (const _ of createReadStream(file).pipe(parse({ bom: true, info: true }))) n++;
  return n - 1;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function main(): Promise<void> {
  const vhost = await createTestVhost('bench_mapcsv');
  const prefix = uniqueName('benchcsv');
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  const hub = new HubLauncher({
    services: ['mapping'],
    ports: { mapping: await freePort() },
    schemaPrefix: prefix,
    env: { AMQP_URL: vhost.url, DATABASE_URL: TEST_DATABASE_URL, HUB_MASTER_KEYS: DEV_MASTER_KEY, LOG_LEVEL: 'warn' },
  });
  const rows: Array<Record<string, string | number>> = [];
  try {
    await migrateAll(TEST_DATABASE_URL, prefix, () => undefined, ['mapping']);
    await seedMerchant(db, `${prefix}_mapping`, MERCHANT, TOKEN);
    await hub.start('mapping');
    const pid = hub.pid('mapping') as number;
    const base = `${hub.url('mapping')}/merchants/${MERCHANT}/crms/ontraport/mappings`;
    for (const size of SIZES) {
      const files = [0, 1].map((v) => join(tmpdir(), `${prefix}-${size}-${v}.csv`));
      await writeCsv(files[0], size, 0);
      await writeCsv(files[1], size, 1);
      const parseRates: number[] = [];
      await parseOnly(files[0]); // warm-up: the JIT, the page cache
      for (let r = 0; r < ROUNDS; r++) {
        const t = process.hrtime.bigint();
        await parseOnly(files[0]);
        parseRates.push(size / (Number(process.hrtime.bigint() - t) / 1e9));
      }
      for (let r = 0; r < ROUNDS; r++) {
        await db.query(`DELETE FROM "${prefix}_mapping".product_mappings`);
        for (const [kind, file] of [['insert', files[0]], ['update', files[1]]] as const) {
          const t = process.hrtime.bigint();
          const m = await withPeakRss(pid, () => upload(`${base}/import.csv`, file));
          const seconds = Number(process.hrtime.bigint() - t) / 1e9;
          const answer = JSON.parse(m.result.body) as { rowsSaved: number; committed: boolean };
          if (m.result.status !== 200 || answer.rowsSaved !== size) throw new Error(`import failed: ${m.result.status} ${m.result.body.slice(0, 300)}`);
          rows.push({ rows: size, round: r + 1, op: `import (${kind})`, 'rows/s': Math.round(size / seconds), seconds: seconds.toFixed(2), 'RSS before MB': mb(m.before), 'peak RSS MB': mb(m.peak), 'vs parse-only': (size / seconds / median(parseRates)).toFixed(2) });
        }
        const t = process.hrtime.bigint();
        const m = await withPeakRss(pid, async () => {
          const res = await fetch(`${base}/export.csv`, { headers: { authorization: `Bearer ${TOKEN}` } });
          return (await res.text()).split('\n').length - 2;
        });
        const seconds = Number(process.hrtime.bigint() - t) / 1e9;
        if (m.result !== size) throw new Error(`export returned ${m.result} rows, not ${size}`);
        rows.push({ rows: size, round: r + 1, op: 'export', 'rows/s': Math.round(size / seconds), seconds: seconds.toFixed(2), 'RSS before MB': mb(m.before), 'peak RSS MB': mb(m.peak), 'vs parse-only': '' });
      }
      rows.push({ rows: size, round: '-', op: 'csv-parse only (this process)', 'rows/s': Math.round(median(parseRates)), seconds: '', 'RSS before MB': '', 'peak RSS MB': '', 'vs parse-only': '1.00' });
    }
    console.log(`\nmapping CSV benchmark — mapping as its own process, LOG_LEVEL=warn, ${ROUNDS} round(s) per size; each import is one HTTP request (all-or-nothing, one transaction)\n`);
    console.table(rows);
    for (const size of SIZES) {
      const imports = rows.filter((r) => r['rows'] === size && String(r['op']).startsWith('import')).map((r) => Number(r['rows/s']));
      const peaks = rows.filter((r) => r['rows'] === size && r['peak RSS MB'] !== '').map((r) => Number(r['peak RSS MB']));
      console.log(`${size.toLocaleString('en-US')} rows: import median ${Math.round(median(imports)).toLocaleString('en-US')} rows/s, service peak RSS ${Math.max(...peaks)} MB`);
    }
  } finally {
    await hub.stopAll();
    await vhost.dispose();
    await db.query(`DROP SCHEMA IF EXISTS "${prefix}_mapping" CASCADE`);
    await db.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
