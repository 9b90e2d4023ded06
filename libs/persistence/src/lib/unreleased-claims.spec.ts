import { UnreleasedClaims } from './unreleased-claims';

describe('UnreleasedClaims', () => {
  it('runs a remembered release when the key is settled, once', async () => {
    const claims = new UnreleasedClaims();
    const release = jest.fn().mockResolvedValue(true);
    claims.remember('k', release);
    await claims.settle('k');
    await claims.settle('k');
    expect(release).toHaveBeenCalledTimes(1);
    expect(claims.size).toBe(0);
  });

  it('keeps the release while it still fails (the database away), and settles it later', async () => {
    const claims = new UnreleasedClaims();
    const release = jest.fn().mockRejectedValueOnce(new Error('connect ECONNREFUSED')).mockResolvedValue(true);
    claims.remember('k', release);
    await expect(claims.settle('k')).rejects.toThrow('ECONNREFUSED');
    expect(claims.size).toBe(1);
    await claims.settle('k');
    expect(release).toHaveBeenCalledTimes(2);
    expect(claims.size).toBe(0);
  });

  it('gives back at once when it can, and remembers the release when it cannot', async () => {
    const claims = new UnreleasedClaims();
    await expect(claims.giveBack('a', async () => true)).resolves.toBe(true);
    expect(claims.size).toBe(0);
    const release = jest.fn().mockRejectedValueOnce(new Error('connect ECONNREFUSED')).mockResolvedValue(true);
    await expect(claims.giveBack('b', release)).resolves.toBeUndefined();
    expect(claims.size).toBe(1);
    await claims.settle('b');
    expect(release).toHaveBeenCalledTimes(2);
    expect(claims.size).toBe(0);
  });

  it('does nothing for a key it holds no release for', async () => {
    const claims = new UnreleasedClaims();
    const other = jest.fn().mockResolvedValue(true);
    claims.remember('other', other);
    await claims.settle('k');
    expect(other).not.toHaveBeenCalled();
  });

  it('keeps the later release of a key when both are remembered', async () => {
    const claims = new UnreleasedClaims();
    const first = jest.fn().mockResolvedValue(true);
    const second = jest.fn().mockResolvedValue(true);
    claims.remember('k', first);
    claims.remember('k', second);
    await claims.settle('k');
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });
});
