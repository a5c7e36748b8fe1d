import { describe, expect, it } from 'vitest';
import { makePerson, makeProgram } from '../../model/builders.js';
import { finding, type Finding } from './finding.js';
import { draftRisks } from './propose.js';

const f = (subject: string, people: string[]): Finding =>
  finding({ rule: 'ageing-wip', severity: 'medium', message: `m ${subject}`, evidence: {}, items: [subject], people, action: `do ${subject}`, subject });

describe('draftRisks', () => {
  const program = makeProgram({
    program: { tpm: 'ana' },
    people: [makePerson('ana'), makePerson('bo')],
    risks: [{ id: 'R1', kind: 'risk', title: 'x', status: 'open' }, { id: 'R3', kind: 'risk', title: 'y', status: 'open' }],
  });

  it('drafts new findings with free ids, the involved person as owner (else the TPM), and the finding key', () => {
    const drafts = draftRisks([f('A', ['bo']), f('B', ['vp-commerce']), f('C', [])], program, new Set());
    expect(drafts).toEqual([
      { id: 'R2', kind: 'risk', title: 'm A', status: 'open', owner: 'bo', mitigation: 'do A', 'x-rule': 'ageing-wip', 'x-finding': 'ageing-wip:A' },
      { id: 'R4', kind: 'risk', title: 'm B', status: 'open', owner: 'ana', mitigation: 'do B', 'x-rule': 'ageing-wip', 'x-finding': 'ageing-wip:B' },
      { id: 'R5', kind: 'risk', title: 'm C', status: 'open', owner: 'ana', mitigation: 'do C', 'x-rule': 'ageing-wip', 'x-finding': 'ageing-wip:C' },
    ]);
  });

  it('skips findings already proposed, and duplicates within one run', () => {
    const drafts = draftRisks([f('A', []), f('B', []), f('B', [])], program, new Set(['ageing-wip:A']));
    expect(drafts.map((d) => d['x-finding'])).toEqual(['ageing-wip:B']);
  });
});
