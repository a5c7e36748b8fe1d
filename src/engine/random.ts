/**
 * The seeded random generator every engine shares.
 *
 * xoshiro128** (Blackman & Vigna, 2018): 128 bits of state, period 2^128 - 1, fast on 32-bit integer arithmetic (which
 * is what JavaScript engines do well), and good statistical quality. The state is filled from the seed and a stream
 * number through splitmix32, so `createRng(seed, k)` for k = 0, 1, 2, ... are independent reproducible streams.
 *
 * Why streams: a Monte Carlo run split across worker threads must give identical results whatever the thread count.
 * Give each trial (or each fixed block of trials) its own stream — `createRng(seed, trialIndex)` — and the numbers a
 * trial sees no longer depend on which thread ran it or in what order. Creating a generator is cheap (a few integer
 * operations), so one per trial is fine.
 *
 * Pure: no global state, no Math.random, no clock. Runs unchanged in Node and browsers.
 */

/** A seeded random generator. Every method advances the generator's own state and nothing else. */
export type Rng = {
  /** A uniform 32-bit unsigned integer in [0, 2^32). */
  uint32(): number;
  /** A uniform float in [0, 1) with 32 bits of resolution. */
  float(): number;
  /**
   * A uniform integer in [0, n), without modulo bias. `n` must be an integer in [1, 2^32].
   * Example: `rng.int(6) + 1` is a die roll.
   */
  int(n: number): number;
  /** A standard normal deviate (mean 0, standard deviation 1), by the Marsaglia polar method. */
  normal(): number;
  /**
   * A gamma deviate with shape `k` > 0 and scale 1 (mean k, variance k), by Marsaglia & Tsang (2000); shapes below 1 use
   * the boost `gamma(k + 1) * U^(1/k)`. Multiply by θ for scale θ.
   */
  gamma(k: number): number;
  /** A beta deviate on [0, 1] with shapes `a`, `b` > 0 (mean a / (a + b)), as G(a) / (G(a) + G(b)). */
  beta(a: number, b: number): number;
  /**
   * A PERT (modified beta) deviate on [low, high] with most likely value `likely` and shape `lambda` (default 4, the
   * classic PERT: mean (low + 4·likely + high) / 6). When low = high it returns low.
   * Requires low <= likely <= high.
   */
  pert(low: number, likely: number, high: number, lambda?: number): number;
  /**
   * A triangular deviate on [low, high] with mode `likely` (mean (low + likely + high) / 3), by inverting the CDF.
   * When low = high it returns low. Requires low <= likely <= high.
   */
  triangular(low: number, likely: number, high: number): number;
  /**
   * A lognormal deviate exp(mu + sigma·Z): median e^mu, mean e^(mu + sigma²/2). `sigma` >= 0 (0 gives e^mu exactly).
   * How a three-point estimate maps to mu and sigma is the caller's choice (see the forecast engine).
   */
  lognormal(mu: number, sigma: number): number;
};

const TWO_POW_32 = 4294967296;

/** splitmix32 finaliser (a bijection on 32-bit words with good avalanche). */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * A generator for `seed` and `stream`: the same pair always gives the same sequence; different streams of one seed
 * give independent sequences.
 *
 * @param seed any safe integer (negative allowed; all 53 bits are used)
 * @param stream a non-negative safe integer (default 0), e.g. a trial or worker-block index
 * @throws RangeError when seed or stream is not a safe integer (a caller bug: validate user input first)
 */
