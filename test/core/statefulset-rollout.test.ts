import {
  applyPlanToWorkloadSpec,
  checkWorkload,
  MAX_UNAVAILABLE_STATEFULSET_MINOR,
  planForWorkload,
  planShutdown,
  type ShutdownSpec,
  type WorkloadSpec,
} from '../../src/core';
import { configError } from '../helpers/config-error';

const STATEFUL = { workloadKind: 'StatefulSet' } as const;

/** 30 s app shutdown + 5 s drain + 5 s margin: a 40 s grace period; 20 s pod start. */
const db = (rollout: ShutdownSpec['rollout'] = {}, more: Partial<ShutdownSpec> = {}): ShutdownSpec => ({
  appShutdownTimeout: '30s',
  replicas: 3,
  ...more,
  rollout: { podStartup: 20, ...rollout },
});

const statefulSet = (extra: Partial<WorkloadSpec> = {}): WorkloadSpec => ({
  replicas: 3,
  serviceName: 'db',
  selector: { matchLabels: { app: 'db' } },
  template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db:1' }] } },
  ...extra,
});

describe('planning for a StatefulSet', () => {
  test('planShutdown(spec) is still a Deployment plan: surge, no StatefulSet settings', () => {
    const plan = planShutdown(db());
    expect(plan.workloadKind).toBe('Deployment');
    expect(plan.rollout.statefulSet).toBeUndefined();
    expect(plan.rollout.maxSurge).toBe('25%');
    expect(plan.rolloutEstimate.workloadKind).toBe('Deployment');
  });

  test('a StatefulSet plan has no surge and takes one pod down per step', () => {
    const plan = planShutdown(db(), STATEFUL);
    expect(plan.workloadKind).toBe('StatefulSet');
    expect(plan.rollout.maxSurge).toBe(0);
    expect(plan.rollout.maxUnavailable).toBe(1);
    expect(plan.rollout.statefulSet).toEqual({});
    expect(plan.rolloutEstimate.podsPerStep).toBe(1);
  });

  test('each StatefulSet step waits for the old pod to terminate: 3 pods x (grace 40 s + start 20 s) = 180 s', () => {
    const estimate = planShutdown(db(), STATEFUL).rolloutEstimate;
    expect(planShutdown(db(), STATEFUL).terminationGracePeriodSeconds).toBe(40);
    expect(estimate.steps).toBe(3);
    expect(estimate.rolloutSeconds).toBe(180);
    // The old pods are gone before their replacements start: nothing is left Terminating at the end.
    expect(estimate.rolloutCompleteSeconds).toBe(180);
    // A Deployment of the same spec starts each new pod first: 3 steps x 20 s, old pods terminate in the background.
    expect(planShutdown(db()).rolloutEstimate.rolloutSeconds).toBe(60);
  });

  test('minReadySeconds adds to every StatefulSet step', () => {
    const estimate = planShutdown(db({ minReady: 15 }), STATEFUL).rolloutEstimate;
    expect(estimate.rolloutSeconds).toBe(3 * (40 + 20 + 15));
  });

  test('a long-connection budget multiplies into every step: 3 game servers with 30-minute rounds take over 90 minutes to roll', () => {
    const plan = planShutdown(db({}, { longConnectionBudget: '30m' }), STATEFUL);
    expect(plan.terminationGracePeriodSeconds).toBe(1810);
    expect(plan.rolloutEstimate.rolloutSeconds).toBe(3 * (1810 + 20));
  });

  test('a node drain of a StatefulSet waits for each evicted pod to be gone before its replacement starts', () => {
    // (replicas - 1) x (grace + start) + grace = 2 x 60 + 40
    expect(planShutdown(db(), STATEFUL).rolloutEstimate.nodeDrainSeconds).toBe(160);
    // A Deployment's replacement starts at once: 2 x 20 + 40.
    expect(planShutdown(db()).rolloutEstimate.nodeDrainSeconds).toBe(80);
  });

  test('pods below the partition are not updated: partition 1 of 3 updates 2 pods in 120 s', () => {
    const estimate = planShutdown(db({ partition: 1 }), STATEFUL).rolloutEstimate;
    expect(estimate.updatedPods).toBe(2);
    expect(estimate.steps).toBe(2);
    expect(estimate.rolloutSeconds).toBe(120);
  });

  test('a partition at or above the replicas updates no pod, and says so', () => {
    const plan = planShutdown(db({ partition: 3 }), STATEFUL);
    expect(plan.rolloutEstimate.updatedPods).toBe(0);
    expect(plan.rolloutEstimate.rolloutSeconds).toBe(0);
    const warning = plan.warnings.find((w) => w.code === 'partition-holds-all');
    expect(warning?.problem).toContain('rollout.partition is 3 and replicas 3');
    expect(planShutdown(db({ partition: 2 }), STATEFUL).warnings.map((w) => w.code)).not.toContain('partition-holds-all');
  });

  test('the StatefulSet estimate is in explain(), without the Deployment-only numbers', () => {
    const text = planShutdown(db({ partition: 1 }), STATEFUL).explain();
    expect(text).toContain('StatefulSet RollingUpdate: one pod at a time from the highest ordinal, old pod first (no surge), partition 1');
    expect(text).toContain('2 of 3 pods in about 120s (estimate)');
    expect(text).toContain('rollout estimate (3 replicas, StatefulSet) = 120s');
    expect(text).toContain('updateStrategy.rollingUpdate.partition = 1');
    expect(text).toContain('node drain estimate (3 pods on one node, StatefulSet) = 160s');
    expect(text).not.toContain('progressDeadlineSeconds');
    expect(text).not.toContain('maxSurge');
    expect(planShutdown(db()).explain()).toContain('progressDeadlineSeconds');
  });

  test('Deployment and StatefulSet plans of one spec are memoized apart', () => {
    const statefulPlan = planShutdown(db(), STATEFUL);
    expect(planShutdown(db(), STATEFUL)).toBe(statefulPlan);
    expect(planShutdown(db())).not.toBe(statefulPlan);
    expect(planShutdown(db(), { workloadKind: 'Deployment' })).toBe(planShutdown(db()));
  });

  test('an unknown workload kind names the field and the choices', () => {
    const error = configError(() => planShutdown(db(), { workloadKind: 'DaemonSet' as 'StatefulSet' }));
    expect(error.field).toBe('workloadKind');
    expect(error.message).toContain("'Deployment', 'StatefulSet'");
  });
});

