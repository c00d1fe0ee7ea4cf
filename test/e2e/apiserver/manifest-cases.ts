/**
 * What the end-to-end suites send to API servers: every example (synthesized by the cdk8s adapter,
 * exactly as `npm run synth` does) and a generated matrix of specs covering every preStop mechanism,
 * traffic source, framework and sidecar preset, pinned grace periods, the copied sleep's init
 * container and volume, PodDisruptionBudgets, Service and Ingress annotations, a StatefulSet
 * adopted through applyPlanToWorkload, and StatefulSet plans with their updateStrategy fields.
 */
import { App, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Cdk8sPlus34ChatChart } from '../../../examples/cdk8s-plus-34-chat';
import { buildExamples } from '../../../examples/synth';
import { applyPlanToWorkload, GracefulDeployment } from '../../../src/cdk8s-plus-27';
import {
  applyPlanToWorkloadSpec,
  parseKubernetesVersion,
  planShutdown,
  type ShutdownPlan,
  type ShutdownSpec,
  type TrafficKind,
  type WorkloadKind,
} from '../../../src/core';
import { appContainerOf, TEST_LINES } from '../../helpers/cdk8s-lines';
import { APP_CONTAINER } from '../../helpers/synth';

/** One workload with its plan and every object synthesized with it. */
export interface ManifestCase {
  /** Names the case in test titles. */
  readonly title: string;
  /** The plan's kubernetesVersion minor: the oldest API server the manifests are meant for. */
  readonly minMinor: number;
  readonly plan: ShutdownPlan;
  readonly workloadKind: WorkloadKind;
  /** Every object of the case (workload, PodDisruptionBudget, Service, Ingress), as synthesized. */
  readonly manifests: readonly any[];
}

/** The examples of examples/, one case each. */
export function exampleCases(): ManifestCase[] {
  const app = new App({ outdir: Testing.app().outdir });
  return buildExamples(app).map((chart) => caseOf(`example ${chart.node.id}`, chart, chart.deployment.plan, 'Deployment'));
}

const TRAFFIC_KINDS: readonly TrafficKind[] = ['kube-proxy', 'ingress-nginx', 'aws-alb', 'aws-nlb', 'gke-neg', 'alibaba-clb', 'alibaba-nlb'];

/**
 * The generated matrix. Each entry is a Deployment (with its PodDisruptionBudget, and a Service and
 * an Ingress carrying the plan's annotations) unless it says StatefulSet.
 */
