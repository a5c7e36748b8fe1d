/**
 * Per-resource usage profile over integer slots, kept as residual capacity (capacity - usage) in a bottom-up segment
 * tree that holds both the maximum and the minimum residual of every node. It answers, in O(log H) each:
 * - the first slot >= t where a demand fits (jumps over saturated stretches of any length),
 * - the last slot <= t where a demand fits (for right-justification),
 * - the first / last slot of a window where a demand does NOT fit,
 * and adds usage over [from, to) in O(to - from + log H). Short windows are scanned directly on the leaves, which is
 * faster for the small instances the search decodes thousands of times.
 *
 * Slots at or beyond the current size hold the full capacity; the tree doubles when usage is added beyond it.
 * Comparisons allow 1e-9 of slack for fractional units.
 */

/** Slack for comparisons of fractional residuals. */
export const UNIT_EPS = 1e-9;

/** Windows up to this many slots are scanned leaf by leaf instead of descending the tree. */
const SCAN = 24;

export class ResourceProfile {
  readonly resources: number;
  readonly capacity: Float64Array;
  /** Number of leaves (a power of two). */
  size = 0;
  private mx: Float64Array[] = [];
  private mn: Float64Array[] = [];
  /** Touched leaf range [lo, hi) since the last reset. */
  private lo = 0;
  private hi = 0;

  constructor(capacity: Float64Array, initialSlots: number) {
    this.resources = capacity.length;
    this.capacity = capacity;
    let size = 64;
    while (size < initialSlots) size *= 2;
    this.allocate(size);
    this.lo = size;
  }

  private allocate(size: number): void {
    const oldSize = this.size;
    const oldMx = this.mx;
    this.size = size;
    this.mx = [];
    this.mn = [];
    for (let r = 0; r < this.resources; r++) {
      const cap = this.capacity[r];
      const mx = new Float64Array(2 * size).fill(cap);
      if (oldSize > 0) mx.set(oldMx[r].subarray(oldSize, 2 * oldSize), size);
      const mn = new Float64Array(mx);
      for (let i = size - 1; i >= 1; i--) {
        const a = 2 * i;
        mx[i] = mx[a] > mx[a + 1] ? mx[a] : mx[a + 1];
        mn[i] = mn[a] < mn[a + 1] ? mn[a] : mn[a + 1];
      }
      this.mx.push(mx);
      this.mn.push(mn);
    }
  }

  /** Restores full capacity everywhere (cost proportional to the touched range). */
  reset(): void {
    if (this.hi <= this.lo) return;
    const size = this.size;
    for (let r = 0; r < this.resources; r++) {
      const cap = this.capacity[r];
      this.mx[r].fill(cap, size + this.lo, size + this.hi);
      this.mn[r].fill(cap, size + this.lo, size + this.hi);
      this.pull(r, this.lo, this.hi);
    }
    this.lo = this.size;
    this.hi = 0;
  }

  /** Residual capacity of resource r at slot t. */
  residual(r: number, t: number): number {
    return t >= this.size ? this.capacity[r] : this.mx[r][this.size + t];
  }

  /** Uses `units` of resource r on every slot of [from, to). */
  add(r: number, from: number, to: number, units: number): void {
    if (to <= from) return;
    if (to > this.size) {
      let size = this.size;
      while (size < to) size *= 2;
      this.allocate(size);
    }
    const size = this.size;
    const mx = this.mx[r];
    const mn = this.mn[r];
    for (let i = size + from; i < size + to; i++) {
      mx[i] -= units;
      mn[i] = mx[i];
    }
    this.pull(r, from, to);
    if (from < this.lo) this.lo = from;
    if (to > this.hi) this.hi = to;
  }

  private pull(r: number, from: number, to: number): void {
    const mx = this.mx[r];
    const mn = this.mn[r];
    let l = (from + this.size) >> 1;
    let h = (to - 1 + this.size) >> 1;
    while (l >= 1) {
      for (let i = l; i <= h; i++) {
        const a = 2 * i;
        mx[i] = mx[a] > mx[a + 1] ? mx[a] : mx[a + 1];
        mn[i] = mn[a] < mn[a + 1] ? mn[a] : mn[a + 1];
      }
      l >>= 1;
      h >>= 1;
    }
  }

  /** First slot t >= from with residual(r, t) >= need. Never fails when need <= capacity (the far future is free). */
  firstFit(r: number, from: number, need: number): number {
    const size = this.size;
    if (from >= size) return from;
    const mx = this.mx[r];
    const end = from + SCAN < size ? from + SCAN : size;
    for (let t = from; t < end; t++) if (mx[size + t] >= need) return t;
    if (end >= size) return size;
    let i = end + size;
    for (;;) {
      if (mx[i] >= need) break;
      while (i & 1) i >>= 1;
      if (i === 0) return size;
      i++;
    }
    while (i < size) {
      i *= 2;
      if (mx[i] < need) i++;
    }
    return i - size;
  }

  /** Last slot t <= at with residual(r, t) >= need, or -1. */
  lastFit(r: number, at: number, need: number): number {
    const size = this.size;
    if (at >= size) return at;
    if (at < 0) return -1;
    const mx = this.mx[r];
    const end = at - SCAN > 0 ? at - SCAN : 0;
    for (let t = at; t >= end; t--) if (mx[size + t] >= need) return t;
    if (end === 0) return -1;
    let i = end - 1 + size;
    for (;;) {
      if (mx[i] >= need) break;
      while ((i & 1) === 0) i >>= 1;
      if (i === 1) return -1;
      i--;
    }
    while (i < size) {
      i = 2 * i + 1;
      if (mx[i] < need) i--;
    }
    return i - size;
  }

  /** First slot t in [from, to) with residual(r, t) < need, or -1. */
  firstBlock(r: number, from: number, to: number, need: number): number {
    const size = this.size;
    if (to > size) to = size;
    if (from >= to) return -1;
    const mx = this.mx[r];
    if (to - from <= SCAN) {
      for (let t = from; t < to; t++) if (mx[size + t] < need) return t;
      return -1;
    }
    const mn = this.mn[r];
    let i = from + size;
    for (;;) {
      if (mn[i] < need) break;
      while (i & 1) i >>= 1;
      if (i === 0) return -1;
      i++;
    }
    while (i < size) {
      i *= 2;
      if (mn[i] >= need) i++;
    }
    const t = i - size;
    return t < to ? t : -1;
  }

  /** Last slot t in [from, to) with residual(r, t) < need, or -1. */
  lastBlock(r: number, from: number, to: number, need: number): number {
    const size = this.size;
    if (to > size) to = size;
    if (from >= to) return -1;
    const mx = this.mx[r];
    if (to - from <= SCAN) {
      for (let t = to - 1; t >= from; t--) if (mx[size + t] < need) return t;
      return -1;
    }
    const mn = this.mn[r];
    let i = to - 1 + size;
    for (;;) {
      if (mn[i] < need) break;
      while ((i & 1) === 0) i >>= 1;
      if (i === 1) return -1;
      i--;
    }
    while (i < size) {
      i = 2 * i + 1;
      if (mn[i] >= need) i--;
    }
    const t = i - size;
    return t >= from ? t : -1;
  }
}
