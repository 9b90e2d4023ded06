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

  describe('with maxConcurrent', () => {
    /** A flush that stays open until released, recording how many run at once. */
    function gatedFlush() {
      const groups: number[][] = [];
      const gates: Array<() => void> = [];
      let running = 0;
      let peak = 0;
      const flush = (items: number[]) =>
        new Promise<void>((resolve) => {
          groups.push(items);
          peak = Math.max(peak, ++running);
          gates.push(() => {
            running--;
            resolve();
          });
        });
      const releaseAll = async () => {
        while (gates.length) {
          gates.splice(0).forEach((open) => open());
          await new Promise((r) => setImmediate(r));
        }
      };
      return { flush, groups, gates, releaseAll, peak: () => peak };
    }

    it('never runs more flushes at once than allowed; a backlog waits and goes out in full groups as flushes finish', async () => {
      const f = gatedFlush();
      const b = new Batcher<number>(f.flush, { maxSize: 10, maxWaitMs: 60_000, maxConcurrent: 2 });
      const adds = Array.from({ length: 55 }, (_, i) => b.add(i));
      expect(f.groups.map((g) => g.length)).toEqual([10, 10]);
      expect(b.pending).toBe(35);
      // One finishes: one more full group starts, not all of what waits.
      f.gates.shift()?.();
      await new Promise((r) => setImmediate(r));
      expect(f.groups.map((g) => g.length)).toEqual([10, 10, 10]);
      expect(b.pending).toBe(25);
      await f.releaseAll();
      await Promise.all(adds);
      expect(f.peak()).toBe(2);
      expect(f.groups.map((g) => g.length)).toEqual([10, 10, 10, 10, 10, 5]);
      expect(f.groups.flat()).toEqual(Array.from({ length: 55 }, (_, i) => i));
    });

    it('a partial group whose wait ended while every slot was taken goes when one frees, without waiting again', async () => {
      jest.useFakeTimers();
      try {
        const f = gatedFlush();
        const b = new Batcher<number>(f.flush, { maxSize: 10, maxWaitMs: 20, maxConcurrent: 1 });
        const first = b.add(1);
        await jest.advanceTimersByTimeAsync(20);
        expect(f.groups).toEqual([[1]]);
        const second = b.add(2);
        await jest.advanceTimersByTimeAsync(20); // due, but the only slot is taken
        expect(f.groups).toEqual([[1]]);
        f.gates.shift()?.();
        await jest.advanceTimersByTimeAsync(0);
        expect(f.groups).toEqual([[1], [2]]);
        f.gates.shift()?.();
        await Promise.all([first, second]);
      } finally {
        jest.useRealTimers();
      }
    });

    it('drain resolves only once what waited for a slot is flushed too', async () => {
      const flushed: number[][] = [];
      const b = new Batcher<number>(async (items) => {
        await new Promise((r) => setTimeout(r, 5));
        flushed.push(items);
      }, { maxSize: 3, maxWaitMs: 60_000, maxConcurrent: 1 });
      const adds = Array.from({ length: 8 }, (_, i) => b.add(i));
      await b.drain();
      expect(flushed).toEqual([[0, 1, 2], [3, 4, 5], [6, 7]]);
      await Promise.all(adds);
    });
  });
});
