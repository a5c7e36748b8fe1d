/**
 * Generated plans for benchmarks: random layered DAGs with about two predecessors per item, like
 * ../shared/checks/genplan.py, with 20 resources (16 people of capacity 1, 4 teams of capacity 2-3).
 * Returns the program file as JSON text (valid YAML), so that a benchmark measures loading too.
 */
export type GenOptions = {
  items: number;
  seed: number;
  /** Give items owners and team needs (20 resources). */
  resources: boolean;
  /** Three-point estimates instead of fixed ones. */
  threePoint?: boolean;
};

/** mulberry32: tiny and good enough for generating test data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatePlan(options: GenOptions): string {
  const { items: n, seed, resources, threePoint = false } = options;
  const random = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const people = Array.from({ length: 16 }, (_, i) => ({ id: `p${i}`, name: `Person ${i}` }));
  const teams = [
    { id: 'backend', name: 'Backend', capacity: 3 },
    { id: 'web', name: 'Web', capacity: 2 },
    { id: 'data', name: 'Data', capacity: 2 },
    { id: 'qa', name: 'QA', capacity: 3 },
  ];
  const layers = Math.max(2, Math.floor(Math.sqrt(n)));
  const layerOf = (i: number) => Math.floor((i * layers) / n);
  const firstOfLayer: number[] = [];
  for (let i = 0; i < n; i++) if (firstOfLayer[layerOf(i)] === undefined) firstOfLayer[layerOf(i)] = i;
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const layer = layerOf(i);
    const item: Record<string, unknown> = { id: `T${i}`, title: `Task ${i}` };
    if (threePoint) {
      const low = int(1, 4);
      const likely = low + int(0, 4);
      item.estimate = { low, likely, high: likely + int(1, 10) };
    } else {
      item.estimate = int(1, 9);
    }
    if (layer > 0) {
      const from = firstOfLayer[layer - 1];
      const to = firstOfLayer[layer];
      const k = Math.min(to - from, [1, 2, 2, 3][int(0, 3)]);
      const picked = new Set<number>();
      while (picked.size < k) picked.add(int(from, to - 1));
      item.after = [...picked].sort((a, b) => a - b).map((d) => {
        const lag = [0, 0, 0, 1, 2][int(0, 4)];
        return lag ? { id: `T${d}`, lag } : `T${d}`;
      });
    }
    if (resources) {
      const c = random();
      if (c < 0.5) item.owner = people[int(0, people.length - 1)].id;
      else if (c < 0.8) item.needs = { [teams[int(0, teams.length - 1)].id]: [1, 1, 2][int(0, 2)] };
    }
    out.push(item);
  }
  return JSON.stringify({
    vantage: 1,
    program: {
      id: `gen-${seed}`,
      name: `Generated ${n}`,
      start: '2027-01-04',
      calendar: { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: ['2027-01-18', '2027-02-15'] },
    },
    people: resources ? people : [],
    teams: resources ? teams : [],
    items: out,
  });
}
