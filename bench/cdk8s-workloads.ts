/*
 * The cdk8s workloads the benchmark synthesizes: N GracefulDeployments, or N cdk8s-plus-27
 * Deployments (and PodDisruptionBudgets) with the same fields set by hand. Both variants render the same manifests
 * (test/bench/cdk8s-workloads.test.ts proves it), so the benchmark compares like with like.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { GracefulDeployment } from 'graceful-k8s/cdk8s-plus-27';

/** Which way the N Deployments are written. */
export type Cdk8sVariant = 'graceful' | 'graceful-native' | 'hand-written';

/** Every variant, in the order they are measured and printed. */
export const CDK8S_VARIANTS: readonly Cdk8sVariant[] = ['hand-written', 'graceful', 'graceful-native'];

/**
 * The numbers every graceful variant plans from. Kubernetes 1.27 has no native sleep action, so
 * the plan is an exec `sleep 5` preStop: a hook cdk8s-plus-27 can express by hand.
 */
export const BENCH_SHUTDOWN = { appShutdownTimeout: '30s', kubernetesVersion: '1.27' } as const;

/** What the plan decides for {@link BENCH_SHUTDOWN}, written out by hand for the baseline. */
const HAND_WRITTEN = {
  terminationGracePeriodSeconds: 40, // drain 5 + app 30 + margin 5
  drainDelaySeconds: 5,
  minReadySeconds: 0,
  progressDeadlineSeconds: 600,
  maxSurgePercent: 25,
  maxUnavailable: 0,
  shutdownTimeoutSeconds: '30',
  podDisruptionBudgetMaxUnavailable: 1,
} as const;

/** The same ready-to-serve container in every variant (index `i` only changes the image tag). */
function containerProps(i: number): kplus.ContainerProps {
  return {
    name: 'app',
    image: `registry.example/app-${i}:1.0.0`,
    portNumber: 8080,
    readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
  };
}

/** Builds one App with one Chart holding `n` Deployments written the `variant` way. */
export function buildCdk8sApp(variant: Cdk8sVariant, n: number): App {
  const app = new App();
  const chart = new Chart(app, 'bench');
  for (let i = 0; i < n; i++) addDeployment(chart, variant, i);
  return app;
}

function addDeployment(chart: Chart, variant: Cdk8sVariant, i: number): void {
  const id = `app-${i}`;
  switch (variant) {
    case 'graceful':
      new GracefulDeployment(chart, id, { containers: [containerProps(i)], shutdown: BENCH_SHUTDOWN });
      return;
    case 'graceful-native':
      // The default target (1.30): a native sleep preStop, added after cdk8s-plus-27's pruning.
      new GracefulDeployment(chart, id, { containers: [containerProps(i)], shutdown: { appShutdownTimeout: '30s' } });
      return;
    case 'hand-written':
      addHandWrittenDeployment(chart, id, i);
      return;
  }
}

/**
 * A plain cdk8s-plus-27 Deployment with every field the plan sets, set by hand, and the
 * PodDisruptionBudget GracefulDeployment adds for 2 or more replicas.
 */
function addHandWrittenDeployment(chart: Chart, id: string, i: number): void {
  const fieldRef = (path: kplus.EnvFieldPaths) => kplus.EnvValue.fromFieldRef(path);
  const deployment = new kplus.Deployment(chart, id, {
    containers: [
      {
        ...containerProps(i),
        envVariables: {
          POD_IP: fieldRef(kplus.EnvFieldPaths.POD_IP),
          POD_NAME: fieldRef(kplus.EnvFieldPaths.POD_NAME),
          POD_NAMESPACE: fieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
          GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS: kplus.EnvValue.fromValue(HAND_WRITTEN.shutdownTimeoutSeconds),
        },
        lifecycle: { preStop: kplus.Handler.fromCommand(['sleep', String(HAND_WRITTEN.drainDelaySeconds)]) },
      },
    ],
    terminationGracePeriod: Duration.seconds(HAND_WRITTEN.terminationGracePeriodSeconds),
    minReady: Duration.seconds(HAND_WRITTEN.minReadySeconds),
    progressDeadline: Duration.seconds(HAND_WRITTEN.progressDeadlineSeconds),
    strategy: kplus.DeploymentStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.percent(HAND_WRITTEN.maxSurgePercent),
      maxUnavailable: kplus.PercentOrAbsolute.absolute(HAND_WRITTEN.maxUnavailable),
    }),
  });
  new kplus.k8s.KubePodDisruptionBudget(deployment, 'DisruptionBudget', {
    spec: {
      maxUnavailable: kplus.k8s.IntOrString.fromNumber(HAND_WRITTEN.podDisruptionBudgetMaxUnavailable),
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: { matchLabels: deployment.matchLabels },
    },
  });
}