export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, not ${seed}`);
  if (!Number.isSafeInteger(stream) || stream < 0) throw new RangeError(`stream must be a non-negative safe integer, not ${stream}`);
  const seedLo = seed >>> 0;
  const seedHi = Math.floor(seed / TWO_POW_32) >>> 0;
  const streamLo = stream >>> 0;
  const streamHi = Math.floor(stream / TWO_POW_32) >>> 0;
  // Fold all four words through the mixer; then run splitmix32 from there to fill the state.
  let h = mix32(seedLo ^ 0x6a09e667);
  h = mix32(h ^ seedHi);
  h = mix32(h ^ streamLo ^ 0xbb67ae85);
  h = mix32(h ^ streamHi);
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    h = (h + 0x9e3779b9) | 0;
    words.push(mix32(h));
  }
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1; // the one forbidden state
  return rngFromState(words[0], words[1], words[2], words[3]);
}

/**
 * A generator started from an explicit xoshiro128** state (not all zero). For tests against the reference
 * implementation; engines should use `createRng`.
 */
export function rngFromState(a: number, b: number, c: number, d: number): Rng {
  let s0 = a >>> 0;
  let s1 = b >>> 0;
  let s2 = c >>> 0;
  let s3 = d >>> 0;
  if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('xoshiro128** state must not be all zero');

  const uint32 = (): number => {
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return r >>> 0;
  };
  const float = (): number => uint32() / TWO_POW_32;

  const int = (n: number): number => {
    if (!(n >= 1 && n <= TWO_POW_32) || !Number.isInteger(n)) throw new RangeError(`int(n) needs an integer n in [1, 2^32], not ${n}`);
    // Reject the top partial block so every residue is equally likely.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let u = uint32();
    while (u >= limit) u = uint32();
    return u % n;
  };

  let spare = 0;
  let hasSpare = false;
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * float() - 1;
      v = 2 * float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  };

  const gamma = (k: number): number => {
    if (!(k > 0)) throw new RangeError(`gamma shape must be > 0, not ${k}`);
    if (k < 1) {
      // 1 - float() is in (0, 1], so the power is never 0^(1/k) from a zero draw.
      return gamma(k + 1) * Math.pow(1 - float(), 1 / k);
    }
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - float();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  };

  const beta = (a: number, b: number): number => {
    const x = gamma(a);
    const y = gamma(b);
    return x / (x + y);
  };

  const pert = (low: number, likely: number, high: number, lambda = 4): number => {
    const range = high - low;
    if (!(range > 0)) return low;
    const a = 1 + (lambda * (likely - low)) / range;
    const b = 1 + (lambda * (high - likely)) / range;
    return low + beta(a, b) * range;
  };

  const triangular = (low: number, likely: number, high: number): number => {
    const range = high - low;
    if (!(range > 0)) return low;
    const u = float();
    const cut = (likely - low) / range;
    return u < cut ? low + Math.sqrt(u * range * (likely - low)) : high - Math.sqrt((1 - u) * range * (high - likely));
  };

  const lognormal = (mu: number, sigma: number): number => Math.exp(mu + sigma * normal());

  return { uint32, float, int, normal, gamma, beta, pert, triangular, lognormal };
}

/**
 * The PERT distribution's quantile function tabulated at `size` evenly spaced levels 0, 1/(size − 1), ..., 1, for fast
 * inverse-transform sampling with `drawFromTable` (one uniform per sample instead of two gamma deviates: roughly 10x
 * faster, for Monte Carlo runs that draw the same item's duration millions of times).
 *
 * The beta(a, b) density with a = 1 + λ(likely − low)/(high − low), b = 1 + λ(high − likely)/(high − low) (a, b >= 1,
 * so it is bounded) is integrated by the trapezoid rule on 16·size cells and inverted. Linear interpolation between
 * table points is accurate to well under 0.1% of the range except within the outermost 1/(size − 1) of probability.
 * low = high gives a table of that value. Requires low <= likely <= high and size >= 2.
 */
export function pertQuantiles(low: number, likely: number, high: number, lambda = 4, size = 1025): Float64Array {
  if (!(size >= 2 && Number.isInteger(size))) throw new RangeError(`size must be an integer >= 2, not ${size}`);
  const table = new Float64Array(size);
  const range = high - low;
  if (!(range > 0)) return table.fill(low);
  const a = 1 + (lambda * (likely - low)) / range;
  const b = 1 + (lambda * (high - likely)) / range;
  const cells = 16 * (size - 1);
  const cdf = new Float64Array(cells + 1);
  let prev = density(0, a, b);
  for (let i = 1; i <= cells; i++) {
    const d = density(i / cells, a, b);
    cdf[i] = cdf[i - 1] + (prev + d) / (2 * cells);
    prev = d;
  }
  const total = cdf[cells];
  let j = 0;
  for (let k = 0; k < size; k++) {
    const target = (k / (size - 1)) * total;
    while (j < cells - 1 && cdf[j + 1] < target) j++;
    const span = cdf[j + 1] - cdf[j];
    const x = (j + (span > 0 ? (target - cdf[j]) / span : 0)) / cells;
    table[k] = low + Math.min(1, Math.max(0, x)) * range;
  }
  table[0] = low;
  table[size - 1] = high;
  return table;
}

function density(x: number, a: number, b: number): number {
  return Math.pow(x, a - 1) * Math.pow(1 - x, b - 1);
}

/** One draw from a tabulated quantile function (see `pertQuantiles`): linear interpolation at a uniform level. */
export function drawFromTable(rng: Rng, table: Float64Array): number {
  const pos = rng.float() * (table.length - 1);
  const i = Math.floor(pos);
  return table[i] + (pos - i) * (table[i + 1] - table[i]);
}
