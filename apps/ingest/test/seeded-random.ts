/** A small seeded PRNG (mulberry32): the same seed gives the same run, so a failure can be replayed. */
export interface Random {
  /** In [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  below(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (n: number) => Math.floor(next() * n);
  return {
    next,
    below,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[below(items.length)] as T;
    },
    chance: (p) => next() < p,
  };
}

/** The seed of a randomized test: VIGIL_TEST_SEED replays a reported run, else the given default. */
export function testSeed(defaultSeed: number): number {
  const given = process.env['VIGIL_TEST_SEED'];
  return given === undefined || given === '' ? defaultSeed : Number(given);
}
