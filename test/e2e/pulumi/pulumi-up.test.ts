/**
 * The Pulumi adapter on a real engine: `pulumi up` (the CLI and the Kubernetes provider built from the
 * Go module proxy by scripts/pulumi-engine.sh, Automation API inline programs) of a program with
 * `GracefulDeployment`s, `applyPlanToWorkloadArgs` and `GracefulStatefulSet`s, and of examples/pulumi, against a
 * real API server. The stored Deployments, read back with kubectl, equal the cdk8s adapter's YAML on every field
 * the plan controls, and the stored StatefulSets carry their StatefulSet plan (parity on the engine, not on
 * mocks: the provider's server-side apply and normalisation are in the path); a second `pulumi preview` shows no changes (no perpetual diff); `pulumi destroy`
 * leaves nothing.
 *
 * The provider's await is skipped (annotation `pulumi.com/skipAwait: "true"` on the test's objects,
 * ./skip-await.ts): the control plane has no nodes, so no Deployment ever becomes ready.
 *
 * Needs: the cluster in KUBECONFIG, or else starts a 1.30 control plane with scripts/control-plane.sh;
 * builds the engine on first use. Prints one line: `e2e: pulumi up ...`.
 */
import type { Stack } from '@pulumi/pulumi/automation';
import { PulumiEngine } from './engine';
import { EXAMPLE_NAMESPACE, exampleProgram } from './example-program';
import { ADOPTED, cdk8sAdoptedManifest, cdk8sCaseManifests, ENGINE_CASES, ENGINE_NAMESPACE, engineProgram, STATEFUL_CASES } from './parity-program';
import { withoutSkipAwait } from './skip-await';
import { planShutdown, type ShutdownPlan } from '../../../src/core';
import { planControlledFields } from '../../helpers/plan-controlled-fields';
import { kubectl, OLDEST_MINOR, readBack, startCluster, stopCluster, userCluster, usingUserCluster, type Cluster } from '../apiserver/cluster';
import { expectCompanionsPlanned, expectIntact, expectPlanApplied } from '../apiserver/read-back';

/** Cold builds of the control plane and the engine take many minutes on two cores; warm starts seconds. */
const START_TIMEOUT_MS = 120 * 60_000;

let cluster: Cluster | undefined;
let engine: PulumiEngine | undefined;
/** What the summary line reports, filled by the tests. */
const summary = { stored: 0, parity: 0, statefulSets: 0, unchanged: [] as string[], destroyed: [] as string[] };

beforeAll(async () => {
  cluster = usingUserCluster() ? userCluster() : await startCluster(OLDEST_MINOR);
  engine = await PulumiEngine.start(cluster.kubeconfig);
}, START_TIMEOUT_MS);

afterAll(async () => {
  if (cluster) {
    process.stdout.write(
      `e2e: pulumi up against kube-apiserver ${cluster.version}: ${summary.stored} objects stored, ` +
        `${summary.parity} workloads equal to the cdk8s YAML on every plan-controlled field, ` +
        `${summary.statefulSets} StatefulSets carrying their StatefulSet plan, ` +
        `second preview unchanged: ${summary.unchanged.join(', ') || 'none'}, destroy left nothing: ${summary.destroyed.join(', ') || 'none'} ` +
        '(provider await skipped: no nodes)\n',
    );
  }
  engine?.dispose();
  await stopCluster(cluster);
});

/** Every object of the suite's kinds in `namespace` (none once the namespace is gone). */
async function objectsIn(namespace: string): Promise<any[]> {
  const { stdout } = await kubectl(cluster!.kubeconfig, ['get', 'deployments,statefulsets,services,poddisruptionbudgets', '-A', '-o', 'json']);
  return JSON.parse(stdout).items.filter((item: any) => item.metadata.namespace === namespace);
}

async function namespaceExists(namespace: string): Promise<boolean> {
  const { stdout } = await kubectl(cluster!.kubeconfig, ['get', 'namespaces', '-o', 'json']);
  return JSON.parse(stdout).items.some((item: any) => item.metadata.name === namespace);
}

/** The stored object of `kind` whose (or whose pod template's) `labelKey` label is `value` (auto-named objects). */
function byLabel(stored: Map<string, any>, kind: string, labelKey: string, value: string): any {
  const found = [...stored.values()].filter(
    (o) => o.kind === kind && (o.metadata.labels?.[labelKey] ?? o.spec?.template?.metadata?.labels?.[labelKey]) === value,
  );
  expect(found).toHaveLength(1);
  return found[0];
}

/**
 * Asserts that a stored Deployment of one app container holds every field the plan sets, with the
 * plan's value (the server may add defaults, e.g. `fieldRef.apiVersion: v1`, never change a value).
 */
