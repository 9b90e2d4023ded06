/**
 * Where the CPU went, from the profiles the benchmark writes with BENCH_PROFILE_DIR: per process,
 * the share of samples by area (our libs and apps by folder, dependencies by package, Node's own
 * internals, GC, idle) and the heaviest functions by self time.
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/e2e/profile-summary.ts /tmp/prof [top=15]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `libs/messaging/nest`, `apps/mapping`, `pg`, `@nestjs/core`, `node:internal`, `(garbage collector)`… */
function areaOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const repo = /\/(apps\/[^/]+|libs\/(?:[^/]+\/)?[^/]+|tools\/[^/]+\/[^/]+)\/src\//.exec(url) ?? /\/(apps\/[^/]+|libs\/[^/]+\/[^/]+|tools\/[^/]+\/[^/]+)\//.exec(url);
  return repo ? repo[1] : url;
}

function summarise(file: string, top: number): void {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((s, t) => s + t, 0);
  const idle = [...self].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((s, [, t]) => s + t, 0);
  const busy = total - idle;
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, t] of self) {
    const f = byId.get(id)?.callFrame;
    if (!f || f.functionName === '(idle)') continue;
    const area = areaOf(f.url, f.functionName);
    areas.set(area, (areas.get(area) ?? 0) + t);
    const fn = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^.*\/(node_modules|apps|libs|tools)\//, '$1/')}:${f.lineNumber + 1}` : ''}`;
    fns.set(fn, (fns.get(fn) ?? 0) + t);
  }
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1)}%`.padStart(6);
  console.log(`\n${file.split('/').pop()}: ${(busy / 1e6).toFixed(1)} s busy of ${(total / 1e6).toFixed(1)} s sampled`);
  console.log('  by area:');
  for (const [a, t] of [...areas].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`    ${pct(t)}  ${a}`);
  console.log('  heaviest functions (self time):');
  for (const [f, t] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`    ${pct(t)}  ${f}`);
}

const dir = process.argv[2];
if (!dir) {
  console.error('usage: profile-summary.ts <dir with .cpuprofile files> [top]');
  process.exit(2);
}
for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile')).sort()) summarise(join(dir, f), Number(process.argv[3] ?? 15));
