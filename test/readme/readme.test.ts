import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, ROOT } from './generators';
import { outputBlocks, sliceOutput } from './readme-blocks';
import { isRehearseScenario } from './rehearse-blocks';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = outputBlocks(readme);

describe('README.md shows real output (regenerate with `npm run readme`)', () => {
  test('the README has its output blocks, each with a known generator', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(15);
    const generators = ['cli', 'explain', 'distroless-fragment', 'chat-statefulset-fragment', 'pulumi', 'file', 'rehearse'];
    expect(blocks.filter((b) => !generators.includes(b.generator))).toEqual([]);
  });

  test('each rehearse block names a scenario the generator can rerun (`npm run readme -- --rehearse`)', () => {
    const rehearse = blocks.filter((b) => b.generator === 'rehearse');
    expect(rehearse.map((b) => b.args)).toEqual(['no-prestop', 'graceful']);
    expect(rehearse.every((b) => isRehearseScenario(b.args))).toBe(true);
  });

  test.each(blocks.filter((b) => b.generator !== 'rehearse').map((b) => [`README.md:${b.line} ${b.generator} ${b.args}`, b] as const))(
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
});
