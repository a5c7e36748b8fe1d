/**
 * RACI: who is Responsible, Accountable, Consulted and Informed for each workstream and open item, and the checks a
 * TPM runs on it.
 *
 * Effective RACI of an item: each role the item's own `raci` gives replaces that role of its workstream's (the format's
 * "overrides the workstream's", role by role: `raci: {a: cy}` changes only A). When no R results and the item has an
 * `owner`, the owner is taken as R (the person doing it). A is never taken from the owner: accountability is written.
 *
 * Checks (stable ids; each finding says why and what to do):
 * - no-accountable (error): a workstream or open item with no A.
 * - multiple-accountable (error): an open item that names two people accountable: its own `raci.a` and a different
 *   `owner` (the format calls the owner "the accountable expert"). A workstream's A differing from an item owner is
 *   ordinary delegation and not flagged.
 * - no-responsible (error): a workstream or open item with no R (and no owner).
 * - lead-not-r-or-a (warning): a workstream whose lead is neither R nor A.
 * - accountable-overload (warning): a person A for more than `maxAccountableWorkstreams` workstreams (default 3) or
 *   for more than `maxAccountableShare` (default 0.4) of the open effort (job sizes of open items by effective A).
 * - stakeholder-not-informed (warning): a stakeholder who cares about an objective (or an ancestor of it) but is not
 *   R, A, C or I on open work serving it; one finding per stakeholder and workstream (or item without workstream).
 * - tpm-responsible (warning): the program's TPM in R of a workstream or open item that is engineering work. Coordination
 *   work is exempt: items tagged tpm, release or coordination, and items that explicitly need no resources
 *   (`needs: {}`, like a launch gate). A workstream is flagged when the TPM is in its R and it has open engineering items.
 */
import type { Item, Program, Raci } from '../../model/program.js';
import { isOpen, itemObjectives, jobSizes } from './priorities.js';

export type RaciRole = 'r' | 'a' | 'c' | 'i';
export type FullRaci = { r: string[]; a?: string; c: string[]; i: string[] };

export type RaciCheck =
  | 'no-accountable'
  | 'multiple-accountable'
  | 'no-responsible'
  | 'lead-not-r-or-a'
  | 'accountable-overload'
  | 'stakeholder-not-informed'
  | 'tpm-responsible';

export type RaciFinding = {
  check: RaciCheck;
  severity: 'error' | 'warning';
  /** A workstream or item id (accountable-overload: the person). */
  subject: string;
  subjectKind: 'workstream' | 'item' | 'person';
  people: string[];
  message: string;
  fix: string;
};

export type RaciRow = {
  id: string;
  title: string;
  kind: 'workstream' | 'item';
  workstream?: string;
  lead?: string;
  raci: FullRaci;
  /** Items: true when the item's own raci changes some role (or its owner fills R). */
  overridden: boolean;
};

export type RaciOptions = {
  maxAccountableWorkstreams?: number;
  maxAccountableShare?: number;
};

export type RaciReport = {
  /** Everyone named in any RACI, in order of first appearance (workstreams first). */
  people: string[];
  workstreams: RaciRow[];
  /** Open items. */
  items: RaciRow[];
  findings: RaciFinding[];
};

export const DEFAULT_MAX_ACCOUNTABLE_WORKSTREAMS = 3;
export const DEFAULT_MAX_ACCOUNTABLE_SHARE = 0.4;

const COORDINATION_TAGS = ['tpm', 'release', 'coordination'];

const full = (r: Partial<Raci> | undefined): FullRaci => {
  const out: FullRaci = { r: [...(r?.r ?? [])], c: [...(r?.c ?? [])], i: [...(r?.i ?? [])] };
  if (r?.a !== undefined) out.a = r.a;
  return out;
};

