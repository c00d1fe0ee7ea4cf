// eslint-disable-next-line import/order -- Pulumi's mocks are set before the modules under test are imported
import { registered, registeredResource, valueOf } from './mocks';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { GracefulConfigError, planShutdown, type ShutdownSpec } from '../../src/core';
import {
  applyPlanToSpecInputs,
  applyPlanToWorkloadArgs,
  GRACEFUL_STATEFULSET_TYPE,
  GracefulStatefulSet,
  planGracefulStatefulSet,
  type GracefulStatefulSetArgs,
} from '../../src/pulumi';
import { validateAgainstSchema } from '../helpers/schema';

const STATEFULSET = 'kubernetes:apps/v1:StatefulSet';
const SERVICE = 'kubernetes:core/v1:Service';
const PDB = 'kubernetes:policy/v1:PodDisruptionBudget';

/** A ready-to-serve database container: port 5432 and a TCP readiness probe. */
const DB: k8s.types.input.core.v1.Container = {
  name: 'db',
  image: 'registry.example/db:1.0.0',
  ports: [{ containerPort: 5432 }],
  readinessProbe: { tcpSocket: { port: 5432 } },
};

let seq = 0;
/** Builds a component with a unique name, waits for its children, returns it and the StatefulSet inputs. */
async function deploy(shutdown: ShutdownSpec, args: Partial<GracefulStatefulSetArgs> = {}) {
  const name = `db-${++seq}`;
  const warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue(undefined);
  try {
    const component = new GracefulStatefulSet(name, { containers: [DB], ...args, shutdown });
    await valueOf(component.statefulSet.urn);
    for (const child of [component.headlessService, component.service, component.podDisruptionBudget]) if (child) await valueOf(child.urn);
    return { name, component, statefulSet: registeredResource(STATEFULSET, name).inputs, warned: warn.mock.calls.map((c) => String(c[0])) };
  } finally {
    warn.mockRestore();
  }
}

const kindOf = (type: string) => type.split(':').pop();

describe('the StatefulSet child carries the StatefulSet plan', () => {
  test('a 30 s app shutdown gives a 40 s grace period, the preStop sleep, and a RollingUpdate with no Deployment fields', async () => {
    const { statefulSet, component } = await deploy({ appShutdownTimeout: '30s' });
    expect(component.plan.workloadKind).toBe('StatefulSet');
    expect(statefulSet.spec.template.spec.terminationGracePeriodSeconds).toBe(40);
    expect(statefulSet.spec.template.spec.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
    expect(statefulSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(statefulSet.spec.minReadySeconds).toBe(0);
    expect(statefulSet.spec.strategy).toBeUndefined();
    expect(statefulSet.spec.progressDeadlineSeconds).toBeUndefined();
    // The core's one default for a StatefulSet (defaultReplicas), as cdk8s renders it (issue 23, item 3).
    expect(statefulSet.spec.replicas).toBe(1);
    validateAgainstSchema({ apiVersion: 'apps/v1', kind: 'StatefulSet', ...statefulSet });
  });

  test('partition and podManagementPolicy from the spec reach the StatefulSet; the estimate is a StatefulSet\'s', async () => {
    const { statefulSet, component } = await deploy(
      { appShutdownTimeout: '30s', replicas: 3, rollout: { partition: 2, podManagementPolicy: 'Parallel', podStartup: 20 } },
      { replicas: 3 },
    );
    expect(statefulSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
    expect(statefulSet.spec.podManagementPolicy).toBe('Parallel');
    // One pod above the partition: its 40 s grace period + 20 s start.
    expect(component.plan.rolloutEstimate.rolloutSeconds).toBe(60);
    expect(component.plan.explain()).toContain('rollout estimate (3 replicas, StatefulSet) = 60s');
  });

  test('the spec fields are exactly the core\'s StatefulSet rendering of the same plan', () => {
    const shutdown: ShutdownSpec = { appShutdownTimeout: 20, drainDelay: 15, rollout: { partition: 1 } };
    const planned = planGracefulStatefulSet('db', { shutdown, containers: [DB], replicas: 2 });
    // The component plans the spec with the StatefulSet's replica count filled in.
    expect(planned.plan).toBe(planShutdown({ ...shutdown, replicas: 2 }, { workloadKind: 'StatefulSet' }));
    expect(planned.statefulSetSpec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 1 } });
  });

  test('the StatefulSet\'s own replicas are the plan\'s when the spec gives none: a canary partition of 2 over 3 pods updates one', async () => {
    const { component, warned } = await deploy({ appShutdownTimeout: '30s', rollout: { partition: 2, podStartup: 20 } }, { replicas: 3 });
    expect(component.plan.rolloutEstimate.replicas).toBe(3);
    expect(component.plan.rolloutEstimate.updatedPods).toBe(1);
    expect(component.plan.rolloutEstimate.rolloutSeconds).toBe(60);
    expect(warned.some((w) => w.includes('partition-holds-all'))).toBe(false);
  });

  test('shutdown.replicas, when given, wins over the StatefulSet\'s replicas for the plan', async () => {
    const { component } = await deploy({ appShutdownTimeout: '30s', replicas: 5 }, { replicas: 3 });
    expect(component.plan.rolloutEstimate.replicas).toBe(5);
  });

  test('volume claim templates and the retention policy pass through', async () => {
    const volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }];
    const { statefulSet } = await deploy({ appShutdownTimeout: 30 }, { volumeClaimTemplates, persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } });
    expect(statefulSet.spec.volumeClaimTemplates).toEqual(volumeClaimTemplates);
    expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenScaled: 'Delete' });
  });
});

