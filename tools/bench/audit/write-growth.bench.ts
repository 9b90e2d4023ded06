/**
 * How PostgreSQL's CPU per transmission record grows as a partition fills, by table design, in
 * PostgreSQL alone (no broker, no consumer). Each variant loads `--records` records into a fresh
 * schema holding audit-log's table (partitioned by `occurred_at`, its indexes, lz4), in time order
 * over one 7-day partition's span, with COPY batches of `--batch` rows built by @hub/audit's own
 * `toRows`/`toCopyBuffer`, and prints a line per `--slice` records: the writing backend's CPU
 * (from /proc, so other sessions do not count), wall time, WAL, and the shared-buffer misses of
 * each index (pg_statio: reads from the OS cache, or the disk). The table is the one audit-log's
 * migrations build (AUDIT_MIGRATIONS), less what a variant drops. Rounds run the variants forward,
 * then backward.
 *
 *   npx nx run bench-audit:write-growth -- --records 1000000 --slice 250000 --rounds 2 \
 *     --variants 'now;ids=v7;days=1;pending=4096;drop=pk;corr=v4'
 *
 * A variant is `now` or `key=value` pairs joined by `+` (`ids=v7+corr=v7`):
 *   ids=v4|v7          record ids (v4: randomUUID, as now; v7: time-ordered)
 *   corr=order|v4|v7   correlation ids (order: `corr-<order id>`, as records.ts; v4: random, as services make them)
 *   days=N             partition width (AUDIT_PARTITION_DAYS: 7 in `now`, the default when these figures were taken; 1 since)
 *   pending=KB         gin_pending_list_limit of the words' GIN index (1024)
 *   drop=NAME          leave one index out: pk, time, status, order, correlation, email, terms
 * Server-wide figures (WAL bytes, full-page images) include other sessions' work.
 */
import 'reflect-metadata';
import { ChildProcess, execSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import type { TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { TEST_DATABASE_URL, uniqueName } from '@hub/testing';
// The rows and COPY text audit-log writes, from @hub/audit itself (as write-cost.bench.ts): a copy
// would drift unnoticed and the bench would time other rows.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { copySql, partitionFor, PartitionRange, toCopyBuffer, toRows } from '@hub/audit';
import { correlationOf, generate } from './records';
import { createAuditTable, createPartition } from './table';
import { flag } from './args';

const RECORDS = Number(flag('records', '1000000'));
const SLICE = Number(flag('slice', '250000'));
const ROUNDS = Number(flag('rounds', '1'));
const BATCH = Number(flag('batch', '500'));
/** Seconds of `perf record` on the writing backend at the start of the first and the last slice (0: none). */
const PERF = Number(flag('perf', '0'));
const MERCHANTS = 50;
const SPAN_DAYS = 7;
const DAY_MS = 86_400_000;

interface Variant {
  name: string;
  ids: 'v4' | 'v7';
  corr: 'order' | 'v4' | 'v7';
  days: number;
  pendingKb: number;
  drop?: string;
}

function parseVariant(spec: string): Variant {
  const v: Variant = { name: spec, ids: 'v4', corr: 'order', days: 7, pendingKb: 1024 };
  if (spec === 'now') return v;
  for (const pair of spec.split('+')) {
    const [k, value] = pair.split('=');
    if (k === 'ids' && (value === 'v4' || value === 'v7')) v.ids = value;
    else if (k === 'corr' && (value === 'order' || value === 'v4' || value === 'v7')) v.corr = value;
    else if (k === 'days') v.days = Number(value);
    else if (k === 'pending') v.pendingKb = Number(value);
    else if (k === 'drop' && value in DROPPABLE) v.drop = value;
    else throw new Error(`unknown variant setting ${pair}`);
  }
  return v;
}

/**
 * What a variant leaves out of the table audit-log's migrations build (AUDIT_MIGRATIONS, run into
 * the variant's schema: a copy of their DDL would drift unnoticed).
 */
const DROPPABLE: Record<string, string> = {
  pk: `ALTER TABLE transmissions DROP CONSTRAINT transmissions_pkey`,
  time: `DROP INDEX transmissions_merchant_time`,
  status: `DROP INDEX transmissions_merchant_status_time`,
  order: `DROP INDEX transmissions_merchant_order`,
  correlation: `DROP INDEX transmissions_merchant_correlation`,
  email: `DROP INDEX transmissions_merchant_email`,
  terms: `DROP INDEX transmissions_merchant_terms`,
};

/** Where a COPY row's time goes (functions of PostgreSQL 15, inclusive of what they call). */
const PROFILE_STEPS = [
  'NextCopyFrom', 'heap_multi_insert', 'toast_compress_datum', 'ExecInsertIndexTuples', 'btinsert', 'gininsert', 'ginHeapTupleFastInsert', 'ginInsertCleanup',
  'XLogInsert', 'XLogFlush', 'ReadBufferExtended', 'FlushBuffer', 'mdread', '__libc_pread', '__libc_pwrite', 'CommitTransactionCommand',
];

/** A process's CPU time in ms: user, system (from /proc, clock ticks of 10 ms). */
function cpuMs(pid: number): { user: number; sys: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(f[11]) * 10, sys: Number(f[12]) * 10 };
}

/** PostgreSQL's background processes (checkpointer, background writer, WAL writer): the writes they take off the backends. */
function auxiliaryPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return /^postgres: .*(checkpointer|background writer|walwriter)/.test(readFileSync(`/proc/${d}/cmdline`, 'utf8'));
      } catch {
        return false;
      }
    })
    .map(Number);
}
const AUXILIARY = auxiliaryPids();
const auxiliaryMs = () => AUXILIARY.reduce((n, pid) => n + cpuMs(pid).user + cpuMs(pid).sys, 0);