describe('StatefulSet rollout settings', () => {
  test('maxSurge for a StatefulSet is an error: there is no surge to give', () => {
    const error = configError(() => planShutdown(db({ maxSurge: 1 }), STATEFUL));
    expect(error.field).toBe('rollout.maxSurge');
    expect(error.message).toContain('a StatefulSet has no surge');
  });

  test('progressDeadline for a StatefulSet is an error: StatefulSets have no progress deadline', () => {
    const error = configError(() => planShutdown(db({ progressDeadline: '10m' }), STATEFUL));
    expect(error.field).toBe('rollout.progressDeadline');
    expect(error.message).toContain('no progressDeadlineSeconds');
  });

  test.each(['partition', 'podManagementPolicy'] as const)('%s for a Deployment is an error that says how to plan a StatefulSet', (field) => {
    const rollout = field === 'partition' ? { partition: 1 } : { podManagementPolicy: 'Parallel' as const };
    const error = configError(() => planShutdown(db(rollout)));
    expect(error.field).toBe(`rollout.${field}`);
    expect(error.message).toContain("planShutdown(spec, { workloadKind: 'StatefulSet' })");
  });

  test.each([-1, 1.5, '2', null])('partition %p is an error', (partition) => {
    const error = configError(() => planShutdown(db({ partition: partition as number }), STATEFUL));
    expect(error.field).toBe('rollout.partition');
    expect(error.message).toContain('must be a whole number >= 0');
  });

  test('podManagementPolicy must be OrderedReady or Parallel', () => {
    const error = configError(() => planShutdown(db({ podManagementPolicy: 'Sequential' as 'Parallel' }), STATEFUL));
    expect(error.field).toBe('rollout.podManagementPolicy');
    expect(error.message).toContain("must be one of 'OrderedReady', 'Parallel'");
  });

  test.each(['1.30', '1.35', '1.36'])('StatefulSet maxUnavailable on Kubernetes %s is an error: the gate is off and the field is dropped', (version) => {
    const error = configError(() => planShutdown(db({ maxUnavailable: 2 }, { kubernetesVersion: version }), STATEFUL));
    expect(error.field).toBe('rollout.maxUnavailable');
    expect(error.message).toContain('MaxUnavailableStatefulSet');
    expect(error.message).toContain(`raise kubernetesVersion to '1.${MAX_UNAVAILABLE_STATEFULSET_MINOR}'`);
  });

  test('the StatefulSet maxUnavailable gate is on by default from 1.37', () => {
    expect(MAX_UNAVAILABLE_STATEFULSET_MINOR).toBe(37);
    const plan = planShutdown(db({ maxUnavailable: 2 }, { kubernetesVersion: '1.37', replicas: 4 }), STATEFUL);
    expect(plan.rollout.statefulSet).toEqual({ maxUnavailable: 2 });
    expect(plan.rollout.maxUnavailable).toBe(2);
  });

  test.each([0, '0%'])('StatefulSet maxUnavailable %p is an error: the API server rejects 0', (maxUnavailable) => {
    const error = configError(() => planShutdown(db({ maxUnavailable }, { kubernetesVersion: '1.37' }), STATEFUL));
    expect(error.field).toBe('rollout.maxUnavailable');
    expect(error.message).toContain('is 0, which a StatefulSet cannot have');
  });

  test('maxUnavailable 2 under OrderedReady: 2 pods down per step, their replacements start one after another', () => {
    const plan = planShutdown(db({ maxUnavailable: 2 }, { kubernetesVersion: '1.37', replicas: 4 }), STATEFUL);
    expect(plan.rolloutEstimate.podsPerStep).toBe(2);
    expect(plan.rolloutEstimate.steps).toBe(2);
    // 2 steps x grace 40 s + 4 sequential starts x 20 s
    expect(plan.rolloutEstimate.rolloutSeconds).toBe(2 * 40 + 4 * 20);
    expect(plan.warnings.find((w) => w.code === 'max-unavailable')?.problem).toContain('deletes 2 pods before their replacements start');
  });

  test('maxUnavailable 2 under Parallel: a step\'s replacements start together', () => {
    const plan = planShutdown(db({ maxUnavailable: 2, podManagementPolicy: 'Parallel' }, { kubernetesVersion: '1.37', replicas: 4 }), STATEFUL);
    expect(plan.rolloutEstimate.rolloutSeconds).toBe(2 * (40 + 20));
  });

  test('a StatefulSet maxUnavailable percentage rounds down and is at least 1, as the controller resolves it', () => {
    const half = planShutdown(db({ maxUnavailable: '50%' }, { kubernetesVersion: '1.37', replicas: 3 }), STATEFUL);
    expect(half.rolloutEstimate.podsPerStep).toBe(1);
    expect(half.warnings.map((w) => w.code)).not.toContain('max-unavailable');
    const tiny = planShutdown(db({ maxUnavailable: '10%' }, { kubernetesVersion: '1.37', replicas: 3 }), STATEFUL);
    expect(tiny.rolloutEstimate.podsPerStep).toBe(1);
  });

  test('the no-surge warning says how many pods a step takes down', () => {
    const plan = planShutdown(db({ maxUnavailable: 2 }, { kubernetesVersion: '1.37', replicas: 4 }), STATEFUL);
    const facts = { kind: 'StatefulSet' as const, replicas: 4, containers: [{ name: 'db', readinessProbe: {} }] };
    expect(checkWorkload(plan, facts).find((w) => w.code === 'statefulset-no-surge')?.problem).toContain('capacity drops by 2 pods');
    expect(checkWorkload(planShutdown(db(), STATEFUL), facts).find((w) => w.code === 'statefulset-no-surge')?.problem).toContain('capacity drops by one pod');
  });
});

