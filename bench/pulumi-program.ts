/*
 * The Pulumi programs the benchmark runs under mocks (no CLI, no engine, no provider plugin): N
 * GracefulDeployment components, N raw Deployments with the plan's fields written by hand, or N raw
 * Deployments through `applyPlanToWorkloadArgs`; the raw variants also create the PodDisruptionBudget the
 * component creates by default. All three register the same Deployments and PodDisruptionBudgets
 * (test/bench/pulumi-program.test.ts proves it); the component registers itself on top.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { BENCH_SHUTDOWN } from './cdk8s-workloads';
import { GracefulDeployment, applyPlanToWorkloadArgs } from 'graceful-k8s/pulumi';

/** Which way the N Deployments are written. */
export type PulumiVariant = 'raw' | 'graceful' | 'with-shutdown-plan' | 'own-component';

/** Every variant, in the order they are measured and printed. */
export const PULUMI_VARIANTS: readonly PulumiVariant[] = ['raw', 'graceful', 'with-shutdown-plan', 'own-component'];

/**
 * Variants that are not the library but a reference point: `own-component` is what a team writes by
 * hand to group a Deployment and its budget; it measures Pulumi's own cost of a component.
 */
export const PULUMI_REFERENCE_VARIANTS: readonly PulumiVariant[] = ['own-component'];

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
 * PodDisruptionBudgets are registered concurrently; the worker counts them too. `annotations` go on
 * every Deployment's metadata, the same in every variant (the engine benchmark's `pulumi.com/skipAwait`).
 */
export async function runPulumiProgram(variant: PulumiVariant, n: number, prefix = 'app', annotations?: Record<string, string>): Promise<void> {
  const deployments: k8s.apps.v1.Deployment[] = [];
  for (let i = 0; i < n; i++) deployments.push(createDeployment(variant, `${prefix}-${i}`, i, annotations));
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

function createDeployment(variant: PulumiVariant, name: string, i: number, annotations?: Record<string, string>): k8s.apps.v1.Deployment {
  const labels = { app: `web-${i}` };
  switch (variant) {
    case 'graceful':
      return new GracefulDeployment(name, {
        containers: [container(i)], labels, metadata: annotations && { annotations }, shutdown: BENCH_SHUTDOWN,
      }).deployment;
    case 'with-shutdown-plan':
      createPodDisruptionBudget(name, labels);
      return new k8s.apps.v1.Deployment(
        name, applyPlanToWorkloadArgs({ metadata: metadataOf(labels, annotations), spec: plainSpec(i, labels) }, BENCH_SHUTDOWN),
      );
    case 'raw':
      createPodDisruptionBudget(name, labels);
      return createHandWrittenDeployment(name, i, labels, undefined, annotations);
    case 'own-component':
      return new HandWrittenWorkload(name, i, labels, annotations).deployment;
  }
}

/**
 * What a team writes by hand to group a Deployment and its budget as one unit in Pulumi: a
 * ComponentResource around the raw variant's two resources. It isolates Pulumi's own cost of a
 * component from the library's.
 */
class HandWrittenWorkload extends pulumi.ComponentResource {
  public readonly deployment: k8s.apps.v1.Deployment;
  constructor(name: string, i: number, labels: Record<string, string>, annotations?: Record<string, string>) {
    super('bench:index:HandWrittenWorkload', name, {}, {});
    this.deployment = createHandWrittenDeployment(name, i, labels, this, annotations);
    createPodDisruptionBudget(name, labels, this);
    this.registerOutputs({});
  }
}

/** The Deployment with every field of the plan written by hand ({@link handWrittenSpec}). */
function createHandWrittenDeployment(
  name: string, i: number, labels: Record<string, string>, parent?: pulumi.Resource, annotations?: Record<string, string>,
): k8s.apps.v1.Deployment {
  return new k8s.apps.v1.Deployment(name, { metadata: metadataOf(labels, annotations), spec: handWrittenSpec(i, labels) }, { parent });
}

/** Deployment metadata: the labels, and the annotations only when given (the mocked runs stay as they were). */
function metadataOf(labels: Record<string, string>, annotations?: Record<string, string>) {
  return annotations ? { labels, annotations } : { labels };
}

/** The PodDisruptionBudget the component creates for 2 replicas: one pod down at a time, unready pods always evictable. */
function createPodDisruptionBudget(name: string, labels: Record<string, string>, parent?: pulumi.Resource): k8s.policy.v1.PodDisruptionBudget {
  const spec = { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: labels } };
  return new k8s.policy.v1.PodDisruptionBudget(name, { metadata: { labels }, spec }, { parent });
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
    minReadySeconds: 0,
    progressDeadlineSeconds: 600,
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

/** What the Pulumi runtime does per workload, counted (not timed): deterministic, unlike CPU time. */
export interface RuntimeWork {
  readonly variant: PulumiVariant;
  /** Resources registered with the (mocked) engine per workload. */
  readonly resources: number;
  /**
   * Promises the Pulumi runtime creates per workload through its `debuggablePromise`, each of which
   * takes a stack trace (`new Error().stack`, runtime/debuggable.ts): with the GC they cause, the
   * largest part of the runtime's own CPU time under mocks (bench/README.md).
   */
  readonly runtimePromises: number;
}

/**
 * Counts {@link RuntimeWork} for `n` workloads of `variant`; mocks must be installed. Wraps the
 * runtime's internal `debuggablePromise` while it runs (bench only: an internal module of
 * @pulumi/pulumi 3.x, looked up on its exports object at every call).
 */
export async function countRuntimeWork(variant: PulumiVariant, n: number, registered: readonly MockedResource[]): Promise<RuntimeWork> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const debuggable = require('@pulumi/pulumi/runtime/debuggable') as { debuggablePromise: (...args: unknown[]) => unknown };
  const original = debuggable.debuggablePromise;
  let promises = 0;
  debuggable.debuggablePromise = (...args: unknown[]) => {
    promises++;
    return original(...args);
  };
  const before = registered.length;
  try {
    await runPulumiProgram(variant, n, `count-${variant}`);
    // The budgets and the components' outputs register some turns after the Deployments' URNs:
    // wait until neither count has moved for three 10 ms ticks.
    let quietTicks = 0;
    while (quietTicks < 3) {
      const seen = [registered.length, promises];
      await new Promise((resolve) => setTimeout(resolve, 10));
      quietTicks = registered.length === seen[0] && promises === seen[1] ? quietTicks + 1 : 0;
    }
  } finally {
    debuggable.debuggablePromise = original;
  }
  return { variant, resources: (registered.length - before) / n, runtimePromises: promises / n };
}
