import { IsString, Matches } from 'class-validator';
import { SecretBox } from '../security/secrets';
import { loadConfig, Secret } from './validate-config';

/** A key for local runs and tests only; `NODE_ENV=production` refuses to start with it. */
export const DEV_MASTER_KEY = 'dev:ZGV2LW9ubHktbWFzdGVyLWtleS0zMi1ieXRlcyEhISE=';

export class SecretsConfig {
  /** `kid:<32 bytes base64>[,kid:<key>…]`: the first encrypts, all decrypt (rotation). */
  @IsString() @Matches(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44}(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44})*$/, {
    message: 'HUB_MASTER_KEYS must be kid:<32-byte base64 key>[,kid:<key>…]',
  })
  @Secret()
  HUB_MASTER_KEYS: string = DEV_MASTER_KEY;
}

export function assertProductionKeys(config: SecretsConfig, env: NodeJS.ProcessEnv = process.env): void {
  if (env['NODE_ENV'] === 'production' && config.HUB_MASTER_KEYS.split(',').some((k) => k === DEV_MASTER_KEY)) {
    throw new Error('HUB_MASTER_KEYS still holds the development key: set a real one in production');
  }
}

/** The SecretBox of this process, from HUB_MASTER_KEYS (refusing the development key in production). */
export function loadSecretBox(env: NodeJS.ProcessEnv = process.env): SecretBox {
  const config = loadConfig(SecretsConfig, env);
  assertProductionKeys(config, env);
  return SecretBox.fromEnv(config.HUB_MASTER_KEYS);
}
