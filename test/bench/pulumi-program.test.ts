import { countRuntimeWork, installRecordingMocks, runPulumiProgram } from '../../bench/pulumi-program';

const registered = installRecordingMocks();
const DEPLOYMENT = 'kubernetes:apps/v1:Deployment';
const PDB = 'kubernetes:policy/v1:PodDisruptionBudget';
const COMPONENT = 'graceful-k8s:index:GracefulDeployment';

/** Runs one variant and returns what the mocked engine registered for it (PDBs included). */
async function registeredBy(variant: Parameters<typeof runPulumiProgram>[0], n: number) {
  const before = registered.length;
  await runPulumiProgram(variant, n, variant);
  for (let turn = 0; turn < 100 && registered.slice(before).filter((r) => r.type === PDB).length < n; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  return registered.slice(before);
}

describe('the Pulumi benchmark compares like with like', () => {
  test('raw, applyPlanToWorkloadArgs, GracefulDeployment and the hand-written component register Deployments and PodDisruptionBudgets with identical inputs', async () => {
    const raw = await registeredBy('raw', 2);
    const transformed = await registeredBy('with-shutdown-plan', 2);
    const component = await registeredBy('graceful', 2);
    const ownComponent = await registeredBy('own-component', 2);
    const inputsOf = (resources: typeof raw, type: string) =>
      resources.filter((r) => r.type === type).sort((a, b) => a.name.localeCompare(b.name)).map((r) => r.inputs);
    for (const type of [DEPLOYMENT, PDB]) {
      expect(inputsOf(raw, type)).toHaveLength(2);
      expect(inputsOf(transformed, type)).toEqual(inputsOf(raw, type));
      expect(inputsOf(component, type)).toEqual(inputsOf(raw, type));
      expect(inputsOf(ownComponent, type)).toEqual(inputsOf(raw, type));
    }
  });

  test('the raw baseline carries the plan\'s numbers: 40 s grace and an exec sleep 5 preStop', async () => {
    const [deployment] = (await registeredBy('raw', 1)).filter((r) => r.type === DEPLOYMENT);
    const podSpec = deployment.inputs.spec.template.spec;
    expect(podSpec.terminationGracePeriodSeconds).toBe(40);
    expect(podSpec.containers[0].lifecycle.preStop).toEqual({ exec: { command: ['sleep', '5'] } });
  });

  test('GracefulDeployment registers one component on top of each Deployment and PodDisruptionBudget; the raw variants no component', async () => {
    const types = (resources: Awaited<ReturnType<typeof registeredBy>>) => resources.map((r) => r.type).sort();
    expect(types(await registeredBy('graceful', 3))).toEqual([...Array(3).fill(DEPLOYMENT), ...Array(3).fill(COMPONENT), ...Array(3).fill(PDB)].sort());
    expect(types(await registeredBy('raw', 3))).toEqual([...Array(3).fill(DEPLOYMENT), ...Array(3).fill(PDB)].sort());
  });
});

describe('the Pulumi runtime work per workload, counted', () => {
  test('GracefulDeployment costs the runtime exactly what a hand-written component around the same two resources costs', async () => {
    const graceful = await countRuntimeWork('graceful', 3, registered);
    const ownComponent = await countRuntimeWork('own-component', 3, registered);
    expect(graceful.resources).toBe(3);
    expect(ownComponent.resources).toBe(3);
    expect(graceful.runtimePromises).toBe(ownComponent.runtimePromises);
  });

  test('a component costs the runtime more than the raw Deployment and budget alone; applyPlanToWorkloadArgs costs nothing more', async () => {
    const raw = await countRuntimeWork('raw', 3, registered);
    const transformed = await countRuntimeWork('with-shutdown-plan', 3, registered);
    const ownComponent = await countRuntimeWork('own-component', 3, registered);
    expect(raw.resources).toBe(2);
    expect(transformed).toEqual({ ...raw, variant: 'with-shutdown-plan' });
    expect(ownComponent.runtimePromises).toBeGreaterThan(raw.runtimePromises);
  });
});
