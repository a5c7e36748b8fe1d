import { describe, expect, it } from 'vitest';
import { scheduleProgram, schedulePortfolio } from '../../engine/schedule.js';
import { dep, est, makeItem, makeMilestone, makePerson, makePortfolio, makeProgram } from '../../model/builders.js';
import { renderScheduleTable } from './schedule-table.js';
import { renderScheduleJson } from './schedule-json.js';
import { csvField, renderScheduleCsv } from './schedule-csv.js';
import { renderScheduleMermaid } from './schedule-mermaid.js';

const program = makeProgram({
  program: { id: 'shop', name: 'Shop: checkout', target: '2027-01-08' },
  people: [makePerson('bo')],
  items: [
    makeItem('PAY-1', { title: 'Tokenise cards', estimate: est(3), workstream: 'payments', owner: 'bo' }),
    makeItem('PAY-2', { title: 'Vault, "v2"; migrate', estimate: est(2), workstream: 'payments', after: ['PAY-1'] }),
    makeItem('UI-1', { title: 'New form', estimate: est(1), status: 'done', started: '2027-01-04', finished: '2027-01-04' }),
    makeItem('UI-2', { title: 'Wire form', estimate: est(1), after: [dep('UI-1', 1)] }),
  ],
  milestones: [makeMilestone('beta', { title: 'Beta', after: ['PAY-2'], date: '2027-01-07' })],
});
const result = scheduleProgram(program, { today: '2027-01-04', level: false });

describe('schedule renderers', () => {
  it('table: header against target and commitments, items by start, critical marked', () => {
    expect(renderScheduleTable(result, { color: false })).toBe(
      [
        'Shop: checkout (shop): schedule, dependencies only, status date 2027-01-04',
        '  2027-01-04 -> 2027-01-08 (5 working days); target 2027-01-08: on time, 0 working days to spare',
        '',
        'Milestones',
        '  * beta  2027-01-08  committed 2027-01-07, LATE by 1d  Beta',
        '',
        '   ID     Title                 Workstream  Owner  Start       Finish      Days  Slack  Status',
        '   UI-1   New form                                 2027-01-04  2027-01-04     1      -  done',
        '*  PAY-1  Tokenise cards        payments    bo     2027-01-04  2027-01-06     3      0  todo',
        '   UI-2   Wire form                                2027-01-06  2027-01-06     1      2  todo',
        '*  PAY-2  Vault, "v2"; migrate  payments           2027-01-07  2027-01-08     2      0  todo',
        '',
        '* critical (no slack): 2 of 4 items. Slack in working days.',
        'Critical path: PAY-1 -> PAY-2',
        '',
      ].join('\n'),
    );
    expect(renderScheduleTable(result, { color: true })).toContain('\u001b[31m*  PAY-1');
  });

  it('json: one valid document with the contract fields', () => {
    const text = renderScheduleJson(result);
    const parsed = JSON.parse(text) as typeof result;
    expect(parsed).toEqual(JSON.parse(JSON.stringify(result)));
    expect(parsed.program).toMatchObject({ start: '2027-01-04', finish: '2027-01-08', finishOffset: 5 });
    expect(parsed.items[0]).toMatchObject({ id: 'PAY-1', start: '2027-01-04', finish: '2027-01-06', es: 0, ef: 3, ls: 0, lf: 3, slack: 0, critical: true });
    expect(parsed.milestones[0]).toMatchObject({ id: 'beta', date: '2027-01-08', offset: 5 });
    expect(parsed.criticalPath).toEqual(['PAY-1', 'PAY-2']);
    expect(text.split('\n').filter((l) => l.includes('"id":"PAY-')).length).toBe(2); // one item per line
  });

  it('csv: quoted fields, items then milestones', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(undefined)).toBe('');
    const lines = renderScheduleCsv(result).split('\r\n');
    expect(lines[0]).toBe('kind,id,title,status,workstream,owner,start,finish,es,ef,ls,lf,slack,freeSlack,critical,duration,delayedBy,committed,late');
    expect(lines[1]).toBe('item,PAY-1,Tokenise cards,todo,payments,bo,2027-01-04,2027-01-06,0,3,0,3,0,0,true,3,,,');
    expect(lines[2]).toBe('item,PAY-2,"Vault, ""v2""; migrate",todo,payments,,2027-01-07,2027-01-08,3,5,3,5,0,0,true,2,,,');
    expect(lines[5]).toBe('milestone,beta,Beta,,,,2027-01-08,2027-01-08,5,5,,,0,,true,0,,2027-01-07,true');
    expect(lines[6]).toBe('');
  });

  it('mermaid: a gantt with sections, exclusive end dates, crit and milestones', () => {
    expect(renderScheduleMermaid(result)).toBe(
      [
        'gantt',
        '    title Shop checkout',
        '    dateFormat YYYY-MM-DD',
        '    axisFormat %Y-%m-%d',
        '    section payments',
        '    PAY-1 Tokenise cards :crit, PAY_1, 2027-01-04, 2027-01-07',
        '    PAY-2 Vault, "v2" migrate :crit, PAY_2, 2027-01-07, 2027-01-09',
        '    section Other',
        '    UI-1 New form :done, UI_1, 2027-01-04, 2027-01-05',
        '    UI-2 Wire form :UI_2, 2027-01-06, 2027-01-07',
        '    section Milestones',
        '    Beta (late) :milestone, crit, m_beta, 2027-01-08, 0d',
        '',
      ].join('\n'),
    );
  });

  it('portfolio output names each item\'s program', () => {
    const a = makeProgram({ program: { id: 'A' }, items: [makeItem('x', { estimate: est(2) })] });
    const b = makeProgram({ program: { id: 'B' }, items: [makeItem('x', { estimate: est(1), after: [dep('x', 0, 'A')] })] });
    const r = schedulePortfolio(makePortfolio([a, b]), { today: '2027-01-04' });
    expect(renderScheduleCsv(r).split('\r\n')[2]).toBe('item,B,x,Item x,todo,,,2027-01-06,2027-01-06,2,3,2,3,0,0,true,1,,,');
    expect(renderScheduleMermaid(r)).toContain('    section B / Other\n    x Item x :crit, B_x, 2027-01-06, 2027-01-07');
    expect(renderScheduleTable(r, { color: false })).toContain('  B: 2027-01-04 -> 2027-01-06 (3 working days); no target');
  });
});
