import { packagesOf } from '../../bench/cold-import';
import { interleaved, summarize } from '../../bench/stats';
import { formatSpread, formatTable, verdict } from '../../bench/table';

describe('summarize', () => {
  test('the median of an odd count is the middle sample, whatever the order', () => {
    expect(summarize([30, 10, 20]).median).toBe(20);
  });

  test('the median of an even count is the mean of the two middle samples', () => {
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });

  test('the spread is the range over the median', () => {
    expect(summarize([90, 100, 110])).toEqual({ median: 100, min: 90, max: 110, spread: 0.2, samples: 3 });
  });

  test('no samples is an error, not a NaN median', () => {
    expect(() => summarize([])).toThrow('no samples');
  });
});

describe('interleaved', () => {
  test('over as many repeats as variants, every variant runs first exactly once', () => {
    const variants = ['a', 'b', 'c'];
    const firsts = [0, 1, 2].map((repeat) => interleaved(variants, repeat)[0]);
    expect(firsts.sort()).toEqual(variants);
  });

  test('every repeat runs every variant once', () => {
    expect(interleaved(['a', 'b', 'c'], 4).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('table formatting', () => {
  test('names are left-aligned and numbers right-aligned under a rule', () => {
    expect(formatTable(['name', 'ms'], [['a', '1.5'], ['long', '120']])).toBe(['name   ms', '----  ---', 'a     1.5', 'long  120'].join('\n'));
  });

  test('a spread of 0.12 prints as half the range: ±6%', () => {
    expect(formatSpread(0.12)).toBe('±6%');
  });

  test('a ratio at the goal meets it, one above misses it', () => {
    expect(verdict(1.1, 1.1)).toBe('met');
    expect(verdict(1.11, 1.1)).toBe('MISSED');
  });
});

describe('packagesOf', () => {
  test('a file belongs to the innermost node_modules package; files outside node_modules are this repository', () => {
    expect(
      packagesOf([
        '/r/lib/index.js',
        '/r/node_modules/cdk8s/lib/index.js',
        '/r/node_modules/@pulumi/pulumi/index.js',
        '/r/node_modules/@pulumi/pulumi/node_modules/semver/index.js',
      ]),
    ).toEqual(['@pulumi/pulumi', 'cdk8s', 'graceful-k8s', 'semver']);
  });
});
