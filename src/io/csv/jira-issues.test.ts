import { describe, expect, it } from 'vitest';
import { parseJiraChangelogCsv, parseJiraIssuesCsv } from './jira-issues.js';

const ISSUES = `source,project_key,issue_key,issue_id,issue_type,is_subtask,created,resolved,story_points,components,time_original_estimate_s,time_spent_s,summary
apache,ANY23,ANY23-174,1,Bug,0,2014-01-06T06:22:58.354+0000,2014-05-09T02:39:42.734+0000,,,28800,57600,"Incorrect, ""quoted"" RDFa"
duraspace,DURACLOUD,DURACLOUD-9,2,Sub-task,1,2012-01-03T10:00:00.000+0000,,3.0,UI|Storage,,x,plain
`;

describe('Jira issues CSV', () => {
  it('reads the columns calibration needs, through the shared tokenizer (quotes, commas in fields)', () => {
    const r = parseJiraIssuesCsv(ISSUES, 'issues.csv');
    expect(r.issues).toEqual([
      {
        project: 'ANY23',
        key: 'ANY23-174',
        type: 'Bug',
        subtask: false,
        created: '2014-01-06T06:22:58.354+0000',
        resolved: '2014-05-09T02:39:42.734+0000',
        resolvedDate: '2014-05-09',
        components: [],
        originalEstimateSeconds: 28800,
        timeSpentSeconds: 57600,
      },
      { project: 'DURACLOUD', key: 'DURACLOUD-9', type: 'Sub-task', subtask: true, created: '2012-01-03T10:00:00.000+0000', storyPoints: 3, components: ['UI', 'Storage'] },
    ]);
    // 'x' in time_spent_s: a warning with its position, read as unknown.
    expect(r.diagnostics).toEqual([
      { code: 'csv-bad-number', severity: 'warning', message: "time_spent_s 'x' is not a number; read as unknown", file: 'issues.csv', line: 3, col: 92 },
    ]);
  });

  it('reports a missing column as an error', () => {
    const r = parseJiraIssuesCsv('issue_key,created\nA-1,2014-01-01\n', 'x.csv');
    expect(r.issues).toEqual([]);
    expect(r.diagnostics[0]).toMatchObject({ code: 'csv-missing-column', severity: 'error', line: 1 });
    expect(r.diagnostics[0].message).toContain("'project_key'");
  });
});

describe('Jira changelog CSV', () => {
  it('keeps status changes only, with their dates', () => {
    const text = `source,issue_key,changed_at,field,from_value,to_value
apache,A-1,2014-03-12T22:22:15.864+0000,Fix Version,,1.0.0
apache,A-1,2014-05-09T02:39:42.769+0000,status,Open,In Progress
apache,A-1,not-a-date,status,In Progress,Closed
`;
    const r = parseJiraChangelogCsv(text, 'changelog.csv');
    expect(r.changes).toEqual([{ key: 'A-1', at: '2014-05-09T02:39:42.769+0000', date: '2014-05-09', from: 'Open', to: 'In Progress' }]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'csv-bad-date', line: 4, col: 12 })]);
  });
});