describe('applying a StatefulSet plan', () => {
  test('a StatefulSet gets updateStrategy with the partition, podManagementPolicy and minReadySeconds, and no Deployment fields', () => {
    const plan = planShutdown(db({ partition: 1, podManagementPolicy: 'Parallel', minReady: 10 }), STATEFUL);
    const out = applyPlanToWorkloadSpec(statefulSet(), plan);
    expect(out.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 1 } });
    expect(out.podManagementPolicy).toBe('Parallel');
    expect(out.minReadySeconds).toBe(10);
    expect(out.strategy).toBeUndefined();
    expect(out.progressDeadlineSeconds).toBeUndefined();
    expect(out.serviceName).toBe('db');
    expect(out.template.spec.terminationGracePeriodSeconds).toBe(40);
  });

  test('StatefulSet maxUnavailable is rendered only where the spec gives it', () => {
    const plan = planShutdown(db({ maxUnavailable: 2 }, { kubernetesVersion: '1.37' }), STATEFUL);
    expect(applyPlanToWorkloadSpec(statefulSet(), plan).updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } });
    expect(applyPlanToWorkloadSpec(statefulSet(), planShutdown(db(), STATEFUL)).updateStrategy).toEqual({ type: 'RollingUpdate' });
  });

  test('the workload\'s own rollingUpdate fields and podManagementPolicy are kept where the plan sets none', () => {
    const own = statefulSet({ podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2, maxUnavailable: 1 } } });
    const out = applyPlanToWorkloadSpec(own, planShutdown(db(), STATEFUL));
    expect(out.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2, maxUnavailable: 1 } });
    expect(out.podManagementPolicy).toBe('OrderedReady');
    // A plan that sets another partition cannot keep the workload's: refused, not replaced (issue 23, item 2).
    const error = configError(() => applyPlanToWorkloadSpec(own, planShutdown(db({ partition: 0 }), STATEFUL)));
    expect(error.field).toBe('updateStrategy.rollingUpdate.partition');
    expect(error.message).toContain('would replace it');
    const planned = applyPlanToWorkloadSpec(own, planShutdown(db({ partition: 2 }), STATEFUL));
    expect(planned.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2, maxUnavailable: 1 } });
  });

  test('an OnDelete strategy is kept when the plan sets no rollingUpdate field, and is an error when it does', () => {
    const onDelete = statefulSet({ updateStrategy: { type: 'OnDelete' } });
    expect(applyPlanToWorkloadSpec(onDelete, planShutdown(db(), STATEFUL)).updateStrategy).toEqual({ type: 'OnDelete' });
    const error = configError(() => applyPlanToWorkloadSpec(onDelete, planShutdown(db({ partition: 1 }), STATEFUL)));
    expect(error.field).toBe('updateStrategy.type');
    expect(error.message).toContain('rollingUpdate partition');
  });

  test('a StatefulSet plan on a Deployment is an error: it would take capacity down', () => {
    const error = configError(() => applyPlanToWorkloadSpec(statefulSet(), planShutdown(db(), STATEFUL), 'Deployment'));
    expect(error.field).toBe('kind');
    expect(error.message).toContain('the plan was made for a StatefulSet');
  });

  test('a Deployment plan on a StatefulSet renders what the StatefulSet plan of the same spec renders', () => {
    expect(applyPlanToWorkloadSpec(statefulSet(), planShutdown(db()), 'StatefulSet')).toEqual(applyPlanToWorkloadSpec(statefulSet(), planShutdown(db(), STATEFUL)));
  });

  test('applying a StatefulSet plan twice is the same as once', () => {
    const plan = planShutdown(db({ partition: 1 }), STATEFUL);
    const once = applyPlanToWorkloadSpec(statefulSet(), plan);
    expect(applyPlanToWorkloadSpec(once, plan)).toEqual(once);
  });
});

describe('planForWorkload for a StatefulSet', () => {
  test('a spec is planned for the workload kind, also when the workload\'s longer grace period is pinned', () => {
    expect(planForWorkload(db(), undefined, 'StatefulSet').plan.workloadKind).toBe('StatefulSet');
    const kept = planForWorkload(db(), { seconds: 90 }, 'StatefulSet').plan;
    expect(kept.workloadKind).toBe('StatefulSet');
    expect(kept.terminationGracePeriodSeconds).toBe(90);
    expect(kept.rolloutEstimate.rolloutSeconds).toBe(3 * (90 + 20));
  });

  test('a StatefulSet plan is used as given when the caller names no kind', () => {
    const plan = planShutdown(db(), STATEFUL);
    expect(planForWorkload(plan, undefined).plan).toBe(plan);
  });

  test('a StatefulSet plan for a Deployment is an error', () => {
    const error = configError(() => planForWorkload(planShutdown(db(), STATEFUL), undefined, 'Deployment'));
    expect(error.field).toBe('shutdown');
    expect(error.message).toContain('the workload is a Deployment');
  });
});
