import { Duration } from 'cdk8s';
import { GracefulConfigError, toWholeSeconds } from '../../src/core';

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