function expectPlanStored(deployment: any, plan: ShutdownPlan): void {
  const nonEmpty = <T>(list: readonly T[]) => (list.length > 0 ? list : undefined);
  // Through JSON: a field the plan leaves unset is left out (toMatchObject would demand it be absent).
  const planned = JSON.parse(JSON.stringify({
    minReadySeconds: plan.rollout.minReadySeconds,
    progressDeadlineSeconds: plan.rollout.progressDeadlineSeconds,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: plan.rollout.maxSurge, maxUnavailable: plan.rollout.maxUnavailable } },
    template: {
      metadata: { annotations: nonEmpty(Object.keys(plan.podAnnotations)) && plan.podAnnotations },
      spec: {
        terminationGracePeriodSeconds: plan.terminationGracePeriodSeconds,
        initContainers: nonEmpty(plan.initContainers),
        volumes: nonEmpty(plan.volumes),
        containers: [{ lifecycle: { preStop: plan.preStop }, env: plan.env, volumeMounts: nonEmpty(plan.volumeMounts) }],
      },
    },
  }));
  expectIntact(planned, deployment.spec);
  expect(deployment.spec.template.metadata.annotations).toEqual(nonEmpty(Object.keys(plan.podAnnotations)) && plan.podAnnotations);
}

/** Stored objects but the ReplicaSets (the Deployment controller's, not the program's). */
function createdByPulumi(stored: Map<string, any>): number {
  return [...stored.values()].filter((o) => o.kind !== 'ReplicaSet').length;
}

/** A copy of a stored object without the test's own skipAwait annotation. */
function withoutTestAnnotations(object: any): any {
  return object && { ...object, metadata: { ...object.metadata, annotations: withoutSkipAwait(object.metadata.annotations) } };
}

/** Runs a second preview and returns its change summary without the unchanged count. */
async function changesOfSecondPreview(stack: Stack): Promise<Record<string, number>> {
  const { changeSummary } = await stack.preview();
  return Object.fromEntries(Object.entries(changeSummary).filter(([op, count]) => op !== 'same' && count > 0));
}

describe('a program with GracefulDeployments, applyPlanToWorkloadArgs and GracefulStatefulSets', () => {
  let stack: Stack;
  let stored: Map<string, any>;
  let destroyed = false;

  beforeAll(async () => {
    stack = await engine!.stack('graceful-k8s-engine', 'e2e', async () => engineProgram());
    const up = await stack.up();
    expect(up.summary.result).toBe('succeeded');
    stored = await readBack(cluster!, ENGINE_NAMESPACE);
  }, 30 * 60_000);

  afterAll(async () => {
    if (stack && !destroyed) await stack.destroy();
  }, 30 * 60_000);

  test('pulumi up stores every Deployment, StatefulSet, Service and PodDisruptionBudget', () => {
    const count = (kind: string) => [...stored.values()].filter((o) => o.kind === kind).length;
    expect(count('Deployment')).toBe(ENGINE_CASES.length + 1);
    expect(count('StatefulSet')).toBe(STATEFUL_CASES.length);
    expect(count('Service')).toBe(ENGINE_CASES.length + STATEFUL_CASES.length);
    expect(count('PodDisruptionBudget')).toBe(ENGINE_CASES.length + STATEFUL_CASES.length);
    summary.stored += createdByPulumi(stored);
  });

  test.each(ENGINE_CASES.map((c) => [c.name, c] as const))(
    '%s: the stored Deployment, Service and PodDisruptionBudget equal the cdk8s YAML on every field the plan controls',
    (name, c) => {
      const plan = planShutdown(c.shutdown);
      const envNames = plan.env.map((e) => e.name);
      const fromServer = planControlledFields(
        {
          deployment: stored.get(`Deployment/${name}`),
          service: withoutTestAnnotations(stored.get(`Service/${name}`)),
          pdb: byLabel(stored, 'PodDisruptionBudget', 'app.kubernetes.io/name', name),
        },
        envNames,
      );
      const fromCdk8s = planControlledFields(cdk8sCaseManifests(c), envNames);

      // Every field the YAML sets is stored with the same value (the server adds defaults only).
      expectIntact(fromCdk8s, fromServer);
      // ... and both render this plan, not two equal wrong values.
      expect(fromServer.terminationGracePeriodSeconds).toBe(c.gracePeriodSeconds);
      expect(fromServer.containers[0].lifecycle?.preStop).toEqual(plan.preStop);
      summary.parity++;
    },
  );

  test('adopted: the raw Deployment with applyPlanToWorkloadArgs equals the cdk8s YAML (applyPlanToWorkload) on every field the plan controls', () => {
    const plan = planShutdown(ADOPTED.shutdown);
    const envNames = plan.env.map((e) => e.name);
    const fromServer = planControlledFields({ deployment: stored.get(`Deployment/${ADOPTED.name}`) }, envNames);
    expectIntact(planControlledFields({ deployment: cdk8sAdoptedManifest() }, envNames), fromServer);
    expect(fromServer.terminationGracePeriodSeconds).toBe(ADOPTED.gracePeriodSeconds);
    expect(fromServer.containers[0].lifecycle?.preStop).toEqual(plan.preStop);
    summary.parity++;
  });

  test.each(STATEFUL_CASES.map((c) => [c.name, c] as const))(
    '%s: the stored StatefulSet carries the StatefulSet plan, names its headless Service, and has its PodDisruptionBudget',
    (name, c) => {
      const plan = planShutdown(c.shutdown, { workloadKind: 'StatefulSet' });
      const statefulSet = stored.get(`StatefulSet/${name}`);
      expectPlanApplied(statefulSet, plan, 'StatefulSet');
      expect(statefulSet.spec.template.spec.terminationGracePeriodSeconds).toBe(c.gracePeriodSeconds);
      expect(statefulSet.spec.replicas).toBe(c.replicas);
      expect(statefulSet.spec.serviceName).toBe(`${name}-peers`);
      expect(stored.get(`Service/${name}-peers`).spec.clusterIP).toBe('None');
      expectCompanionsPlanned([byLabel(stored, 'PodDisruptionBudget', 'app.kubernetes.io/name', name)], plan);
      summary.statefulSets++;
    },
  );

  test('a second pulumi preview shows no changes', async () => {
    expect(await changesOfSecondPreview(stack)).toEqual({});
    summary.unchanged.push('program');
  }, 30 * 60_000);

  test('pulumi destroy leaves no object and no namespace', async () => {
    await stack.destroy();
    destroyed = true;
    expect(await objectsIn(ENGINE_NAMESPACE)).toEqual([]);
    expect(await namespaceExists(ENGINE_NAMESPACE)).toBe(false);
    summary.destroyed.push('program');
  }, 30 * 60_000);
});

