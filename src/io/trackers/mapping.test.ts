import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { categoryOfName, DEFAULT_MAPPING, mapStatus, parseMapping } from './mapping.js';

const fixture = (name: string) => join(process.cwd(), 'test/fixtures/trackers/map', name);

describe('parseMapping', () => {
  it('reads a map file over the defaults', () => {
    const r = parseMapping(readFileSync(fixture('good.yaml'), 'utf8'), 'good.yaml');
    expect(r.diagnostics).toEqual([]);
    const m = r.mapping!;
    expect(m.status.get('in review')).toBe('doing');
    expect(m.estimate).toEqual({ use: 'points', daysPerPoint: 0.5, hoursPerDay: 8 });
    expect([...m.must.labels]).toEqual(['launch']);
    expect(m.must.priorities.has('high')).toBe(true);
    // Untouched sections keep their defaults.
    expect(m.jira.storyPoints).toEqual(DEFAULT_MAPPING.jira.storyPoints);
    expect(m.cutResolutions.has("won't fix")).toBe(true);
  });

  it('reports each problem at the line and column the fixture states', () => {
    const text = readFileSync(fixture('bad-map.yaml'), 'utf8');
    const expected = [...text.matchAll(/^#\s+(\d+):(\d+)/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    const r = parseMapping(text, 'bad-map.yaml');
    expect(r.mapping).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.line, d.col]).sort()).toEqual(expected.sort());
    expect(r.diagnostics.every((d) => d.code === 'bad-map' && d.file === 'bad-map.yaml')).toBe(true);
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(/story_pts/);
  });

  it('an empty file is the defaults; a syntax error is a diagnostic', () => {
    expect(parseMapping('', 'm.yaml').mapping?.estimate.use).toBe('auto');
    const bad = parseMapping('status: {a: b\n', 'm.yaml');
    expect(bad.mapping).toBeUndefined();
    expect(bad.diagnostics[0].line).toBeGreaterThan(0);
  });
});

describe('status rules', () => {
  it('maps names first, then categories; a cut resolution makes a done issue cut', () => {
    const m = parseMapping('status: {Blocked: blocked}\n', 'm.yaml').mapping!;
    expect(mapStatus(m, 'blocked', 'doing')).toBe('blocked');
    expect(mapStatus(m, 'Done', 'done', "Won't Fix")).toBe('cut');
    expect(mapStatus(m, 'Done', 'done', 'Fixed')).toBe('done');
    expect(mapStatus(m, 'Anything', undefined)).toBe('todo');
  });

  it('categorises names seen only in a changelog', () => {
    const m = DEFAULT_MAPPING;
    expect(categoryOfName(m, 'Open')).toBe('todo');
    expect(categoryOfName(m, 'Patch Available')).toBe('doing');
    expect(categoryOfName(m, 'Resolved')).toBe('done');
    expect(categoryOfName(m, 'Waiting', { status: 'Waiting', category: 'todo' })).toBe('todo');
  });
});