describe('the component', () => {
  test('registers with its type token and parents the StatefulSet', async () => {
    const { component, name } = await deploy({ appShutdownTimeout: 30 });
    expect(await valueOf(component.urn)).toContain(`::${GRACEFUL_STATEFULSET_TYPE}::${name}`);
    expect(await valueOf(component.statefulSet.urn)).toContain(`::${GRACEFUL_STATEFULSET_TYPE}$kubernetes:apps/v1:StatefulSet::${name}`);
  });

  test('by default: a headless Service named in serviceName, and a PodDisruptionBudget for 2 replicas; no other Service', async () => {
    const { component, name, statefulSet } = await deploy({ appShutdownTimeout: 30 }, { replicas: 2 });
    const children = registered.filter((r) => r.name === name || r.name === `${name}-headless`).map((r) => `${kindOf(r.type)}/${r.name}`).sort();
    expect(children).toEqual([`GracefulStatefulSet/${name}`, `PodDisruptionBudget/${name}`, `Service/${name}-headless`, `StatefulSet/${name}`]);
    expect(component.service).toBeUndefined();
    const headless = registeredResource(SERVICE, `${name}-headless`).inputs;
    expect(headless.spec).toEqual({ clusterIP: 'None', selector: { 'app.kubernetes.io/name': name } });
    expect(statefulSet.spec.serviceName).toBe(await valueOf(component.headlessService!.metadata.name));
    expect(registeredResource(PDB, name).inputs.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': name } } });
  });

  test('a serviceName of your own: no headless Service is created', async () => {
    const { component, name, statefulSet } = await deploy({ appShutdownTimeout: 30 }, { serviceName: 'db-peers' });
    expect(component.headlessService).toBeUndefined();
    expect(registered.some((r) => r.name === `${name}-headless`)).toBe(false);
    expect(statefulSet.spec.serviceName).toBe('db-peers');
  });

  test('headless Service options: ports and publishNotReadyAddresses; \'none\' creates none', async () => {
    const { name } = await deploy({ appShutdownTimeout: 30 }, { headlessService: { ports: [{ name: 'peer', port: 5433 }], publishNotReadyAddresses: true } });
    expect(registeredResource(SERVICE, `${name}-headless`).inputs.spec).toMatchObject({ clusterIP: 'None', ports: [{ name: 'peer', port: 5433 }], publishNotReadyAddresses: true });
    const none = await deploy({ appShutdownTimeout: 30 }, { headlessService: 'none' });
    expect(none.component.headlessService).toBeUndefined();
    expect(none.statefulSet.spec.serviceName).toBeUndefined();
  });

  test('a load-balancing Service carries the plan\'s annotations beside the headless one', async () => {
    const { component, name } = await deploy(
      { appShutdownTimeout: 30, traffic: [{ kind: 'aws-nlb', lag: 20 }] },
      { service: { ports: [{ port: 5432 }] } },
    );
    const service = registeredResource(SERVICE, name).inputs;
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.metadata.annotations).toEqual(component.plan.serviceAnnotations);
    expect(Object.keys(component.plan.serviceAnnotations).length).toBeGreaterThan(0);
  });

  test('one replica gets no PodDisruptionBudget and the single-replica warning', async () => {
    const { component, warned } = await deploy({ appShutdownTimeout: 30 }, { replicas: 1 });
    expect(component.podDisruptionBudget).toBeUndefined();
    expect(warned).toContainEqual(expect.stringMatching(/^\[single-replica\]/));
  });

  test('without replicas: 1 pod (the core\'s defaultReplicas, as cdk8s renders), no PodDisruptionBudget, the single-replica warning (issue 23, item 3)', async () => {
    const { component, statefulSet, warned } = await deploy({ appShutdownTimeout: 30 });
    expect(statefulSet.spec.replicas).toBe(1);
    expect(component.podDisruptionBudget).toBeUndefined();
    expect(warned).toContainEqual(expect.stringMatching(/^\[single-replica\]/));
  });

  test('a well-formed StatefulSet logs only that it has no surge', async () => {
    const { warned } = await deploy({ appShutdownTimeout: 30 }, { replicas: 2 });
    expect(warned).toEqual([expect.stringMatching(/^\[statefulset-no-surge\] StatefulSets replace a pod by deleting it first/)]);
  });
});

