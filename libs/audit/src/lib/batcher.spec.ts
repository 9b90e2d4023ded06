import { Batcher } from './batcher';

describe('Batcher', () => {
  it('flushes a full group at once and resolves each add after its flush', async () => {
    const flushed: number[][] = [];
    const b = new Batcher<number>(async (items) => void flushed.push(items), { maxSize: 3, maxWaitMs: 60_000 });
    await Promise.all([b.add(1), b.add(2), b.add(3)]);
    expect(flushed).toEqual([[1, 2, 3]]);
  });

  it('flushes a partial group after the wait', async () => {
    jest.useFakeTimers();
    try {
      const flushed: number[][] = [];
      const b = new Batcher<number>(async (items) => void flushed.push(items), { maxSize: 100, maxWaitMs: 20 });
      const done = b.add(7);
      expect(flushed).toEqual([]);
      await jest.advanceTimersByTimeAsync(20);
      await done;
      expect(flushed).toEqual([[7]]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('rejects every add of a failed group, so none of them is acknowledged', async () => {
    const b = new Batcher<number>(async () => Promise.reject(new Error('db down')), { maxSize: 2, maxWaitMs: 60_000 });
    const results = await Promise.allSettled([b.add(1), b.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('drains what waits', async () => {
    const flushed: number[][] = [];
    const b = new Batcher<number>(async (items) => void flushed.push(items), { maxSize: 100, maxWaitMs: 60_000 });
    const added = b.add(1);
    await b.drain();
    await added;
    expect(flushed).toEqual([[1]]);
  });
});
