import { buildCdk8sApp } from '../../bench/cdk8s-workloads';

/** The manifests of the benchmark's one chart, as cdk8s synthesizes them. */
function manifestsOf(variant: Parameters<typeof buildCdk8sApp>[0], n: number): any[] {
  return buildCdk8sApp(variant, n).charts[0].toJson();
}

const podSpecOf = (manifest: any) => manifest.spec.template.spec;

describe('the cdk8s benchmark compares like with like', () => {
  test('the hand-written baseline synthesizes exactly the manifests GracefulDeployment does (exec sleep on 1.27, PDB included)', () => {
    const handWritten = manifestsOf('hand-written', 3);
    const graceful = manifestsOf('graceful', 3);
    expect(handWritten.map((m) => m.kind)).toEqual(['Deployment', 'PodDisruptionBudget', 'Deployment', 'PodDisruptionBudget', 'Deployment', 'PodDisruptionBudget']);
    expect(handWritten).toEqual(graceful);
  });

  test('the baseline carries the plan\'s numbers: 40 s grace, exec sleep 5 preStop, 25% surge and no unavailable pod', () => {
    const [manifest, pdb] = manifestsOf('hand-written', 1);
    expect(pdb.spec.maxUnavailable).toBe(1);
    const container = podSpecOf(manifest).containers[0];
    expect(podSpecOf(manifest).terminationGracePeriodSeconds).toBe(40);
    expect(container.lifecycle.preStop).toEqual({ exec: { command: ['sleep', '5'] } });
    expect(container.env.map((e: any) => e.name)).toEqual(['POD_IP', 'POD_NAME', 'POD_NAMESPACE', 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS']);
    expect(manifest.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    expect(manifest.spec.minReadySeconds).toBe(0);
    expect(manifest.spec.progressDeadlineSeconds).toBe(600);
  });

  test('the native variant differs from the baseline only in the preStop action: sleep instead of exec', () => {
    const [native] = manifestsOf('graceful-native', 1);
    const [handWritten] = manifestsOf('hand-written', 1);
    expect(podSpecOf(native).containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
    podSpecOf(native).containers[0].lifecycle.preStop = podSpecOf(handWritten).containers[0].lifecycle.preStop;
    expect(native).toEqual(handWritten);
  });

  test('each of the n Deployments gets its own name and image', () => {
    const manifests = manifestsOf('graceful', 4).filter((m) => m.kind === 'Deployment');
    expect(new Set(manifests.map((m) => m.metadata.name)).size).toBe(4);
    expect(manifests.map((m) => podSpecOf(m).containers[0].image)).toEqual([0, 1, 2, 3].map((i) => `registry.example/app-${i}:1.0.0`));
  });
});
