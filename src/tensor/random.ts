/**
 * A seeded pseudo-random generator (xoshiro128**, 32-bit state words), the single source of
 * randomness in a run: the same seed gives a bit-identical sequence on every machine.
 */
export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal, by the Box–Muller transform. */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A new independent generator derived from this one (for a node or a data loader). */
  fork(): Random;
}

/** Expands a seed into four state words (splitmix32), so nearby seeds give unrelated streams. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Creates a generator from an integer seed. */
export function createRandom(seed: number): Random {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  // NOTE: the spare normal from Box–Muller is kept so that draws come in a fixed, seed-determined order.
  let spareNormal: number | undefined;

  const nextUint = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };

  const uniform = (): number => nextUint() / 4294967296;

  return {
    uniform,
    normal() {
      if (spareNormal !== undefined) {
        const z = spareNormal;
        spareNormal = undefined;
        return z;
      }
      // 1 - u keeps the logarithm's argument in (0, 1].
      const r = Math.sqrt(-2 * Math.log(1 - uniform()));
      const theta = 2 * Math.PI * uniform();
      spareNormal = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
    int(n) {
      return Math.floor(uniform() * n);
    },
    fork() {
      return createRandom(nextUint());
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Shuffles an index array in place (Fisher–Yates) with the given generator. */
export function shuffleInPlace(indices: Int32Array | number[], random: Random): void {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const tmp = indices[i];
    indices[i] = indices[j];
    indices[j] = tmp;
  }
}
