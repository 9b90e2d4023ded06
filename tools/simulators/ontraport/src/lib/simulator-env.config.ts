import type { OntraportSimulatorOptions, SimulatorAccountInput } from './ontraport-simulator.types';
import { SimulatorConfigError, validateAccount, validateSwitches } from './simulator-switches';

export const DEFAULT_SIM_PORT = 4001;

function numberVar(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new SimulatorConfigError(`${name} must be a number, got "${raw}"`);
  return value;
}

/** `appid:key` or `appid:key:accountId`, comma-separated. */
function accountsVar(raw: string | undefined): SimulatorAccountInput[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.split(',').map((entry) => {
    const [appId = '', apiKey = '', accountId, ...rest] = entry.trim().split(':');
    if (rest.length > 0 || appId === '' || apiKey === '') {
      throw new SimulatorConfigError('ONTRAPORT_SIM_ACCOUNTS entries must look like appid:key or appid:key:accountId');
    }
    return validateAccount({ appId, apiKey, ...(accountId === undefined ? {} : { accountId: Number(accountId) }) });
  });
}

/** Reads the simulator's options from the environment; throws SimulatorConfigError naming the bad variable. */
export function readSimulatorEnv(env: NodeJS.ProcessEnv): OntraportSimulatorOptions {
  const port = numberVar(env, 'ONTRAPORT_SIM_PORT') ?? DEFAULT_SIM_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SimulatorConfigError('ONTRAPORT_SIM_PORT must be an integer between 0 and 65535');
  }
  const switches = {
    rateLimit: numberVar(env, 'ONTRAPORT_SIM_RATE_LIMIT'),
    rateWindowMs: numberVar(env, 'ONTRAPORT_SIM_RATE_WINDOW_MS'),
    latencyMs: numberVar(env, 'ONTRAPORT_SIM_LATENCY_MS'),
    failPercent: numberVar(env, 'ONTRAPORT_SIM_FAIL_PERCENT'),
    dropPercent: numberVar(env, 'ONTRAPORT_SIM_DROP_PERCENT'),
    lostPercent: numberVar(env, 'ONTRAPORT_SIM_LOST_PERCENT'),
  };
  const host = env['ONTRAPORT_SIM_HOST']?.trim();
  const seed = numberVar(env, 'ONTRAPORT_SIM_SEED');
  const accounts = accountsVar(env['ONTRAPORT_SIM_ACCOUNTS']);
  return {
    port,
    ...(host ? { host } : {}),
    ...(accounts ? { accounts } : {}),
    ...validateSwitches(switches),
    ...(seed === undefined ? {} : { seed }),
  };
}
