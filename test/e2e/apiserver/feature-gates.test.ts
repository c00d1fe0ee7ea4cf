/**
 * What API servers do with the plan's version-dependent fields when a feature gate is off or on:
 * the facts behind the planner's version rules and warnings (issue 11 items 5 and 6).
 *
 * Needs control planes it starts itself (a user's cluster cannot have its gates switched): skipped
 * when KUBECONFIG is set. Starts kube-apiserver 1.30 with PodLifecycleSleepAction=false, 1.30 with
 * PDBUnhealthyPodEvictionPolicy=false, 1.36 with its default gates when it is among the selected minors, and the
 * newest minor with ContainerStopSignals=true (scripts/control-plane.sh, no controller manager).
 */
import { randomBytes } from 'node:crypto';
import { applyServerSide, NEWEST_MINOR, OLDEST_MINOR, readBack, selectedMinors, startCluster, stopCluster, usingUserCluster, type Cluster } from './cluster';
import { nativeSleepCase, olderClusterCase, statefulSetMaxUnavailableCase, stopSignalCase, type ManifestCase } from './manifest-cases';
import { expectIntact, expectPlanApplied } from './read-back';
import { MAX_UNAVAILABLE_STATEFULSET_MINOR } from '../../../src/core';

const START_TIMEOUT_MS = 90 * 60_000;
const describeOwnServers = usingUserCluster() ? describe.skip : describe;

function workloadOf(c: ManifestCase): any {
  return c.manifests.find((m) => m.kind === c.workloadKind);
}

/** Applies a case into a fresh namespace and returns the stored workload. */
async function applyAndReadWorkload(cluster: Cluster, c: ManifestCase): Promise<any> {
  const namespace = `graceful-k8s-e2e-${randomBytes(3).toString('hex')}`;
  const { errors } = await applyServerSide(cluster, namespace, c.manifests);
  expect(errors).toBe('');
  return (await readBack(cluster, namespace)).get(`${c.workloadKind}/${workloadOf(c).metadata.name}`);
}

describeOwnServers(`kube-apiserver ${OLDEST_MINOR} with PodLifecycleSleepAction=false`, () => {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster(OLDEST_MINOR, { featureGates: 'PodLifecycleSleepAction=false', controllerManager: false });
  }, START_TIMEOUT_MS);
  afterAll(() => stopCluster(cluster), 120_000);

  // pkg/api/pod/util.go dropPodLifecycleSleepAction (1.29-1.33): with the gate off, a new pod spec
  // loses preStop.sleep, then the preStop that has no other handler, then the empty lifecycle. No
  // error, no warning: the workload is stored without a drain.
  test('the native preStop sleep comes back without its preStop and without the lifecycle', async () => {
    const c = nativeSleepCase();
    expect(c.plan.preStop).toEqual({ sleep: { seconds: c.plan.drainDelaySeconds } });
    const stored = await applyAndReadWorkload(cluster!, c);
    expect(stored.spec.template.spec.containers[0].lifecycle).toBeUndefined();
    // The read-back comparison every other suite relies on sees the drop.
    expect(() => expectIntact(workloadOf(c), stored)).toThrow(/lifecycle/);
    // Everything else of the plan is stored.
    expect(stored.spec.template.spec.terminationGracePeriodSeconds).toBe(c.plan.terminationGracePeriodSeconds);
    for (const env of c.plan.env) expect(stored.spec.template.spec.containers[0].env.find((e: any) => e.name === env.name)).toMatchObject(env);
  });

  // MaxUnavailableStatefulSet is alpha and off in 1.30 (see expectMaxUnavailableDropped).
  test('a StatefulSet maxUnavailable comes back dropped, the rest of the plan stored', () => expectMaxUnavailableDropped(cluster!));

  // Why the planner never uses the native sleep when kubernetesVersion is below 1.30 (src/core/prestop.ts):
  // its exec sleep survives a server without the gate.
  test('the plan for kubernetesVersion 1.29 (exec sleep) comes back intact from the same server', async () => {
    const c = olderClusterCase();
    expect(c.plan.preStopMechanism).toBe('exec-sleep');
    const stored = await applyAndReadWorkload(cluster!, c);
    expectIntact(workloadOf(c), stored);
    expectPlanApplied(stored, c.plan, c.workloadKind);
  });
});

/**
 * pkg/registry/policy/poddisruptionbudget/strategy.go dropDisabledFields: with PDBUnhealthyPodEvictionPolicy (KEP-3017)
 * off, a new PodDisruptionBudget loses spec.unhealthyPodEvictionPolicy without an error. The gate is beta and on from 1.27
 * (on in the matrix's 1.30 server, which stores the field: read-back.ts), GA in 1.31 and gone from the 1.33 sources: why
 * the planner sets AlwaysAllow only from kubernetesVersion 1.27 (UNHEALTHY_POD_EVICTION_POLICY_MINOR).
 */
