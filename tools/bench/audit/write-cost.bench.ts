/**
 * What one transmission record costs PostgreSQL to write, by table design and insert method, in
 * PostgreSQL alone (no broker, no consumer). Every variant loads the same generated records in
 * batches, one transaction per batch, and rounds alternate the variants so a shared machine's
 * noise hits all of them alike. CPU is the inserting backend's own (from /proc), so it does not
 * count other people's work; wall time does.
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/audit/write-cost.bench.ts --records 20000 --rounds 3 [--only a,b]
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { TEST_DATABASE_URL, uniqueName } from '@hub/testing';
import { generate } from './records';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const RECORDS = Number(flag('records', '20000'));
const ROUNDS = Number(flag('rounds', '3'));
const BATCH = Number(flag('batch', '1000'));
const ONLY = flag('only', '').split(',').filter(Boolean);

type Row = Record<string, unknown>;

const COLUMNS = ['id', 'merchant_id', 'integration', 'direction', 'type', 'status', 'description', 'order_id', 'customer_email', 'method', 'url',
  'request_body', 'response_body', 'http_status', 'fault', 'duration_ms', 'attempt', 'correlation_id', 'occurred_at'] as const;
const TYPES: Record<string, string> = { id: 'uuid', http_status: 'int', duration_ms: 'int', attempt: 'int', occurred_at: 'timestamptz' };
const typeOf = (c: string) => TYPES[c] ?? 'text';
const VECTOR = `to_tsvector('simple'::regconfig, left(coalesce(request_body, ''), 200000) || ' ' || left(coalesce(response_body, ''), 200000))`;

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
const GIN = `CREATE INDEX ON t USING gin (merchant_id, ${VECTOR}) WITH (gin_pending_list_limit = 1024)`;
const LZ4 = [`ALTER TABLE t ALTER COLUMN request_body SET COMPRESSION lz4`, `ALTER TABLE t ALTER COLUMN response_body SET COMPRESSION lz4`];

const jsonInsert = (conflict: boolean, terms?: 'terms' | 'positions' | 'text') => {
  const names = COLUMNS.join(', ');
  const types = COLUMNS.map((c) => `${c} ${typeOf(c)}`).join(', ');
  if (terms === 'text') {
    return `INSERT INTO t (${names}, search_terms) SELECT ${names}, terms FROM json_to_recordset($1::json) AS r(${types}, terms text)${conflict ? ' ON CONFLICT (id, occurred_at) DO NOTHING' : ''}`;
  }
  if (terms) {
    return `INSERT INTO t (${names}, search_terms) SELECT ${names}, ${terms}::tsvector FROM json_to_recordset($1::json) AS r(${types}, ${terms} text)${conflict ? ' ON CONFLICT (id, occurred_at) DO NOTHING' : ''}`;
  }
  return `INSERT INTO t (${names}) SELECT ${names} FROM json_to_recordset($1::json) AS r(${types})${conflict ? ' ON CONFLICT (id, occurred_at) DO NOTHING' : ''}`;
};
const TERMS_GIN = (pending = 1024) => `CREATE INDEX ON t USING gin (merchant_id, search_terms) WITH (gin_pending_list_limit = ${pending})`;
const TERMS_COLUMN = ', search_terms tsvector';
const TERMS_TEXT = ', search_terms text';
const TERMS_EXPR_GIN = `CREATE INDEX ON t USING gin (merchant_id, array_to_tsvector(string_to_array(search_terms, ' '))) WITH (gin_pending_list_limit = 1024)`;
const TERMS_LZ4 = `ALTER TABLE t ALTER COLUMN search_terms SET COMPRESSION lz4`;
/** Bodies and terms compressed (lz4) and kept in the row, not moved to the TOAST table. */
const INLINE = ['request_body', 'response_body', 'search_terms'].flatMap((c) => [`ALTER TABLE t ALTER COLUMN ${c} SET COMPRESSION lz4`, `ALTER TABLE t ALTER COLUMN ${c} SET STORAGE MAIN`]);

interface Variant {
  name: string;
  ddl: string[];
  write: (db: Client, rows: Row[]) => Promise<void>;
  /** Timed too, after the last batch (an index built once the rows are in). */
  after?: string[];
}

const viaJson = (conflict = true, terms?: 'terms' | 'positions' | 'text') => async (db: Client, rows: Row[]) => {
  await db.query(jsonInsert(conflict, terms), [JSON.stringify(rows)]);
};

