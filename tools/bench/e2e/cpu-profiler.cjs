/**
 * Preloaded into a service (`--require tools/bench/e2e/cpu-profiler.cjs`) when the benchmark runs
 * with BENCH_PROFILE_DIR: the first SIGWINCH starts V8's CPU profiler, the second writes
 * `<dir>/<service>-<pid>.cpuprofile` (open it in Chrome DevTools, or summarise it with
 * profile-summary.ts). The benchmark sends them at the start and the end of the measured phase.
 * SIGWINCH because Nest's shutdown hooks take SIGUSR2 (and SIGUSR1 starts the inspector); its
 * default action is to do nothing, so a process without this file ignores it. Worker threads are
 * left alone (signals reach the main thread).
 */
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { isMainThread } = require('node:worker_threads');

const dir = process.env.BENCH_PROFILE_DIR;
if (dir && isMainThread) {
  const session = new Session();
  session.connect();
  let running = false;
  process.on('SIGWINCH', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')));
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(join(dir, `${process.env.BENCH_PROFILE_NAME || 'node'}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