describeOwnServers(`kube-apiserver ${OLDEST_MINOR} with PDBUnhealthyPodEvictionPolicy=false`, () => {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster(OLDEST_MINOR, { featureGates: 'PDBUnhealthyPodEvictionPolicy=false', controllerManager: false });
  }, START_TIMEOUT_MS);
  afterAll(() => stopCluster(cluster), 120_000);

  test('the planned unhealthyPodEvictionPolicy AlwaysAllow comes back dropped, maxUnavailable stored', async () => {
    const c = nativeSleepCase();
    const budget = c.manifests.find((m) => m.kind === 'PodDisruptionBudget');
    expect(budget.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    const namespace = `graceful-k8s-e2e-${randomBytes(3).toString('hex')}`;
    const { errors } = await applyServerSide(cluster!, namespace, c.manifests);
    expect(errors).toBe('');
    const stored = (await readBack(cluster!, namespace)).get(`PodDisruptionBudget/${budget.metadata.name}`);
    expect(stored.spec.unhealthyPodEvictionPolicy).toBeUndefined();
    expect(stored.spec.maxUnavailable).toBe(c.plan.podDisruptionBudget.maxUnavailable);
  });
});

const BEFORE_MAX_UNAVAILABLE = `1.${MAX_UNAVAILABLE_STATEFULSET_MINOR - 1}`;

/**
 * pkg/registry/apps/statefulset/strategy.go dropStatefulSetDisabledFields: with MaxUnavailableStatefulSet (KEP-961)
 * off, alpha through 1.34 and beta but still off in 1.35 and 1.36, a new StatefulSet loses
 * updateStrategy.rollingUpdate.maxUnavailable without an error. Why the planner refuses a StatefulSet maxUnavailable
 * below kubernetesVersion 1.37.
 */
async function expectMaxUnavailableDropped(cluster: Cluster): Promise<void> {
  const c = statefulSetMaxUnavailableCase();
  expect(workloadOf(c).spec.updateStrategy.rollingUpdate.maxUnavailable).toBe(2);
  const stored = await applyAndReadWorkload(cluster, c);
  expect(stored.spec.updateStrategy.type).toBe('RollingUpdate');
  expect(stored.spec.updateStrategy.rollingUpdate.maxUnavailable).toBeUndefined();
  expect(() => expectIntact(workloadOf(c), stored)).toThrow(/maxUnavailable/);
  expect(stored.spec.template.spec.terminationGracePeriodSeconds).toBe(c.plan.terminationGracePeriodSeconds);
}

// 1.36 (the last minor with the gate off by default) only where it is built or asked for: CI's new machines build
// 1.30 and 1.37 only (GRACEFUL_K8S_E2E_MINORS=cached), and the 1.30 server below shows the same drop.
const describeBeforeMaxUnavailable = !usingUserCluster() && selectedMinors().includes(BEFORE_MAX_UNAVAILABLE) ? describe : describe.skip;

describeBeforeMaxUnavailable(`kube-apiserver ${BEFORE_MAX_UNAVAILABLE} with its default feature gates`, () => {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster(BEFORE_MAX_UNAVAILABLE, { controllerManager: false });
  }, START_TIMEOUT_MS);
  afterAll(() => stopCluster(cluster), 120_000);

  test('a StatefulSet maxUnavailable comes back dropped, the rest of the plan stored', () => expectMaxUnavailableDropped(cluster!));
});

describeOwnServers(`kube-apiserver ${NEWEST_MINOR} with ContainerStopSignals=true`, () => {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster(NEWEST_MINOR, { featureGates: 'ContainerStopSignals=true', controllerManager: false });
  }, START_TIMEOUT_MS);
  afterAll(() => stopCluster(cluster), 120_000);

  // KEP-4960: with the gate on, lifecycle.stopSignal is stored; validation requires spec.os.name
  // (pkg/apis/core/validation/validation.go validateStopSignal), which the plan sets.
  test('lifecycle.stopSignal SIGQUIT and spec.os linux come back as planned', async () => {
    const c = stopSignalCase();
    const stored = await applyAndReadWorkload(cluster!, c);
    expectIntact(workloadOf(c), stored);
    expectPlanApplied(stored, c.plan, c.workloadKind);
    expect(stored.spec.template.spec.containers[0].lifecycle.stopSignal).toBe('SIGQUIT');
  });
});
