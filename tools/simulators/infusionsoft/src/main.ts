import { DEFAULT_APP, startInfusionsoftSimulator, validateSwitches } from './lib/infusionsoft-simulator.server';
import { startSmtpSink } from './lib/smtp-sink';

const log = (fields: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify({ service: 'infusionsoft-simulator', time: new Date().toISOString(), ...fields })}\n`);
};
const num = (name: string): number | undefined => (process.env[name]?.trim() ? Number(process.env[name]) : undefined);

/** The Infusionsoft simulator (4002) and the SMTP sink (4025) for `npm start` and local runs. */
async function main(): Promise<void> {
  const switches = validateSwitches({
    latencyMs: num('INFUSIONSOFT_SIM_LATENCY_MS'),
    failPercent: num('INFUSIONSOFT_SIM_FAIL_PERCENT'),
    blankPercent: num('INFUSIONSOFT_SIM_BLANK_PERCENT'),
    throttlePerSecond: num('INFUSIONSOFT_SIM_THROTTLE_PER_SECOND'),
  });
  const host = process.env['INFUSIONSOFT_SIM_HOST']?.trim() || '127.0.0.1';
  const sim = await startInfusionsoftSimulator({ ...switches, host, port: num('INFUSIONSOFT_SIM_PORT') ?? 4002, apps: [DEFAULT_APP] });
  const smtp = await startSmtpSink({ host, port: num('SMTP_SINK_PORT') ?? 4025 });
  log({ level: 'info', msg: 'listening', url: sim.url, legacy: sim.legacyUrlTemplate, oauth: sim.oauthUrl, apps: [DEFAULT_APP.name], smtp: `${host}:${smtp.port}` });
  const stop = (signal: string) =>
    void Promise.all([sim.close(), smtp.close()]).then(() => {
      log({ level: 'info', msg: 'closed', signal });
      process.exit(0);
    });
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  log({ level: 'error', msg: 'failed to start', error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
