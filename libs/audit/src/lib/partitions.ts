/**
 * Transmission records live in range partitions of `occurred_at`, each `widthDays` long and
 * aligned to the Unix epoch (UTC). Retention is a `DROP TABLE` of whole partitions — instant, no
 * vacuum debt — instead of deleting millions of rows. Fewer, wider partitions keep planning cheap
 * for queries without a time range (by order id); narrower ones drop closer to the retention.
 *
 * A new partition fills the gap around the time it must hold, clipped to its neighbours, so it
 * never overlaps an existing one: changing the width, or partitions made by an older migration,
 * never block a write.
 */
const DAY_MS = 86_400_000;

export interface PartitionRange {
  name: string;
  /** Inclusive, ISO 8601. */
  from: string;
  /** Exclusive. */
  to: string;
}

const ms = (iso: string) => Date.parse(iso);

export function covering(existing: readonly PartitionRange[], at: Date | string): PartitionRange | undefined {
  const t = new Date(at).getTime();
  return existing.find((p) => ms(p.from) <= t && t < ms(p.to));
}

/** The partition to create for a time no existing partition covers. */
export function partitionFor(at: Date | string, existing: readonly PartitionRange[], widthDays: number): PartitionRange {
  const t = new Date(at).getTime();
  if (Number.isNaN(t)) throw new RangeError(`not a time: ${String(at)}`);
  const width = widthDays * DAY_MS;
  let from = Math.floor(t / width) * width;
  let to = from + width;
  for (const p of existing) {
    const [pf, pt] = [ms(p.from), ms(p.to)];
    if (pf <= t && t < pt) throw new RangeError(`${new Date(t).toISOString()} is already in ${p.name}`);
    if (pt <= t && pt > from) from = pt;
    if (pf > t && pf < to) to = pf;
  }
  const start = new Date(from).toISOString();
  return { name: `transmissions_p${start.slice(0, 10).replace(/-/g, '')}`, from: start, to: new Date(to).toISOString() };
}

/** Records older than this are past retention (UTC midnight, `retentionDays` before today). */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - retentionDays * DAY_MS);
}

/** The partitions that hold only records past the retention. */
export function expiredPartitions(existing: readonly PartitionRange[], now: Date, retentionDays: number): string[] {
  const cutoff = retentionCutoff(now, retentionDays).getTime();
  return existing.filter((p) => ms(p.to) <= cutoff).map((p) => p.name);
}

/** `FOR VALUES FROM ('2026-11-24 00:00:00+00') TO ('2026-11-25 00:00:00+00')` (pg_get_expr) → ISO bounds. */
export function parsePartitionBound(name: string, bound: string): PartitionRange | undefined {
  const m = /FROM \('([^']+)'\) TO \('([^']+)'\)/.exec(bound);
  if (!m) return undefined;
  const iso = (s: string) => new Date(s.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();
  try {
    return { name, from: iso(m[1]), to: iso(m[2]) };
  } catch {
    return undefined;
  }
}
