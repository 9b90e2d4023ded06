/**
 * A CPU profile of a window of the audit-log process under the bench, written while it runs (Node's
 * --cpu-prof writes only at exit, which the launcher's 10 s SIGTERM grace can cut short: exit 9).
 *
 *   PROF_DELAY=12 PROF_SECONDS=20 PROF_OUT=/tmp/audit BENCH_AUDIT_NODE_OPTIONS="-r ./tools/bench/audit/profile-window.cjs" \
 *     npx nx run bench-audit:bench -- --count 300000 --writes-only
 *
 * Profiles PROF_SECONDS (40) seconds from PROF_DELAY (20) seconds after the process started, into
 * PROF_OUT.cpuprofile (Chrome DevTools or speedscope read it). Loaded into every Node process that
 * gets the options; acts only in the one whose command line holds PROF_MATCH (`audit-log`).
 */
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');

const delayMs = Number(process.env.PROF_DELAY || 20) * 1000;
const durationMs = Number(process.env.PROF_SECONDS || 40) * 1000;
if (process.argv.some((a) => a.includes(process.env.PROF_MATCH || 'audit-log'))) {
  const session = new Session();
  session.connect();
  setTimeout(() => {
    session.post('Profiler.enable', () =>
      session.post('Profiler.start', () => {
        setTimeout(
          () =>
            session.post('Profiler.stop', (err, result) => {
              if (err) return process.stderr.write(`profile failed: ${err.message}\n`);
              writeFileSync(`${process.env.PROF_OUT || '/tmp/audit-log'}.cpuprofile`, JSON.stringify(result.profile));
            }),
          durationMs,
        ).unref();
      }),
    );
  }, delayMs).unref();
}
