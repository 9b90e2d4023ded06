/**
 * What one transmission record costs PostgreSQL to write, by table design and insert method, in
 * PostgreSQL alone (no broker, no consumer). Every variant loads the same generated records in
 * batches, one statement per batch, and rounds alternate the variants (forward, then backward) so
 * a shared machine's noise hits all of them alike. CPU is the inserting backend's own (from
 * /proc), so other people's work does not count; wall time does.
 *
 *   npx nx run bench-audit:write-cost -- --records 20000 --rounds 3 [--batch 1000] [--only now,before]
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { TEST_DATABASE_URL, uniqueName } from '@hub/testing';
// The words the consumer leaves out of the index, from @hub/audit itself (as audit.bench.ts imports
// the service's search rules): a copy would drift unnoticed and the bench would time other rows.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { STRUCTURAL_WORDS } from '@hub/audit';
import { generate } from './records';
import { flag } from './args';

const RECORDS = Number(flag('records', '20000'));
const ROUNDS = Number(flag('rounds', '3'));
const BATCH = Number(flag('batch', '1000'));
const ONLY = flag('only', '').split(',').filter(Boolean);

type Row = Record<string, string | number | null>;

const COLUMNS = ['id', 'merchant_id', 'integration', 'direction', 'type', 'status', 'description', 'order_id', 'customer_email', 'method', 'url',
  'request_body', 'response_body', 'http_status', 'fault', 'duration_ms', 'attempt', 'correlation_id', 'occurred_at'] as const;
const TYPES: Record<string, string> = { id: 'uuid', http_status: 'int', duration_ms: 'int', attempt: 'int', occurred_at: 'timestamptz' };
const typeOf = (c: string) => TYPES[c] ?? 'text';

const TABLE = (extra = '') => `CREATE TABLE t (
  id uuid NOT NULL, merchant_id text NOT NULL, integration text NOT NULL, direction text NOT NULL, type text NOT NULL, status text NOT NULL,
  description text NOT NULL, order_id text, customer_email text, method text, url text, request_body text, response_body text,
  http_status int, fault text, duration_ms int NOT NULL, attempt int NOT NULL, correlation_id text, occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now() ${extra})`;
const BTREES = [
  `ALTER TABLE t ADD PRIMARY KEY (id, occurred_at)`,
  `CREATE INDEX ON t (merchant_id, occurred_at DESC, id DESC)`,
  `CREATE INDEX ON t (merchant_id, status, occurred_at DESC, id DESC)`,
  `CREATE INDEX ON t (merchant_id, order_id, occurred_at)`,
  `CREATE INDEX ON t (merchant_id, correlation_id, occurred_at)`,
  `CREATE INDEX ON t (merchant_id, customer_email, occurred_at DESC)`,
];
/** The design before: PostgreSQL parses both bodies with to_tsvector, on every insert. */
const VECTOR = `to_tsvector('simple'::regconfig, left(coalesce(request_body, ''), 200000) || ' ' || left(coalesce(response_body, ''), 200000))`;
const BODY_GIN = `CREATE INDEX ON t USING gin (merchant_id, ${VECTOR}) WITH (gin_pending_list_limit = 1024)`;
/** Words split by the consumer, stored as a tsvector column (without positions, or with them: phrases in the index). */
const TSVECTOR_COLUMN = ', search_terms tsvector';
const TSVECTOR_GIN = `CREATE INDEX ON t USING gin (merchant_id, search_terms) WITH (gin_pending_list_limit = 1024)`;
/** Words split by the consumer, stored as text; the GIN index is on the vector made from it (the design now). */
const TERMS_COLUMN = ', search_terms text';
const TERMS_GIN = `CREATE INDEX ON t USING gin (merchant_id, array_to_tsvector(string_to_array(search_terms, ' '))) WITH (gin_pending_list_limit = 1024)`;
const LZ4 = ['request_body', 'response_body', 'search_terms'].map((c) => `ALTER TABLE t ALTER COLUMN ${c} SET COMPRESSION lz4`);

