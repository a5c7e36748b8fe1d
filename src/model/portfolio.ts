/**
 * Portfolios: several program files whose items may depend on each other (`<program-id>/<item-id>`).
 *
 * The file loader reads the portfolio file (`readPortfolioDoc`), then each program (resolve.ts, with `inPortfolio`),
 * then links them here: program ids are unique, every cross-program reference names a program of the portfolio and
 * an item (or, for milestones, a milestone) in it, and no dependency cycle runs through several programs.
 */
import { hasErrors, type Diagnostic } from './diagnostic.js';
import { csr, findCycles, type Csr } from './graph.js';
import { messageFor, type DiagnosticCode, type MessageArgs } from './messages.js';
import type { Dependency, Portfolio, Program } from './program.js';
import { sortDiagnostics, type Locate } from './resolve.js';
import { PortfolioDocSchema } from './schema.js';
import { didYouMean } from './suggest.js';
import { DiagnosticSink, validateShape } from './validate.js';

export type PortfolioHeader = { id: string; name: string; programs: { path: string; index: number }[] };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a portfolio file's own shape; the listed program files are read by the caller. */
export function readPortfolioDoc(raw: unknown, options: { file: string; locate: Locate }): { header?: PortfolioHeader; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink(options.file, options.locate);
  if (!isObj(raw)) {
    sink.add('empty-file', [], {});
    return { diagnostics: sink.list };
  }
  validateShape(PortfolioDocSchema, raw, sink);
  const p = isObj(raw.portfolio) ? raw.portfolio : {};
  const id = typeof p.id === 'string' ? p.id : '';
  const programs = (Array.isArray(raw.programs) ? raw.programs : []).flatMap((v: unknown, index) => (typeof v === 'string' ? [{ path: v, index }] : []));
  return { header: { id, name: typeof p.name === 'string' ? p.name : id, programs }, diagnostics: sortDiagnostics(sink.list) };
}

/** A program of a portfolio, as loaded: `program` may be partial (built despite errors) or absent (unreadable). */
export type PortfolioMember = { index: number; file: string; program?: Program };

/** A diagnostic at a dependency's own location (in its program's file). */
function at<C extends DiagnosticCode>(dep: Dependency, code: C, args: MessageArgs<C>): Diagnostic {
  const d: Diagnostic = { code, severity: 'error', message: messageFor(code, args) };
  if (dep.loc) {
    d.file = dep.loc.file;
    d.line = dep.loc.line;
    d.col = dep.loc.col;
  }
  return d;
}

/**
 * Links the programs of a portfolio: program ids must be unique; cross-program dependencies `<program>/<item>` must
 * name a program of the portfolio and an item in it; cycles that cross programs are reported, printed with
 * qualified ids (`web/UI-2 -> checkout/PAY-1 -> web/UI-2`) at the cross-program dependency that closes them
 * (cycles inside one program are that program's own diagnostics). Returns the portfolio only when `ok` (the
 * caller found no error so far) and linking finds none.
 */
export function linkPortfolio(
  header: PortfolioHeader,
  members: PortfolioMember[],
  options: { file: string; locate: Locate; ok: boolean },
): { portfolio?: Portfolio; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink(options.file, options.locate);
  const programs: Program[] = [];
  const byId = new Map<string, { index: number; program: Program }>();
  for (const m of members) {
    const p = m.program;
    if (!p || p.program.id === '') continue;
    const first = byId.get(p.program.id);
    if (first) {
      sink.add('duplicate-id', ['programs', m.index], { kind: 'program', id: p.program.id, firstKind: 'program', line: sink.line(['programs', first.index]) });
      continue;
    }
    byId.set(p.program.id, { index: m.index, program: p });
    programs.push(p);
  }

  // One graph over every item of every program: node = the program's offset + the item's index in it.
  const offset = new Map<Program, number>();
  const itemIndex = new Map<Program, Map<string, number>>();
  const names: string[] = [];
  for (const p of programs) {
    offset.set(p, names.length);
    itemIndex.set(p, new Map(p.items.map((it, k) => [it.id, k])));
    for (const it of p.items) names.push(`${p.program.id}/${it.id}`);
  }
  const from: number[] = [];
  const to: number[] = [];
  const cross: (Dependency | undefined)[] = [];
  const found: Diagnostic[] = [];

  /** The program a cross-program reference names, or a diagnostic. */
  const targetOf = (d: Dependency, where: string): Program | undefined => {
    const target = byId.get(d.program!)?.program;
    if (!target) {
      found.push(at(d, 'unknown-program', { where, target: `${d.program}/${d.id}`, program: d.program!, suggestion: didYouMean(d.program!, byId.keys()) }));
    }
    return target;
  };

  for (const p of programs) {
    const base = offset.get(p)!;
    p.items.forEach((it, k) => {
      for (const d of it.after) {
        if (d.program === undefined) {
          const t = itemIndex.get(p)!.get(d.id);
          if (t !== undefined) {
            from.push(base + k);
            to.push(base + t);
            cross.push(undefined);
          }
          continue;
        }
        const target = targetOf(d, `item ${it.id}`);
        if (!target) continue;
        const t = itemIndex.get(target)!.get(d.id);
        if (t === undefined) {
          const suggestion = didYouMean(d.id, itemIndex.get(target)!.keys());
          found.push(at(d, 'unknown-ref', { where: `item ${it.id}`, kind: 'depends-on', target: `${d.program}/${d.id}`, suggestion: suggestion && `${d.program}/${suggestion}` }));
          continue;
        }
        from.push(base + k);
        to.push(offset.get(target)! + t);
        cross.push(d);
      }
    });
    for (const m of p.milestones) {
      for (const d of m.after) {
        if (d.program === undefined) continue;
        const target = targetOf(d, `milestone ${m.id}`);
        if (target && !target.items.some((x) => x.id === d.id) && !target.milestones.some((x) => x.id === d.id)) {
          found.push(at(d, 'unknown-ref', { where: `milestone ${m.id}`, kind: 'waits-for', target: `${d.program}/${d.id}` }));
        }
      }
    }
  }

  const g = csr(names.length, from, to);
  for (const c of findCycles(g)) {
    const ring = c.nodes;
    const deps = ring.map((u, k) => crossEdge(g, u, ring[(k + 1) % ring.length], cross));
    let last = -1;
    deps.forEach((d, k) => {
      if (d) last = k;
    });
    if (last < 0) continue; // inside one program: reported there
    // Rotate so that the reported cross-program dependency closes the printed cycle.
    const start = (last + 1) % ring.length;
    const rotated = [...ring.slice(start), ...ring.slice(0, start)];
    found.push(at(deps[last]!, 'dependency-cycle', { cycle: [...rotated, rotated[0]].map((k) => names[k]).join(' -> ') }));
  }

  const diagnostics = sortDiagnostics([...sink.list, ...found]);
  if (!options.ok || hasErrors(diagnostics)) return { diagnostics };
  return { portfolio: { id: header.id, name: header.name, file: options.file, programs: members.map((m) => m.program!) }, diagnostics };
}

/** The cross-program dependency behind an edge u -> v, if any. */
function crossEdge(g: Csr & { edgeOf: Int32Array }, u: number, v: number, cross: (Dependency | undefined)[]): Dependency | undefined {
  for (let e = g.start[u]; e < g.start[u + 1]; e++) {
    if (g.target[e] === v && cross[g.edgeOf[e]]) return cross[g.edgeOf[e]];
  }
  return undefined;
}
