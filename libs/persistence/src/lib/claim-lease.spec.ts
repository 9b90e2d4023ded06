import { withClaimLease } from './claim-lease';

describe('withClaimLease', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('renews every third of the lease while the work runs, and stops when it ends', async () => {
    const renew = jest.fn().mockResolvedValue(undefined);
    let finish!: (v: string) => void;
    const running = withClaimLease(3_000, renew, () => new Promise<string>((r) => (finish = r)));
    await jest.advanceTimersByTimeAsync(3_500);
    expect(renew).toHaveBeenCalledTimes(3);
    finish('done');
    await expect(running).resolves.toBe('done');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(renew).toHaveBeenCalledTimes(3);
  });

  it('stops renewing when the work fails, and keeps renewing through a renewal that fails', async () => {
    const renew = jest.fn().mockRejectedValueOnce(new Error('database restarting')).mockResolvedValue(undefined);
    let fail!: (e: Error) => void;
    const running = withClaimLease(300, renew, () => new Promise<never>((_, reject) => (fail = reject)));
    await jest.advanceTimersByTimeAsync(250);
    expect(renew).toHaveBeenCalledTimes(2);
    fail(new Error('CRM down'));
    await expect(running).rejects.toThrow('CRM down');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(renew).toHaveBeenCalledTimes(2);
  });
});