interface Counters {
  cpu: { user: number; sys: number };
  auxMs: number;
  /** CPU ms of other sessions' backends, by pid (another bench sharing the server and its buffers). */
  others: Map<number, number>;
  at: bigint;
  walLsn: string;
  fpi: number;
  backendWrites: number;
  checkpoints: number;
  /** Per parent index (and `heap`): shared-buffer misses, hits. */
  blocks: Map<string, { read: number; hit: number }>;
}

async function counters(db: Client, monitor: Client, pid: number, schema: string): Promise<Counters> {
  const cpu = cpuMs(pid);
  const auxMs = auxiliaryMs();
  const others = new Map<number, number>();
  const pids = await monitor.query(`SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid NOT IN ($1, pg_backend_pid())`, [pid]);
  for (const { pid: other } of pids.rows as Array<{ pid: number }>) {
    try {
      others.set(other, cpuMs(other).user + cpuMs(other).sys);
    } catch {
      // ended meanwhile
    }
  }
  const at = process.hrtime.bigint();
  // The writer's statistics reach shared memory when it goes idle, at most once a second (else
  // ten seconds later): forced now, so each slice counts its own batches.
  await db.query('SELECT pg_stat_force_next_flush()');
  await new Promise((r) => setTimeout(r, 200));
  await monitor.query('SELECT pg_stat_clear_snapshot()');
  const server = (
    await monitor.query(`SELECT pg_current_wal_lsn()::text AS lsn, (SELECT wal_fpi FROM pg_stat_wal)::float8 AS fpi,
      buffers_backend::float8 AS writes, (checkpoints_timed + checkpoints_req)::float8 AS checkpoints FROM pg_stat_bgwriter`)
  ).rows[0];
  const rows = (
    await monitor.query(
      `SELECT coalesce(p.relname, s.indexrelname) AS name, sum(coalesce(s.idx_blks_read, 0))::float8 AS read, sum(coalesce(s.idx_blks_hit, 0))::float8 AS hit
       FROM pg_statio_all_indexes s LEFT JOIN pg_inherits i ON i.inhrelid = s.indexrelid LEFT JOIN pg_class p ON p.oid = i.inhparent
       WHERE s.schemaname = $1 GROUP BY 1
       UNION ALL
       SELECT 'heap', sum(coalesce(heap_blks_read, 0) + coalesce(toast_blks_read, 0) + coalesce(tidx_blks_read, 0))::float8,
         sum(coalesce(heap_blks_hit, 0) + coalesce(toast_blks_hit, 0) + coalesce(tidx_blks_hit, 0))::float8
       FROM pg_statio_all_tables WHERE schemaname = $1`,
      [schema],
    )
  ).rows as Array<{ name: string; read: number; hit: number }>;
  return {
    cpu,
    auxMs,
    others,
    at,
    walLsn: server.lsn,
    fpi: server.fpi,
    backendWrites: server.writes,
    checkpoints: server.checkpoints,
    blocks: new Map(rows.map((r) => [r.name.replace(/^transmissions_/, ''), { read: r.read, hit: r.hit }])),
  };
}

