import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSm } from './sm.js';
import { instanceFromJobs } from '../../engine/rcpsp/build-instance.js';
import { criticalPathBound } from '../../engine/rcpsp/network.js';

const psplib = fileURLToPath(new URL('../../../../shared/benchdata/psplib/', import.meta.url));
const hasData = existsSync(`${psplib}j30`);
if (!hasData) console.warn(`PSPLIB data not found at ${psplib}: the real-file parser tests are skipped`);

/** A 5-job instance in PSPLIB layout: 1 -> {2, 3} -> 4 -> 5, one resource of capacity 2 in use. */
const small = `************************************************************************
file with basedata            : tiny.bas
************************************************************************
projects                      :  1
jobs (incl. supersource/sink ):  5
horizon                       :  20
RESOURCES
  - renewable                 :  2   R
  - nonrenewable              :  0   N
  - doubly constrained        :  0   D
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          1           5
   5        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1  R 2
------------------------------------------------------------------------
  1      1     0       0    0
  2      1     3       2    0
  3      1     2       1    1
  4      1     4       0    1
  5      1     0       0    0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1  R 2
    2    1
************************************************************************
`;

describe('parseSm', () => {
  it('reads jobs, durations, successors, requests and capacities', () => {
    const { project, diagnostics } = parseSm(small, 'tiny.sm');
    expect(diagnostics).toEqual([]);
    expect(project).toEqual({
      jobs: 5,
      horizon: 20,
      capacity: [2, 1],
      duration: [0, 3, 2, 4, 0],
      successors: [[2, 3], [4], [4], [5], []],
      requests: [
        [0, 0],
        [2, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ],
    });
  });

  it('builds an Instance with job numbers, CSR arrays and only positive demands', () => {
    const { instance, jobNumber } = instanceFromJobs(parseSm(small).project!);
    expect(Array.from(jobNumber)).toEqual([1, 2, 3, 4, 5]);
    expect(instance.n).toBe(5);
    expect(Array.from(instance.predIdx.subarray(instance.predStart[3], instance.predStart[4]))).toEqual([1, 2]);
    expect(Array.from(instance.succIdx.subarray(instance.succStart[0], instance.succStart[1]))).toEqual([1, 2]);
    expect(Array.from(instance.demRes.subarray(instance.demStart[2], instance.demStart[3]))).toEqual([0, 1]);
    expect(Array.from(instance.capacity)).toEqual([2, 1]);
    expect(criticalPathBound(instance)).toBe(7);
  });

  it('reports a missing section', () => {
    const { project, diagnostics } = parseSm(small.replace(/RESOURCEAVAILABILITIES:[\s\S]*$/, ''), 'tiny.sm');
    expect(project).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['psplib-missing-section', 'missing the RESOURCEAVAILABILITIES section']]);
  });

  it('reports every bad row with its line and keeps going', () => {
    const bad = small.replace('   2        1          1           4', '   2        1          2           4').replace('  3      1     2       1    1', '  3      1     2       x    1');
    const { project, diagnostics } = parseSm(bad, 'tiny.sm');
    expect(project).toBeNull();
    expect(diagnostics.map((d) => `${d.line}: ${d.message} [${d.code}]`)).toEqual([
      '15: cannot read precedence row of job 2: expected 2 successors, found 1 [psplib-bad-line]',
      '25: cannot read request row "3      1     2       x    1" [psplib-bad-line]',
      'undefined: job 3 has no request row [psplib-bad-job]',
    ]);
  });

  it('reports a successor outside the job range, a request above capacity and a cycle', () => {
    const outside = parseSm(small.replace('   4        1          1           5', '   4        1          1           9'));
    expect(outside.diagnostics.map((d) => d.message)).toEqual(['job 9 is outside 1..5']);
    const over = parseSm(small.replace('  2      1     3       2    0', '  2      1     3       3    0'));
    expect(over.diagnostics.map((d) => d.message)).toEqual(['job 2 requests 3 of resource 1, which has 2']);
    const cycle = parseSm(small.replace('   4        1          1           5', '   4        1          2           5   2'));
    expect(cycle.diagnostics.map((d) => d.code)).toEqual(['psplib-cycle']);
  });

  it('rejects a file that is not PSPLIB', () => {
    expect(parseSm('hello\n').diagnostics.map((d) => d.code)).toEqual(['psplib-missing-section']);
  });
});

describe.skipIf(!hasData)('parseSm on the PSPLIB files', () => {
  it('parses every j30 instance with the published MPM time as critical path for j301_1', () => {
    const files = readdirSync(`${psplib}j30`).filter((f) => f.endsWith('.sm'));
    expect(files.length).toBe(480);
    for (const f of files) {
      const { project, diagnostics } = parseSm(readFileSync(`${psplib}j30/${f}`, 'utf8'), f);
      expect(diagnostics).toEqual([]);
      expect(project!.jobs).toBe(32);
      expect(project!.capacity.length).toBe(4);
    }
    const { instance } = instanceFromJobs(parseSm(readFileSync(`${psplib}j30/j301_1.sm`, 'utf8')).project!);
    expect(criticalPathBound(instance)).toBe(38);
  });

  it('parses a j120 instance (122 jobs)', () => {
    const { project } = parseSm(readFileSync(`${psplib}j120/j12010_1.sm`, 'utf8'));
    expect(project!.jobs).toBe(122);
  });
});
