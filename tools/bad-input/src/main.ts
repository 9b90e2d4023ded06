/**
 * `npx nx run bad-input:run` (every routing key of every consumer) or `… -- --short` (one key per
 * consumer, as the e2e target runs it): starts the hub, throws the corpus at it, prints the table.
 * Exits 1 when anything crashed, was stored, or was answered in a way the corpus does not expect.
 */
import 'reflect-metadata';
import { BadInputRun, report, tally } from './bad-input-run';
import { HubUnderTest } from './hub-under-test';

async function main(): Promise<void> {
  const short = process.argv.includes('--short');
  const verbose = process.argv.includes('--verbose');
  const hut = new HubUnderTest();
  const started = Date.now();
  try {
    await hut.start();
    const results = await new BadInputRun(hut, { short, log: verbose ? (l) => console.log(l) : undefined }).run();
    console.log(report(results));
    const t = tally(results);
    console.log(`\n${short ? 'short' : 'full'} run, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exitCode = t.crashed || t.stored || t.unexpected ? 1 : 0;
  } finally {
    await hut.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
