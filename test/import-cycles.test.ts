import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/*
 * Imports in src/ flow one way: no file reaches itself through its imports. A cycle hides which module is the
 * lower one (which to read first, which to change), and in CommonJS a value import in a cycle can read a binding
 * before it is set. `import type` and `export ... from` count too: a type-only cycle still means neither module
 * can be understood without the other, and one later value import turns it into a runtime cycle. Dynamic
 * `import()` and `require()` count as well (ts.preProcessFile reports them).
 */

const ROOT = join(__dirname, '..');
const SRC = join(ROOT, 'src');

/** Every .ts file under `dir` (no declaration files), as absolute paths. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative imports of each file that resolve to another file of the set: the import graph. */
function importGraph(files: readonly string[], read: (file: string) => string): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(read(file), true, true);
    const targets: string[] = [];
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const base = resolve(dirname(file), fileName.replace(/\.js$/, ''));
      const target = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => known.has(candidate));
      if (target !== undefined) targets.push(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The strongly connected components with more than one file (Tarjan's algorithm): each is an import cycle. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

test('no file in src/ imports itself through other files: every import cycle (types included) is listed here', () => {
  const files = sourceFiles(SRC);
  const cycles = importCycles(importGraph(files, (file) => readFileSync(file, 'utf8')));
  expect(cycles.map((cycle) => cycle.map((file) => relative(ROOT, file)))).toEqual([]);
});

test('the check finds a cycle made of a type-only import and a re-export, and none in a one-way chain', () => {
  const sources: Record<string, string> = {
    '/p/a.ts': "import type { B } from './b';\nexport interface A { b?: B }\n",
    '/p/b.ts': "export { c } from './c';\nexport interface B { n: number }\n",
    '/p/c.ts': "import { a } from './d/index.js';\nexport const c = a;\n",
    '/p/d/index.ts': "import type { A } from '../a';\nexport const a: A = {};\n",
    '/q/x.ts': "import { y } from './y';\nexport const x = y;\n",
    '/q/y.ts': "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n",
  };
  const graph = importGraph(Object.keys(sources), (file) => sources[file]);
  expect(importCycles(graph)).toEqual([['/p/a.ts', '/p/b.ts', '/p/c.ts', '/p/d/index.ts']]);
});
