/*
 * Parity: the same ShutdownSpec through the cdk8s adapter on every cdk8s-plus line (graceful-k8s/cdk8s-plus-27 on
 * cdk8s-plus-27, graceful-k8s/cdk8s-plus-32, -33, -34: synthesized YAML) and through the Pulumi adapter (the
 * inputs the engine receives) gives the same value for every field the plan controls: on the Deployment, on the
 * Service in front of it, and on the PodDisruptionBudget both create by default; and on every line's
 * StatefulSet. Each line's output also validates against the Kubernetes schema here (kubernetes-models: 1.33);
 * against the API server of each line's own minor in test/e2e/apiserver (lineCases).
 */
// eslint-disable-next-line import/order -- Pulumi's mocks are set before the modules under test are imported
import { registeredResource, valueOf } from './pulumi/mocks';
import * as pulumi from '@pulumi/pulumi';
import { Chart, Duration, Testing } from 'cdk8s';
import { planShutdown, type RolloutSpec, type ShutdownSpec } from '../src/core';
import { GracefulDeployment as PulumiGracefulDeployment, GracefulStatefulSet as PulumiGracefulStatefulSet, type GracefulDeploymentArgs } from '../src/pulumi';
import { appContainerOf, TEST_LINES, type TestLine } from './helpers/cdk8s-lines';
import { planControlledFields } from './helpers/plan-controlled-fields';
import { validateAgainstSchema } from './helpers/schema';
import { PULUMI_APP_CONTAINER } from './helpers/synth';

interface ParityCase {
  readonly name: string;
  readonly shutdown: ShutdownSpec;
  /** The grace period the plan must give (an explicit number, so parity cannot pass on two equal wrong values). */
  readonly gracePeriodSeconds: number;
  /** Extra props for every line's construct (only members every line's props have). */
  readonly cdk8s?: { readonly terminationGracePeriod?: Duration };
  readonly pulumi?: Partial<GracefulDeploymentArgs>;
}

