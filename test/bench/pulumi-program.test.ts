import { installRecordingMocks, runPulumiProgram } from '../../bench/pulumi-program';

const registered = installRecordingMocks();
const DEPLOYMENT = 'kubernetes:apps/v1:Deployment';

/** Runs one variant and returns what the mocked engine registered for it. */
async function registeredBy(variant: Parameters<typeof runPulumiProgram>[0], n: number) {
  const before = registered.length;
  await runPulumiProgram(variant, n, variant);
  return registered.slice(before);
}

describe('the Pulumi benchmark compares like with like', () => {
  test('raw, withShutdownPlan and GracefulDeployment register Deployments with identical inputs', async () => {
    const raw = await registeredBy('raw', 2);
    const transformed = await registeredBy('with-shutdown-plan', 2);
    const component = await registeredBy('graceful', 2);
    const inputsOf = (resources: typeof raw) => resources.filter((r) => r.type === DEPLOYMENT).map((r) => r.inputs);
    expect(inputsOf(raw)).toHaveLength(2);
    expect(inputsOf(transformed)).toEqual(inputsOf(raw));
    expect(inputsOf(component)).toEqual(inputsOf(raw));
  });

  test('the raw baseline carries the plan\'s numbers: 40 s grace and an exec sleep 5 preStop', async () => {
    const [deployment] = (await registeredBy('raw', 1)).filter((r) => r.type === DEPLOYMENT);
    const podSpec = deployment.inputs.spec.template.spec;
    expect(podSpec.terminationGracePeriodSeconds).toBe(40);
    expect(podSpec.containers[0].lifecycle.preStop).toEqual({ exec: { command: ['sleep', '5'] } });
  });

  test('GracefulDeployment registers one component per Deployment; the raw variants register Deployments only', async () => {
    const types = (resources: Awaited<ReturnType<typeof registeredBy>>) => resources.map((r) => r.type).sort();
    expect(types(await registeredBy('graceful', 3))).toEqual([...Array(3).fill(DEPLOYMENT), ...Array(3).fill('graceful-k8s:index:GracefulDeployment')].sort());
    expect(types(await registeredBy('raw', 3))).toEqual(Array(3).fill(DEPLOYMENT));
  });
});
