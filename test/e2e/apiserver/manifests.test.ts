/**
 * Every example and a generated matrix of specs, applied server-side to real API servers, read back
 * and compared: with every field as sent (nothing dropped, nothing changed), and on every field the
 * plan controls against the plan itself. Plus what a server does that a schema cannot show:
 * lifecycle.stopSignal dropped without the ContainerStopSignals gate (1.33+, alpha and off by default
 * through 1.37) and refused as an unknown field before 1.33; and the Deployment controller creating
 * the ReplicaSet from the planned template and reporting the Deployment's conditions.
 *
 * Needs: the cluster in KUBECONFIG, or else starts one control plane per minor of
 * GRACEFUL_K8S_E2E_MINORS (default: every minor from 1.30 to 1.37) with scripts/control-plane.sh,
 * building it from the Go module proxy on first use (see test/e2e/README.md for times).
 * Prints one line per server: `e2e: kube-apiserver v1.N.P: K objects applied and read back intact`.
 */
import { randomBytes } from 'node:crypto';
import {
  applyServerSide,
  CONTROLLER_MINORS,
  deleteNamespace,
  kubectl,
  readBack,
  selectedMinors,
  startCluster,
  stopCluster,
  userCluster,
  usingUserCluster,
  type Cluster,
} from './cluster';
import { exampleCases, lineCases, matrixCases, stopSignalCase, type ManifestCase } from './manifest-cases';
import { expectCompanionsPlanned, expectIntact, expectPlanApplied, expectTemplatePlanned } from './read-back';
import { STOP_SIGNAL_MINOR } from '../../../src/core';

/** Building a cold control plane takes many minutes on two cores; starting a warm one seconds. */
const START_TIMEOUT_MS = 90 * 60_000;
const CASES: readonly ManifestCase[] = [...exampleCases(), ...matrixCases(), ...lineCases()];

interface Stage {
  /** What the stage is called before its server answers: `1.30`, or `the cluster in KUBECONFIG`. */
  readonly label: string;
  readonly minor: number;
  readonly start: () => Promise<Cluster>;
  /** Whether a controller manager runs (ours for CONTROLLER_MINORS; a user's cluster has one). */
  readonly controllers: boolean;
  /** Whether the server's feature gates are the release defaults (known only for our own). */
  readonly defaultGates: boolean;
}

function stages(): Stage[] {
  if (usingUserCluster()) {
    const cluster = userCluster();
    return [{ label: `the cluster in KUBECONFIG (${cluster.version})`, minor: cluster.minor, start: async () => cluster, controllers: true, defaultGates: false }];
  }
  return selectedMinors().map((minor) => {
    const controllers = CONTROLLER_MINORS.includes(minor);
    return {
      label: minor,
      minor: Number(minor.split('.')[1]),
      start: () => startCluster(minor, { controllerManager: controllers }),
      controllers,
      defaultGates: true,
    };
  });
}

/** `Kind/name` of a synthesized object. */
function keyOf(object: any): string {
  return `${object.kind}/${object.metadata.name}`;
}

