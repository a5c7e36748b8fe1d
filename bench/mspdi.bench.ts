/**
 * MSPDI import/export of a generated 5,000-item program (bench/gen-plan.ts: layered DAG, ~2 predecessors per item,
 * 20 resources, three-point estimates), grouped into 20 workstreams: export (program + schedule → XML) and import
 * (XML → program document → canonical YAML → loaded program), in items per second. The schedule itself is not timed.
 *
 * Run: npm run bench mspdi
 */
import { performance } from 'node:perf_hooks';
import { scheduleProgram } from '../src/engine/schedule.js';
import { readMspdi } from '../src/io/mspdi/read.js';
import { programText } from '../src/io/mspdi/program-text.js';
import { writeMspdi } from '../src/io/mspdi/write.js';
import { parseProgram } from '../src/io/yaml/load.js';
import { generatePlan } from './gen-plan.js';

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The generated plan with each item in one of 20 workstreams, so the export has summary tasks. */
function plan(items: number): string {
  // gen-plan's JSON: the fields touched here.
  const doc = JSON.parse(generatePlan({ items, seed: 11, resources: true, threePoint: true })) as {
    workstreams?: unknown[];
    items: { workstream?: string }[];
  };
  doc.workstreams = Array.from({ length: 20 }, (_, i) => ({ id: `ws${i}`, title: `Workstream ${i}` }));
  doc.items.forEach((item, i) => (item.workstream = `ws${i % 20}`));
  return JSON.stringify(doc);
}

export async function run(): Promise<void> {
  const items = 5_000;
  const today = '2027-01-04';
  const loaded = parseProgram(plan(items), 'gen.json');
  if (!loaded.program) throw new Error(`generated plan did not load: ${loaded.diagnostics[0]?.message}`);
  const program = loaded.program;
  const schedule = scheduleProgram(program, { today });

  const rounds = 3;
  let exportMs = Infinity;
  let importMs = Infinity;
  let parseMs = Infinity;
  let xml = '';
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    xml = writeMspdi(program, { today, schedule });
    const t1 = performance.now();
    const read = readMspdi(xml, 'gen.xml');
    const t2 = performance.now();
    const text = programText(read.doc!, 'gen.vantage.yaml').text!;
    const back = parseProgram(text, 'gen.vantage.yaml');
    const t3 = performance.now();
    if (!back.program || back.program.items.length !== items) throw new Error('round trip lost items');
    exportMs = Math.min(exportMs, t1 - t0);
    parseMs = Math.min(parseMs, t2 - t1);
    importMs = Math.min(importMs, t3 - t1);
  }
  const deps = program.items.reduce((n, i) => n + i.after.length, 0);
  console.log(`${fmt(items)} items, ${fmt(deps)} dependencies, XML ${fmt(xml.length / 1e6, 1)} MB (best of ${rounds})`);
  console.log('step                                   ms     items/s');
  console.log(`export (program + schedule → XML)  ${fmt(exportMs).padStart(7)}  ${fmt(items / (exportMs / 1000)).padStart(10)}`);
  console.log(`import: XML → program document     ${fmt(parseMs).padStart(7)}  ${fmt(items / (parseMs / 1000)).padStart(10)}`);
  console.log(`import: + canonical YAML + load    ${fmt(importMs).padStart(7)}  ${fmt(items / (importMs / 1000)).padStart(10)}`);
}
