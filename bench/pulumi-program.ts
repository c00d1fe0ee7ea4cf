/*
 * The Pulumi programs the benchmark runs under mocks (no CLI, no engine, no provider plugin): N
 * GracefulDeployment components, N raw Deployments with the plan's fields written by hand, or N raw
 * Deployments through `withShutdownPlan`; the raw variants also create the PodDisruptionBudget the
 * component creates by default. All three register the same Deployments and PodDisruptionBudgets
 * (test/bench/pulumi-program.test.ts proves it); the component registers itself on top.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { BENCH_SHUTDOWN } from './cdk8s-workloads';
import { GracefulDeployment, withShutdownPlan } from 'graceful-k8s/pulumi';

/** Which way the N Deployments are written. */
export type PulumiVariant = 'raw' | 'graceful' | 'with-shutdown-plan';

/** Every variant, in the order they are measured and printed. */
export const PULUMI_VARIANTS: readonly PulumiVariant[] = ['raw', 'graceful', 'with-shutdown-plan'];

/** One resource the mocked engine saw, with its resolved inputs. */
export interface MockedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: any;
}

/**
 * Points the Pulumi runtime at in-process mocks (call before any resource is created) and returns
 * the list the mocks fill with every registered resource.
 */
export function installRecordingMocks(): MockedResource[] {
  const registered: MockedResource[] = [];
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    'graceful-k8s-bench',
    'bench',
  );
  return registered;
}

/**
 * Creates `n` Deployments the `variant` way, named `<prefix>-<i>`, and resolves once the mocked
 * engine has registered every one of them (their URNs resolve only after registration). The
 * PodDisruptionBudgets are registered concurrently; the worker counts them too.
 */
export async function runPulumiProgram(variant: PulumiVariant, n: number, prefix = 'app'): Promise<void> {
  const deployments: k8s.apps.v1.Deployment[] = [];
  for (let i = 0; i < n; i++) deployments.push(createDeployment(variant, `${prefix}-${i}`, i));
  await Promise.all(deployments.map((d) => new Promise((resolve) => d.urn.apply(resolve))));
}

/** The same ready-to-serve container in every variant (index `i` only changes the image tag). */
function container(i: number): k8s.types.input.core.v1.Container {
  return {
    name: 'app',
    image: `registry.example/app-${i}:1.0.0`,
    ports: [{ containerPort: 8080 }],
    readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
  };
}

function createDeployment(variant: PulumiVariant, name: string, i: number): k8s.apps.v1.Deployment {
  const labels = { app: `web-${i}` };
  switch (variant) {
    case 'graceful':
      return new GracefulDeployment(name, { containers: [container(i)], labels, shutdown: BENCH_SHUTDOWN }).deployment;
    case 'with-shutdown-plan':
      createPodDisruptionBudget(name, labels);
      return new k8s.apps.v1.Deployment(name, withShutdownPlan({ metadata: { labels }, spec: plainSpec(i, labels) }, BENCH_SHUTDOWN));
    case 'raw':
      createPodDisruptionBudget(name, labels);
      return new k8s.apps.v1.Deployment(name, { metadata: { labels }, spec: handWrittenSpec(i, labels) });
  }
}

/** The PodDisruptionBudget the component creates for 2 replicas: one pod down at a time. */
function createPodDisruptionBudget(name: string, labels: Record<string, string>): k8s.policy.v1.PodDisruptionBudget {
  return new k8s.policy.v1.PodDisruptionBudget(name, { metadata: { labels }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } });
}

/** The Deployment spec before any plan: what a user writes without this library. */
function plainSpec(i: number, labels: Record<string, string>) {
  return {
    replicas: 2,
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: { containers: [container(i)] } },
  };
}

/** {@link plainSpec} plus every field the plan for BENCH_SHUTDOWN sets, written out by hand. */
function handWrittenSpec(i: number, labels: Record<string, string>): k8s.types.input.apps.v1.DeploymentSpec {
  const fieldRef = (fieldPath: string) => ({ valueFrom: { fieldRef: { fieldPath } } });
  return {
    replicas: 2,
    selector: { matchLabels: labels },
    minReadySeconds: 5,
    progressDeadlineSeconds: 605,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
    template: {
      metadata: { labels },
      spec: {
        terminationGracePeriodSeconds: 40, // drain 5 + app 30 + margin 5
        containers: [
          {
            ...container(i),
            env: [
              { name: 'POD_IP', ...fieldRef('status.podIP') },
              { name: 'POD_NAME', ...fieldRef('metadata.name') },
              { name: 'POD_NAMESPACE', ...fieldRef('metadata.namespace') },
              { name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '30' },
            ],
            lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
          },
        ],
      },
    },
  };
}
