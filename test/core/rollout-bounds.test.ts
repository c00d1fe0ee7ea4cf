import { resolveIntOrPercent, resolveRolloutBounds } from '../../src/core';

describe('resolveRolloutBounds', () => {
  test('percentages round as Kubernetes does: maxSurge up, maxUnavailable down, never both zero', () => {
    expect(resolveRolloutBounds(10, '25%', '25%')).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(resolveRolloutBounds(3, '25%', '25%')).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(resolveRolloutBounds(3, '10%', '10%')).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(resolveRolloutBounds(2, '0%', '10%')).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(() => resolveRolloutBounds(2, 0, 0)).toThrow(/both 0, which Kubernetes rejects/);
  });

  test('resolveIntOrPercent rejects a value that is neither a count nor a percentage, naming the field', () => {
    expect(resolveIntOrPercent('maxUnavailable', '50%', 3, 'down')).toBe(1);
    expect(() => resolveIntOrPercent('maxUnavailable', 'half', 3, 'down')).toThrow(/^maxUnavailable must be a non-negative integer or a percentage/);
  });
});