describe.each(stages())('kube-apiserver $label', (stage) => {
  const cases = CASES.filter((c) => c.minMinor <= stage.minor);
  const namespace = `graceful-k8s-e2e-${randomBytes(3).toString('hex')}`;
  let cluster: Cluster | undefined;
  let errors = '';
  let stored = new Map<string, any>();
  let intact = 0;
  /** Namespaces made on the server (deleted afterwards on a user's cluster). */
  const namespaces = [namespace];

  beforeAll(async () => {
    cluster = await stage.start();
    ({ errors } = await applyServerSide(cluster, namespace, cases.flatMap((c) => c.manifests)));
    stored = await readBack(cluster, namespace);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    const total = cases.reduce((n, c) => n + c.manifests.length, 0);
    if (cluster) {
      const verdict = intact === total ? `${total} objects applied and read back intact` : `only ${intact} of ${total} objects read back intact`;
      process.stdout.write(`e2e: kube-apiserver ${cluster.version}: ${verdict}\n`);
      if (!cluster.stateDir) {
        for (const ns of namespaces) await deleteNamespace(cluster, ns);
      }
    }
    await stopCluster(cluster);
  }, 120_000);

  test('the server accepts every object (strict field validation)', () => {
    expect(errors).toBe('');
  });

  test.each(cases.map((c) => [c.title, c]))('%s: every object comes back as sent, with the planned fields', (_title, c) => {
    for (const sent of c.manifests) {
      const object = stored.get(keyOf(sent));
      expect(object).toBeDefined();
      expectIntact(sent, object);
    }
    const workload = c.manifests.find((m) => m.kind === c.workloadKind);
    expectPlanApplied(stored.get(keyOf(workload)), c.plan, c.workloadKind);
    expectCompanionsPlanned(c.manifests.map((m) => stored.get(keyOf(m))), c.plan);
    intact += c.manifests.length;
  });

  if (stage.defaultGates && stage.minor >= STOP_SIGNAL_MINOR) {
    // pkg/api/pod/util.go dropContainerStopSignals (1.33+): without the ContainerStopSignals gate
    // (alpha, off by default: pkg/features/kube_features.go) the field is wiped from new pod specs,
    // silently, and an empty lifecycle with it. The rest of the pod spec stays.
    test('lifecycle.stopSignal is dropped silently without the ContainerStopSignals gate; preStop and spec.os stay', async () => {
      const c = stopSignalCase();
      const ns = `${namespace}-signal`;
      namespaces.push(ns);
      expect(c.plan.stopSignal).toBe('SIGQUIT');
      // The planner warns about exactly this drop.
      expect(c.plan.warnings.map((w) => w.code)).toContain('stop-signal-alpha');
      expect((await applyServerSide(cluster!, ns, c.manifests)).errors).toBe('');
      const deployment = (await readBack(cluster!, ns)).get(keyOf(c.manifests.find((m) => m.kind === 'Deployment')));
      const container = deployment.spec.template.spec.containers[0];
      expect(container.lifecycle.stopSignal).toBeUndefined();
      expect(container.lifecycle.preStop).toEqual(c.plan.preStop);
      expect(deployment.spec.template.spec.os).toEqual({ name: 'linux' });
    });
  }

  if (stage.minor < STOP_SIGNAL_MINOR) {
    // Before 1.33 the field does not exist in the API (k8s.io/api core/v1 Lifecycle has no StopSignal);
    // kubectl asks for strict field validation, so server-side apply refuses the object ("field not
    // declared in schema", structured-merge-diff typed patch) instead of dropping the field.
    test('lifecycle.stopSignal is refused as an unknown field under strict validation', async () => {
      const c = stopSignalCase();
      namespaces.push(`${namespace}-signal`);
      const { errors: refused } = await applyServerSide(cluster!, `${namespace}-signal`, c.manifests);
      expect(refused).toMatch(/lifecycle\.stopSignal: field not declared in schema/);
    });
  }

  if (stage.controllers) {
    // pkg/controller/deployment: sync.go getNewReplicaSet copies the Deployment's template (plus the
    // pod-template-hash label) and minReadySeconds into a new ReplicaSet and sets Progressing
    // (NewReplicaSetCreated); sync.go calculateStatus sets Available=False (MinimumReplicasUnavailable)
    // while fewer than replicas - maxUnavailable pods are available (none can be: there are no nodes);
    // progress.go syncRolloutStatus keeps Progressing up to date.
    test('the Deployment controller creates each ReplicaSet from the planned template and reports the conditions', async () => {
      const deployments = cases.filter((c) => c.workloadKind === 'Deployment');
      // Available comes with the first status sync (calculateStatus), after Progressing
      // (getNewReplicaSet sets NewReplicaSetCreated first): wait on the later one.
      await kubectl(cluster!.kubeconfig, ['wait', '-n', namespace, '--for=condition=Available=False', '--all', 'deployments.apps', '--timeout=600s']);
      const objects = await readBack(cluster!, namespace);
      const replicaSets = [...objects.values()].filter((o) => o.kind === 'ReplicaSet');
      for (const c of deployments) {
        const deployment = objects.get(keyOf(c.manifests.find((m) => m.kind === 'Deployment')));
        const owned = replicaSets.filter((rs) => rs.metadata.ownerReferences?.some((o: any) => o.uid === deployment.metadata.uid));
        expect(owned).toHaveLength(1);
        const [rs] = owned;
        expectTemplatePlanned(rs.spec.template, c.plan);
        expect(rs.spec.template.spec).toEqual(deployment.spec.template.spec);
        expect(rs.spec.minReadySeconds ?? 0).toBe(c.plan.rollout.minReadySeconds);
        const conditions = Object.fromEntries(deployment.status.conditions.map((k: any) => [k.type, k]));
        expect(conditions.Available).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
        expect(conditions.Progressing.status).toBe('True');
        expect(['NewReplicaSetCreated', 'FoundNewReplicaSet', 'ReplicaSetUpdated']).toContain(conditions.Progressing.reason);
      }
    }, 15 * 60_000);
  }
});