/**
 * Search blocks: the records of one merchant in one batch share one row of their words' union, and
 * only that row is in the GIN index (records keep their own terms, unindexed, for the recheck).
 */
const BLOCKS = [
  `CREATE TABLE blocks (merchant_id text NOT NULL, first_at timestamptz NOT NULL, ids uuid[] NOT NULL, terms text NOT NULL)`,
  `ALTER TABLE blocks ALTER COLUMN terms SET COMPRESSION lz4`,
  `CREATE INDEX ON blocks USING gin (merchant_id, array_to_tsvector(string_to_array(terms, ' '))) WITH (gin_pending_list_limit = 1024)`,
];
const viaBlocks = async (db: Client, rows: Row[]) => {
  await db.query(jsonInsert(true, 'text'), [JSON.stringify(rows)]);
  const byMerchant = new Map<string, Row[]>();
  for (const r of rows) (byMerchant.get(r['merchant_id'] as string) ?? byMerchant.set(r['merchant_id'] as string, []).get(r['merchant_id'] as string))!.push(r);
  const blocks = [...byMerchant].map(([merchant, rs]) => {
    const union = new Set<string>();
    for (const r of rs) for (const w of (r['terms'] as string).split(' ')) union.add(w);
    return { merchant_id: merchant, first_at: rs[0]['occurred_at'], ids: rs.map((r) => r['id']), terms: [...union].sort().join(' ') };
  });
  await db.query(`INSERT INTO blocks SELECT merchant_id, first_at, ids, terms FROM json_to_recordset($1::json) AS b(merchant_id text, first_at timestamptz, ids uuid[], terms text)`, [JSON.stringify(blocks)]);
};

const VARIANTS: Variant[] = [
  { name: 'heap only', ddl: [TABLE()], write: viaJson(false) },
  { name: 'heap, lz4 bodies', ddl: [TABLE(), ...LZ4], write: viaJson(false) },
  { name: 'pk + 5 b-trees', ddl: [TABLE(), ...BTREES], write: viaJson() },
  { name: 'pk + 5 b-trees, lz4', ddl: [TABLE(), ...LZ4, ...BTREES], write: viaJson() },
  { name: 'today: b-trees + GIN 1 MB', ddl: [TABLE(), ...BTREES, GIN], write: viaJson() },
  { name: 'b-trees + GIN 1 MB, lz4', ddl: [TABLE(), ...LZ4, ...BTREES, GIN], write: viaJson() },
  { name: 'GIN only (no b-trees)', ddl: [TABLE(), GIN], write: viaJson(false) },
  { name: 'b-trees + terms (no positions) GIN', ddl: [TABLE(TERMS_COLUMN), ...LZ4, TERMS_LZ4, ...BTREES, TERMS_GIN()], write: viaJson(true, 'terms') },
  { name: 'b-trees + terms (positions) GIN', ddl: [TABLE(TERMS_COLUMN), ...LZ4, TERMS_LZ4, ...BTREES, TERMS_GIN()], write: viaJson(true, 'positions') },
  { name: 'b-trees + terms (no positions), no GIN', ddl: [TABLE(TERMS_COLUMN), ...LZ4, TERMS_LZ4, ...BTREES], write: viaJson(true, 'terms') },
  { name: 'b-trees + terms (no positions), pglz, no GIN', ddl: [TABLE(TERMS_COLUMN), ...BTREES], write: viaJson(true, 'terms') },
  { name: 'b-trees + terms (no positions) inline, no GIN', ddl: [TABLE(TERMS_COLUMN), ...INLINE, ...BTREES], write: viaJson(true, 'terms') },
  { name: 'b-trees + terms (no positions) inline, GIN', ddl: [TABLE(TERMS_COLUMN), ...INLINE, ...BTREES, TERMS_GIN()], write: viaJson(true, 'terms') },
  { name: 'b-trees + terms (no positions) inline, GIN after', ddl: [TABLE(TERMS_COLUMN), ...INLINE, ...BTREES], write: viaJson(true, 'terms'), after: [TERMS_GIN()] },
  { name: 'b-trees + terms (positions) inline, GIN', ddl: [TABLE(TERMS_COLUMN), ...INLINE, ...BTREES, TERMS_GIN()], write: viaJson(true, 'positions') },
  { name: 'b-trees + terms text, no GIN', ddl: [TABLE(TERMS_TEXT), ...BTREES], write: viaJson(true, 'text') },
  { name: 'b-trees + terms text, expression GIN', ddl: [TABLE(TERMS_TEXT), ...BTREES, TERMS_EXPR_GIN], write: viaJson(true, 'text') },
  { name: 'b-trees + terms text inline, expression GIN', ddl: [TABLE(TERMS_TEXT), ...INLINE, ...BTREES, TERMS_EXPR_GIN], write: viaJson(true, 'text') },
  { name: 'b-trees + terms text inline, search blocks', ddl: [TABLE(TERMS_TEXT), ...INLINE, ...BTREES, 'DROP TABLE IF EXISTS blocks', ...BLOCKS], write: viaBlocks },
  { name: 'b-trees + terms (positions), no GIN', ddl: [TABLE(TERMS_COLUMN), ...LZ4, TERMS_LZ4, ...BTREES], write: viaJson(true, 'positions') },
  { name: 'b-trees + terms (positions) GIN 4 MB', ddl: [TABLE(TERMS_COLUMN), ...LZ4, TERMS_LZ4, ...BTREES, TERMS_GIN(4096)], write: viaJson(true, 'positions') },
  {
    name: 'to_tsvector only (no insert)',
    ddl: [],
    write: async (db, rows) => {
      await db.query(`SELECT count(${VECTOR}) FROM json_to_recordset($1::json) AS r(request_body text, response_body text)`, [JSON.stringify(rows)]);
    },
  },
];

function backendCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

const WORD = /[\p{L}\p{N}]+/gu;
function terms(text: string, positions: boolean): string {
  const seen = new Map<string, number[]>();
  let pos = 0;
  for (const m of text.toLowerCase().matchAll(WORD)) {
    pos++;
    const p = seen.get(m[0]);
    if (p) {
      if (p.length < 256) p.push(pos);
    } else seen.set(m[0], [pos]);
  }
  return [...seen.keys()].sort().map((t) => (positions ? `${t}:${seen.get(t)!.join(',')}` : t)).join(' ');
}

function toRow(r: Record<string, unknown>): Row {
  const text = `${r['requestBody'] ?? ''} ${r['responseBody'] ?? ''}`;
  return {
    terms: terms(text, false),
    positions: terms(text, true),
    id: r['id'], merchant_id: r['merchantId'], integration: r['integration'], direction: r['direction'], type: r['type'], status: r['status'],
    description: r['description'], order_id: r['orderId'], customer_email: r['customerEmail'], method: r['method'], url: r['url'],
    request_body: r['requestBody'], response_body: r['responseBody'], http_status: r['httpStatus'], fault: null, duration_ms: r['durationMs'],
    attempt: r['attempt'], correlation_id: r['correlationId'], occurred_at: r['occurredAt'],
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
  try {
    await db.query(`CREATE SCHEMA ${schema}`);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? [...variants].reverse() : variants;
      for (const v of order) {
        await db.query('DROP TABLE IF EXISTS t');
        for (const s of v.ddl) await db.query(s);
        const cpu0 = backendCpuMs(pid);
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < rows.length; i += BATCH) {
          await db.query('BEGIN');
          await v.write(db, rows.slice(i, i + BATCH));
          await db.query('COMMIT');
        }
        for (const sql of v.after ?? []) await db.query(sql);
        const wall = Number(process.hrtime.bigint() - t0) / 1e3 / rows.length;
        const cpu = ((backendCpuMs(pid) - cpu0) * 1e3) / rows.length;
        (results.get(v.name) ?? results.set(v.name, []).get(v.name))!.push({ wall, cpu });
        if (round === 0 && v.ddl.length) {
          const sz = await db.query(`SELECT pg_relation_size('t') AS heap, pg_table_size('t') - pg_relation_size('t') AS toast, pg_indexes_size('t') AS ix`);
          sizes.set(v.name, `heap ${(sz.rows[0].heap / rows.length).toFixed(0)} B, toast ${(sz.rows[0].toast / rows.length).toFixed(0)} B, indexes ${(sz.rows[0].ix / rows.length).toFixed(0)} B per record`);
        }
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`${'variant'.padEnd(32)} µs per record: backend CPU (median, each round)   wall`);
    for (const v of variants) {
      const r = results.get(v.name)!;
      console.log(`${v.name.padEnd(40)} ${median(r.map((x) => x.cpu)).toFixed(0).padStart(5)}  (${r.map((x) => x.cpu.toFixed(0)).join(', ')})`.padEnd(75) + `${median(r.map((x) => x.wall)).toFixed(0).padStart(5)}   ${sizes.get(v.name) ?? ''}`);
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
