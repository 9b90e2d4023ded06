import { readSimulatorEnv } from './lib/simulator-env.config';
import { startOntraportSimulator } from './lib/ontraport-simulator.server';

const log = (fields: Record<string, unknown>): void => {
  process.stdout.write(
    `${JSON.stringify({ service: 'ontraport-simulator', time: new Date().toISOString(), ...fields })}\n`,
  );
};

async function main(): Promise<void> {
  const options = readSimulatorEnv(process.env);
  const simulator = await startOntraportSimulator(options);
  const { config, accounts } = simulator.state();
  // App ids only: API keys are secrets even in a simulator.
  log({ level: 'info', msg: 'listening', url: simulator.url, accounts: Object.keys(accounts), config });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    simulator.close().then(
      () => {
        log({ level: 'info', msg: 'closed', signal });
        process.exit(0);
      },
      (error: unknown) => {
        log({ level: 'error', msg: 'close failed', error: String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  log({ level: 'error', msg: 'failed to start', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