const CASES: ParityCase[] = [
  { name: 'native sleep (1.30)', shutdown: { appShutdownTimeout: 30 }, gracePeriodSeconds: 40 },
  { name: 'exec sleep (1.27, shell image)', shutdown: { appShutdownTimeout: 30, drainDelay: 10, kubernetesVersion: '1.27' }, gracePeriodSeconds: 45 },
  {
    name: 'copied static sleep (1.27, distroless image)',
    shutdown: { appShutdownTimeout: 20, drainDelay: 15, kubernetesVersion: '1.27', image: 'distroless' },
    gracePeriodSeconds: 40,
  },
  { name: 'long connections (L = 30 min)', shutdown: { appShutdownTimeout: 30, drainDelay: 10, longConnectionBudget: '30m' }, gracePeriodSeconds: 1815 },
  { name: 'pinned grace period in the spec', shutdown: { appShutdownTimeout: 30, terminationGracePeriod: '2m' }, gracePeriodSeconds: 120 },
  {
    name: 'pinned grace period on the workload',
    shutdown: { appShutdownTimeout: 30 },
    gracePeriodSeconds: 90,
    cdk8s: { terminationGracePeriod: Duration.seconds(90) },
    pulumi: { podSpec: { terminationGracePeriodSeconds: 90 } },
  },
  { name: 'app-side drain', shutdown: { appShutdownTimeout: 30, drainDelay: 8, preStop: 'app-drain' }, gracePeriodSeconds: 43 },
  { name: 'no drain (drainDelay 0)', shutdown: { appShutdownTimeout: 30, drainDelay: 0 }, gracePeriodSeconds: 35 },
  {
    name: 'Spring Boot behind Nacos (deregistration in preStop, then the drain)',
    shutdown: { appShutdownTimeout: '30s', framework: 'spring-boot', traffic: [{ kind: 'nacos', serverAddr: 'nacos.infra:8848', serviceName: 'orders', port: 8080 }] },
    gracePeriodSeconds: 75,
  },
  { name: 'nginx, graceful quit from preStop', shutdown: { appShutdownTimeout: 20, framework: 'nginx' }, gracePeriodSeconds: 30 },
  {
    name: 'nginx, lifecycle.stopSignal on 1.33',
    shutdown: { appShutdownTimeout: 20, kubernetesVersion: '1.33', framework: { kind: 'nginx', quitVia: 'stop-signal' } },
    gracePeriodSeconds: 30,
  },
  { name: 'Istio sidecar drain annotation', shutdown: { appShutdownTimeout: 30, drainDelay: 10, sidecar: 'istio' }, gracePeriodSeconds: 45 },
  { name: 'Alibaba CLB connection drain (Service annotations)', shutdown: { appShutdownTimeout: 20, traffic: ['alibaba-clb'] }, gracePeriodSeconds: 40 },
  { name: 'AWS NLB (Service annotations, 120 s lag)', shutdown: { appShutdownTimeout: 20, traffic: ['kube-proxy', 'aws-nlb'] }, gracePeriodSeconds: 145 },
  { name: 'AWS ALB (Ingress annotations only, 30 s lag)', shutdown: { appShutdownTimeout: 20, traffic: ['aws-alb'] }, gracePeriodSeconds: 55 },
  { name: 'GKE NEG (Service annotation, 30 s lag)', shutdown: { appShutdownTimeout: 20, traffic: ['gke-neg'] }, gracePeriodSeconds: 55 },
  { name: 'ingress-nginx (10 s lag)', shutdown: { appShutdownTimeout: 20, traffic: ['ingress-nginx'] }, gracePeriodSeconds: 35 },
  { name: 'Alibaba NLB with a measured lag', shutdown: { appShutdownTimeout: 20, traffic: [{ kind: 'alibaba-nlb', lag: '12s' }] }, gracePeriodSeconds: 37 },
  { name: 'php-fpm, graceful quit from preStop', shutdown: { appShutdownTimeout: 30, framework: 'php-fpm' }, gracePeriodSeconds: 40 },
  { name: 'gunicorn env', shutdown: { appShutdownTimeout: 25, framework: 'gunicorn' }, gracePeriodSeconds: 35 },
  { name: 'uvicorn env', shutdown: { appShutdownTimeout: 25, framework: 'uvicorn' }, gracePeriodSeconds: 35 },
  { name: 'Linkerd sidecar wait annotation', shutdown: { appShutdownTimeout: 30, drainDelay: 10, sidecar: 'linkerd' }, gracePeriodSeconds: 45 },
  {
    name: 'a preStop command before the drain',
    shutdown: { appShutdownTimeout: 30, preStopCommand: { script: 'curl -s -X POST localhost:8080/drain', timeout: '5s' } },
    gracePeriodSeconds: 45,
  },
  {
    name: 'custom rollout',
    shutdown: { appShutdownTimeout: 30, rollout: { maxSurge: 2, minReady: '20s', progressDeadline: '15m' } },
    gracePeriodSeconds: 40,
  },
];

// Plan warnings (drainDelay 0, ...) are logged by the component; they are tested in test/pulumi.
beforeEach(() => jest.spyOn(pulumi.log, 'warn').mockResolvedValue(undefined));
afterEach(() => jest.restoreAllMocks());

let seq = 0;
/** One line's GracefulDeployment, exposed through a Service on port 80: its Deployment, Service and PodDisruptionBudget. */
function cdk8sManifests(line: TestLine, c: ParityCase) {
  const chart = new Chart(Testing.app(), 'parity');
  // Every line takes the ShutdownSpec form at runtime (toShutdownSpec passes it through); the jsii-ready lines type ShutdownProps.
  const deployment = new line.graceful.GracefulDeployment(chart, 'app', { containers: [appContainerOf(line.kplus)], ...c.cdk8s, shutdown: c.shutdown as never });
  deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
  const manifests = Testing.synth(chart);
  const of = (kind: string) => manifests.find((m) => m.kind === kind);
  return { deployment: of('Deployment'), service: of('Service'), pdb: of('PodDisruptionBudget') };
}

