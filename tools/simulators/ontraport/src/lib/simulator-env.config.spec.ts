import { readSimulatorEnv } from './simulator-env.config';
import { SimulatorConfigError } from './simulator-switches';

describe('readSimulatorEnv', () => {
  it('uses the documented defaults', () => {
    expect(readSimulatorEnv({})).toEqual({ port: 4001 });
  });

  it('reads every variable', () => {
    expect(
      readSimulatorEnv({
        ONTRAPORT_SIM_PORT: '0',
        ONTRAPORT_SIM_HOST: '0.0.0.0',
        ONTRAPORT_SIM_ACCOUNTS: 'app1:key1, app2:key2:900',
        ONTRAPORT_SIM_RATE_LIMIT: '5',
        ONTRAPORT_SIM_RATE_WINDOW_MS: '1000',
        ONTRAPORT_SIM_LATENCY_MS: '25',
        ONTRAPORT_SIM_FAIL_PERCENT: '10',
        ONTRAPORT_SIM_DROP_PERCENT: '2.5',
        ONTRAPORT_SIM_LOST_PERCENT: '5',
        ONTRAPORT_SIM_SEED: '7',
      }),
    ).toEqual({
      port: 0,
      host: '0.0.0.0',
      accounts: [
        { appId: 'app1', apiKey: 'key1' },
        { appId: 'app2', apiKey: 'key2', accountId: 900 },
      ],
      rateLimit: 5,
      rateWindowMs: 1000,
      latencyMs: 25,
      failPercent: 10,
      dropPercent: 2.5,
      lostPercent: 5,
      seed: 7,
    });
  });

  it.each([
    ['ONTRAPORT_SIM_PORT', 'abc', /ONTRAPORT_SIM_PORT must be a number/],
    ['ONTRAPORT_SIM_PORT', '70000', /between 0 and 65535/],
    ['ONTRAPORT_SIM_FAIL_PERCENT', '150', /failPercent must be a number between 0 and 100/],
    ['ONTRAPORT_SIM_RATE_LIMIT', '1.5', /rateLimit must be an integer/],
    ['ONTRAPORT_SIM_ACCOUNTS', 'no-key', /appid:key/],
    ['ONTRAPORT_SIM_ACCOUNTS', 'a:b:zero', /accountId must be a positive integer/],
  ])('refuses %s=%s', (name, value, message) => {
    expect(() => readSimulatorEnv({ [name]: value })).toThrow(SimulatorConfigError);
    expect(() => readSimulatorEnv({ [name]: value })).toThrow(message);
  });
});
