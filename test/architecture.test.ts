/**
 * Dependency direction (shared/STYLE.md): the engine imports only the model and itself; the model imports only
 * itself and pure libraries; io never reaches into the engine. Both must run unchanged in a browser, so neither
 * may touch Node built-ins. This test reads every import and fails on a step the wrong way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)) found.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]);
  return found;
}

/** The layer a specifier lands in: 'engine', 'model', ... for relative imports, or the package name. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? 'node' : spec.split('/')[0];
  const landed = relative(src, resolve(dirname(file), spec));
  return landed.split(/[\\/]/)[0];
}

const rules: Record<string, (to: string) => boolean> = {
  engine: (to) => to === 'engine' || to === 'model',
  model: (to) => to === 'model' || to === 'zod',
  io: (to) => to !== 'engine' && to !== 'cli' && to !== 'server' && to !== 'store',
  // Charts are pure SVG builders the web cockpit imports: model and pure engine helpers only, no Node.
  charts: (to) => to === 'charts' || to === 'engine' || to === 'model',
  // The store: model types, its database libraries and Node; never io, engine, service, server or cli.
  store: (to) => ['store', 'model', 'zod', 'drizzle-orm', '@electric-sql', 'pg', 'node'].includes(to),
  // Services compose io + model + store (+ pure engine); never cli or server.
  service: (to) => !['cli', 'server', 'charts', 'web'].includes(to),
};

/** The web cockpit (web/src): itself, src/model, src/engine, src/charts (pure) and its browser libraries; never io, store, server or cli. */
function webAllows(file: string, spec: string): boolean {
  if (!spec.startsWith('.')) return ['react', 'react-dom', 'elkjs'].includes(spec.split('/')[0]);
  const [top, layer] = relative(root, resolve(dirname(file), spec)).split(/[\\/]/);
  return top === 'web' || (top === 'src' && ['model', 'engine', 'charts'].includes(layer));
}

describe('architecture', () => {
  for (const layer of Object.keys(rules)) {
    it(`${layer} imports only what it may`, () => {
      const dir = join(src, layer);
      let files: string[] = [];
      try {
        files = sourceFiles(dir);
      } catch {
        return; // the layer does not exist yet
      }
      const wrong = files.flatMap((file) =>
        imports(file)
          .filter((spec) => !rules[layer](target(file, spec)))
          .map((spec) => `${relative(root, file)} imports ${spec}`),
      );
      expect(wrong).toEqual([]);
    });
  }

  it('web imports only web, the pure model, engine and charts, and its browser libraries', () => {
    const web = join(root, 'web', 'src');
    const files = readdirSync(web, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f)).map((f) => join(web, f));
    expect(files.length).toBeGreaterThan(0);
    expect(files.flatMap((file) => imports(file).filter((spec) => !webAllows(file, spec)).map((spec) => `${relative(root, file)} imports ${spec}`))).toEqual([]);
  });

  it('catches a wrong step (self-check of the rule)', () => {
    expect(rules.engine(target(join(src, 'engine/x.ts'), '../io/yaml/load.js'))).toBe(false);
    expect(rules.engine(target(join(src, 'engine/x.ts'), 'node:fs'))).toBe(false);
    expect(rules.engine(target(join(src, 'engine/rcpsp/x.ts'), '../../model/program.js'))).toBe(true);
    expect(rules.store(target(join(src, 'store/x.ts'), '../io/yaml/edit.js'))).toBe(false);
    expect(rules.service(target(join(src, 'service/x.ts'), '../cli/context.js'))).toBe(false);
    expect(webAllows(join(root, 'web/src/x.tsx'), '../../src/server/app.js')).toBe(false);
    expect(webAllows(join(root, 'web/src/timeline/x.tsx'), '../../../src/engine/schedule.js')).toBe(true);
    expect(webAllows(join(root, 'web/src/x.tsx'), 'node:fs')).toBe(false);
  });
});