/** A case's spec for a StatefulSet: without the Deployment-only rollout settings (a StatefulSet has no surge and no progress deadline). */
function statefulSetSpec(shutdown: ShutdownSpec): ShutdownSpec {
  if (shutdown.rollout === undefined) return shutdown;
  const { maxSurge: _surge, progressDeadline: _deadline, ...rollout }: RolloutSpec = shutdown.rollout;
  return { ...shutdown, rollout };
}

/**
 * A StatefulSet manifest with the API server's defaults filled in, as `SetDefaults_StatefulSet`
 * (kubernetes `pkg/apis/apps/v1/defaults.go`) stores it: `podManagementPolicy: OrderedReady` and a RollingUpdate
 * `updateStrategy` with `partition: 0` when unset. cdk8s-plus writes those defaults out, the Pulumi component leaves
 * them unset; both mean the same object.
 */
function withStatefulSetDefaults(manifest: any): any {
  const spec = manifest.spec;
  const updateStrategy = spec.updateStrategy ?? { type: 'RollingUpdate' };
  const rolling = updateStrategy.type === 'RollingUpdate' ? { rollingUpdate: { partition: 0, ...updateStrategy.rollingUpdate } } : {};
  return { ...manifest, spec: { ...spec, podManagementPolicy: spec.podManagementPolicy ?? 'OrderedReady', updateStrategy: { ...updateStrategy, ...rolling } } };
}

/**
 * One line's GracefulStatefulSet of 3 replicas, exposed through a Service on port 80: its StatefulSet, that Service
 * (not the governing headless one) and its PodDisruptionBudget.
 */
function cdk8sStatefulSetManifests(line: TestLine, c: ParityCase) {
  const chart = new Chart(Testing.app(), 'parity');
  const statefulSet = new line.graceful.GracefulStatefulSet(chart, 'db', {
    containers: [appContainerOf(line.kplus)], replicas: 3, ...c.cdk8s, shutdown: statefulSetSpec(c.shutdown) as never,
  });
  statefulSet.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
  const manifests = Testing.synth(chart);
  const of = (kind: string) => manifests.find((m) => m.kind === kind);
  const service = manifests.find((m) => m.kind === 'Service' && m.spec.clusterIP !== 'None');
  return { deployment: withStatefulSetDefaults(of('StatefulSet')), service, pdb: of('PodDisruptionBudget') };
}

/** The Pulumi GracefulStatefulSet of 3 replicas with a Service on port 80: the inputs of its StatefulSet, Service and PodDisruptionBudget. */
async function pulumiStatefulSetManifests(c: ParityCase) {
  const name = `parity-sts-${++seq}`;
  const component = new PulumiGracefulStatefulSet(name, {
    containers: [PULUMI_APP_CONTAINER],
    replicas: 3,
    service: { ports: [{ port: 80, targetPort: 8080 }] },
    ...c.pulumi,
    shutdown: statefulSetSpec(c.shutdown),
  });
  await Promise.all([component.statefulSet, component.service!, component.podDisruptionBudget!].map((r) => valueOf(r.urn)));
  const of = (type: string) => registeredResource(`kubernetes:${type}`, name).inputs;
  return { deployment: withStatefulSetDefaults(of('apps/v1:StatefulSet')), service: of('core/v1:Service'), pdb: of('policy/v1:PodDisruptionBudget') };
}

/** The Pulumi GracefulDeployment with a Service on port 80: the inputs of its Deployment, Service and PodDisruptionBudget. */
async function pulumiManifests(c: ParityCase) {
  const name = `parity-${++seq}`;
  const component = new PulumiGracefulDeployment(name, {
    containers: [PULUMI_APP_CONTAINER],
    service: { ports: [{ port: 80, targetPort: 8080 }] },
    ...c.pulumi,
    shutdown: c.shutdown,
  });
  await Promise.all([component.deployment, component.service!, component.podDisruptionBudget!].map((r) => valueOf(r.urn)));
  const of = (type: string) => registeredResource(`kubernetes:${type}`, name).inputs;
  return { deployment: of('apps/v1:Deployment'), service: of('core/v1:Service'), pdb: of('policy/v1:PodDisruptionBudget') };
}