/** The effective RACI of an item (see the module comment). */
export function itemRaci(program: Program, item: Item): { raci: FullRaci; overridden: boolean } {
  const ws = item.workstream === undefined ? undefined : program.workstreams.find((w) => w.id === item.workstream);
  const base = full(ws?.raci);
  const own = item.raci ?? {};
  let overridden = false;
  const raci: FullRaci = { r: base.r, c: base.c, i: base.i };
  if (base.a !== undefined) raci.a = base.a;
  for (const role of ['r', 'c', 'i'] as const) {
    const v = own[role];
    if (v !== undefined) {
      raci[role] = [...v];
      overridden = true;
    }
  }
  if (own.a !== undefined) {
    raci.a = own.a;
    overridden = true;
  }
  if (raci.r.length === 0 && item.owner !== undefined) {
    raci.r = [item.owner];
    overridden = true;
  }
  return { raci, overridden };
}

/** True for coordination work the TPM may hold R for (see the module comment). */
export function isCoordinationItem(item: Item): boolean {
  return item.tags.some((t) => COORDINATION_TAGS.includes(t.toLowerCase())) || (item.needsExplicit && Object.keys(item.needs).length === 0);
}

const involved = (r: FullRaci): Set<string> => new Set([...r.r, ...(r.a === undefined ? [] : [r.a]), ...r.c, ...r.i]);