export function matrixCases(): ManifestCase[] {
  const specs: Array<[string, ShutdownSpec, DeploymentOptions?]> = [
    // Every preStop mechanism.
    ['preStop native-sleep', { appShutdownTimeout: '20s', preStop: 'native-sleep' }],
    ['preStop exec-sleep', { appShutdownTimeout: '20s', preStop: 'exec-sleep' }],
    ['preStop copied-sleep', { appShutdownTimeout: '20s', preStop: 'copied-sleep' }],
    ['preStop app-drain', { appShutdownTimeout: '20s', preStop: 'app-drain' }],
    ['preStop auto on 1.27 shell', { appShutdownTimeout: '20s', kubernetesVersion: '1.27' }],
    ['preStop auto on 1.27 distroless', { appShutdownTimeout: '20s', kubernetesVersion: '1.27', image: 'distroless' }],
    ['preStop auto on 1.33 distroless', { appShutdownTimeout: '20s', kubernetesVersion: '1.33', image: 'distroless' }],
    ['preStop exec-shell with a preStopCommand', { appShutdownTimeout: '20s', preStopCommand: { script: 'echo draining > /tmp/draining', timeout: '3s' } }],
    // Every traffic source (Service and Ingress get its annotations).
    ...TRAFFIC_KINDS.map((kind): [string, ShutdownSpec] => [`traffic ${kind}`, { appShutdownTimeout: '25s', traffic: [kind] }]),
    ['traffic nacos', {
      appShutdownTimeout: '25s',
      traffic: [{ kind: 'nacos', serverAddr: 'nacos.infra:8848', serviceName: 'orders', port: 8080, namespaceId: 'production' }],
    }],
    ['traffic kube-proxy + aws-alb + aws-nlb with set lags', {
      appShutdownTimeout: '25s',
      traffic: [{ kind: 'kube-proxy', lag: '3s' }, { kind: 'aws-alb', lag: '45s' }, { kind: 'aws-nlb', lag: '2m' }],
    }],
    // Every framework preset, and each way nginx and php-fpm get their graceful quit.
    ...(['spring-boot', 'nginx', 'php-fpm', 'gunicorn', 'uvicorn', 'nodejs', 'go'] as const).map((kind): [string, ShutdownSpec] => [
      `framework ${kind}`,
      { appShutdownTimeout: '30s', framework: kind },
    ]),
    ['framework nginx quitVia image', { appShutdownTimeout: '30s', framework: { kind: 'nginx', quitVia: 'image' } }],
    ['framework php-fpm quitVia image', { appShutdownTimeout: '30s', framework: { kind: 'php-fpm', quitVia: 'image' } }],
    ['framework spring-boot with long connections', { appShutdownTimeout: '30s', longConnectionBudget: '10m', framework: 'spring-boot' }],
    // Every sidecar preset, with and without long connections.
    ['sidecar istio', { appShutdownTimeout: '30s', sidecar: 'istio' }],
    ['sidecar istio with long connections behind an ALB', { appShutdownTimeout: '30s', longConnectionBudget: '10m', sidecar: 'istio', traffic: ['aws-alb'] }],
    ['sidecar linkerd', { appShutdownTimeout: '30s', sidecar: 'linkerd' }],
    ['sidecar linkerd without margin', { appShutdownTimeout: '30s', safetyMargin: 0, sidecar: 'linkerd' }],
    ['sidecar istio native', { appShutdownTimeout: '30s', sidecar: { kind: 'istio', native: true } }],
    ['sidecar linkerd native with a stop timeout', { appShutdownTimeout: '30s', sidecar: { kind: 'linkerd', native: true, stopTimeout: '10s' } }],
    // Pinned grace periods, long budgets, rollout settings.
    ['pinned grace period above the plan', { appShutdownTimeout: '20s', terminationGracePeriod: '5m' }],
    ['pinned grace period on the Deployment', { appShutdownTimeout: '20s' }, { terminationGracePeriod: 120 }],
    ['long-connection budget of 2 hours', { appShutdownTimeout: '10s', longConnectionBudget: '2h' }],
    ['rollout maxSurge 100% maxUnavailable 1', { appShutdownTimeout: '20s', rollout: { maxSurge: '100%', maxUnavailable: 1 } }],
    ['rollout minReady and progressDeadline set', { appShutdownTimeout: '20s', rollout: { minReady: '12s', progressDeadline: '15m' } }],
    ['single replica (no PodDisruptionBudget)', { appShutdownTimeout: '20s' }, { replicas: 1 }],
  ];
  const cases = specs.map(([title, spec, options], i) => deploymentCase(`m${i}`, title, spec, options ?? {}));
  cases.push(statefulSetCase('m-sts', 'StatefulSet via applyPlanToWorkload', { appShutdownTimeout: '20s', traffic: ['kube-proxy'] }));
  cases.push(statefulSetCase('m-sts-copied', 'StatefulSet via applyPlanToWorkload, copied sleep', {
    appShutdownTimeout: '20s', kubernetesVersion: '1.27', image: 'distroless',
  }));
  cases.push(statefulSetPlanCase('m-sts-partition', 'StatefulSet plan: partition 1, Parallel, minReady 5s', {
    appShutdownTimeout: '20s', replicas: 3, rollout: { partition: 1, podManagementPolicy: 'Parallel', minReady: '5s' },
  }));
  // Sent to 1.37 only (its kubernetesVersion): the MaxUnavailableStatefulSet gate is on by default there, so the field is stored.
  cases.push(statefulSetMaxUnavailableCase());
  return cases;
}

