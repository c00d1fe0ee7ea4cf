// eslint-disable-next-line import/order -- Pulumi's mocks are set before the modules under test are imported
import { registered, registeredResource, valueOf } from './mocks';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { COPIED_SLEEP, DEFAULT_COPIED_SLEEP_IMAGE, GracefulConfigError, planShutdown, type ShutdownSpec } from '../../src/core';
import { GRACEFUL_DEPLOYMENT_TYPE, GracefulDeployment, planGracefulDeployment, type GracefulDeploymentArgs } from '../../src/pulumi';
import { validateAgainstSchema } from '../helpers/schema';

const DEPLOYMENT = 'kubernetes:apps/v1:Deployment';
const PDB = 'kubernetes:policy/v1:PodDisruptionBudget';

/** The same ready-to-serve container as the cdk8s tests: port 8080 and an HTTP readiness probe. */
const APP: k8s.types.input.core.v1.Container = {
  name: 'app',
  image: 'registry.example/app:1.0.0',
  ports: [{ containerPort: 8080 }],
  readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
};

let seq = 0;
/** Builds a component with a unique name, waits for its children, returns it and the Deployment inputs. */
async function deploy(shutdown: ShutdownSpec, args: Partial<GracefulDeploymentArgs> = {}) {
  const name = `web-${++seq}`;
  const component = new GracefulDeployment(name, { containers: [APP], ...args, shutdown });
  await valueOf(component.deployment.urn);
  if (component.service) await valueOf(component.service.urn);
  if (component.podDisruptionBudget) await valueOf(component.podDisruptionBudget.urn);
  return { name, component, deployment: registeredResource(DEPLOYMENT, name).inputs };
}

const podSpecOf = (deployment: any) => deployment.spec.template.spec;
const appOf = (deployment: any) => podSpecOf(deployment).containers[0];