/** The RACI matrix of a program and its checks (see the module comment). */
export function raciReport(program: Program, options: RaciOptions = {}): RaciReport {
  const maxWs = options.maxAccountableWorkstreams ?? DEFAULT_MAX_ACCOUNTABLE_WORKSTREAMS;
  const maxShare = options.maxAccountableShare ?? DEFAULT_MAX_ACCOUNTABLE_SHARE;
  const findings: RaciFinding[] = [];
  const people: string[] = [];
  const seen = new Set<string>();
  const note = (r: FullRaci): void => {
    for (const p of [...r.r, ...(r.a === undefined ? [] : [r.a]), ...r.c, ...r.i]) {
      if (!seen.has(p)) {
        seen.add(p);
        people.push(p);
      }
    }
  };

  const workstreams: RaciRow[] = program.workstreams.map((w) => {
    const row: RaciRow = { id: w.id, title: w.title, kind: 'workstream', raci: full(w.raci), overridden: false };
    if (w.lead !== undefined) row.lead = w.lead;
    note(row.raci);
    return row;
  });
  const openItems = program.items.filter(isOpen);
  const items: RaciRow[] = openItems.map((item) => {
    const { raci, overridden } = itemRaci(program, item);
    const row: RaciRow = { id: item.id, title: item.title, kind: 'item', raci, overridden };
    if (item.workstream !== undefined) row.workstream = item.workstream;
    note(raci);
    return row;
  });

  // Workstream checks.
  for (const w of workstreams) {
    if (w.raci.a === undefined) {
      const who = w.lead ?? 'one person';
      findings.push({
        check: 'no-accountable',
        severity: 'error',
        subject: w.id,
        subjectKind: 'workstream',
        people: w.lead === undefined ? [] : [w.lead],
        message: `workstream ${w.id} has no Accountable: nobody owns its outcome, so decisions and escalations stall`,
        fix: `set raci.a of workstream ${w.id} to ${who}`,
      });
    }
    if (w.raci.r.length === 0) {
      findings.push({
        check: 'no-responsible',
        severity: 'error',
        subject: w.id,
        subjectKind: 'workstream',
        people: [],
        message: `workstream ${w.id} has no Responsible: nobody is named to do its work`,
        fix: `list the people doing the work in raci.r of workstream ${w.id}`,
      });
    }
    if (w.lead !== undefined && w.raci.a !== w.lead && !w.raci.r.includes(w.lead)) {
      findings.push({
        check: 'lead-not-r-or-a',
        severity: 'warning',
        subject: w.id,
        subjectKind: 'workstream',
        people: [w.lead],
        message: `${w.lead} leads workstream ${w.id} but is neither Responsible nor Accountable for it: the lead's authority and the RACI disagree`,
        fix: `make ${w.lead} raci.a (or add them to raci.r) of workstream ${w.id}, or change the lead`,
      });
    }
  }

  // Item checks (items that only inherit a workstream's gap are not repeated).
  const wsRow = new Map(workstreams.map((w) => [w.id, w]));
  openItems.forEach((item, k) => {
    const row = items[k];
    const inheritsGap = (role: 'a' | 'r'): boolean => {
      const ws = item.workstream === undefined ? undefined : wsRow.get(item.workstream);
      return ws !== undefined && (role === 'a' ? ws.raci.a === undefined : ws.raci.r.length === 0) && item.raci?.[role] === undefined;
    };
    if (row.raci.a === undefined && !inheritsGap('a')) {
      findings.push({
        check: 'no-accountable',
        severity: 'error',
        subject: item.id,
        subjectKind: 'item',
        people: item.owner === undefined ? [] : [item.owner],
        message: `item ${item.id} has no Accountable${item.workstream === undefined ? ' (and no workstream to inherit one from)' : ''}`,
        fix:
          item.workstream === undefined
            ? `put ${item.id} in a workstream with an Accountable, or set raci.a on it${item.owner ? ` (e.g. ${item.owner})` : ''}`
            : `set raci.a on ${item.id} or on workstream ${item.workstream}`,
      });
    }
    if (row.raci.r.length === 0 && !inheritsGap('r')) {
      findings.push({
        check: 'no-responsible',
        severity: 'error',
        subject: item.id,
        subjectKind: 'item',
        people: [],
        message: `item ${item.id} has no Responsible and no owner: nobody is named to do it`,
        fix: `set an owner on ${item.id} or list who does it in its raci.r`,
      });
    }
    if (item.raci?.a !== undefined && item.owner !== undefined && item.raci.a !== item.owner) {
      findings.push({
        check: 'multiple-accountable',
        severity: 'error',
        subject: item.id,
        subjectKind: 'item',
        people: [item.raci.a, item.owner],
        message: `item ${item.id} names two people accountable: raci.a ${item.raci.a} and owner ${item.owner} (the owner is the accountable expert)`,
        fix: `make ${item.owner} the single Accountable (raci.a: ${item.owner}) or change the owner to ${item.raci.a}; put the other in raci.r or raci.c`,
      });
    }
  });

  // Accountable overload: workstreams counted directly; effort through each open item's effective A.
  const { sizes } = jobSizes(program);
  let totalEffort = 0;
  const effortBy = new Map<string, number>();
  const wsBy = new Map<string, string[]>();
  for (const w of workstreams) {
    if (w.raci.a !== undefined) wsBy.set(w.raci.a, [...(wsBy.get(w.raci.a) ?? []), w.id]);
  }
  openItems.forEach((item, k) => {
    const size = sizes.get(item.id) ?? 0;
    totalEffort += size;
    const a = items[k].raci.a;
    if (a !== undefined) effortBy.set(a, (effortBy.get(a) ?? 0) + size);
  });
  const accountable = [...new Set([...wsBy.keys(), ...effortBy.keys()])].sort();
  for (const person of accountable) {
    const owned = wsBy.get(person) ?? [];
    const share = totalEffort > 0 ? (effortBy.get(person) ?? 0) / totalEffort : 0;
    const tooMany = owned.length > maxWs;
    const tooMuch = share > maxShare;
    if (!tooMany && !tooMuch) continue;
    const why = [
      ...(tooMany ? [`${owned.length} workstreams (${owned.join(', ')}; limit ${maxWs})`] : []),
      ...(tooMuch ? [`${Math.round(share * 100)}% of the open effort (limit ${Math.round(maxShare * 100)}%)`] : []),
    ];
    findings.push({
      check: 'accountable-overload',
      severity: 'warning',
      subject: person,
      subjectKind: 'person',
      people: [person],
      message: `${person} is Accountable for ${why.join(' and ')}: one person cannot give that much attention, and is a single point of failure`,
      fix: `delegate: make the leads of some of ${person}'s workstreams or items Accountable (raci.a) and keep ${person} Consulted`,
    });
  }

  // Stakeholders who care about an objective but are not on the work serving it.
  const parent = new Map(program.objectives.map((o) => [o.id, o.parent]));
  const withAncestors = (ids: string[]): Set<string> => {
    const out = new Set<string>();
    for (const id of ids) {
      let p: string | undefined = id;
      while (p !== undefined && !out.has(p)) {
        out.add(p);
        p = parent.get(p);
      }
    }
    return out;
  };
  const served = openItems.map((item) => withAncestors(itemObjectives(program, item)));
  for (const s of program.stakeholders) {
    const cares = new Set(s.caresAbout);
    if (cares.size === 0) continue;
    // Group the uninformed items by workstream (or by item when it has none).
    const gaps = new Map<string, { kind: 'workstream' | 'item'; items: string[]; objectives: Set<string> }>();
    openItems.forEach((item, k) => {
      const objs = [...served[k]].filter((o) => cares.has(o));
      if (objs.length === 0 || involved(items[k].raci).has(s.id)) return;
      const key = item.workstream ?? item.id;
      const gap = gaps.get(key) ?? { kind: item.workstream === undefined ? 'item' : 'workstream', items: [], objectives: new Set<string>() };
      gap.items.push(item.id);
      for (const o of objs) gap.objectives.add(o);
      gaps.set(key, gap);
    });
    for (const [subject, gap] of gaps) {
      const objs = [...gap.objectives].join(', ');
      const informFix = (who: string, ws: string, ids: string[]): string => {
        // Items with their own `i` do not inherit the workstream's: they need the stakeholder themselves.
        const own = ids.filter((id) => program.items.find((it) => it.id === id)?.raci?.i !== undefined);
        return `add ${who} to raci.i of workstream ${ws}${own.length > 0 ? ` and of items ${own.join(', ')} (they set their own i)` : ''}`;
      };
      const where = gap.kind === 'workstream' ? `workstream ${subject} (${gap.items.join(', ')})` : `item ${subject}`;
      findings.push({
        check: 'stakeholder-not-informed',
        severity: 'warning',
        subject,
        subjectKind: gap.kind,
        people: [s.id],
        message: `${s.id} cares about ${objs} but is not Informed on ${where}, which serves ${gap.objectives.size > 1 ? 'them' : 'it'}: they will hear of its problems late`,
        fix: gap.kind === 'item' ? `add ${s.id} to raci.i of item ${subject}` : informFix(s.id, subject, gap.items),
      });
    }
  }

  // The TPM doing engineering work.
  const tpm = program.program.tpm;
  if (tpm !== undefined) {
    for (const w of workstreams) {
      if (!w.raci.r.includes(tpm)) continue;
      const engineering = openItems.filter((i) => i.workstream === w.id && !isCoordinationItem(i));
      if (engineering.length === 0) continue;
      findings.push({
        check: 'tpm-responsible',
        severity: 'warning',
        subject: w.id,
        subjectKind: 'workstream',
        people: [tpm],
        message: `the TPM ${tpm} is Responsible for workstream ${w.id}, which has engineering work (${engineering.map((i) => i.id).join(', ')}): the TPM's time goes to doing instead of steering`,
        fix: `take ${tpm} out of raci.r of workstream ${w.id} (Accountable or Consulted instead) and name the engineers who do the work`,
      });
    }
    openItems.forEach((item, k) => {
      if (isCoordinationItem(item) || !items[k].raci.r.includes(tpm)) return;
      const viaWorkstream = item.raci?.r === undefined && item.workstream !== undefined && wsRow.get(item.workstream)?.raci.r.includes(tpm);
      if (viaWorkstream) return;
      findings.push({
        check: 'tpm-responsible',
        severity: 'warning',
        subject: item.id,
        subjectKind: 'item',
        people: [tpm],
        message: `the TPM ${tpm} is Responsible for engineering item ${item.id}: the TPM's time goes to doing instead of steering`,
        fix: `give ${item.id} an engineer as owner or raci.r; tag it tpm or release if it is coordination work`,
      });
    });
  }

  return { people, workstreams, items, findings };
}
