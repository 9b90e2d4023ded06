import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports utime and stime in clock ticks; 100 per second on every kernel we run on. */
const CLOCK_TICKS = 100;

/**
 * CPU time a process has used so far, user + system, every thread, in milliseconds, from /proc.
 * Benchmarks divide it by the work done: a cost per request that stays comparable when other work
 * on a shared machine changes the throughput. NaN where there is no such process or no /proc.
 */
export function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name "(…)": utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** CPU milliseconds of every process with this command name now alive (`postgres`, say). */
export function commandCpuMs(command: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === command) total += processCpuMs(Number(pid)) || 0;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** The local RabbitMQ's Erlang VM, when it runs on this machine (its CPU includes other tenants' traffic). */
export function brokerPid(): number | undefined {
  try {
    return Number(execFileSync('pgrep', ['-o', '-f', 'beam.smp'], { encoding: 'utf8' }).trim()) || undefined;
  } catch {
    return undefined;
  }
}
