import { RateWindow } from './rate-window';

describe('RateWindow', () => {
  let now: number;
  const window = (limit: number, windowMs: number): RateWindow => new RateWindow(limit, windowMs, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows up to the limit, then refuses with the seconds until the oldest request leaves', () => {
    const rate = window(3, 60_000);

    expect([rate.hit('a'), rate.hit('a'), rate.hit('a')].map((d) => d.remaining)).toEqual([2, 1, 0]);
    now += 15_500;
    const refused = rate.hit('a');

    expect(refused).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 45 });
  });

  it('rolls: each request frees its slot exactly one window after it was made', () => {
    const rate = window(2, 1000);
    rate.hit('a');
    now += 600;
    rate.hit('a');

    now += 399;
    expect(rate.hit('a').allowed).toBe(false);
    now += 1;
    expect(rate.hit('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(rate.hit('a').allowed).toBe(false);
  });

  it('does not record refused requests', () => {
    const rate = window(1, 1000);
    rate.hit('a');
    for (let i = 0; i < 10; i += 1) rate.hit('a');

    now += 1000;

    expect(rate.hit('a')).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('keeps keys apart, reports reset ≥ 1 s and follows reconfiguration', () => {
    const rate = window(1, 100);
    expect(rate.hit('a')).toMatchObject({ allowed: true, resetSeconds: 1 });
    expect(rate.hit('b').allowed).toBe(true);
    expect(rate.hit('a').allowed).toBe(false);

    rate.configure(2, 100);
    expect(rate.hit('a')).toMatchObject({ allowed: true, limit: 2 });
    rate.clear();
    expect(rate.hit('a').remaining).toBe(1);
  });
});