const names = (terms: boolean) => [...COLUMNS, ...(terms ? ['search_terms'] : [])].join(', ');
const types = COLUMNS.map((c) => `${c} ${typeOf(c)}`).join(', ');

interface Variant {
  name: string;
  ddl: string[];
  write: (db: Client, rows: Row[]) => Promise<void>;
  /** Timed too, after the last batch (an index built once the rows are in). */
  after?: string[];
}

/** json_to_recordset, with the record's terms as text (`terms`), or as a tsvector literal with or without positions; ON CONFLICT needs the primary key. */
function viaJson(terms?: 'terms' | 'tsvector' | 'positions', onConflict = true) {
  const conflict = onConflict ? ' ON CONFLICT (id, occurred_at) DO NOTHING' : '';
  const column = terms === 'terms' ? 'terms' : terms === 'tsvector' ? 'terms::tsvector' : 'positions::tsvector';
  const sql = terms
    ? `INSERT INTO t (${names(true)}) SELECT ${names(false)}, ${column} FROM json_to_recordset($1::json) AS r(${types}, ${terms === 'positions' ? 'positions' : 'terms'} text)${conflict}`
    : `INSERT INTO t (${names(false)}) SELECT ${names(false)} FROM json_to_recordset($1::json) AS r(${types})${conflict}`;
  return async (db: Client, rows: Row[]) => void (await db.query(sql, [JSON.stringify(rows)]));
}

const copyValue = (v: string | number | null): string =>
  v === null ? '\\N' : typeof v === 'string' ? v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] ?? c) : String(v);

/**
 * COPY, with the record's terms (`terms`: every word; `terms3`: words of 3+ characters; `stored`: what the consumer stores
 * now: words of 3+ characters without the bodies' structural words, as @hub/audit `searchTerms`).
 */
function viaCopy(terms: boolean, termsColumn: 'terms' | 'terms3' | 'stored' = 'terms') {
  const columns = [...COLUMNS, ...(terms ? [termsColumn] : [])];
  return async (db: Client, rows: Row[]) => {
    const text = rows.map((r) => `${columns.map((c) => copyValue(r[c])).join('\t')}\n`).join('');
    await pipeline(Readable.from([text]), db.query(copyFrom(`COPY t (${names(terms)}) FROM STDIN`)));
  };
}

function listFor<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

/**
 * Search blocks (evaluated, not adopted): the records of one merchant in one batch share one row
 * holding the union of their words, and only that row is in the GIN index; records keep their
 * own terms, unindexed, to recheck. Fewer index entries, but a word found in k records makes the
 * query recheck k whole blocks.
 */
const BLOCKS = [
  `DROP TABLE IF EXISTS blocks`,
  `CREATE TABLE blocks (merchant_id text NOT NULL, first_at timestamptz NOT NULL, ids uuid[] NOT NULL, terms text NOT NULL)`,
  `ALTER TABLE blocks ALTER COLUMN terms SET COMPRESSION lz4`,
  `CREATE INDEX ON blocks USING gin (merchant_id, array_to_tsvector(string_to_array(terms, ' '))) WITH (gin_pending_list_limit = 1024)`,
];
async function viaBlocks(db: Client, rows: Row[]): Promise<void> {
  await viaJson('terms')(db, rows);
  const byMerchant = new Map<string, Row[]>();
  for (const r of rows) listFor(byMerchant, String(r['merchant_id'])).push(r);
  const blocks = [...byMerchant].map(([merchant, rs]) => {
    const union = new Set<string>();
    for (const r of rs) for (const w of String(r['terms']).split(' ')) union.add(w);
    return { merchant_id: merchant, first_at: rs[0]['occurred_at'], ids: rs.map((r) => r['id']), terms: [...union].join(' ') };
  });
  await db.query(`INSERT INTO blocks SELECT * FROM json_to_recordset($1::json) AS b(merchant_id text, first_at timestamptz, ids uuid[], terms text)`, [JSON.stringify(blocks)]);
}

