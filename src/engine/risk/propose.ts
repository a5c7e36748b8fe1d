/**
 * `vantage risks --propose`: findings as draft risks for the program file's `risks:` list. Pure: the CLI appends the
 * entries with src/io/yaml/edit.ts. Each draft records its finding's stable key as `x-finding`, so a finding already
 * proposed (its key found among the file's risks) is not proposed again.
 */
import type { Program } from '../../model/program.js';
import type { Finding } from './finding.js';

/** A risk entry as written to the file: id, kind, title, status, owner, mitigation, x-rule, x-finding. */
export type DraftRisk = {
  id: string;
  kind: 'risk';
  title: string;
  status: 'open';
  owner?: string;
  mitigation: string;
  'x-rule': string;
  'x-finding': string;
};

/**
 * Drafts for the findings whose key is not in `proposed` (the `x-finding` values already in the file), in finding
 * order. Ids are the free `R<n>` with the smallest n; the owner is the first person of the finding found in
 * `people`, else the program's TPM. Example: with risks R1..R4 in the file, the first draft is R5.
 */
export function draftRisks(findings: readonly Finding[], program: Program, proposed: ReadonlySet<string>): DraftRisk[] {
  const used = new Set(program.risks.map((r) => r.id));
  const persons = new Set(program.people.map((p) => p.id));
  const seen = new Set(proposed);
  const out: DraftRisk[] = [];
  let n = 1;
  for (const f of findings) {
    if (seen.has(f.key)) continue;
    seen.add(f.key);
    while (used.has(`R${n}`)) n++;
    const id = `R${n}`;
    used.add(id);
    const owner = f.people.find((p) => persons.has(p)) ?? program.program.tpm;
    out.push({
      id,
      kind: 'risk',
      title: f.message,
      status: 'open',
      ...(owner === undefined ? {} : { owner }),
      mitigation: f.action,
      'x-rule': f.rule,
      'x-finding': f.key,
    });
  }
  return out;
}
