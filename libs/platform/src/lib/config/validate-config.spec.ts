import { IsInt, IsString, Min } from 'class-validator';
import { ConfigError, describeConfig, loadConfig, Secret } from './validate-config';

class SampleConfig {
  @IsInt() @Min(1)
  WORKERS: number = 2;

  @IsString()
  DATABASE_URL: string = 'postgres://user:pw@localhost/db';

  @IsString() @Secret()
  MASTER_KEY: string = 'default-secret';
}

describe('loadConfig', () => {
  it('uses defaults and converts types from the environment', () => {
    const c = loadConfig(SampleConfig, { WORKERS: '8' });
    expect(c.WORKERS).toBe(8);
    expect(c.DATABASE_URL).toBe('postgres://user:pw@localhost/db');
  });

  it('names every bad variable at boot', () => {
    try {
      loadConfig(SampleConfig, { WORKERS: '0' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toEqual(['WORKERS: WORKERS must not be less than 1']);
    }
  });

  it('never prints secrets or URL passwords', () => {
    const shown = describeConfig(loadConfig(SampleConfig, { MASTER_KEY: 'hunter2' }));
    expect(JSON.stringify(shown)).not.toContain('hunter2');
    expect(shown['DATABASE_URL']).toBe('postgres://user:***@localhost/db');
  });
});
