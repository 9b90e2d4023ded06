import type { SimulatorAccountInput, SimulatorSwitches } from './ontraport-simulator.types';

export const DEFAULT_SWITCHES: Required<SimulatorSwitches> = {
  rateLimit: 180,
  rateWindowMs: 60_000,
  latencyMs: 0,
  failPercent: 0,
  dropPercent: 0,
  lostPercent: 0,
};

export const DEFAULT_ACCOUNT: SimulatorAccountInput = { appId: 'demo-app', apiKey: 'demo-key' };

export class SimulatorConfigError extends Error {
  override readonly name = 'SimulatorConfigError';
}

const RULES: Record<keyof SimulatorSwitches, { min: number; max: number; integer: boolean }> = {
  rateLimit: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true },
  rateWindowMs: { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true },
  latencyMs: { min: 0, max: 600_000, integer: false },
  failPercent: { min: 0, max: 100, integer: false },
  dropPercent: { min: 0, max: 100, integer: false },
  lostPercent: { min: 0, max: 100, integer: false },
};

function isSwitchName(key: string): key is keyof SimulatorSwitches {
  return Object.prototype.hasOwnProperty.call(RULES, key);
}

/** Checks a patch of switches (from code or from POST /__sim/config); unknown keys are refused. */
export function validateSwitches(patch: unknown): Partial<SimulatorSwitches> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new SimulatorConfigError('config must be a JSON object');
  }
  const valid: Partial<SimulatorSwitches> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (!isSwitchName(key)) throw new SimulatorConfigError(`unknown switch "${key}"`);
    const rule = RULES[key];
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= rule.min &&
      value <= rule.max &&
      (!rule.integer || Number.isInteger(value));
    if (!ok) {
      throw new SimulatorConfigError(
        `${key} must be ${rule.integer ? 'an integer' : 'a number'} between ${rule.min} and ${rule.max}`,
      );
    }
    valid[key] = value as number;
  }
  return valid;
}

export function validateAccount(input: unknown): SimulatorAccountInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SimulatorConfigError('account must be a JSON object');
  }
  const { appId, apiKey, accountId } = input as Record<string, unknown>;
  if (typeof appId !== 'string' || appId.trim() === '')
    throw new SimulatorConfigError('appId must be a non-empty string');
  if (typeof apiKey !== 'string' || apiKey === '') throw new SimulatorConfigError('apiKey must be a non-empty string');
  if (accountId !== undefined && !(typeof accountId === 'number' && Number.isInteger(accountId) && accountId > 0)) {
    throw new SimulatorConfigError('accountId must be a positive integer');
  }
  return { appId: appId.trim(), apiKey, ...(accountId === undefined ? {} : { accountId }) };
}
