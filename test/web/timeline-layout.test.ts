/** The timeline's pure geometry (web/src/timeline/layout.ts): rows, range, ticks, virtual window, accessible names. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, isoOfDay } from '../../web/src/format.js';
import { arrowPath, dependencyArrows, successorsOf, type NodeBox } from '../../web/src/timeline/arrows.js';
import { axisTicks, bandsOf, buildRows, dayRange, deltaWords, MILESTONES_GROUP, ROW_HEIGHT, rowName, scenarioNote, visibleRows, type ScenarioOverlay } from '../../web/src/timeline/layout.js';
import type { ScheduledItem, ScheduleJson } from '../../web/src/types.js';

function item(id: string, over: Partial<ScheduledItem> = {}): ScheduledItem {
  return { id, title: `Item ${id}`, status: 'todo', start: '2026-12-01', finish: '2026-12-04', slack: 3, critical: false, duration: 4, ...over };
}

function schedule(items: ScheduledItem[], over: Partial<ScheduleJson> = {}): ScheduleJson {
  return {
    program: { id: 'p', name: 'P', start: '2026-11-02', finish: '2026-12-18', today: '2026-11-25', target: '2027-01-15' },
    items,
    milestones: [{ id: 'ga', title: 'GA', date: '2026-12-18', committed: '2026-12-23', critical: true, late: false }],
    criticalPath: [],
    ...over,
  };
}

describe('buildRows', () => {
  const plan = schedule([item('A1', { workstream: 'a' }), item('X', {}), item('B1', { workstream: 'b', critical: true }), item('A2', { workstream: 'a' })]);

  it('puts milestones first, then workstreams in order of first appearance, items without one last', () => {
    const rows = buildRows(plan, new Set());
    expect(rows.map((r) => (r.kind === 'group' ? `[${r.label}]` : r.kind === 'item' ? r.item.id : r.milestone.id))).toEqual(['[Milestones]', 'ga', '[a]', 'A1', 'A2', '[b]', 'B1', '[No workstream]', 'X']);
  });

  it('hides the rows of a collapsed group but keeps its header with counts', () => {
    const rows = buildRows(plan, new Set(['a', MILESTONES_GROUP]));
    expect(rows.filter((r) => r.kind !== 'group').map((r) => (r.kind === 'item' ? r.item.id : ''))).toEqual(['B1', 'X']);
    const a = rows.find((r) => r.kind === 'group' && r.key === 'a');
    expect(a && rowName(a)).toBe('a: 2 items, collapsed');
  });

  it('attaches the forecast band to its milestone', () => {
    const bands = bandsOf({ program: { p50: '', p85: '', p95: '', confidence: 0.85, atConfidence: '' }, milestones: [{ id: 'ga', title: 'GA', p50: '2027-01-05', p85: '2027-01-12', p95: '2027-01-20' }] });
    const m = buildRows(plan, new Set(), bands)[1];
    expect(m.kind === 'milestone' && m.band?.p95).toBe('2027-01-20');
    expect(rowName(m)).toBe('Milestone GA, planned 2026-12-18, committed 2026-12-23, forecast P50–P95 2027-01-05 to 2027-01-20, critical');
    // The range reaches the band's P95 plus a week, past the target.
    expect(isoOfDay(dayRange(plan, bands).to)).toBe('2027-01-27');
  });
});

describe('rowName', () => {
  it('names critical items "critical" and others by their slack', () => {
    expect(rowName({ kind: 'item', item: item('PAY-2', { critical: true, slack: 0, owner: 'jo' }) })).toBe('PAY-2 Item PAY-2, todo, 2026-12-01 to 2026-12-04, owner jo, critical');
    expect(rowName({ kind: 'item', item: item('PAY-3', { slack: 7 }) })).toMatch(/, 7 days slack$/);
  });
});

describe('dayRange', () => {
  it('covers the plan, today and the target with a week each side', () => {
    const r = dayRange(schedule([item('A', { start: '2026-11-10', finish: '2026-11-12' })]), new Map());
    expect(isoOfDay(r.from)).toBe('2026-10-26'); // program start 2 Nov − 7
    expect(isoOfDay(r.to)).toBe('2027-01-22'); // target 15 Jan + 7
  });
});

describe('axisTicks', () => {
  it('ticks Mondays at week zoom, month starts at month zoom, quarter starts at quarter zoom', () => {
    const from = dayOf('2026-11-01');
    const to = dayOf('2027-04-30');
    const weeks = axisTicks(from, to, 'week');
    expect(weeks.every((t) => new Date(t.day * 86_400_000).getUTCDay() === 1)).toBe(true);
    expect(weeks[0].label).toBe('2 Nov');
    expect(axisTicks(from, to, 'month').map((t) => t.label)).toEqual(['Nov', 'Dec', 'Jan 2027', 'Feb', 'Mar', 'Apr']);
    expect(axisTicks(from, to, 'quarter').map((t) => t.label)).toEqual(['Q1 2027', 'Q2 2027']);
  });
});

describe('visibleRows', () => {
  it('returns the rows in the viewport plus overscan, within bounds', () => {
    expect(visibleRows(280, 560, 5000, 0)).toEqual({ first: 10, last: 30 });
    expect(visibleRows(0, 560, 5, 10)).toEqual({ first: 0, last: 5 });
  });

  it('stays within the rows when scrolled past the end (a group just collapsed; found by the property below)', () => {
    expect(visibleRows(28 * 100, 560, 5, 0)).toEqual({ first: 5, last: 5 });
  });

  it('always includes every row that intersects the viewport (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 6000 }), fc.integer({ min: 0, max: 20 }), (top, height, total, overscan) => {
        const { first, last } = visibleRows(top, height, total, overscan);
        expect(0 <= first && first <= last && last <= total).toBe(true);
        for (let i = Math.floor(top / ROW_HEIGHT); i * ROW_HEIGHT < top + height && i < total; i++) {
          expect(i >= first && i < last).toBe(true);
        }
        // Virtualised: never more than the viewport's rows plus the margins.
        expect(last - first).toBeLessThanOrEqual(Math.ceil(height / ROW_HEIGHT) + 1 + 2 * overscan);
      }),
    );
  });
});

describe('dates', () => {
  it('dayOf and isoOfDay are inverse (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 80_000 }), (d) => dayOf(isoOfDay(d)) === d));
  });
});

describe('scenario overlay names', () => {
  const plan = schedule([item('A', { workstream: 'a' }), item('B', { workstream: 'a' }), item('C', { workstream: 'a' })]);
  const rows = buildRows(plan, new Set());
  const byId = (id: string) => rows.find((r) => (r.kind === 'item' ? r.item.id : r.kind === 'milestone' ? r.milestone.id : r.key) === id)!;
  const overlay: ScenarioOverlay = {
    bars: { A: { start: '2026-12-01', finish: '2026-12-09' } },
    gone: new Set(['C']),
    milestones: new Map([['ga', { after: '2026-12-28', deltaDays: 5 }]]),
  };

  it('adds the scenario dates and the delta in words to the rows it changes, nothing to the others', () => {
    expect(scenarioNote(byId('ga'), overlay)).toBe(', scenario 2026-12-28, 5 working days later');
    expect(scenarioNote(byId('A'), overlay)).toBe(', scenario 2026-12-01 to 2026-12-09');
    expect(scenarioNote(byId('B'), overlay)).toBe('');
    expect(scenarioNote(byId('C'), overlay)).toBe(', cut in the scenario');
    expect(scenarioNote(byId('a'), overlay)).toBe('');
    expect(scenarioNote(byId('ga'), undefined)).toBe('');
    expect(scenarioNote(byId('ga'), { ...overlay, milestones: new Map([['ga', { after: '2026-12-18', deltaDays: 0 }]]) })).toBe(', scenario unchanged');
  });

  it('words deltas with their direction and singular day', () => {
    expect(deltaWords(1)).toBe('1 working day later');
    expect(deltaWords(-2)).toBe('2 working days earlier');
    expect(deltaWords(0.04)).toBe('unchanged');
  });
});

describe('dependency arrows', () => {
  const box = (row: number, startX: number, endX: number): NodeBox => ({ row, startX, endX });

  it('steps right, then to the target row, then into its start', () => {
    expect(arrowPath(box(0, 0, 100), box(2, 200, 300), 28)).toBe('M100,14 H106 V70 H200');
  });

  it('doubles back between the rows when the successor starts before the predecessor ends', () => {
    expect(arrowPath(box(0, 0, 100), box(2, 50, 80), 28)).toBe('M100,14 H106 V56 H44 V70 H50');
    expect(arrowPath(box(3, 0, 100), box(1, 50, 80), 28)).toBe('M100,98 H106 V56 H44 V42 H50');
  });

  it('draws the focus\'s predecessors and successors among the rows in view only', () => {
    const preds = new Map<string, string[]>([
      ['B', ['A', 'X']],
      ['C', ['B']],
      ['D', ['B']],
      ['A', []],
    ]);
    const succs = successorsOf(preds);
    expect(succs.get('B')).toEqual(['C', 'D']);
    const boxes = new Map([
      ['A', box(0, 0, 50)],
      ['B', box(1, 60, 120)],
      ['C', box(2, 130, 200)],
    ]); // X and D are off screen
    const arrows = dependencyArrows('B', boxes, preds, succs, 28);
    expect(arrows.map((a) => `${a.from}>${a.to}`)).toEqual(['A>B', 'B>C']);
    expect(arrows[0].d.startsWith('M50,14')).toBe(true); // from A's finish
    expect(arrows[1].d.endsWith('H130')).toBe(true); // into C's start
    expect(dependencyArrows('D', boxes, preds, succs, 28)).toEqual([]); // the focus itself off screen
  });
});
