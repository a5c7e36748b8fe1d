/** The People tab's pure model (web/src/people/people-model.ts) and the shell's theme choice (web/src/shell/theme.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsByCheck, findingsSummary, loadCellView, raciCellName, raciMatrix, rolesOf, type LoadRow, type RaciFinding, type RaciJson } from '../../web/src/people/people-model.js';
import { applyTheme, parseTheme, storedTheme, THEME_KEY, themeAttribute } from '../../web/src/shell/theme.js';

const finding = (over: Partial<RaciFinding>): RaciFinding => ({ check: 'no-accountable', severity: 'error', subject: 'pay', subjectKind: 'workstream', people: [], message: 'm', fix: 'f', ...over });

function raci(over: Partial<RaciJson> = {}): RaciJson {
  return {
    program: { id: 'p', name: 'P' },
    people: ['bo', 'cy', 'dee'],
    workstreams: [
      { id: 'pay', title: 'Payments', lead: 'bo', raci: { r: ['bo', 'cy'], a: 'bo', c: [], i: ['dee'] } },
      { id: 'web', title: 'Web', raci: { r: ['dee'], c: ['bo'], i: [] } },
    ],
    items: [
      { id: 'PAY-1', title: 'Vault', workstream: 'pay', overridden: false, raci: { r: ['bo', 'cy'], a: 'bo', c: [], i: ['dee'] } },
      { id: 'WEB-1', title: 'Shell', workstream: 'web', overridden: true, raci: { r: ['dee'], a: 'dee', c: [], i: [] } },
      { id: 'X-1', title: 'Loose', overridden: false, raci: { r: ['cy'], c: [], i: [] } },
    ],
    findings: [],
    ...over,
  };
}

describe('RACI matrix', () => {
  it('gives the roles of a person accountable first, and names the cell in words', () => {
    const r = { r: ['bo', 'cy'], a: 'bo', c: ['dee'], i: ['dee'] };
    expect(rolesOf(r, 'bo')).toEqual(['A', 'R']);
    expect(rolesOf(r, 'dee')).toEqual(['C', 'I']);
    expect(rolesOf(r, 'zed')).toEqual([]);
    expect(raciCellName('bo', 'pay', ['A', 'R'])).toBe('bo on pay: Accountable, Responsible');
    expect(raciCellName('zed', 'pay', [])).toBe('zed on pay: no role');
  });

  it('groups items under their workstream, loose items last, and puts each finding on its own row', () => {
    const onWs = finding({ subject: 'web', message: 'web has no accountable' });
    const onItem = finding({ subject: 'PAY-1', subjectKind: 'item', severity: 'warning', message: 'PAY-1 has two' });
    const onPerson = finding({ check: 'accountable-overload', subject: 'bo', subjectKind: 'person', people: ['bo'], message: 'bo is accountable for too much' });
    const stray = finding({ subject: 'gone', message: 'about a workstream not in the matrix' });
    const m = raciMatrix(raci({ findings: [onWs, onItem, onPerson, stray] }));
    expect(m.groups.map((g) => [g.id, g.items.map((i) => i.id)])).toEqual([
      ['pay', ['PAY-1']],
      ['web', ['WEB-1']],
      ['', ['X-1']],
    ]);
    expect(m.groups[1].findings).toEqual([onWs]);
    expect(m.groups[0].findings).toEqual([]);
    expect(m.groups[0].items[0].findings).toEqual([onItem]);
    expect(m.groups[0].itemFindings).toBe(1);
    expect(m.personFindings).toEqual([onPerson]);
    expect(m.otherFindings).toEqual([stray]);
  });

  it('has no loose group when every item has a workstream', () => {
    const r = raci();
    r.items = r.items.filter((i) => i.workstream !== undefined);
    expect(raciMatrix(r).groups.map((g) => g.id)).toEqual(['pay', 'web']);
  });

  it('summarises findings by severity and by check', () => {
    expect(findingsSummary([])).toBe('No RACI problems found.');
    const fs = [finding({}), finding({ severity: 'warning', check: 'lead-not-r-or-a' }), finding({ severity: 'warning', check: 'lead-not-r-or-a' })];
    expect(findingsSummary(fs)).toBe('3 findings: 1 error, 2 warnings');
    expect(findingsByCheck(fs)).toEqual([
      ['lead-not-r-or-a', 2],
      ['no-accountable', 1],
    ]);
  });

  it('reads the checkout example as the CLI prints it (every finding lands somewhere)', async () => {
    const { runCli } = await import('../cli.js');
    const cli = await runCli(['--today', '2026-11-25', 'raci', join(import.meta.dirname, '..', '..', 'examples', 'checkout.vantage.yaml'), '--format', 'json']);
    const json = JSON.parse(cli.out) as RaciJson;
    const m = raciMatrix(json);
    const placed = m.groups.flatMap((g) => [...g.findings, ...g.items.flatMap((i) => i.findings)]).length + m.personFindings.length + m.otherFindings.length;
    expect(placed).toBe(json.findings.length);
    expect(m.groups.reduce((n, g) => n + g.items.length, 0)).toBe(json.items.length);
  }, 30_000);
});

describe('load heat map cells', () => {
  const period = { id: '2026-W50', from: '2026-12-07', to: '2026-12-11', workingDays: 5 };
  const row = (over: Partial<LoadRow> = {}): LoadRow => ({ id: 'bo', kind: 'person', name: 'Bo', capacityPerDay: 0.8, cells: [], allocated: 0, capacity: 0, utilisation: 0, overAllocated: [], ...over });

  it('marks over-allocation exactly where the engine does, with the words in its name', () => {
    const v = loadCellView(row({ overAllocated: ['2026-W50'] }), period, { allocated: 4.8, capacity: 4, utilisation: 1.2 });
    expect(v).toMatchObject({ level: 'over', over: true, text: '120%', daysOff: 0 });
    expect(v.name).toBe('bo, week of 7 Dec: 120%, over-allocated (4.8 of 4 days)');
    expect(loadCellView(row(), period, { allocated: 4, capacity: 4, utilisation: 1 })).toMatchObject({ level: 'high', over: false, text: '100%' });
  });

  it('shades by share and says when there is no capacity', () => {
    const at = (allocated: number) => loadCellView(row({ capacityPerDay: 1 }), period, { allocated, capacity: 5, utilisation: allocated / 5 }).level;
    expect([at(0), at(1), at(2.5), at(3), at(4.25), at(4.5)]).toEqual(['none', 'low', 'low', 'medium', 'medium', 'high']);
    const none = loadCellView(row({ capacityPerDay: 1 }), { ...period, workingDays: 0 }, { allocated: 0, capacity: 0, utilisation: 0 });
    expect(none).toMatchObject({ level: 'none', text: '—' });
    expect(none.name).toBe('bo, week of 7 Dec: no capacity');
  });

  it('counts a person’s days off from the capacity the period lost, and not for teams', () => {
    // 0.8 a day × 5 days = 4; capacity 2.4 → 2 days off.
    const v = loadCellView(row(), period, { allocated: 1.2, capacity: 2.4, utilisation: 0.5 });
    expect(v.daysOff).toBe(2);
    expect(v.name).toBe('bo, week of 7 Dec: 50%, 2 days off');
    expect(loadCellView(row({ kind: 'team', capacityPerDay: 3 }), period, { allocated: 3, capacity: 12, utilisation: 0.25 }).daysOff).toBe(0);
  });

  it('agrees with the over-allocations of the checkout example before levelling', async () => {
    const { runCli } = await import('../cli.js');
    const cli = await runCli(['--today', '2026-11-25', 'load', join(import.meta.dirname, '..', '..', 'examples', 'checkout.vantage.yaml'), '--no-level', '--format', 'json']);
    const load = JSON.parse(cli.out) as { periods: (typeof period)[]; rows: LoadRow[]; overAllocations: { resource: string; period: string }[] };
    const flagged = load.rows.flatMap((r) => r.cells.flatMap((c, k) => (loadCellView(r, load.periods[k], c).over ? [`${r.id}@${load.periods[k].id}`] : [])));
    expect(flagged.sort()).toEqual(load.overAllocations.map((o) => `${o.resource}@${o.period}`).sort());
    expect(flagged.length).toBeGreaterThan(0);
  }, 30_000);
});

describe('theme choice', () => {
  it('parses what was stored, falling back to system', () => {
    expect(parseTheme('dark')).toBe('dark');
    expect(parseTheme('light')).toBe('light');
    expect(parseTheme('purple')).toBe('system');
    expect(parseTheme(null)).toBe('system');
    expect(themeAttribute('system')).toBeUndefined();
    expect(storedTheme({ getItem: () => { throw new Error('blocked'); } })).toBe('system');
  });

  it('sets data-theme and stores the choice; system removes both', () => {
    const attrs = new Map<string, string>();
    const root = { setAttribute: (k: string, v: string) => void attrs.set(k, v), removeAttribute: (k: string) => void attrs.delete(k) };
    const store = new Map<string, string>();
    const storage = { setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    applyTheme('dark', root, storage);
    expect(attrs.get('data-theme')).toBe('dark');
    expect(store.get(THEME_KEY)).toBe('dark');
    expect(storedTheme({ getItem: (k: string) => store.get(k) ?? null })).toBe('dark');
    applyTheme('system', root, storage);
    expect(attrs.has('data-theme')).toBe(false);
    expect(store.has(THEME_KEY)).toBe(false);
  });

  it('gives every colour token a light and a dark value, and lets data-theme force the scheme', () => {
    const css = readFileSync(join(import.meta.dirname, '..', '..', 'web', 'src', 'styles.css'), 'utf8');
    const root = /:root \{([^}]*)\}/.exec(css);
    expect(root).not.toBeNull();
    const tokens = [...root![1].matchAll(/(--[\w-]+):\s*([^;]+);/g)];
    expect(tokens.length).toBeGreaterThan(20);
    // One definition per token: light-dark(light, dark), picked by the used colour scheme.
    for (const [, name, value] of tokens) expect(value, name).toMatch(/^light-dark\((#[0-9a-f]{6}|rgba\([^)]*\)), (#[0-9a-f]{6}|rgba\([^)]*\))\)$/);
    expect(root![1]).toMatch(/color-scheme: light dark;/);
    expect(css).toMatch(/:root\[data-theme='light'\] \{ color-scheme: light; \}/);
    expect(css).toMatch(/:root\[data-theme='dark'\] \{ color-scheme: dark; \}/);
  });
});