const VARIANTS: Variant[] = [
  { name: 'heap only (INSERT from JSON)', ddl: [TABLE()], write: viaJson(undefined, false) },
  { name: 'heap only (COPY)', ddl: [TABLE()], write: viaCopy(false) },
  { name: 'pk + 5 b-trees', ddl: [TABLE(), ...BTREES], write: viaJson() },
  { name: 'before: b-trees + to_tsvector GIN', ddl: [TABLE(), ...BTREES, BODY_GIN], write: viaJson() },
  {
    name: 'to_tsvector alone (nothing stored)',
    ddl: [],
    write: async (db, rows) => void (await db.query(`SELECT count(${VECTOR}) FROM json_to_recordset($1::json) AS r(request_body text, response_body text)`, [JSON.stringify(rows)])),
  },
  { name: 'b-trees + tsvector column + GIN', ddl: [TABLE(TSVECTOR_COLUMN), ...BTREES, TSVECTOR_GIN], write: viaJson('tsvector') },
  { name: 'b-trees + tsvector with positions + GIN', ddl: [TABLE(TSVECTOR_COLUMN), ...BTREES, TSVECTOR_GIN], write: viaJson('positions') },
  { name: 'b-trees + terms, no GIN', ddl: [TABLE(TERMS_COLUMN), ...LZ4, ...BTREES], write: viaJson('terms') },
  { name: 'b-trees + terms + GIN, pglz', ddl: [TABLE(TERMS_COLUMN), ...BTREES, TERMS_GIN], write: viaJson('terms') },
  { name: 'b-trees + terms + GIN, lz4', ddl: [TABLE(TERMS_COLUMN), ...LZ4, ...BTREES, TERMS_GIN], write: viaJson('terms') },
  { name: 'b-trees + terms, GIN built after', ddl: [TABLE(TERMS_COLUMN), ...LZ4, ...BTREES], write: viaJson('terms'), after: [TERMS_GIN] },
  { name: 'b-trees + terms + search blocks', ddl: [TABLE(TERMS_COLUMN), ...LZ4, ...BTREES, ...BLOCKS], write: viaBlocks },
  { name: 'b-trees + terms + GIN, lz4, COPY (every word)', ddl: [TABLE(TERMS_COLUMN), ...LZ4, ...BTREES, TERMS_GIN], write: viaCopy(true) },
  { name: 'b-trees + terms of 3+ characters + GIN, lz4, COPY', ddl: [TABLE(TERMS_COLUMN), ...LZ4, ...BTREES, TERMS_GIN], write: viaCopy(true, 'terms3') },
  { name: 'now: + without structural words, COPY', ddl: [TABLE(TERMS_COLUMN), ...LZ4, ...BTREES, TERMS_GIN], write: viaCopy(true, 'stored') },
  ...[4096, 16384].map((kb) => ({
    name: `now, GIN pending list ${kb / 1024} MB`,
    ddl: [TABLE(TERMS_COLUMN), ...LZ4, ...BTREES, TERMS_GIN.replace('gin_pending_list_limit = 1024', `gin_pending_list_limit = ${kb}`)],
    write: viaCopy(true, 'stored'),
  })),
];

function backendCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/**
 * The consumer's splitting (@hub/audit searchTerms; benches may not import service libs): distinct
 * lower-case words, of at least `minChars` characters (3 now: MIN_INDEXED_WORD_CHARS).
 */
function terms(text: string, positions: boolean, minChars = 1): string {
  const seen = new Map<string, number[]>();
  let pos = 0;
  for (const w of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!w) continue;
    pos++;
    if (w.length < minChars) continue;
    const at = listFor(seen, w);
    if (at.length < 256) at.push(pos);
  }
  return [...seen].map(([w, at]) => (positions ? `${w}:${at.join(',')}` : w)).join(' ');
}

