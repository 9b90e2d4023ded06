/** A source of numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * mulberry32: tiny, fast and good enough to make fault injection repeatable from a seed.
 * Without a seed the simulator falls back to Math.random.
 */
export function seededRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
