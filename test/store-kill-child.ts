/**
 * Child process for src/store/kill.db.test.ts: imports a program file into a store inside a transaction, says
 * "ready" once every row is written, and then waits, uncommitted, to be killed.
 * Usage: node --import tsx test/store-kill-child.ts (url URL | dir DIR) PROGRAM_FILE
 */
import { readFileSync } from 'node:fs';
import { importProgram } from '../src/service/programs.js';
import { openStore } from '../src/store/open.js';
import { transact } from '../src/store/repository.js';

const [kind, where, file] = process.argv.slice(2);
const store = await openStore(kind === 'url' ? { url: where! } : { dataDir: where! });
await transact(store, async (t) => {
  const r = await importProgram(t, { text: readFileSync(file!, 'utf8'), file: file! }, { actor: 'killed' });
  if (!r.ok) throw new Error(`did not import: ${r.diagnostics[0]?.message}`);
  process.stdout.write('ready\n');
  await new Promise(() => undefined); // never commits
});
