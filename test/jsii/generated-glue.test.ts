/*
 * The jsii package (jsii/) compiles the cdk8s adapter's own glue: jsii/generate-glue.sh writes src/cdk8s-common and
 * cdk8s-plus-34's line.ts and props.ts, and src/core (the planner the glue imports), unchanged, into
 * jsii/src/generated/ (git-ignored) at build time. These checks run in
 * `npm test` without building the jsii package (`npm run test:python` builds it and tests it from Python): the
 * script writes into a scratch folder, and the jsii package's own sources are type-checked against what it wrote.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const FIRST_LINE = /^\/\/ ~~ Copied from (\S+) by jsii\/generate-glue\.sh at build time \(git-ignored\)\. Edit that file\.\n/;

/** A scratch folder under the root's node_modules (so cdk8s and the other peers resolve from it), removed after. */
function scratch(): string {
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  return mkdtempSync(join(cache, 'graceful-k8s-jsii-glue-'));
}

function generate(out: string): void {
  const run = spawnSync('bash', [join(ROOT, 'jsii', 'generate-glue.sh'), out], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}

describe('the jsii package compiles the cdk8s adapter\'s own glue, written at build time', () => {
  let dir: string;
  beforeAll(() => {
    dir = scratch();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('generate-glue.sh writes src/core, src/cdk8s-common and cdk8s-plus-34\'s line and props unchanged, and nothing else', () => {
    const out = join(dir, 'generated');
    generate(out);
    const expected = [
      ...readdirSync(join(ROOT, 'src', 'core')).map((name) => `core/${name}`),
      ...readdirSync(join(ROOT, 'src', 'cdk8s-common')).map((name) => `cdk8s-common/${name}`),
      'cdk8s-plus-34/line.ts',
      'cdk8s-plus-34/props.ts',
    ];
    const written = readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(out.length + 1))
      .sort();
    expect(written).toEqual([...expected].sort());
    for (const path of expected) {
      const text = readFileSync(join(out, path), 'utf8');
      expect(FIRST_LINE.exec(text)?.[1]).toBe(`src/${path}`);
      expect(text.replace(FIRST_LINE, '')).toBe(readFileSync(join(ROOT, 'src', path), 'utf8'));
    }
  });

  test('the jsii package\'s own sources type-check against the written glue and core alone (no graceful-k8s import)', () => {
    // jsii/src's committed files next to a fresh generated/ folder, as jsii/build.sh has them before jsii runs.
    const src = join(dir, 'src');
    mkdirSync(src);
    for (const name of readdirSync(join(ROOT, 'jsii', 'src')).filter((n) => n.endsWith('.ts'))) cpSync(join(ROOT, 'jsii', 'src', name), join(src, name));
    generate(join(src, 'generated'));
    const program = ts.createProgram([join(src, 'index.ts')], {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      skipLibCheck: true,
      noEmit: true,
      types: [],
      // No path to graceful-k8s: the jsii package compiles the core it uses, so an import of the root package fails.
      paths: {},
    });
    const errors = [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([]);
  });
});
