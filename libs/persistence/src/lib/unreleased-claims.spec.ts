import { UnreleasedClaims } from './unreleased-claims';

/** A release that fails `failures` times (the database away), then gives the claim back. */
const releaseFailing = (failures: number) => {
  const release = jest.fn().mockResolvedValue(true);
  for (let i = 0; i < failures; i++) release.mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
  return release;
};

describe('UnreleasedClaims', () => {
  it('gives back at once when it can, remembering nothing', async () => {
    const claims = new UnreleasedClaims();
    await expect(claims.giveBack('k', async () => true)).resolves.toBe(true);
    expect(claims.size).toBe(0);
  });

  it('remembers a release that fails, keeps it while settling still fails, and makes it once when it works', async () => {
    const claims = new UnreleasedClaims();
    const release = releaseFailing(2);
    await expect(claims.giveBack('k', release)).resolves.toBeUndefined();
    await expect(claims.settle('k')).rejects.toThrow('ECONNREFUSED');
    expect(claims.size).toBe(1);
    await claims.settle('k');
    await claims.settle('k');
    expect(release).toHaveBeenCalledTimes(3);
    expect(claims.size).toBe(0);
  });

  it('settles only the key asked for', async () => {
    const claims = new UnreleasedClaims();
    const other = releaseFailing(1);
    await claims.giveBack('other', other);
    await claims.settle('k');
    expect(other).toHaveBeenCalledTimes(1);
    expect(claims.size).toBe(1);
  });

  it('keeps the later release of a key when both failed', async () => {
    const claims = new UnreleasedClaims();
    const first = releaseFailing(1);
    const second = releaseFailing(1);
    await claims.giveBack('k', first);
    await claims.giveBack('k', second);
    await claims.settle('k');
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);
  });
});
