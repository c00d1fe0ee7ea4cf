import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fencedBlocks, headingAnchors, relativeLinks } from './markdown';

/**
 * The README stays short (issue 25: at most about 300 lines; the depth is in docs/), and every page a reader
 * follows from it links only to files and anchors that exist.
 */
const root = resolve(__dirname, '..', '..');
const README_MAX_LINES = 320;
const pages = ['README.md', 'CONTRIBUTING.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const text = (page: string): string => readFileSync(join(root, page), 'utf8');

test(`README.md has at most ${README_MAX_LINES} lines`, () => {
  expect(text('README.md').replace(/\n$/, '').split('\n').length).toBeLessThanOrEqual(README_MAX_LINES);
});

test('README.md names only versioned cdk8s entry points, its cdk8s quickstart on cdk8s-plus-34 (issue 25)', () => {
  const readme = text('README.md');
  expect(readme.match(/graceful-k8s\/cdk8s(?![-\w])/g)).toBeNull();
  expect(readme).toContain("from 'graceful-k8s/cdk8s-plus-34'");
});

test('README.md links every user page of docs/, how-it-works.md among its first 30 lines', () => {
  const readme = text('README.md');
  const linked = new Set(relativeLinks(readme).map((link) => link.replace(/#.*$/, '')));
  const userPages = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  expect(userPages.filter((page) => !linked.has(page))).toEqual([]);
  expect(relativeLinks(readme.split('\n').slice(0, 30).join('\n'))).toContain('docs/how-it-works.md');
});

test.each(pages)('every relative link of %s points to an existing file and anchor', (page) => {
  const broken = relativeLinks(text(page)).filter((link) => {
    const [path, anchor] = link.split('#', 2);
    const target = path === '' ? join(root, page) : resolve(dirname(join(root, page)), decodeURI(path));
    if (!existsSync(target)) return true;
    if (anchor === undefined) return false;
    return !statSync(target).isFile() || !target.endsWith('.md') || !headingAnchors(readFileSync(target, 'utf8')).has(anchor);
  });
  expect(broken).toEqual([]);
});

describe('install commands', () => {
  const shellBlocks = pages.flatMap((page) => fencedBlocks(text(page)).filter((b) => /^(sh|bash|shell|console)$/.test(b.info)).map((b) => ({ page, body: b.body })));
  const installs = shellBlocks.flatMap(({ page, body }) => body.split('\n').filter((l) => /\bnpm (install|i|pkg set)\b/.test(l)).map((line) => ({ page, line })));

  test('no page offers npm install from git: npm packs a git dependency running only `prepare`, and lib/ is built in `prepack`', () => {
    const pkg = JSON.parse(text('package.json'));
    // Were a `prepare` script to build lib/, an install from git would work and this test could go.
    expect(pkg.scripts.prepare).toBeUndefined();
    expect(pkg.scripts.prepack).toBeDefined();
    expect(installs.length).toBeGreaterThan(0);
    expect(installs.filter(({ line }) => /git\+|git:\/\/|github:|\.git\b|<git/i.test(line))).toEqual([]);
  });

  test('every install of graceful-k8s from a tarball names the version npm pack writes', () => {
    const version = JSON.parse(text('package.json')).version;
    const tarballs = installs.flatMap(({ page, line }) => [...line.matchAll(/graceful-k8s-(\d+\.\d+\.\d+[^\s]*?)\.tgz/g)].map((m) => ({ page, version: m[1] })));
    expect(tarballs.length).toBeGreaterThan(0);
    expect(tarballs.filter((t) => t.version !== version)).toEqual([]);
  });
});

describe('the Markdown reader behind these checks', () => {
  test('anchors are GitHub\'s: punctuation dropped, spaces to dashes, repeats numbered, headings in code blocks ignored', () => {
    const page = '# Rehearse on a real cluster: `graceful-k8s rehearse --kubeconfig`\n## Options (`ShutdownSpec`)\n## Limits\n### Limits\n```sh\n# not a heading\n```\n';
    expect([...headingAnchors(page)]).toEqual(['rehearse-on-a-real-cluster-graceful-k8s-rehearse---kubeconfig', 'options-shutdownspec', 'limits', 'limits-1']);
  });

  test('relative links are read from prose only: not from code spans, code blocks or absolute URLs', () => {
    const page = 'See [a](docs/a.md#x), [b](https://example.com), `[c](c.md)` and ![d](img/d.png "title").\n```md\n[e](e.md)\n```\n';
    expect(relativeLinks(page)).toEqual(['docs/a.md#x', 'img/d.png']);
  });

  test('an anchor is found only when the page has that heading', () => {
    expect(headingAnchors(text('README.md')).has('install')).toBe(true);
    expect(headingAnchors(text('README.md')).has('no-such-section')).toBe(false);
  });
});
