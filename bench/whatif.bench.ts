/**
 * What-if speed (issue 5: under 200 ms for a 1,000-item plan, deterministic, so the web cockpit can call it on every
 * drag): prepare once, then slip one item at a time, levelled (default search budget) and dependency-only.
 * Run: npm run bench whatif
 */
import { parseProgram } from '../src/io/yaml/load.js';
import { prepareWhatIf, whatIf } from '../src/engine/strategy/whatif.js';
import { generatePlan } from './gen-plan.js';

export async function run(): Promise<void> {
  console.log('items  mode              prepare ms  whatIf median ms  p90 ms  max ms  (20 single-item slips of 10 days)');
  for (const items of [1_000, 5_000]) {
    const { program } = parseProgram(generatePlan({ items, seed: 1, resources: true }), 'gen.json');
    if (!program) throw new Error('generated plan did not load');
    for (const level of ['auto', false] as const) {
      const t0 = performance.now();
      const prepared = prepareWhatIf({ kind: 'program', program }, { today: '2027-01-04', level });
      const prepareMs = performance.now() - t0;
      const times: number[] = [];
      for (let k = 0; k < 20; k++) {
        const id = program.items[Math.floor(((k + 0.5) * program.items.length) / 20)].id;
        const t = performance.now();
        whatIf(prepared, [{ kind: 'slip', id, days: 10 }]);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const mode = level === false ? 'dependency-only' : 'levelled';
      console.log(
        `${String(items).padEnd(7)}${mode.padEnd(18)}${prepareMs.toFixed(0).padStart(10)}  ${times[10].toFixed(1).padStart(16)}  ${times[18].toFixed(1).padStart(6)}  ${times[19].toFixed(1).padStart(6)}`,
      );
    }
  }
}