describe('the Deployment child carries the plan', () => {
  test('native sleep on 1.30: a 5 s drain and 30 s app shutdown give a 40 s grace period and a sleep preStop', async () => {
    const { deployment } = await deploy({ appShutdownTimeout: '30s' });
    expect(podSpecOf(deployment).terminationGracePeriodSeconds).toBe(40);
    expect(appOf(deployment).lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
    expect(podSpecOf(deployment).initContainers).toBeUndefined();
    expect(podSpecOf(deployment).volumes).toBeUndefined();
    validateAgainstSchema(deployment);
  });

  test('exec sleep on 1.27 with a shell image: preStop execs the image\'s own sleep for the drain delay', async () => {
    const { deployment } = await deploy({ appShutdownTimeout: 30, drainDelay: 10, kubernetesVersion: '1.27' });
    expect(appOf(deployment).lifecycle.preStop).toEqual({ exec: { command: ['sleep', '10'] } });
    expect(podSpecOf(deployment).terminationGracePeriodSeconds).toBe(45);
    validateAgainstSchema(deployment);
  });

  test('copied static sleep on 1.27 distroless: an init container copies busybox into an emptyDir the app mounts read-only', async () => {
    const { deployment } = await deploy({ appShutdownTimeout: 20, drainDelay: 15, kubernetesVersion: '1.27', image: 'distroless' });
    const pod = podSpecOf(deployment);
    expect(appOf(deployment).lifecycle.preStop).toEqual({ exec: { command: [COPIED_SLEEP.binary, 'sleep', '15'] } });
    expect(pod.initContainers).toHaveLength(1);
    expect(pod.initContainers[0]).toMatchObject({
      name: COPIED_SLEEP.initContainerName,
      image: DEFAULT_COPIED_SLEEP_IMAGE,
      securityContext: { runAsNonRoot: true, runAsUser: COPIED_SLEEP.uid },
    });
    expect(pod.volumes).toEqual([{ name: COPIED_SLEEP.volumeName, emptyDir: { sizeLimit: '16Mi' } }]);
    expect(appOf(deployment).volumeMounts).toEqual([{ name: COPIED_SLEEP.volumeName, mountPath: COPIED_SLEEP.mountPath, readOnly: true }]);
    validateAgainstSchema(deployment);
  });

  test('app-side drain: no preStop hook, the app is told its drain delay in env', async () => {
    const { deployment } = await deploy({ appShutdownTimeout: 30, drainDelay: 8, preStop: 'app-drain' });
    expect(appOf(deployment).lifecycle).toBeUndefined();
    expect(appOf(deployment).env).toContainEqual({ name: 'GRACEFUL_DRAIN_DELAY_SECONDS', value: '8' });
  });

  test('a 30 minute long-connection budget sets the grace period to drain + 1800 s + margin and tells the app 1800 s', async () => {
    const { deployment } = await deploy({ appShutdownTimeout: 30, longConnectionBudget: '30m' });
    expect(podSpecOf(deployment).terminationGracePeriodSeconds).toBe(5 + 1800 + 5);
    expect(appOf(deployment).env).toContainEqual({ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '1800' });
  });

  test('every app container gets the downward-API env, and the Deployment the planned rolling update', async () => {
    const { deployment } = await deploy({ appShutdownTimeout: 30, drainDelay: 12 });
    expect(appOf(deployment).env.map((e: any) => e.name)).toEqual(['POD_IP', 'POD_NAME', 'POD_NAMESPACE', 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS']);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    // Only in-cluster routers: minReadySeconds would not keep a pod out of the Service (see test/core/rollout.test.ts).
    expect(deployment.spec.minReadySeconds).toBe(0);
    expect(deployment.spec.progressDeadlineSeconds).toBe(600);
  });

  test('a pinned grace period larger than needed is kept', async () => {
    const { deployment, component } = await deploy({ appShutdownTimeout: 30, terminationGracePeriod: '2m' });
    expect(podSpecOf(deployment).terminationGracePeriodSeconds).toBe(120);
    expect(component.plan.terminationGracePeriodSeconds).toBe(120);
  });

  test('terminationGracePeriodSeconds in podSpec pins the grace period too', async () => {
    const { deployment } = await deploy({ appShutdownTimeout: 30 }, { podSpec: { terminationGracePeriodSeconds: 90 } });
    expect(podSpecOf(deployment).terminationGracePeriodSeconds).toBe(90);
  });

  test('the whole Deployment, as the engine receives it (copied sleep, 1.27)', async () => {
    const { deployment } = await deploy({ appShutdownTimeout: 20, drainDelay: 15, kubernetesVersion: '1.27', image: 'distroless' }, { labels: { app: 'snap' } });
    expect(podSpecOf(deployment).terminationGracePeriodSeconds).toBe(40);
    expect(deployment).toMatchSnapshot();
  });
});

describe('the component', () => {
  test('registers with its type token, parents the Deployment and exposes it with the plan', async () => {
    const { component, name } = await deploy({ appShutdownTimeout: 30 });
    expect(await valueOf(component.urn)).toContain(`::${GRACEFUL_DEPLOYMENT_TYPE}::${name}`);
    expect(await valueOf(component.deployment.urn)).toContain(`::${GRACEFUL_DEPLOYMENT_TYPE}$kubernetes:apps/v1:Deployment::${name}`);
    expect(component.plan.terminationGracePeriodSeconds).toBe(40);
    expect(component.plan.preStopMechanism).toBe('native-sleep');
  });

  test('by default: no Service, and a PodDisruptionBudget with the plan\'s maxUnavailable (2 replicas, as cdk8s)', async () => {
    const { component, name } = await deploy({ appShutdownTimeout: 30 });
    expect(component.service).toBeUndefined();
    expect(registered.filter((r) => r.name === name).map((r) => r.type).sort()).toEqual([GRACEFUL_DEPLOYMENT_TYPE, DEPLOYMENT, PDB]);
    expect(registeredResource(PDB, name).inputs.spec).toEqual({
      maxUnavailable: component.plan.podDisruptionBudget.maxUnavailable,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
    });
    expect(component.plan.podDisruptionBudget.maxUnavailable).toBe(1);
  });

  test.each<[string, Partial<GracefulDeploymentArgs>]>([
    ['one replica', { replicas: 1 }],
    ["podDisruptionBudget 'none'", { podDisruptionBudget: 'none' }],
  ])('no PodDisruptionBudget with %s', async (_label, args) => {
    const warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue(undefined);
    try {
      const { component, name } = await deploy({ appShutdownTimeout: 30 }, args);
      expect(component.podDisruptionBudget).toBeUndefined();
      expect(registered.filter((r) => r.name === name).map((r) => r.type).sort()).toEqual([GRACEFUL_DEPLOYMENT_TYPE, DEPLOYMENT]);
    } finally {
      warn.mockRestore();
    }
  });

  test('a Service carries the plan\'s load-balancer annotations; the user\'s other annotations are kept', async () => {
    const { component, name } = await deploy(
      { appShutdownTimeout: 20, traffic: ['alibaba-clb'] },
      { service: { ports: [{ port: 80, targetPort: 8080 }], metadata: { annotations: { team: 'shop' } } } },
    );
    const service = registeredResource('kubernetes:core/v1:Service', name).inputs;
    expect(service.metadata.annotations).toEqual({
      'team': 'shop',
      'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-connection-drain': 'on',
      'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-connection-drain-timeout': String(component.plan.terminationGracePeriodSeconds),
    });
    expect(component.plan.terminationGracePeriodSeconds).toBe(40);
    validateAgainstSchema(service);
  });

  test('a Service and a PodDisruptionBudget with the user\'s own numbers select exactly the Deployment\'s pods and are its siblings', async () => {
    const { component, name, deployment } = await deploy(
      { appShutdownTimeout: 30 },
      { namespace: 'shop', service: { ports: [{ port: 80, targetPort: 8080 }] }, podDisruptionBudget: { minAvailable: '50%' } },
    );
    const service = registeredResource('kubernetes:core/v1:Service', name).inputs;
    const pdb = registeredResource(PDB, name).inputs;
    const selector = { 'app.kubernetes.io/name': name };
    expect(deployment.spec.selector.matchLabels).toEqual(selector);
    expect(deployment.spec.template.metadata.labels).toEqual(selector);
    expect(service.spec.selector).toEqual(selector);
    expect(pdb.spec).toEqual({ minAvailable: '50%', selector: { matchLabels: selector } });
    expect([deployment.metadata.namespace, service.metadata.namespace, pdb.metadata.namespace]).toEqual(['shop', 'shop', 'shop']);
    expect(await valueOf(component.service!.urn)).toContain(`${GRACEFUL_DEPLOYMENT_TYPE}$kubernetes:core/v1:Service::${name}`);
    expect(await valueOf(component.podDisruptionBudget!.urn)).toContain(`${GRACEFUL_DEPLOYMENT_TYPE}$kubernetes:policy/v1:PodDisruptionBudget::${name}`);
    validateAgainstSchema(service);
    validateAgainstSchema(pdb);
  });

  test('user labels on the pod template keep the selector labels', async () => {
    const { deployment } = await deploy({ appShutdownTimeout: 30 }, { labels: { app: 'web' }, podMetadata: { labels: { team: 'shop', app: 'other' } } });
    expect(deployment.spec.template.metadata.labels).toEqual({ team: 'shop', app: 'web' });
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'web' });
  });

  test('warnings go to pulumi.log.warn on the component', async () => {
    const warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue(undefined);
    try {
      const { component } = await deploy({ appShutdownTimeout: 30, drainDelay: 0 }, { replicas: 1, containers: [{ name: 'app', image: 'x' }] });
      const codes = component.warnings.map((w) => w.code);
      expect(codes).toEqual(expect.arrayContaining(['drain-delay-zero', 'no-readiness-probe', 'single-replica']));
      expect(warn).toHaveBeenCalledTimes(component.warnings.length);
      for (const call of warn.mock.calls) expect(call[1]).toBe(component);
      expect(warn.mock.calls.map((c) => c[0])).toContainEqual(expect.stringMatching(/^\[single-replica\] replicas is 1/));
    } finally {
      warn.mockRestore();
    }
  });

  test('a well-formed workload logs no warning', async () => {
    const warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue(undefined);
    try {
      await deploy({ appShutdownTimeout: 30 });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});

describe('invalid input throws before any resource is registered, with the core\'s message', () => {
  test.each<[string, ShutdownSpec]>([
    ['a pinned grace period too short', { appShutdownTimeout: 30, drainDelay: 35, safetyMargin: 0, terminationGracePeriod: 60 }],
    ['exec sleep in a distroless image', { appShutdownTimeout: 30, preStop: 'exec-sleep', image: 'distroless' }],
    ['a missing appShutdownTimeout', {} as ShutdownSpec],
  ])('%s', (_label, shutdown) => {
    let core: unknown;
    try {
      planShutdown(shutdown);
    } catch (e) {
      core = e;
    }
    expect(core).toBeInstanceOf(GracefulConfigError);
    const before = registered.length;
    expect(() => new GracefulDeployment('invalid', { containers: [APP], shutdown })).toThrow((core as Error).message);
    expect(registered.length).toBe(before);
  });

  test('a container that already has a preStop hook is refused, naming the container', () => {
    const before = registered.length;
    expect(
      () =>
        new GracefulDeployment('own-prestop', {
          containers: [{ ...APP, lifecycle: { preStop: { exec: { command: ['nginx', '-s', 'quit'] } } } }],
          shutdown: { appShutdownTimeout: 30 },
        }),
    ).toThrow(/^containers\[app\]\.lifecycle\.preStop is already set, but the plan owns preStop \(native-sleep, 5s\)/);
    expect(registered.length).toBe(before);
  });

  test('a PodDisruptionBudget with both minAvailable and maxUnavailable is refused', () => {
    expect(() =>
      planGracefulDeployment('pdb', { containers: [APP], shutdown: { appShutdownTimeout: 30 }, podDisruptionBudget: { minAvailable: 1, maxUnavailable: 1 } }),
    ).toThrow(/^podDisruptionBudget must set exactly one of maxUnavailable and minAvailable .*got 2/);
  });

  test('an unknown podDisruptionBudget choice is refused, naming the choices', () => {
    expect(() =>
      planGracefulDeployment('pdb', { containers: [APP], shutdown: { appShutdownTimeout: 30 }, podDisruptionBudget: 'always' as never }),
    ).toThrow('podDisruptionBudget must be \'auto\', \'none\' or { maxUnavailable } / { minAvailable }, got "always"');
  });

  test('a lifecycle given as an Output is refused: the plan must see preStop at construction', () => {
    expect(() =>
      planGracefulDeployment('lc', { containers: [{ ...APP, lifecycle: pulumi.output({}) }], shutdown: { appShutdownTimeout: 30 } }),
    ).toThrow(/^containers\[app\]\.lifecycle is an Output or a promise/);
  });
});

describe('Outputs in the containers', () => {
  test('an Output image and probe pass through untouched and resolve in the Deployment', async () => {
    const { deployment } = await deploy(
      { appShutdownTimeout: 30 },
      { containers: [{ ...APP, image: pulumi.output('registry.example/app:2.0.0'), livenessProbe: pulumi.output({ tcpSocket: { port: 8080 } }) }] },
    );
    expect(appOf(deployment).image).toBe('registry.example/app:2.0.0');
    expect(appOf(deployment).livenessProbe).toEqual({ tcpSocket: { port: 8080 } });
    expect(appOf(deployment).lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
  });

  test('an Output env list is merged with the plan\'s env in an apply, the user\'s entries first', async () => {
    const { deployment } = await deploy({ appShutdownTimeout: 30 }, { containers: [{ ...APP, env: pulumi.output([{ name: 'DB_URL', value: 'postgres://db' }]) }] });
    expect(appOf(deployment).env.map((e: any) => e.name)).toEqual(['DB_URL', 'POD_IP', 'POD_NAME', 'POD_NAMESPACE', 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS']);
  });

  test('an Output env value keeps its place and skips the env check instead of guessing', async () => {
    const fromConfig = pulumi.output('99');
    const { component, deployment } = await deploy({ appShutdownTimeout: 30 }, { containers: [{ ...APP, env: [{ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: fromConfig }] }] });
    expect(component.warnings.map((w) => w.code)).not.toContain('shutdown-env-mismatch');
    expect(appOf(deployment).env[0]).toEqual({ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '99' });
    expect(appOf(deployment).env.filter((e: any) => e.name === 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS')).toHaveLength(1);
  });

  test('an Output volume list gets the copied sleep\'s volume appended in an apply', async () => {
    const { deployment } = await deploy(
      { appShutdownTimeout: 30, kubernetesVersion: '1.27', image: 'distroless' },
      { podSpec: { volumes: pulumi.output([{ name: 'config', configMap: { name: 'web-config' } }]) } },
    );
    expect(podSpecOf(deployment).volumes.map((v: any) => v.name)).toEqual(['config', COPIED_SLEEP.volumeName]);
  });
});