describe.each(CASES)('$name', (c) => {
  test('the YAML of every cdk8s-plus line and the Pulumi inputs agree on every field the plan controls (Deployment, Service, PodDisruptionBudget)', async () => {
    const plan = planShutdown(c.shutdown);
    const envNames = plan.env.map((e) => e.name);
    const fromPulumi = planControlledFields(await pulumiManifests(c), envNames);
    for (const line of TEST_LINES) {
      expect({ line: line.name, fields: planControlledFields(cdk8sManifests(line, c), envNames) }).toEqual({ line: line.name, fields: fromPulumi });
    }
    // ... and all render this plan, not equal wrong values.
    expect(fromPulumi.terminationGracePeriodSeconds).toBe(c.gracePeriodSeconds);
    expect(fromPulumi.containers).toHaveLength(1);
    expect(fromPulumi.containers[0].lifecycle?.preStop).toEqual(plan.preStop);
    expect(fromPulumi.containers[0].lifecycle?.stopSignal).toBe(plan.stopSignal);
    expect(fromPulumi.podAnnotations ?? {}).toEqual(plan.podAnnotations);
    expect(fromPulumi.serviceAnnotations ?? {}).toEqual(plan.serviceAnnotations);
    expect(fromPulumi.podDisruptionBudgetMaxUnavailable).toBe(plan.podDisruptionBudget.maxUnavailable);
    expect(fromPulumi.containers[0].env).toEqual(plan.env);
    expect(fromPulumi.initContainers ?? []).toEqual(plan.initContainers);
    expect(fromPulumi.volumes ?? []).toEqual(plan.volumes);
    expect(fromPulumi.minReadySeconds).toBe(plan.rollout.minReadySeconds);
    expect(fromPulumi.progressDeadlineSeconds).toBe(plan.rollout.progressDeadlineSeconds);
    expect(fromPulumi.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: plan.rollout.maxSurge, maxUnavailable: plan.rollout.maxUnavailable },
    });
  });

  test('every line\'s StatefulSet YAML and the Pulumi GracefulStatefulSet inputs agree on every plan-controlled field, and they are the plan', async () => {
    const plan = planShutdown(statefulSetSpec(c.shutdown), { workloadKind: 'StatefulSet' });
    const envNames = plan.env.map((e) => e.name);
    const fromPulumi = planControlledFields(await pulumiStatefulSetManifests(c), envNames);
    for (const line of TEST_LINES) {
      const fields = planControlledFields(cdk8sStatefulSetManifests(line, c), envNames);
      expect({ line: line.name, fields }).toEqual({ line: line.name, fields: fromPulumi });
    }
    expect(fromPulumi.terminationGracePeriodSeconds).toBe(c.gracePeriodSeconds);
    expect(fromPulumi.containers[0].lifecycle?.preStop).toEqual(plan.preStop);
    expect(fromPulumi.containers[0].lifecycle?.stopSignal).toBe(plan.stopSignal);
    expect(fromPulumi.containers[0].env).toEqual(plan.env);
    expect(fromPulumi.podAnnotations ?? {}).toEqual(plan.podAnnotations);
    expect(fromPulumi.serviceAnnotations ?? {}).toEqual(plan.serviceAnnotations);
    expect(fromPulumi.initContainers ?? []).toEqual(plan.initContainers);
    expect(fromPulumi.volumes ?? []).toEqual(plan.volumes);
    expect(fromPulumi.minReadySeconds).toBe(plan.rollout.minReadySeconds);
    expect(fromPulumi.podDisruptionBudgetMaxUnavailable).toBe(plan.podDisruptionBudget.maxUnavailable);
    // No Deployment-only field; the StatefulSet's rollout settings are the plan's (here: Kubernetes' defaults).
    expect(fromPulumi.strategy).toBeUndefined();
    expect(fromPulumi.progressDeadlineSeconds).toBeUndefined();
    expect(fromPulumi.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: plan.rollout.statefulSet?.partition ?? 0 } });
    expect(fromPulumi.podManagementPolicy).toBe(plan.rollout.statefulSet?.podManagementPolicy ?? 'OrderedReady');
  });

  test('every line\'s and Pulumi\'s Deployments, StatefulSets, Services and PodDisruptionBudgets are valid against the 1.33 schema', async () => {
    const { deployment, service, pdb } = await pulumiManifests(c);
    [deployment, service, pdb].forEach(validateAgainstSchema);
    const pulumiStatefulSet = await pulumiStatefulSetManifests(c);
    [pulumiStatefulSet.deployment, pulumiStatefulSet.service, pulumiStatefulSet.pdb].forEach(validateAgainstSchema);
    for (const line of TEST_LINES) {
      for (const manifests of [cdk8sManifests(line, c), cdk8sStatefulSetManifests(line, c)]) {
        for (const manifest of [manifests.deployment, manifests.service, manifests.pdb]) {
          expect(() => validateAgainstSchema(manifest)).not.toThrow();
        }
      }
    }
    // The validator does check the plan's fields: the same object with a string grace period is refused.
    const broken = structuredClone(deployment);
    broken.spec.template.spec.terminationGracePeriodSeconds = String(c.gracePeriodSeconds);
    expect(() => validateAgainstSchema(broken)).toThrow(/terminationGracePeriodSeconds/);
  });
});

