import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { parseHistoryCsv } from './history.js';

const lines = (r: ReturnType<typeof parseHistoryCsv>): string[] => r.diagnostics.map(formatDiagnostic);

describe('parseHistoryCsv', () => {
  it('reads every column, in any order, with units and timestamps', () => {
    const text = [
      'type,finished,id,estimate,started,created,workstream',
      'story,2027-01-12,PAY-1,3d,2027-01-06,2027-01-04,payments',
      'bug,2027-01-13T17:05:00Z,PAY-2,4h,,2027-01-05 09:00,',
      ',2027-01-14,PAY-3,2w,,,',
      ',,PAY-4,0.5,,,',
    ].join('\n');
    const r = parseHistoryCsv(text, 'done.csv');
    expect(r.diagnostics).toEqual([]);
    expect(r.entries).toEqual([
      {
        id: 'PAY-1', created: '2027-01-04', started: '2027-01-06', finished: '2027-01-12',
        estimate: { low: 3, likely: 3, high: 3, dist: 'fixed' }, type: 'story', workstream: 'payments',
      },
      { id: 'PAY-2', created: '2027-01-05', finished: '2027-01-13', estimate: { low: 0.5, likely: 0.5, high: 0.5, dist: 'fixed' }, type: 'bug' },
      { id: 'PAY-3', finished: '2027-01-14', estimate: { low: 10, likely: 10, high: 10, dist: 'fixed' } },
      { id: 'PAY-4', estimate: { low: 0.5, likely: 0.5, high: 0.5, dist: 'fixed' } },
    ]);
  });

  it('handles quotes, doubled quotes, commas and newlines inside quotes, CRLF, a BOM and blank lines', () => {
    const text = '\ufeff"id","type","finished"\r\n"A,1","say ""hi""",2027-01-02\r\n\r\n"B\nC",x,2027-01-03\r\n';
    const r = parseHistoryCsv(text, 'h.csv');
    expect(r.diagnostics).toEqual([]);
    expect(r.entries).toEqual([
      { id: 'A,1', type: 'say "hi"', finished: '2027-01-02' },
      { id: 'B\nC', type: 'x', finished: '2027-01-03' },
    ]);
  });

  it('reports bad dates and estimates with the position of the field, and keeps the rest of the row', () => {
    const text = ['id,started,finished,estimate', 'A,2027-02-30,2027-03-01,3x', '"B",  ,"March 3",2w'].join('\n');
    const r = parseHistoryCsv(text, 'h.csv');
    expect(lines(r)).toEqual([
      "h.csv:2:3: error: started '2027-02-30' is not a date like 2027-01-15 [csv-bad-date]",
      "h.csv:2:25: error: estimate '3x' is not a duration such as 5, 0.5, 4h, 3d or 2w [csv-bad-estimate]",
      "h.csv:3:8: error: finished 'March 3' is not a date like 2027-01-15 [csv-bad-date]",
    ]);
    expect(r.entries).toEqual([
      { id: 'A', finished: '2027-03-01' },
      { id: 'B', estimate: { low: 10, likely: 10, high: 10, dist: 'fixed' } },
    ]);
  });

  it('warns about unknown columns with a suggestion, ignores x- columns, and errors on duplicates', () => {
    const text = ['id,finshed,x-jira,colour,id', 'A,2027-01-01,J-1,red,B'].join('\n');
    const r = parseHistoryCsv(text, 'h.csv');
    expect(lines(r)).toEqual([
      "h.csv:1:4: warning: unknown history column 'finshed'; did you mean 'finished'? (the column is ignored) [csv-unknown-column]",
      "h.csv:1:19: warning: unknown history column 'colour'; known columns: id, created, started, finished, estimate, type, workstream (the column is ignored) [csv-unknown-column]",
      "h.csv:1:26: error: column 'id' appears more than once [csv-duplicate-column]",
    ]);
    expect(r.entries).toEqual([{ id: 'A' }]);
  });

  it('reports a missing id column, an empty file, rows without id, extra fields and duplicate ids', () => {
    expect(lines(parseHistoryCsv('finished\n2027-01-01\n', 'h.csv'))).toEqual([
      "h.csv:1:1: error: the header has no 'id' column [csv-missing-column]",
    ]);
    expect(lines(parseHistoryCsv('\n\n', 'h.csv'))).toEqual([
      'h.csv:1:1: error: the history file is empty; it needs a header row such as id,created,started,finished,estimate,type [csv-empty]',
    ]);
    const r = parseHistoryCsv('finished,id\n2027-01-01,\n2027-01-02,A,oops\n2027-01-03,A\n', 'h.csv');
    expect(lines(r)).toEqual([
      'h.csv:2:12: error: this row has no id [csv-missing-id]',
      'h.csv:3:14: error: this row has 3 fields but the header has 2 [csv-extra-field]',
      "h.csv:4:12: warning: history id 'A' already appears on line 3 [csv-duplicate-id]",
    ]);
    expect(r.entries.map((e) => e.finished)).toEqual(['2027-01-02', '2027-01-03']);
  });

  it('reports quoting mistakes and a finish before the start', () => {
    expect(lines(parseHistoryCsv('id,type\nA,"never closed\n', 'h.csv'))).toEqual([
      'h.csv:2:3: error: a quoted field is never closed [csv-unterminated-quote]',
    ]);
    expect(lines(parseHistoryCsv('id,type\nA,ab"c\n', 'h.csv'))).toEqual([
      'h.csv:2:5: error: a quote appears inside an unquoted field; quote the whole field and double inner quotes ("") [csv-bad-quote]',
    ]);
    expect(lines(parseHistoryCsv('id,started,finished\nA,2027-01-05,2027-01-04\n', 'h.csv'))).toEqual([
      'h.csv:2:14: warning: finished 2027-01-04 is before started 2027-01-05 [history-finished-before-started]',
    ]);
  });
});