const lsnBytes = (lsn: string) => {
  const [hi, lo] = lsn.split('/');
  return parseInt(hi, 16) * 2 ** 32 + parseInt(lo, 16);
};
const uptime = () => execSync('uptime').toString().trim().replace(/^.*load/, 'load');

interface Slice {
  cpu: number;
  wall: number;
}

async function runVariant(v: Variant, round: number): Promise<Slice[]> {
  const schema = uniqueName(`wgrow_${v.name}`);
  const db = new Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema},public` });
  const monitor = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  await monitor.connect();
  const slices: Slice[] = [];
  try {
    const pid = (await db.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    await createAuditTable(schema);
    if (v.drop) await db.query(DROPPABLE[v.drop]);

    // One 7-day partition's span (epoch-aligned, as partitionFor), two weeks back.
    const start = Math.floor((Date.now() - 14 * DAY_MS) / (7 * DAY_MS)) * 7 * DAY_MS;
    const partitions: PartitionRange[] = [];
    const ensure = async (at: Date) => {
      if (partitions.some((p) => Date.parse(p.from) <= at.getTime() && at.getTime() < Date.parse(p.to))) return;
      const p = partitionFor(at, partitions, v.days);
      await createPartition(db, p, v.pendingKb, v.drop !== 'terms');
      partitions.push(p);
    };
    const batch = (from: number): Buffer => {
      const records: TransmissionRecordedV1[] = [];
      for (let i = from; i < Math.min(from + BATCH, RECORDS); i++) {
        const g = generate(i, RECORDS, SPAN_DAYS, MERCHANTS);
        const occurredAt = new Date(start + Math.floor((i / RECORDS) * SPAN_DAYS * DAY_MS));
        const correlationId = v.corr === 'order' ? correlationOf(g.orderId) : v.corr === 'v4' ? randomUUID() : uuidv7();
        records.push({ ...g.input, id: v.ids === 'v4' ? randomUUID() : uuidv7(), correlationId, occurredAt: occurredAt.toISOString() } as TransmissionRecordedV1);
      }
      return toCopyBuffer(toRows(records, (t) => t));
    };
    const copy = async (buf: Buffer) => pipeline(Readable.from([buf]), db.query(copyFrom(copySql())));

    await monitor.query('CHECKPOINT');
    console.log(`\n[${v.name}] round ${round + 1}, schema ${schema}, ${uptime()}`);
    console.log('  rows          CPU µs/rec (user+sys; background)  wall µs/rec  WAL B/rec  FPI/rec  backend writes/rec  ckpts  buffer misses per 1k records (hits) by index');
    let before = await counters(db, monitor, pid, schema);
    let next = batch(0);
    const profiles: Array<{ file: string; from: number; perf: ChildProcess }> = [];
    const lastSlice = Math.floor((RECORDS - 1) / SLICE) * SLICE;
    for (let i = 0; i < RECORDS; ) {
      if (PERF && (i === BATCH * 4 || i === lastSlice + BATCH * 4)) {
        const file = `/tmp/${schema}-${i}.perf`;
        profiles.push({ file, from: i, perf: spawn('perf', ['record', '-q', '-F', '499', '-g', '-p', String(pid), '-o', file, '--', 'sleep', String(PERF)], { stdio: 'ignore' }) });
      }
      const first = new Date(start + Math.floor((i / RECORDS) * SPAN_DAYS * DAY_MS));
      const last = new Date(start + Math.floor((Math.min(i + BATCH, RECORDS) - 1) / RECORDS * SPAN_DAYS * DAY_MS));
      await ensure(first);
      await ensure(last);
      const writing = copy(next);
      i += BATCH;
      // The next batch is built while PostgreSQL writes this one.
      if (i < RECORDS) next = batch(i);
      await writing;
      if (i % SLICE === 0 || i >= RECORDS) {
        const after = await counters(db, monitor, pid, schema);
        const n = i - (slices.length * SLICE);
        const user = ((after.cpu.user - before.cpu.user) * 1e3) / n;
        const sys = ((after.cpu.sys - before.cpu.sys) * 1e3) / n;
        const cpu = user + sys;
        const aux = ((after.auxMs - before.auxMs) * 1e3) / n;
        // Other sessions' backends busy meanwhile (share of one core; one born during the slice counts whole, one that
        // ended is missed): their pages compete for shared_buffers.
        const othersMs = [...after.others].reduce((t, [p, ms]) => t + ms - (before.others.get(p) ?? 0), 0);
        const othersShare = othersMs / (Number(after.at - before.at) / 1e6);
        const wall = Number(after.at - before.at) / 1e3 / n;
        const misses = [...after.blocks]
          .map(([name, b]) => {
            const prev = before.blocks.get(name) ?? { read: 0, hit: 0 };
            return { name, read: ((b.read - prev.read) * 1e3) / n, hit: ((b.hit - prev.hit) * 1e3) / n };
          })
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((b) => `${b.name} ${b.read.toFixed(0)} (${b.hit.toFixed(0)})`)
          .join(', ');
        console.log(
          `  ${`${(slices.length * SLICE).toLocaleString()}–${i.toLocaleString()}`.padEnd(20)}${cpu.toFixed(0).padStart(4)} (${user.toFixed(0)}+${sys.toFixed(0)}; ${aux.toFixed(0)})`.padEnd(48) + `${wall.toFixed(0).padStart(13)}` +
            `${((lsnBytes(after.walLsn) - lsnBytes(before.walLsn)) / n).toFixed(0).padStart(11)}${((after.fpi - before.fpi) / n).toFixed(2).padStart(9)}` +
            `${((after.backendWrites - before.backendWrites) / n).toFixed(2).padStart(20)}${String(after.checkpoints - before.checkpoints).padStart(7)}  ${misses}`,
        );
        console.log(`                ${uptime()}; other sessions' backends ${(othersShare * 100).toFixed(0)} % of a core`);
        slices.push({ cpu, wall });
        before = after;
      }
    }
    for (const p of profiles) {
      if (p.perf.exitCode === null) await new Promise((r) => p.perf.once('exit', r));
      // Inclusive shares of the steps of a COPY row (frame-pointer call chains), then the top functions by own time.
      const inclusive = execSync(`perf report -q -i ${p.file} --children --sort symbol --stdio -g none 2>/dev/null`).toString();
      const share = (fn: string) => new RegExp(`^\\s*([\\d.]+)%\\s+[\\d.]+%\\s+\\[.\\] ${fn}\\s`, 'm').exec(inclusive)?.[1] ?? '0';
      const steps = PROFILE_STEPS.map((fn) => `${fn} ${share(fn)}`).join(', ');
      const own = execSync(`perf report -q -i ${p.file} --no-children --sort symbol --stdio -g none 2>/dev/null | head -12`).toString();
      console.log(`  perf from record ${p.from.toLocaleString()} (${PERF} s), % of the backend's samples including callees: ${steps}`);
      console.log(`  own time:\n${own.replace(/[ \t]+-[ \t]+-[ \t]*$/gm, '').replace(/^/gm, '    ')}`);
      execSync(`rm -f ${p.file}`);
    }
    const size = (await db.query(`SELECT pg_size_pretty(sum(pg_table_size(inhrelid))) AS heap, pg_size_pretty(sum(pg_indexes_size(inhrelid))) AS ix
      FROM pg_inherits WHERE inhparent = 'transmissions'::regclass`)).rows[0];
    console.log(`  ${partitions.length} partition(s): tables ${size.heap}, indexes ${size.ix}`);
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
    await monitor.end();
  }
  return slices;
}

async function main(): Promise<void> {
  const variants = flag('variants', 'now;ids=v7').split(';').map(parseVariant);
  console.log(`PostgreSQL write cost as a partition grows: ${RECORDS.toLocaleString()} records over ${SPAN_DAYS} days, COPY batches of ${BATCH}, slices of ${SLICE.toLocaleString()}, ${ROUNDS} round(s)`);
  const results = new Map<string, Slice[][]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of round % 2 ? [...variants].reverse() : variants) {
      const runs = results.get(v.name) ?? [];
      runs.push(await runVariant(v, round));
      results.set(v.name, runs);
    }
  }
  console.log(`\nbackend CPU µs per record by slice (each round), ${uptime()}`);
  for (const v of variants) {
    const runs = results.get(v.name) ?? [];
    const cells = runs[0].map((_, s) => runs.map((r) => r[s].cpu.toFixed(0)).join('/'));
    const total = runs.map((r) => (r.reduce((n, s) => n + s.cpu, 0) / r.length).toFixed(0)).join('/');
    console.log(`  ${v.name.padEnd(28)} ${cells.join('  ')}   mean ${total}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
