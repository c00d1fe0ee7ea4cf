import { Duration } from 'cdk8s';
import { GracefulConfigError, MAX_DURATION_SECONDS, planShutdown, toWholeSeconds } from '../../src/core';

describe('toWholeSeconds', () => {
  test.each([
    [30, 30],
    [0, 0],
    [1.2, 2],
    ['30s', 30],
    ['2m', 120],
    ['1h30m', 5400],
    ['1m30s', 90],
    ['1500ms', 2],
    ['30', 30],
    [' 45s ', 45],
    ['0.5s', 1],
  ])('%p is %p whole seconds (fractions round up)', (input, expected) => {
    expect(toWholeSeconds('drainDelay', input)).toBe(expected);
  });

  test('a cdk8s Duration is read through toMilliseconds, so 1500 ms rounds up to 2 s instead of throwing', () => {
    expect(toWholeSeconds('drainDelay', Duration.seconds(35))).toBe(35);
    expect(toWholeSeconds('drainDelay', Duration.minutes(30))).toBe(1800);
    expect(toWholeSeconds('drainDelay', Duration.millis(1500))).toBe(2);
  });

  test('an object with only toSeconds() is accepted', () => {
    expect(toWholeSeconds('drainDelay', { toSeconds: () => 12 })).toBe(12);
  });

  test('a negative number names the field, the value and the fix', () => {
    expect(() => toWholeSeconds('appShutdownTimeout', -5)).toThrow(
      new GracefulConfigError('appShutdownTimeout', -5, 'must be >= 0 seconds, got -5; use 0 or a positive duration'),
    );
    expect(() => toWholeSeconds('appShutdownTimeout', -5)).toThrow('appShutdownTimeout must be >= 0 seconds, got -5');
  });

  test('a negative string is rejected as negative', () => {
    expect(() => toWholeSeconds('drainDelay', '-5s')).toThrow('drainDelay must be >= 0 seconds, got "-5s"');
  });

  test('NaN and Infinity are rejected', () => {
    expect(() => toWholeSeconds('drainDelay', NaN)).toThrow('drainDelay must be a number of seconds, got NaN');
    expect(() => toWholeSeconds('drainDelay', Infinity)).toThrow('drainDelay must be a finite duration, got Infinity');
  });

  test.each(['thirty seconds', '30x', '', '1h 30m', 's', '1.5.5s'])('the unparsable string %p says which formats work', (input) => {
    expect(() => toWholeSeconds('longConnectionBudget', input)).toThrow(
      /^longConnectionBudget is not a duration: .*; use a number of seconds or a string like '30s', '2m', '1h30m', '1500ms'$/,
    );
  });

  test('a value of the wrong type is rejected with its type in the message', () => {
    expect(() => toWholeSeconds('drainDelay', { seconds: 5 } as any)).toThrow('drainDelay is not a duration: {"seconds":5}');
    expect(() => toWholeSeconds('drainDelay', true as any)).toThrow(GracefulConfigError);
  });
});

describe('durations have an upper bound the API server can store (issue 23, item 5)', () => {
  test('2^31 - 1 seconds is the largest duration; one more is refused naming the bound', () => {
    expect(toWholeSeconds('drainDelay', MAX_DURATION_SECONDS)).toBe(2_147_483_647);
    expect(() => toWholeSeconds('drainDelay', MAX_DURATION_SECONDS + 1)).toThrow(/^drainDelay must be at most 2147483647 seconds/);
  });

  test.each([1e21, 2 ** 53 - 1, '99999999999999999999', '99999999999h', Duration.days(30_000)])('%p as appShutdownTimeout is refused, not rendered', (value) => {
    expect(() => planShutdown({ appShutdownTimeout: value })).toThrow(/^appShutdownTimeout must be at most 2147483647 seconds/);
  });

  test('the largest durations still plan an exact grace period (a sum below 2^53)', () => {
    const plan = planShutdown({ appShutdownTimeout: MAX_DURATION_SECONDS, drainDelay: MAX_DURATION_SECONDS, safetyMargin: MAX_DURATION_SECONDS });
    expect(plan.terminationGracePeriodSeconds).toBe(3 * 2_147_483_647);
    expect(Number.isSafeInteger(plan.terminationGracePeriodSeconds)).toBe(true);
  });

  test('replicas and the default progress deadline stay within int32', () => {
    expect(() => planShutdown({ appShutdownTimeout: 30, replicas: 1e21 })).toThrow(/^replicas must be a whole number of pods from 0 to 2147483647/);
    expect(() => planShutdown({ appShutdownTimeout: 30, rollout: { minReady: MAX_DURATION_SECONDS } })).toThrow(/^rollout\.minReady is 2147483647s, so the default progressDeadlineSeconds/);
  });
});
