/** fast-check generators of small general RCPSP instances (lags, releases, pauses, pinned starts, fractional units). */
import fc from 'fast-check';
import type { Instance } from '../../src/engine/rcpsp/instance.js';
import { buildInstance, type ActivitySpec } from '../../src/engine/rcpsp/build-instance.js';

export type InstanceOptions = { pauses?: boolean; fixed?: boolean; fractional?: boolean; maxN?: number };

/** A random instance whose activity indices are shuffled (so index order is not a topological order). */
export function arbitraryInstance(opts: InstanceOptions = {}): fc.Arbitrary<Instance> {
  const maxN = opts.maxN ?? 10;
  return fc
    .record({
      n: fc.integer({ min: 1, max: maxN }),
      resources: fc.integer({ min: 1, max: 3 }),
      seed: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 64, maxLength: 64 }),
    })
    .map(({ n, resources, seed }) => {
      let k = 0;
      const rnd = (m: number): number => {
        // Mix the seed values so that long instances do not repeat the 64 draws.
        const v = (seed[k % seed.length] * 7919 + k * 104729) % 1_000_003;
        k++;
        return v % m;
      };
      const capacity = Array.from({ length: resources }, () => (opts.fractional && rnd(3) === 0 ? 1.5 + rnd(3) : 1 + rnd(4)));
      const acts: ActivitySpec[] = [];
      for (let j = 0; j < n; j++) {
        const preds: [number, number][] = [];
        for (let i = 0; i < j; i++) if (rnd(4) === 0) preds.push([i, rnd(4) === 0 ? 1 + rnd(2) : 0]);
        const demands: [number, number][] = [];
        for (let r = 0; r < resources; r++) {
          if (rnd(3) === 0) continue;
          const u = opts.fractional && rnd(2) === 0 ? 0.5 * (1 + rnd(Math.floor(capacity[r] * 2))) : 1 + rnd(Math.floor(capacity[r]));
          demands.push([r, rnd(12) === 0 ? capacity[r] + 1 : u]);
        }
        const spec: ActivitySpec = { duration: rnd(5) === 0 ? 0 : 1 + rnd(4), preds, demands };
        if (rnd(4) === 0) spec.release = rnd(6);
        if (opts.pauses && rnd(3) === 0) {
          const pauses: number[] = [];
          let t = rnd(4);
          for (let q = 0; q < 1 + rnd(3); q++) {
            const from = t + rnd(4);
            const to = from + 1 + rnd(3);
            pauses.push(from, to);
            t = to + rnd(2);
          }
          spec.pauses = pauses;
        }
        if (opts.fixed && rnd(8) === 0) spec.fixedStart = rnd(6);
        acts.push(spec);
      }
      // Shuffle indices: position j of the built instance holds activity perm[j].
      const perm = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const s = rnd(i + 1);
        [perm[i], perm[s]] = [perm[s], perm[i]];
      }
      const where = new Array<number>(n);
      perm.forEach((old, pos) => (where[old] = pos));
      const shuffled = perm.map((old) => {
        const a = acts[old];
        return { ...a, preds: a.preds!.map((p): [number, number] => (typeof p === 'number' ? [where[p], 0] : [where[p[0]], p[1]])) };
      });
      return buildInstance(shuffled, capacity);
    });
}
