import { GracefulConfigError, planShutdown } from '../../src/core';
import { PlanMemo } from '../../src/core/plan-memo';

describe('planShutdown remembers plans by the content of the spec', () => {
  test('two specs with the same content get the same plan; a different spec gets its own', () => {
    const first = planShutdown({ appShutdownTimeout: '31s', drainDelay: 7 });
    expect(planShutdown({ appShutdownTimeout: '31s', drainDelay: 7 })).toBe(first);
    const other = planShutdown({ appShutdownTimeout: '31s', drainDelay: 8 });
    expect(other).not.toBe(first);
    expect(other.terminationGracePeriodSeconds).toBe(first.terminationGracePeriodSeconds + 1);
  });

  test('the plan is frozen all the way down, so one workload cannot change another\'s', () => {
    const plan = planShutdown({ appShutdownTimeout: '32s', kubernetesVersion: '1.27' });
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.rollout)).toBe(true);
    expect(Object.isFrozen(plan.env[0])).toBe(true);
    expect(plan.preStop?.exec?.command).toEqual(['sleep', '5']);
    expect(Object.isFrozen(plan.preStop?.exec?.command)).toBe(true);
    expect(() => {
      (plan as { terminationGracePeriodSeconds: number }).terminationGracePeriodSeconds = 1;
    }).toThrow(TypeError);
  });

  test('a spec holding a duration object JSON cannot show is planned every time, by its value', () => {
    const thirty = planShutdown({ appShutdownTimeout: { toSeconds: () => 30 } });
    const sixty = planShutdown({ appShutdownTimeout: { toSeconds: () => 60 } });
    expect(sixty.terminationGracePeriodSeconds - thirty.terminationGracePeriodSeconds).toBe(30);
  });

  test('an invalid spec throws on every call: errors are not remembered', () => {
    for (let i = 0; i < 2; i++) expect(() => planShutdown({ appShutdownTimeout: -5 })).toThrow(GracefulConfigError);
  });
});

describe('PlanMemo', () => {
  test('plans a spec of plain data once, and starts over when full', () => {
    const memo = new PlanMemo<{ n: number }>(2);
    let planned = 0;
    const plan = (spec: { n: number }) => ({ n: spec.n, call: ++planned });
    expect(memo.planFor({ n: 1 }, plan)).toEqual({ n: 1, call: 1 });
    expect(memo.planFor({ n: 1 }, plan)).toEqual({ n: 1, call: 1 });
    memo.planFor({ n: 2 }, plan);
    memo.planFor({ n: 3 }, plan); // full: starts over with { n: 3 } only
    expect(memo.planFor({ n: 1 }, plan)).toEqual({ n: 1, call: 4 });
    expect(planned).toBe(4);
  });

  test('remembers only JSON-exact data: not class instances, functions or non-finite numbers', () => {
    const memo = new PlanMemo<object>();
    let planned = 0;
    const plan = () => ({ call: ++planned });
    for (const spec of [{ at: new Date(0) }, { f: () => 1 }, { n: Number.NaN }, { list: [undefined] }]) {
      memo.planFor(spec, plan);
      memo.planFor(spec, plan);
    }
    expect(planned).toBe(8);
    memo.planFor({ a: [1, 'x', true, null], b: undefined }, plan);
    memo.planFor({ a: [1, 'x', true, null] }, plan);
    expect(planned).toBe(9);
  });
});
