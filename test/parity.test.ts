/*
 * Parity: the same ShutdownSpec through the cdk8s adapter (synthesized YAML) and the Pulumi adapter
 * (the Deployment inputs the engine receives) gives the same value for every field the plan controls.
 */
// eslint-disable-next-line import/order -- Pulumi's mocks are set before the modules under test are imported
import { registeredResource, valueOf } from './pulumi/mocks';
import * as pulumi from '@pulumi/pulumi';
import { Duration } from 'cdk8s';
import { planShutdown, type ShutdownSpec } from '../src/core';
import { GracefulDeployment as PulumiGracefulDeployment, type GracefulDeploymentArgs } from '../src/pulumi';
import { validateAgainstSchema } from './helpers/schema';
import { APP_CONTAINER, synthDeployment } from './helpers/synth';
import type { GracefulDeploymentProps } from '../src/cdk8s';

/** The container of test/helpers/synth.ts (APP_CONTAINER) in Pulumi's terms: same name, image, port and readiness probe. */
const PULUMI_APP = {
  name: APP_CONTAINER.name!,
  image: APP_CONTAINER.image,
  ports: [{ containerPort: 8080 }],
  readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
};

interface ParityCase {
  readonly name: string;
  readonly shutdown: ShutdownSpec;
  /** The grace period the plan must give (an explicit number, so parity cannot pass on two equal wrong values). */
  readonly gracePeriodSeconds: number;
  readonly cdk8s?: Partial<GracefulDeploymentProps>;
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
    name: 'custom rollout',
    shutdown: { appShutdownTimeout: 30, rollout: { maxSurge: 2, minReady: '20s', progressDeadline: '15m' } },
    gracePeriodSeconds: 40,
  },
];

/** Every field the plan controls, read from a Deployment manifest (only the app containers). */
function planControlledFields(deployment: any, planEnvNames: readonly string[]) {
  const pod = deployment.spec.template.spec;
  return {
    terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
    initContainers: pod.initContainers,
    volumes: pod.volumes,
    strategy: deployment.spec.strategy,
    minReadySeconds: deployment.spec.minReadySeconds,
    progressDeadlineSeconds: deployment.spec.progressDeadlineSeconds,
    containers: pod.containers.map((c: any) => ({
      name: c.name,
      preStop: c.lifecycle?.preStop,
      env: (c.env ?? []).filter((e: any) => planEnvNames.includes(e.name)),
      volumeMounts: c.volumeMounts,
    })),
  };
}

// Plan warnings (drainDelay 0, ...) are logged by the component; they are tested in test/pulumi.
beforeEach(() => jest.spyOn(pulumi.log, 'warn').mockResolvedValue(undefined));
afterEach(() => jest.restoreAllMocks());

let seq = 0;
async function pulumiDeployment(c: ParityCase): Promise<any> {
  const name = `parity-${++seq}`;
  const component = new PulumiGracefulDeployment(name, { containers: [PULUMI_APP], ...c.pulumi, shutdown: c.shutdown });
  await valueOf(component.deployment.urn);
  return registeredResource('kubernetes:apps/v1:Deployment', name).inputs;
}

describe.each(CASES)('$name', (c) => {
  test('the cdk8s YAML and the Pulumi Deployment inputs agree on every field the plan controls', async () => {
    const plan = planShutdown(c.shutdown);
    const envNames = plan.env.map((e) => e.name);
    const fromCdk8s = planControlledFields(synthDeployment(c.shutdown, c.cdk8s).manifest, envNames);
    const fromPulumi = planControlledFields(await pulumiDeployment(c), envNames);

    expect(fromPulumi).toEqual(fromCdk8s);
    // ... and both render this plan, not two equal wrong values.
    expect(fromPulumi.terminationGracePeriodSeconds).toBe(c.gracePeriodSeconds);
    expect(fromPulumi.containers).toHaveLength(1);
    expect(fromPulumi.containers[0].preStop).toEqual(plan.preStop);
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

  test('the Pulumi Deployment is valid against the Kubernetes 1.33 schema', async () => {
    const deployment = await pulumiDeployment(c);
    validateAgainstSchema(deployment);
    // The validator does check the plan's fields: the same object with a string grace period is refused.
    const broken = structuredClone(deployment);
    broken.spec.template.spec.terminationGracePeriodSeconds = String(c.gracePeriodSeconds);
    expect(() => validateAgainstSchema(broken)).toThrow(/terminationGracePeriodSeconds/);
  });
});
