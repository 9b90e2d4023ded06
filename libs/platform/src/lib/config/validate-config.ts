import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export type ConfigClass<T extends object> = new () => T;

const SECRET_KEYS = new WeakMap<object, Set<string>>();

/** Marks a config property as a secret: it is never printed by describeConfig. */
export function Secret(): PropertyDecorator {
  return (target, key) => {
    const set = SECRET_KEYS.get(target) ?? new Set<string>();
    set.add(String(key));
    SECRET_KEYS.set(target, set);
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads one per-concern config class from the environment (defaults are the class's initial
 * values) and fails at boot, naming every bad variable, rather than at the first use.
 */
export function loadConfig<T extends object>(cls: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new cls() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) raw[key] = env[key] ?? defaults[key];
  const instance = plainToInstance(cls, raw, { enableImplicitConversion: true });
  const errors = validateSync(instance, { forbidUnknownValues: true });
  if (errors.length) throw new ConfigError(flatten(errors));
  return instance;
}

/** A printable view of a config object, secrets masked. */
export function describeConfig(config: object): Record<string, unknown> {
  const secrets = SECRET_KEYS.get(Object.getPrototypeOf(config)) ?? new Set<string>();
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [k, secrets.has(k) ? '***' : k.endsWith('_URL') ? maskUrl(String(v)) : v]),
  );
}

function maskUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
}