function toRow(r: Record<string, string | number | undefined>): Row {
  const v = (x: string | number | undefined) => x ?? null;
  const text = `${r['requestBody'] ?? ''} ${r['responseBody'] ?? ''}`;
  return {
    id: v(r['id']), merchant_id: v(r['merchantId']), integration: v(r['integration']), direction: v(r['direction']), type: v(r['type']), status: v(r['status']),
    description: v(r['description']), order_id: v(r['orderId']), customer_email: v(r['customerEmail']), method: v(r['method']), url: v(r['url']),
    request_body: v(r['requestBody']), response_body: v(r['responseBody']), http_status: v(r['httpStatus']), fault: null, duration_ms: v(r['durationMs']),
    attempt: v(r['attempt']), correlation_id: v(r['correlationId']), occurred_at: v(r['occurredAt']),
    terms: terms(text, false),
    terms3: terms(text, false, 3),
    stored: terms(text, false, 3).split(' ').filter((w) => !STRUCTURAL_WORDS.has(w)).join(' '),
    positions: terms(text, true),
  };
}

async function main(): Promise<void> {
  const schema = uniqueName('wcost');
  const db = new Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema},public` });
  await db.connect();
  const pid = (await db.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
  const rows = Array.from({ length: RECORDS }, (_, i) => toRow(JSON.parse(generate(i, RECORDS, 30, 50).json.toString())));
  const variants = VARIANTS.filter((v) => !ONLY.length || ONLY.some((o) => v.name.includes(o)));
  const results = new Map<string, Array<{ wall: number; cpu: number }>>();
  const sizes = new Map<string, string>();
  console.log(`PostgreSQL write cost: ${RECORDS.toLocaleString()} records in batches of ${BATCH}, ${ROUNDS} rounds, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const perRecord = (c: string) => (rows.reduce((n, r) => n + String(r[c]).split(' ').filter(Boolean).length, 0) / rows.length).toFixed(1);
  console.log(`distinct words per record: every word ${perRecord('terms')}, 3+ characters ${perRecord('terms3')}, without structural words ${perRecord('stored')}`);
  try {
    await db.query(`CREATE SCHEMA ${schema}`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const v of round % 2 ? [...variants].reverse() : variants) {
        await db.query('DROP TABLE IF EXISTS t');
        for (const s of v.ddl) await db.query(s);
        const cpu0 = backendCpuMs(pid);
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < rows.length; i += BATCH) await v.write(db, rows.slice(i, i + BATCH));
        for (const sql of v.after ?? []) await db.query(sql);
        const wall = Number(process.hrtime.bigint() - t0) / 1e3 / rows.length;
        const cpu = ((backendCpuMs(pid) - cpu0) * 1e3) / rows.length;
        listFor(results, v.name).push({ wall, cpu });
        if (round === 0 && v.ddl.length) {
          const sz = await db.query(`SELECT pg_table_size('t') AS heap, pg_indexes_size('t') AS ix`);
          sizes.set(v.name, `table ${(sz.rows[0].heap / rows.length).toFixed(0)} B, indexes ${(sz.rows[0].ix / rows.length).toFixed(0)} B`);
        }
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`${'variant'.padEnd(56)} µs per record: backend CPU median (each round)   wall   size per record`);
    for (const v of variants) {
      const r = listFor(results, v.name);
      const cpu = `${median(r.map((x) => x.cpu)).toFixed(0).padStart(5)}  (${r.map((x) => x.cpu.toFixed(0)).join(', ')})`;
      console.log(`${v.name.padEnd(56)} ${cpu.padEnd(28)} ${median(r.map((x) => x.wall)).toFixed(0).padStart(5)}   ${sizes.get(v.name) ?? ''}`);
    }
    console.log(`load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