describe('the Pulumi helpers with a StatefulSet plan', () => {
  const spec = () => ({ replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { spec: { containers: [DB] } } });
  const statefulPlan = planShutdown({ appShutdownTimeout: 30, rollout: { partition: 2 } }, { workloadKind: 'StatefulSet' });

  test('applyPlanToSpecInputs takes the kind from a given plan', () => {
    const { spec: out, plan } = applyPlanToSpecInputs(spec(), statefulPlan);
    expect(plan).toBe(statefulPlan);
    expect((out as any).updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
    expect((out as any).strategy).toBeUndefined();
  });

  test('applyPlanToSpecInputs plans a spec for the kind given', () => {
    const { plan } = applyPlanToSpecInputs(spec(), { appShutdownTimeout: 30 }, 'StatefulSet');
    expect(plan.workloadKind).toBe('StatefulSet');
  });

  test('applyPlanToWorkloadArgs with kind StatefulSet plans a StatefulSet from a spec', () => {
    const warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue(undefined);
    try {
      const args = applyPlanToWorkloadArgs({ kind: 'StatefulSet', spec: spec() }, { appShutdownTimeout: 30, rollout: { partition: 1 } });
      expect((args.spec as any).updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 1 } });
    } finally {
      warn.mockRestore();
    }
  });

  test('a StatefulSet plan for args of kind Deployment is refused', () => {
    expect(() => applyPlanToWorkloadArgs({ kind: 'Deployment', spec: spec() }, statefulPlan)).toThrow(/the workload is a Deployment/);
  });
});

describe('invalid input throws before any resource is registered', () => {
  const attempt = (args: Partial<GracefulStatefulSetArgs>, shutdown: ShutdownSpec = { appShutdownTimeout: 30 }) => {
    const before = registered.length;
    let error: unknown;
    try {
      new GracefulStatefulSet(`bad-${++seq}`, { containers: [DB], ...args, shutdown });
    } catch (e) {
      error = e;
    }
    expect(registered.length).toBe(before);
    expect(error).toBeInstanceOf(GracefulConfigError);
    return error as GracefulConfigError;
  };

  test('maxSurge in the spec is refused: a StatefulSet has no surge', () => {
    expect(attempt({}, { appShutdownTimeout: 30, rollout: { maxSurge: 1 } }).field).toBe('rollout.maxSurge');
  });

  test('StatefulSet maxUnavailable on kubernetesVersion 1.30 is refused', () => {
    expect(attempt({}, { appShutdownTimeout: 30, rollout: { maxUnavailable: 2 } }).message).toContain('MaxUnavailableStatefulSet');
  });

  test('headless Service options together with serviceName are refused', () => {
    expect(attempt({ serviceName: 'db-peers', headlessService: { ports: [] } }).field).toBe('headlessService');
  });

  test('an unknown headlessService choice is refused, naming the choices', () => {
    expect(attempt({ headlessService: 'yes' as 'auto' }).message).toContain("must be 'auto', 'none' or");
  });
});
