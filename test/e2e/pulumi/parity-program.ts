/**
 * The program the engine suite runs with `pulumi up`: one `GracefulDeployment` (with a Service and the
 * default PodDisruptionBudget) per parity case, one raw Deployment adopting the plan through
 * `applyPlanToWorkloadArgs`, and one `GracefulStatefulSet` (with its headless Service and the default
 * PodDisruptionBudget) per StatefulSet case, all in one namespace; and the Deployments through the cdk8s
 * adapter, whose synthesized YAML the stored objects are compared with.
 */
import * as k8s from '@pulumi/kubernetes';
import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { SKIP_AWAIT } from './skip-await';
import { applyPlanToWorkload, GracefulDeployment as Cdk8sGracefulDeployment, type GracefulDeploymentProps } from '../../../src/cdk8s-plus-27';
import type { ShutdownSpec } from '../../../src/core';
import { GracefulDeployment, GracefulStatefulSet, applyPlanToWorkloadArgs, type GracefulDeploymentArgs } from '../../../src/pulumi';
import { APP_CONTAINER, PULUMI_APP_CONTAINER } from '../../helpers/synth';

/** The namespace the program creates and puts every object in. */
export const ENGINE_NAMESPACE = 'graceful-k8s-engine';

/** One workload: its Deployment (and Service) are named `name`. */
export interface EngineCase {
  readonly name: string;
  readonly shutdown: ShutdownSpec;
  /** The grace period the plan must give (an explicit number, so parity cannot pass on two equal wrong values). */
  readonly gracePeriodSeconds: number;
  readonly cdk8s?: Partial<GracefulDeploymentProps>;
  readonly pulumi?: Partial<GracefulDeploymentArgs>;
}

/**
 * Cases chosen for what an API server does to them (the default target, 1.30): the native sleep
 * action (PodLifecycleSleepAction, beta and on by default in 1.30: Kubernetes feature-gates page), the
 * exec sleep, the copied sleep's init container and volume (defaulted by the server), Service and pod
 * annotations, and a grace period pinned on the workload.
 */
export const ENGINE_CASES: readonly EngineCase[] = [
  { name: 'native-sleep', shutdown: { appShutdownTimeout: 30 }, gracePeriodSeconds: 40 },
  { name: 'exec-sleep', shutdown: { appShutdownTimeout: 30, drainDelay: 10, kubernetesVersion: '1.27' }, gracePeriodSeconds: 45 },
  {
    name: 'copied-sleep',
    shutdown: { appShutdownTimeout: 20, drainDelay: 15, kubernetesVersion: '1.27', image: 'distroless' },
    gracePeriodSeconds: 40,
  },
  { name: 'aws-nlb', shutdown: { appShutdownTimeout: 20, traffic: ['kube-proxy', 'aws-nlb'] }, gracePeriodSeconds: 145 },
  { name: 'istio', shutdown: { appShutdownTimeout: 30, drainDelay: 10, sidecar: 'istio' }, gracePeriodSeconds: 45 },
  {
    name: 'pinned-grace',
    shutdown: { appShutdownTimeout: 30 },
    gracePeriodSeconds: 90,
    cdk8s: { terminationGracePeriod: Duration.seconds(90) },
    pulumi: { podSpec: { terminationGracePeriodSeconds: 90 } },
  },
];

/** One GracefulStatefulSet: its StatefulSet is named `name`, its headless Service `<name>-peers`. */
export interface StatefulCase {
  readonly name: string;
  readonly shutdown: ShutdownSpec;
  readonly replicas: number;
  /** The grace period the plan must give. */
  readonly gracePeriodSeconds: number;
}

/**
 * StatefulSet cases on the default target (1.30): the planned partition and podManagementPolicy (which the server
 * must keep over its defaults, partition 0 and OrderedReady, SetDefaults_StatefulSet), minReadySeconds, and the
 * copied sleep's init container and volume.
 */
export const STATEFUL_CASES: readonly StatefulCase[] = [
  {
    name: 'sts-partition',
    shutdown: { appShutdownTimeout: 30, replicas: 3, rollout: { partition: 1, podManagementPolicy: 'Parallel', minReady: 5 } },
    replicas: 3,
    gracePeriodSeconds: 40,
  },
  {
    name: 'sts-copied-sleep',
    shutdown: { appShutdownTimeout: 20, drainDelay: 15, kubernetesVersion: '1.27', image: 'distroless' },
    replicas: 2,
    gracePeriodSeconds: 40,
  },
];

/** The raw Deployment that adopts the plan with `applyPlanToWorkloadArgs`. */
export const ADOPTED = {
  name: 'adopted',
  replicas: 3,
  shutdown: { appShutdownTimeout: 20, drainDelay: 5, kubernetesVersion: '1.27' } satisfies ShutdownSpec,
  gracePeriodSeconds: 30,
};

/** The Pulumi program: the namespace, one GracefulDeployment per case and the adopted Deployment. */
export function engineProgram(): void {
  const namespace = new k8s.core.v1.Namespace(ENGINE_NAMESPACE, { metadata: { name: ENGINE_NAMESPACE } }).metadata.name;
  for (const c of ENGINE_CASES) {
    new GracefulDeployment(c.name, {
      namespace,
      containers: [PULUMI_APP_CONTAINER],
      metadata: { name: c.name, annotations: SKIP_AWAIT },
      service: { ports: [{ port: 80, targetPort: 8080 }], metadata: { name: c.name, annotations: SKIP_AWAIT } },
      ...c.pulumi,
      shutdown: c.shutdown,
    });
  }
  for (const c of STATEFUL_CASES) {
    new GracefulStatefulSet(c.name, {
      namespace,
      containers: [PULUMI_APP_CONTAINER],
      replicas: c.replicas,
      metadata: { name: c.name, annotations: SKIP_AWAIT },
      headlessService: { metadata: { name: `${c.name}-peers`, annotations: SKIP_AWAIT } },
      shutdown: c.shutdown,
    });
  }
  const labels = { app: ADOPTED.name };
  new k8s.apps.v1.Deployment(
    ADOPTED.name,
    applyPlanToWorkloadArgs(
      {
        metadata: { name: ADOPTED.name, namespace, annotations: SKIP_AWAIT },
        spec: {
          replicas: ADOPTED.replicas,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [PULUMI_APP_CONTAINER] } },
        },
      },
      ADOPTED.shutdown,
    ),
  );
}

/** The cdk8s adapter's manifests of one case: its Deployment, Service and PodDisruptionBudget. */
export function cdk8sCaseManifests(c: EngineCase): { deployment: any; service: any; pdb: any } {
  const chart = new Chart(Testing.app(), 'engine');
  const deployment = new Cdk8sGracefulDeployment(chart, 'app', { containers: [APP_CONTAINER], ...c.cdk8s, shutdown: c.shutdown });
  deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
  const manifests = Testing.synth(chart);
  const of = (kind: string) => manifests.find((m) => m.kind === kind);
  return { deployment: of('Deployment'), service: of('Service'), pdb: of('PodDisruptionBudget') };
}

/** The cdk8s adapter's manifest of the adopted Deployment: a cdk8s-plus Deployment with `applyPlanToWorkload`. */
export function cdk8sAdoptedManifest(): any {
  const chart = new Chart(Testing.app(), 'engine');
  const deployment = new kplus.Deployment(chart, ADOPTED.name, { replicas: ADOPTED.replicas, containers: [APP_CONTAINER] });
  applyPlanToWorkload(deployment, ADOPTED.shutdown);
  return Testing.synth(chart).find((m) => m.kind === 'Deployment');
}
