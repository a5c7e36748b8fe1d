/**
 * Directed graphs in compressed sparse row form, and the cycle search the loader reports with.
 */

/** Edges of node u are `target[start[u] .. start[u + 1])`; `start` has n + 1 entries. */
export type Csr = { n: number; start: Int32Array; target: Int32Array };

/** Builds a CSR graph from edge lists (edges keep their order; the edge index is its position in `from`). */
export function csr(n: number, from: ArrayLike<number>, to: ArrayLike<number>): Csr & { edgeOf: Int32Array } {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < from.length; e++) start[from[e] + 1]++;
  for (let u = 0; u < n; u++) start[u + 1] += start[u];
  const fill = start.slice(0, n);
  const target = new Int32Array(from.length);
  const edgeOf = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) {
    const k = fill[from[e]]++;
    target[k] = to[e];
    edgeOf[k] = e;
  }
  return { n, start, target, edgeOf };
}

/** A cycle: its nodes in edge order starting where the search entered it, and the CSR slot of the closing edge. */
export type Cycle = { nodes: number[]; closingSlot: number };

/**
 * Every cycle closed by a back edge of a depth-first search that starts from the nodes in order 0..n-1 and follows
 * edges in their order: for a back edge u -> v, the cycle is v -> ... -> u -> v. Each back edge gives one cycle, so
 * every cyclic strongly connected part yields at least one report. Iterative: deep chains do not overflow the stack.
 * A self-loop u -> u is the cycle [u].
 */
export function findCycles(g: Csr): Cycle[] {
  const { n, start, target } = g;
  const state = new Uint8Array(n); // 0 new, 1 on the stack, 2 done
  const stackNode = new Int32Array(n);
  const stackEdge = new Int32Array(n);
  const cycles: Cycle[] = [];
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    let depth = 0;
    stackNode[0] = root;
    stackEdge[0] = start[root];
    state[root] = 1;
    while (depth >= 0) {
      const u = stackNode[depth];
      const e = stackEdge[depth];
      if (e < start[u + 1]) {
        stackEdge[depth] = e + 1;
        const v = target[e];
        if (state[v] === 0) {
          depth++;
          stackNode[depth] = v;
          stackEdge[depth] = start[v];
          state[v] = 1;
        } else if (state[v] === 1) {
          let k = depth;
          while (stackNode[k] !== v) k--;
          cycles.push({ nodes: Array.from(stackNode.subarray(k, depth + 1)), closingSlot: e });
        }
      } else {
        state[u] = 2;
        depth--;
      }
    }
  }
  return cycles;
}