describe('examples/pulumi', () => {
  let stack: Stack;
  let stored: Map<string, any>;
  let outputs: Record<string, unknown>;
  let destroyed = false;

  beforeAll(async () => {
    stack = await engine!.stack('graceful-k8s-pulumi-example', 'e2e', exampleProgram());
    const up = await stack.up();
    expect(up.summary.result).toBe('succeeded');
    outputs = Object.fromEntries(Object.entries(up.outputs).map(([key, output]) => [key, output.value]));
    stored = await readBack(cluster!, EXAMPLE_NAMESPACE);
  }, 30 * 60_000);

  afterAll(async () => {
    if (stack && !destroyed) await stack.destroy();
  }, 30 * 60_000);

  test('checkout (GracefulDeployment): the stored Deployment, Service and PodDisruptionBudget carry the plan', () => {
    // The example's spec for checkout (examples/pulumi/index.ts).
    const plan = planShutdown({ appShutdownTimeout: '30s', drainDelay: '10s' });
    const deployment = byLabel(stored, 'Deployment', 'app.kubernetes.io/name', 'checkout');
    expectPlanStored(deployment, plan);
    expectCompanionsPlanned(
      [withoutTestAnnotations(byLabel(stored, 'Service', 'app.kubernetes.io/name', 'checkout')), byLabel(stored, 'PodDisruptionBudget', 'app.kubernetes.io/name', 'checkout')],
      plan,
    );
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(outputs.checkoutTerminationGracePeriodSeconds);
    summary.stored += createdByPulumi(stored);
  });

  test('chat (applyPlanToWorkloadArgs, 1.27, distroless): the stored Deployment carries the plan', () => {
    const plan = planShutdown({ appShutdownTimeout: '10s', longConnectionBudget: '30m', kubernetesVersion: '1.27', image: 'distroless' });
    const deployment = byLabel(stored, 'Deployment', 'app', 'chat');
    expectPlanStored(deployment, plan);
    // The copied sleep of a distroless image: its init container and volume are stored.
    expect(deployment.spec.template.spec.initContainers).toHaveLength(1);
    expect(deployment.spec.template.spec.volumes).toHaveLength(plan.volumes.length);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(outputs.chatTerminationGracePeriodSeconds);
  });

  test('a second pulumi preview shows no changes', async () => {
    expect(await changesOfSecondPreview(stack)).toEqual({});
    summary.unchanged.push('examples/pulumi');
  }, 30 * 60_000);

  test('pulumi destroy leaves no object and no namespace', async () => {
    await stack.destroy();
    destroyed = true;
    expect(await objectsIn(EXAMPLE_NAMESPACE)).toEqual([]);
    expect(await namespaceExists(EXAMPLE_NAMESPACE)).toBe(false);
    summary.destroyed.push('examples/pulumi');
  }, 30 * 60_000);
});
