import { describe, expect, it } from 'vitest';
import { parseBoundsCsv, parseOptimumTable } from './solutions.js';

describe('PSPLIB solution tables', () => {
  it('reads the j30 optimum table rows and skips the header', () => {
    const text = `Paramter Instance Makespan CPU-Time[sec.]
------------------------------------------------------------------
1       1         43       0.30
48      10        55       1.12
`;
    const table = parseOptimumTable(text);
    expect([...table]).toEqual([
      ['j301_1', 43],
      ['j3048_10', 55],
    ]);
  });

  it('reads the merged bounds CSV with empty cells as null', () => {
    const text = `set,instance,file,parameter,instance_no,ub_hrs,ub_lbfile,lb_lbfile,lbfile_optimal_flag,kobe_lb,kobe_ub,best_ub,best_lb,closed
j30,j301_1,j30/j301_1.sm,1,1,43,43,43,1,43,43,43,43,1
j120,j12014_4,j120/j12014_4.sm,14,4,107,,,,,107,107,,0
`;
    const bounds = parseBoundsCsv(text);
    expect(bounds.get('j301_1')).toEqual({ set: 'j30', bestUb: 43, bestLb: 43, closed: true });
    expect(bounds.get('j12014_4')).toEqual({ set: 'j120', bestUb: 107, bestLb: null, closed: false });
  });
});