/**
 * The one case that needs the ContainerStopSignals gate: nginx told to quit by `lifecycle.stopSignal`.
 * Only the feature-gate suite sends it (kept out of the matrix: a server with the gate off, the
 * default through 1.37, drops the field).
 */
export function stopSignalCase(): ManifestCase {
  return deploymentCase('stop-signal', 'framework nginx quitVia stop-signal', {
    appShutdownTimeout: '30s', kubernetesVersion: '1.33', framework: { kind: 'nginx', quitVia: 'stop-signal' },
  }, {});
}

/** A Deployment with the native preStop sleep and nothing else in its lifecycle (the default plan on 1.30). */
export function nativeSleepCase(): ManifestCase {
  return deploymentCase('native-sleep', 'preStop native-sleep (default plan)', { appShutdownTimeout: '20s' }, {});
}

/** The default plan for a cluster whose oldest API server or kubelet is 1.29 (before the native sleep's beta). */
export function olderClusterCase(): ManifestCase {
  return deploymentCase('k129', 'default plan for kubernetesVersion 1.29', { appShutdownTimeout: '20s', kubernetesVersion: '1.29' }, {});
}

interface DeploymentOptions {
  readonly replicas?: number;
  /** A grace period pinned on the Deployment, in seconds. */
  readonly terminationGracePeriod?: number;
}

function deploymentCase(id: string, title: string, shutdown: ShutdownSpec, options: DeploymentOptions): ManifestCase {
  const chart = new Chart(Testing.app(), id);
  const deployment = new GracefulDeployment(chart, 'app', {
    containers: [APP_CONTAINER],
    replicas: options.replicas ?? 3,
    ...(options.terminationGracePeriod !== undefined ? { terminationGracePeriod: Duration.seconds(options.terminationGracePeriod) } : {}),
    shutdown,
  });
  deployment.exposeViaIngress('/'); // the Service type the plan asks for (LoadBalancer for NLB and CLB annotations)
  return caseOf(title, chart, deployment.plan, 'Deployment');
}

function statefulSetCase(id: string, title: string, shutdown: ShutdownSpec): ManifestCase {
  const chart = new Chart(Testing.app(), id);
  const statefulSet = new kplus.StatefulSet(chart, 'db', { containers: [APP_CONTAINER], replicas: 2 });
  const { plan } = applyPlanToWorkload(statefulSet, shutdown);
  return caseOf(title, chart, plan, 'StatefulSet');
}

/**
 * A StatefulSet plan with maxUnavailable 2, legal from kubernetesVersion 1.37 (MAX_UNAVAILABLE_STATEFULSET_MINOR):
 * the matrix sends it to 1.37, the feature-gate suite to 1.36, which drops the field.
 */
export function statefulSetMaxUnavailableCase(): ManifestCase {
  return statefulSetPlanCase('m-sts-max-unavailable', 'StatefulSet plan: maxUnavailable 2 on 1.37', {
    appShutdownTimeout: '20s', kubernetesVersion: '1.37', replicas: 4, rollout: { maxUnavailable: 2 },
  });
}

/**
 * A StatefulSet planned for a StatefulSet: cdk8s-plus' StatefulSet (with its headless Service) rendered by the
 * core's `applyPlanToWorkloadSpec` with a StatefulSet plan (partition, podManagementPolicy, maxUnavailable), so the
 * server meets the core's updateStrategy over cdk8s-plus' own; GracefulStatefulSet renders the same way (lineCases).
 */
function statefulSetPlanCase(id: string, title: string, shutdown: ShutdownSpec): ManifestCase {
  const chart = new Chart(Testing.app(), id);
  new kplus.StatefulSet(chart, 'db', { containers: [APP_CONTAINER], replicas: shutdown.replicas });
  const plan = planShutdown(shutdown, { workloadKind: 'StatefulSet' });
  const manifests = Testing.synth(chart).map((m) => (m.kind === 'StatefulSet' ? { ...m, spec: applyPlanToWorkloadSpec(m.spec, plan) } : m));
  return { title, minMinor: parseKubernetesVersion('kubernetesVersion', plan.kubernetesVersion).minor, plan, workloadKind: 'StatefulSet', manifests };
}

