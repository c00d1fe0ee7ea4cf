import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, ROOT } from './generators';
import { outputBlocks, pagesWithOutputs, sliceOutput } from './readme-blocks';
import { isRehearseScenario } from './rehearse-blocks';

const pages = pagesWithOutputs(ROOT).map((page) => ({ page, blocks: outputBlocks(readFileSync(join(ROOT, page), 'utf8'), page) }));
const blocks = pages.flatMap(({ page, blocks: own }) => own.map((block) => ({ page, block })));

describe('README.md and docs/*.md show real output (regenerate with `npm run readme`)', () => {
  test('the pages have their output blocks, each with a known generator', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(15);
    const generators = ['cli', 'explain', 'distroless-fragment', 'chat-statefulset-fragment', 'pulumi', 'file', 'rehearse'];
    expect(blocks.filter(({ block }) => !generators.includes(block.generator)).map(({ page, block }) => `${page}:${block.line}`)).toEqual([]);
  });

  test('each quickstart of the README quotes its project files and shows real output', () => {
    const readme = pages.find((p) => p.page === 'README.md')!.blocks;
    expect(readme.filter((b) => b.generator === 'file').map((b) => b.args)).toEqual(
      ['examples/cdk8s-app/cdk8s.yaml', 'examples/cdk8s-app/main.ts', 'examples/pulumi/index.ts'],
    );
    expect(readme.filter((b) => b.generator === 'cli').map((b) => b.args.split(' ')[0])).toEqual(['plan', 'audit']);
  });

  test('each rehearse block names a scenario the generator can rerun (`npm run readme -- --rehearse`)', () => {
    const rehearse = blocks.filter(({ block }) => block.generator === 'rehearse');
    expect(rehearse.map(({ block }) => block.args)).toEqual(['no-prestop', 'graceful']);
    expect(rehearse.every(({ block }) => isRehearseScenario(block.args))).toBe(true);
  });

  test.each(blocks.filter(({ block }) => block.generator !== 'rehearse').map(({ page, block }) => [`${page}:${block.line} ${block.generator} ${block.args}`, block] as const))(
    '%s is what the code prints today',
    async (_name, block) => {
      expect(block.body).toBe(await generate(block));
    },
  );
});

describe('output blocks', () => {
  test('slicing keeps the lines from the first match of from= up to the first match of until=, without trailing blank lines', () => {
    expect(sliceOutput('a\nb\nc\n\nd\n', { from: '^b', until: '^d' })).toBe('b\nc\n');
    expect(sliceOutput('a\nb\nc\n', { head: '2' })).toBe('a\nb\n');
    expect(() => sliceOutput('a\n', { from: '^z' })).toThrow('no line matches from=^z');
  });

  test('a page names itself in the error for an unclosed block', () => {
    expect(() => outputBlocks('<!-- output: cli plan -->\n```\nno end\n', 'docs/x.md')).toThrow('docs/x.md:1: the block after the directive is not closed');
  });
});
