/**
 * A program document (plain object) → program file text in the canonical layout (`vantage fmt`), laid out the way the
 * examples are written: short entities (people, teams, workstreams, milestones) on one line, lists of scalars and the
 * small mappings inside an entity (estimate, needs, links) in flow style.
 */
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import type { Diagnostic } from '../../model/diagnostic.js';
import { formatProgramText } from '../yaml/format.js';

/** Longest one-line entity, in characters, before it is written as a block. */
const FLOW_ENTITY_WIDTH = 110;

/**
 * Formats a program document as program file text. `header` lines become a leading comment.
 * @example programText({ vantage: 1, program: { id: 'p', start: '2027-01-04' }, items: [] }, 'p.vantage.yaml')
 */
export function programText(doc: Record<string, unknown>, file: string, header?: string): { text?: string; diagnostics: Diagnostic[] } {
  const d = new Document(doc);
  visit(d, {
    Seq(_, node, path) {
      const depth = path.filter((p) => isMap(p) || isSeq(p)).length;
      node.flow = depth >= 3 || (depth >= 2 && node.items.every((i) => isScalar(i)));
    },
    Map(_, node, path) {
      // path: Document, root map, pair, section seq, entity map, ...
      const depth = path.filter((p) => isMap(p) || isSeq(p)).length;
      if (depth >= 3) node.flow = true;
      if (depth === 2 && isSeq(path[path.length - 1])) {
        const allShort = node.items.every((p) => isScalar(p.value) || (isSeq(p.value) && p.value.items.every((i) => isScalar(i))) || isMap(p.value));
        node.flow = allShort && JSON.stringify(node.toJSON()).length <= FLOW_ENTITY_WIDTH;
      }
    },
  });
  if (header) d.commentBefore = header;
  return formatProgramText(d.toString({ lineWidth: 0 }), file);
}
