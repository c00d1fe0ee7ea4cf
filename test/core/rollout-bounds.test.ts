import { GracefulConfigError, parseIntOrPercent, planShutdown, resolveIntOrPercent, resolveRolloutBounds } from '../../src/core';

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
    expect(() => resolveIntOrPercent('maxUnavailable', 'half', 3, 'down')).toThrow(/^maxUnavailable must be a whole number of pods >= 0 or a percentage/);
  });
});

describe('one int-or-percent parser, with the API server rules (ValidateRollingUpdateDeployment)', () => {
  test('maxSurge above 100% is legal in Kubernetes and in the spec: only maxUnavailable is capped', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, rollout: { maxSurge: '200%' } });
    expect(plan.rollout.maxSurge).toBe('200%');
    expect(resolveIntOrPercent('maxSurge', '150%', 4, 'up')).toBe(6);
    expect(() => planShutdown({ appShutdownTimeout: 30, rollout: { maxUnavailable: '150%' } }))
      .toThrow(/^rollout.maxUnavailable must be a whole number of pods >= 0 or a percentage from '0%' to '100%', got "150%"/);
    expect(() => resolveIntOrPercent('maxUnavailable', '101%', 4, 'down')).toThrow(GracefulConfigError);
  });

  test("a number in quotes ('1') is not a percentage: the spec, the audit's and rehearse's resolution all reject it", () => {
    expect(() => planShutdown({ appShutdownTimeout: 30, rollout: { maxSurge: '1' } }))
      .toThrow(/^rollout.maxSurge .*got "1"; a number in quotes is not a percentage: use 1 or '1%'/);
    expect(() => resolveIntOrPercent('maxUnavailable', '1', 3, 'down')).toThrow(/got "1"; a number in quotes is not a percentage/);
    expect(() => parseIntOrPercent('maxSurge', '1', 'maxSurge')).toThrow(GracefulConfigError);
  });

  test("'100%' maxUnavailable is accepted by both the spec and the resolution, as the API server does", () => {
    expect(parseIntOrPercent('maxUnavailable', '100%', 'maxUnavailable')).toBe('100%');
    expect(resolveIntOrPercent('maxUnavailable', '100%', 3, 'down')).toBe(3);
    expect(planShutdown({ appShutdownTimeout: 30, rollout: { maxUnavailable: '100%' } }).rollout.maxUnavailable).toBe('100%');
  });
});
