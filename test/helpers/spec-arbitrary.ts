/**
 * The planner's spec arbitrary, shared by its property test (test/core/plan.property.test.ts) and the agreement
 * property test (test/agreement.property.test.ts).
 */
import * as fc from 'fast-check';
import type { ShutdownSpec } from '../../src/core';

const seconds = (max: number) => fc.integer({ min: 0, max });

/** Any valid spec: durations as numbers or strings, any supported version, image and strategy that fit. */
export const validSpec: fc.Arbitrary<ShutdownSpec> = fc
  .record({
    a: seconds(3600),
    d: seconds(900),
    l: seconds(7200),
    m: seconds(120),
    minor: fc.integer({ min: 21, max: 36 }),
    image: fc.constantFrom('shell' as const, 'distroless' as const),
    strategy: fc.constantFrom('auto' as const, 'copied-sleep' as const, 'app-drain' as const, 'native-sleep' as const, 'exec-sleep' as const),
    asString: fc.boolean(),
    extraGrace: fc.option(seconds(600), { nil: undefined }),
  })
  .filter(({ strategy, minor, image }) => !(strategy === 'native-sleep' && minor < 30) && !(strategy === 'exec-sleep' && image === 'distroless'))
  .map(({ a, d, l, m, minor, image, strategy, asString, extraGrace }) => ({
    appShutdownTimeout: asString ? `${a}s` : a,
    drainDelay: asString ? `${d * 1000}ms` : d,
    longConnectionBudget: l,
    safetyMargin: m,
    kubernetesVersion: `1.${minor}`,
    image,
    preStop: strategy,
    terminationGracePeriod: extraGrace === undefined ? undefined : d + Math.max(a, l) + m + extraGrace,
  }));

