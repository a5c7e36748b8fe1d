/**
 * "Did you mean" suggestions: the closest candidate by edit distance, when it is close enough to be a typo.
 */

/**
 * Edit distance between a and b counting insertions, deletions, substitutions and swaps of two neighbouring
 * characters (optimal string alignment: `strat` is one edit from `start`), or `max + 1` as soon as it is known to
 * exceed `max`, so checking a name against 100,000 ids stays cheap.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  let prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length];
}

/** How many edits still count as a typo of a word of this length: 1 up to 4 characters, then one per 3. */
export function typoBudget(length: number): number {
  return Math.max(1, Math.floor(length / 3));
}

/**
 * The candidate closest to `word` within the typo budget (ties: the first in iteration order); case differences
 * count as one edit in total. Undefined when nothing is close.
 */
export function didYouMean(word: string, candidates: Iterable<string>, exclude?: string): string | undefined {
  const budget = typoBudget(word.length);
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const c of candidates) {
    if (c === word || c === exclude) continue;
    let d: number;
    if (c.toLowerCase() === lower) d = 1;
    else d = editDistance(word, c, bestDistance - 1);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      if (d === 1) break;
    }
  }
  return best;
}
