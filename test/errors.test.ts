/**
 * Bad-input fixtures: every file in test/fixtures/errors/ is named after the diagnostic code it proves and states,
 * in `# expect:` comments, the exact diagnostics the loader must report, in order:
 *
 *   # expect: LINE:COL CODE MESSAGE                  an error in this file
 *   # expect-warning: LINE:COL CODE MESSAGE          a warning
 *   # expect: OTHER/FILE.yaml:LINE:COL CODE MESSAGE   in another file (a portfolio's programs), relative to this one
 *
 * `<dir>` in a message stands for the fixtures folder as the loader was given it. The list must match exactly:
 * no diagnostic missing, none extra.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../src/io/yaml/load.js';

const dir = relative(process.cwd(), fileURLToPath(new URL('./fixtures/errors/', import.meta.url))) || '.';
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.vantage.yaml')).sort();

const EXPECT = /^# expect(-warning)?: (?:(\S+?):)?(\d+):(\d+) ([a-z-]+) (.*)$/;

function expectations(name: string): string[] {
  const text = readFileSync(join(dir, name), 'utf8');
  return text
    .split('\n')
    .flatMap((line) => {
      const m = EXPECT.exec(line);
      if (!m) return [];
      const [, warning, other, l, c, code, message] = m;
      const file = other ?? name;
      return [`${file}:${l}:${c} ${warning ? 'warning' : 'error'} ${code} ${message.replaceAll('<dir>', dir)}`];
    });
}

describe('malformed program files', () => {
  it('has at least 15 distinct fixtures, each named after a code it expects', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
    for (const name of fixtures) {
      const codes = expectations(name).map((e) => e.split(' ')[2]);
      expect(codes.length, name).toBeGreaterThan(0);
      // named after a code, possibly with a qualifier: dependency-cycle-portfolio proves dependency-cycle
      const base = name.replace(/\.vantage\.yaml$/, '');
      expect(codes.some((c) => base === c || base.startsWith(`${c}-`)), `${name} expects ${codes.join(', ')}`).toBe(true);
    }
  });

  for (const name of fixtures) {
    it(`${name} reports exactly its expected diagnostics`, async () => {
      const result = await loadFile(join(dir, name));
      const actual = result.diagnostics.map(
        (d) => `${relative(dir, d.file ?? '')}:${d.line}:${d.col} ${d.severity} ${d.code} ${d.message}`,
      );
      expect(actual).toEqual(expectations(name));
      // A file with errors never yields a value; one with only warnings does.
      const errors = result.diagnostics.some((d) => d.severity === 'error');
      expect(result.value === undefined).toBe(errors);
    });
  }
});