function caseOf(title: string, chart: Chart, plan: ShutdownPlan, workloadKind: WorkloadKind, lineMinor = 0): ManifestCase {
  return {
    title,
    minMinor: Math.max(parseKubernetesVersion('kubernetesVersion', plan.kubernetesVersion).minor, lineMinor),
    plan,
    workloadKind,
    manifests: Testing.synth(chart),
  };
}

/**
 * The output of the maintained cdk8s-plus lines (graceful-k8s/cdk8s-plus-32, -33, -34), each sent to the API servers
 * of its own Kubernetes minor and newer: per line a GracefulDeployment (exposed through an Ingress) and a
 * GracefulStatefulSet (partition 1, Parallel, exposed through a Service) for a few specs (native sleep, copied sleep,
 * an Ingress annotation source with minReadySeconds, a pinned grace period), and on cdk8s-plus-34 the example of
 * examples/cdk8s-plus-34-chat.ts (one case per workload).
 */
export function lineCases(): ManifestCase[] {
  const specs: Array<[string, ShutdownSpec]> = [
    ['default plan', { appShutdownTimeout: '20s' }],
    ['copied sleep (distroless on 1.27)', { appShutdownTimeout: '20s', kubernetesVersion: '1.27', image: 'distroless' }],
    ['aws-alb without a readiness gate, long connections', {
      appShutdownTimeout: '20s', traffic: [{ kind: 'aws-alb', readinessGate: false }], longConnectionBudget: '5m',
    }],
    ['pinned grace period', { appShutdownTimeout: '20s', terminationGracePeriod: '3m' }],
  ];
  const cases: ManifestCase[] = [];
  for (const line of TEST_LINES.filter((l) => l.name !== 'cdk8s-plus-27')) {
    const minor = line.facts.kubernetesMinor;
    specs.forEach(([title, shutdown], i) => {
      const deploymentChart = new Chart(Testing.app(), `l${minor}-d${i}`);
      // Every line takes the ShutdownSpec form at runtime; the jsii-ready lines type ShutdownProps.
      const deployment = new line.graceful.GracefulDeployment(deploymentChart, 'app', {
        containers: [appContainerOf(line.kplus)], replicas: 3, shutdown: shutdown as never,
      });
      deployment.exposeViaIngress('/');
      cases.push(caseOf(`${line.name} GracefulDeployment, ${title}`, deploymentChart, deployment.plan, 'Deployment', minor));
      const statefulSetChart = new Chart(Testing.app(), `l${minor}-s${i}`);
      // A canary partition and Parallel pod management from the StatefulSet's own props (they become the plan's).
      const statefulSet = new line.graceful.GracefulStatefulSet(statefulSetChart, 'db', {
        containers: [appContainerOf(line.kplus)],
        replicas: 3,
        strategy: line.kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: 1 }),
        podManagementPolicy: line.kplus.PodManagementPolicy.PARALLEL,
        shutdown: shutdown as never,
      });
      statefulSet.exposeViaService();
      cases.push(caseOf(`${line.name} GracefulStatefulSet, ${title}`, statefulSetChart, statefulSet.plan, 'StatefulSet', minor));
    });
  }
  const chat = new Cdk8sPlus34ChatChart(Testing.app(), 'l34-chat');
  const manifests = Testing.synth(chat);
  const minor = TEST_LINES.find((l) => l.name === 'cdk8s-plus-34')!.facts.kubernetesMinor;
  for (const [workload, kind] of [[chat.deployment, 'Deployment'], [chat.statefulSet, 'StatefulSet']] as const) {
    const own = manifests.filter((m) => m.metadata.name.startsWith(`l34-chat-${workload.node.id}-`));
    cases.push({ title: `example cdk8s-plus-34-chat ${workload.node.id}`, minMinor: minor, plan: workload.plan, workloadKind: kind, manifests: own });
  }
  return cases;
}
