import { describe, expect, it } from 'vitest';
import type { WhatIfResult } from '../../engine/strategy/whatif.js';
import type { LoadReport } from '../../engine/strategy/load.js';
import { renderWhatIfText } from './whatif-text.js';
import { renderLoadText } from './load-text.js';

const result: WhatIfResult = {
  milestones: [{ id: 'beta', before: '2027-01-08', after: '2027-01-12', deltaDays: 2 }],
  objectives: [{ id: 'conv', due: '2027-01-08', before: '2027-01-08', after: '2027-01-12', deltaDays: 2, atRisk: true, wasAtRisk: false }],
  program: { id: 'shop', before: '2027-01-08', after: '2027-01-12', deltaDays: 2 },
  chains: [['a', 'b', 'beta', 'conv']],
  chainText: ['a +2d -> [bo] b -> beta milestone +2d -> objective conv +2d at risk'],
  moved: { items: ['a', 'b'], teams: ['pay'], workstreams: [] },
  anomalies: [{ id: 'z', deltaDays: -1, reason: 'earlier' }],
  levelled: { before: true, after: true },
  diagnostics: [],
};

describe('renderWhatIfText', () => {
  it('says so when levelling moved something earlier, and explains resource links', () => {
    const text = renderWhatIfText(result, [{ kind: 'slip', id: 'a', days: 2 }]);
    expect(text).toContain('warning: 1 item(s) moved earlier or by more than the slip');
    expect(text).toContain('z -1d (earlier)');
    expect(text).toContain('[who] ID: ID waited for that person or team');
    expect(text).toMatch(/conv\s+2027-01-08 -> 2027-01-12\s+\+2d\s+due 2027-01-08\s+AT RISK/);
  });

  it('markdown headings', () => {
    const md = renderWhatIfText({ ...result, anomalies: [] }, [{ kind: 'capacity', resource: 'be', value: 3 }], { markdown: true });
    expect(md).toMatch(/^# What if: capacity be = 3\n/);
    expect(md).toContain('## How the impact travels');
    expect(md).not.toContain('warning');
  });
});

describe('renderLoadText', () => {
  it('marks over-allocated, idle and no-capacity cells', () => {
    const report: LoadReport = {
      by: 'week',
      periods: [
        { id: '2027-W01', from: '2027-01-04', to: '2027-01-08', workingDays: 5 },
        { id: '2027-W02', from: '2027-01-11', to: '2027-01-15', workingDays: 5 },
        { id: '2027-W03', from: '2027-01-18', to: '2027-01-22', workingDays: 5 },
      ],
      rows: [
        {
          id: 'bo', kind: 'person', name: 'Bo', capacityPerDay: 1, allocated: 7, capacity: 10, utilisation: 0.7, overAllocated: ['2027-W01'],
          cells: [{ allocated: 7, capacity: 5, utilisation: 1.4 }, { allocated: 0, capacity: 5, utilisation: 0 }, { allocated: 0, capacity: 0, utilisation: 0 }],
        },
      ],
      overAllocations: [{ resource: 'bo', period: '2027-W01', allocated: 7, capacity: 5 }],
      singlePoints: [],
      levelled: false,
      today: '2027-01-04',
    };
    const text = renderLoadText(report);
    expect(text).toMatch(/bo\s+1\s+140%!\s+\.\s+-\s+70%/);
    expect(text).toContain('- bo in 2027-W01: 7 units allocated, capacity 5');
    expect(text).toContain('(dependency-only schedule)');
  });
});
