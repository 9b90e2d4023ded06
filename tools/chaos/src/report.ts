import type { ChaosResult } from './chaos-run';
import type { PhaseCounts } from './verdict';

const retries = (r: Record<string, number>) =>
  Object.entries(r)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k}×${n}`)
    .join(' ') || '-';
const parked = (p: Record<string, number>) =>
  Object.entries(p)
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ') || '-';

function row(p: PhaseCounts, ms?: number): Record<string, string | number> {
  return {
    phase: p.phase,
    's': ms === undefined ? '' : (ms / 1000).toFixed(1),
    'sent (imports)': `${p.sent} (${p.imports})`,
    accepted: p.accepted,
    'answers retried': retries(p.retried),
    'ONTRAPORT once': p.delivered.ontraport,
    'Infusionsoft once': p.delivered.infusionsoft,
    duplicates: p.duplicates,
    lost: p.lost,
    incomplete: p.incomplete,
    'parked (reason)': parked(p.parked) + (p.parkedCopies ? ` (+${p.parkedCopies} copies)` : ''),
    'never accepted': p.notAccepted,
    refused: p.refused,
  };
}

/** The counts per fault phase (orders counted in the phase they were first sent in), then the verdict. */
export function report(r: ChaosResult): string {
  const v = r.verdict;
  const lines: string[] = [];
  const table = [...v.phases.map((p) => row(p, r.phaseMs[p.phase])), row(v.total)];
  const cols = Object.keys(table[0]);
  const width = cols.map((c) => Math.max(c.length, ...table.map((t) => String(t[c]).length)));
  const fmt = (t: Record<string, string | number>) => cols.map((c, i) => (typeof t[c] === 'number' ? String(t[c]).padStart(width[i]) : String(t[c]).padEnd(width[i]))).join('  ');
  lines.push(cols.map((c, i) => c.padEnd(width[i])).join('  '));
  for (const t of table) lines.push(fmt(t));
  const o = v.observed;
  lines.push('');
  lines.push(
    `simulators: ONTRAPORT ${o.simCounters.ontraport['requests'] ?? 0} requests (${o.simCounters.ontraport['failedInjected'] ?? 0} failed, ${o.simCounters.ontraport['dropped'] ?? 0} dropped, ${o.simCounters.ontraport['lostResponses'] ?? 0} answers lost after the effect); ` +
      `Infusionsoft ${o.simCounters.infusionsoft['calls'] ?? 0} calls (${o.simCounters.infusionsoft['fault'] ?? 0} faults, ${o.simCounters.infusionsoft['reset'] ?? 0} resets, ${o.simCounters.infusionsoft['lostResponse'] ?? 0} answers lost after the effect)`,
  );
  lines.push(`transmission log: ${o.log.records} records; parked commands: ${o.parked.length}; messages left in queues: ${Object.values(o.leftovers).reduce((a, b) => a + b, 0)}`);
  lines.push(`run ${r.seconds.toFixed(0)} s (drain ${r.drainSeconds.toFixed(0)} s), load average ${r.loadAverage[0].toFixed(2)} / ${r.loadAverage[1].toFixed(2)} (1 / 5 min)`);
  lines.push('');
  if (v.violations.length === 0) lines.push('verdict: every accepted order reached every CRM it should exactly once; nothing lost; parked = exactly the permanent failures, each with its reason');
  else {
    lines.push(`verdict: ${v.violations.length} kind(s) of violation`);
    for (const x of v.violations) lines.push(`  ✗ ${x}`);
  }
  return lines.join('\n');
}
