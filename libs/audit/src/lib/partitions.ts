/**
 * Transmission records live in one PostgreSQL partition per UTC day. Retention is then a
 * `DROP TABLE` of whole days — instant, no vacuum debt — instead of deleting millions of rows.
 */
const DAY_MS = 86_400_000;
const NAME = /^transmissions_p(\d{4})(\d{2})(\d{2})$/;

export interface DayPartition {
  name: string;
  /** Inclusive, ISO 8601 (UTC midnight). */
  from: string;
  /** Exclusive. */
  to: string;
}

export function partitionForDay(at: Date | string): DayPartition {
  const t = new Date(at).getTime();
  if (Number.isNaN(t)) throw new RangeError(`not a time: ${String(at)}`);
  const start = new Date(Math.floor(t / DAY_MS) * DAY_MS);
  const iso = start.toISOString();
  return { name: `transmissions_p${iso.slice(0, 10).replace(/-/g, '')}`, from: iso, to: new Date(start.getTime() + DAY_MS).toISOString() };
}

/** The day partitions covering [from, to] (both ends included). */
export function partitionsBetween(from: Date, to: Date): DayPartition[] {
  const out: DayPartition[] = [];
  for (let t = Math.floor(from.getTime() / DAY_MS) * DAY_MS; t <= to.getTime(); t += DAY_MS) out.push(partitionForDay(new Date(t)));
  return out;
}

/** Records older than this are past retention: the partitions that hold only such records are dropped. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - retentionDays * DAY_MS);
}

/** Of the existing partition tables, those entirely older than the cutoff. Unknown names are never touched. */
export function expiredPartitions(existing: readonly string[], now: Date, retentionDays: number): string[] {
  const cutoff = retentionCutoff(now, retentionDays).getTime();
  return existing.filter((name) => {
    const m = NAME.exec(name);
    return m !== null && Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + DAY_MS <= cutoff;
  });
}