/*
 * Omitted fields (issue 23, items 3 and 12): a workload that names no replicas and no strategy gets the core's one
 * default in every adapter (defaultReplicas: 2 for a Deployment, 1 for a StatefulSet), the same PodDisruptionBudget
 * decision (wantsDisruptionBudget) and the plan's rollout settings.
 */
describe.each(['Deployment', 'StatefulSet'] as const)('a %s without replicas or strategy', (kind) => {
  const shutdown: ShutdownSpec = { appShutdownTimeout: 30 };

  test('renders the same replicas, PodDisruptionBudget and rollout settings through every line and Pulumi', async () => {
    const plan = planShutdown(shutdown, { workloadKind: kind });
    const envNames = plan.env.map((e) => e.name);
    const name = `parity-omitted-${++seq}`;
    const args = { containers: [PULUMI_APP_CONTAINER], shutdown };
    const component = kind === 'Deployment' ? new PulumiGracefulDeployment(name, args) : new PulumiGracefulStatefulSet(name, args);
    const workload = kind === 'Deployment' ? (component as PulumiGracefulDeployment).deployment : (component as PulumiGracefulStatefulSet).statefulSet;
    await Promise.all([workload, component.podDisruptionBudget].filter((r) => r !== undefined).map((r) => valueOf(r!.urn)));
    const inputs = registeredResource(`kubernetes:apps/v1:${kind}`, name).inputs;
    const pdb = component.podDisruptionBudget ? registeredResource('kubernetes:policy/v1:PodDisruptionBudget', name).inputs : undefined;
    const fromPulumi = planControlledFields({ deployment: kind === 'StatefulSet' ? withStatefulSetDefaults(inputs) : inputs, pdb }, envNames);
    expect(fromPulumi.replicas).toBe(kind === 'Deployment' ? 2 : 1);
    expect(fromPulumi.podDisruptionBudgetMaxUnavailable).toBe(kind === 'Deployment' ? plan.podDisruptionBudget.maxUnavailable : undefined);
    for (const line of TEST_LINES) {
      const chart = new Chart(Testing.app(), 'parity');
      if (kind === 'Deployment') new line.graceful.GracefulDeployment(chart, 'app', { containers: [appContainerOf(line.kplus)], shutdown: shutdown as never });
      else new line.graceful.GracefulStatefulSet(chart, 'app', { containers: [appContainerOf(line.kplus)], shutdown: shutdown as never });
      const manifests = Testing.synth(chart);
      const manifest = manifests.find((m) => m.kind === kind);
      const fields = planControlledFields({
        deployment: kind === 'StatefulSet' ? withStatefulSetDefaults(manifest) : manifest,
        pdb: manifests.find((m) => m.kind === 'PodDisruptionBudget'),
      }, envNames);
      expect({ line: line.name, fields }).toEqual({ line: line.name, fields: fromPulumi });
    }
  });
});
