/**
 * Dependency arrows on the timeline, as pure geometry (tested in Node): for the hovered or selected item or milestone,
 * one arrow from each predecessor's finish to its start and from its finish to each successor's start, between rows
 * in view only (the timeline is virtualised; an arrow to a row off screen would point at nothing).
 */

/** A row in view: its index in the rendered window and the x of its start and of the end of its last day. */
export type NodeBox = { row: number; startX: number; endX: number };

export type Arrow = { from: string; to: string; d: string };

/** Successors by id, from predecessors by id. Example: `{b: [a], c: [a]}` → `{a: [b, c]}`. */
export function successorsOf(predecessors: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [id, preds] of predecessors) {
    for (const p of preds) {
      const list = out.get(p);
      if (list) list.push(id);
      else out.set(p, [id]);
    }
  }
  return out;
}

/**
 * The SVG path of an arrow from the end of `from` to the start of `to` (rows `rowHeight` apart, y at row middles): a
 * step right, down or up to the target row, then into its start; when the target starts before the source ends, the
 * path doubles back along the gap between the rows. Example: from {row 0, endX 100} to {row 2, startX 200} at 28 px
 * rows → `M100,14 H106 V70 H200`.
 */
export function arrowPath(from: NodeBox, to: NodeBox, rowHeight: number): string {
  const y1 = from.row * rowHeight + rowHeight / 2;
  const y2 = to.row * rowHeight + rowHeight / 2;
  const x1 = from.endX;
  const x2 = to.startX;
  if (x2 >= x1 + 12) return `M${x1},${y1} H${x1 + 6} V${y2} H${x2}`;
  const gap = y2 >= y1 ? y2 - rowHeight / 2 : y2 + rowHeight / 2;
  return `M${x1},${y1} H${x1 + 6} V${gap} H${x2 - 6} V${y2} H${x2}`;
}

/** The arrows of `focus` among the rows in `boxes` (predecessors first, each in list order). */
export function dependencyArrows(
  focus: string,
  boxes: ReadonlyMap<string, NodeBox>,
  predecessors: ReadonlyMap<string, readonly string[]>,
  successors: ReadonlyMap<string, readonly string[]>,
  rowHeight: number,
): Arrow[] {
  const self = boxes.get(focus);
  if (!self) return [];
  const arrows: Arrow[] = [];
  for (const p of predecessors.get(focus) ?? []) {
    const box = boxes.get(p);
    if (box) arrows.push({ from: p, to: focus, d: arrowPath(box, self, rowHeight) });
  }
  for (const s of successors.get(focus) ?? []) {
    const box = boxes.get(s);
    if (box) arrows.push({ from: focus, to: s, d: arrowPath(self, box, rowHeight) });
  }
  return arrows;
}
