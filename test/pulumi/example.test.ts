import * as pulumi from '@pulumi/pulumi';
import { registered, registeredResource, valueOf } from './mocks';
import { COPIED_SLEEP } from '../../src/core';
import { GRACEFUL_DEPLOYMENT_TYPE } from '../../src/pulumi';
import { validateAgainstSchema } from '../helpers/schema';

// The program registers its resources when imported: import it once the mocks are set.
type Program = typeof import('../../examples/pulumi/index');

let program: Program;
let warn: jest.SpiedFunction<typeof pulumi.log.warn>;

beforeAll(async () => {
  warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue(undefined);
  program = await import('../../examples/pulumi/index');
  // the program's stack outputs resolve once every resource is registered
  await Promise.all([valueOf(program.checkoutService), valueOf(program.chatTerminationGracePeriodSeconds)]);
});
afterAll(() => warn.mockRestore());

test('examples/pulumi registers exactly its namespace, the component with three children, and the chat Deployment', () => {
  expect(registered.map((r) => `${r.type}/${r.name}`).sort()).toEqual([
    `${GRACEFUL_DEPLOYMENT_TYPE}/checkout`,
    'kubernetes:apps/v1:Deployment/chat',
    'kubernetes:apps/v1:Deployment/checkout',
    'kubernetes:core/v1:Namespace/shop',
    'kubernetes:core/v1:Service/checkout',
    'kubernetes:policy/v1:PodDisruptionBudget/checkout',
  ]);
  registered.filter((r) => r.type.startsWith('kubernetes:') && r.type !== 'kubernetes:core/v1:Namespace').forEach((r) => validateAgainstSchema(r.inputs));
});

test('checkout: a 10 s drain and 30 s shutdown give a 45 s grace period with a native 10 s sleep, in the shop namespace', async () => {
  const deployment = registeredResource('kubernetes:apps/v1:Deployment', 'checkout').inputs;
  const pod = deployment.spec.template.spec;
  expect(pod.terminationGracePeriodSeconds).toBe(45);
  expect(await valueOf(pulumi.output(program.checkoutTerminationGracePeriodSeconds))).toBe(45);
  expect(pod.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 10 } });
  expect(deployment.spec.minReadySeconds).toBe(0);
  expect(deployment.metadata.namespace).toBe('shop');
  expect(registeredResource('kubernetes:core/v1:Service', 'checkout').inputs.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  expect(program.checkoutTimeline).toContain('t=45s');
});

test('chat: the one-line adoption on 1.27 distroless copies a static sleep and covers a 30 min connection budget (5 + 1800 + 5 = 1810 s)', async () => {
  const pod = registeredResource('kubernetes:apps/v1:Deployment', 'chat').inputs.spec.template.spec;
  expect(pod.terminationGracePeriodSeconds).toBe(5 + 1800 + 5);
  expect(await valueOf(program.chatTerminationGracePeriodSeconds)).toBe(1810);
  expect(pod.containers[0].lifecycle.preStop).toEqual({ exec: { command: [COPIED_SLEEP.binary, 'sleep', '5'] } });
  expect(pod.initContainers.map((c: any) => c.name)).toEqual([COPIED_SLEEP.initContainerName]);
  expect(pod.containers[0].env).toContainEqual({ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '1800' });
});

test('the example logs no warning', () => {
  expect(warn).not.toHaveBeenCalled();
});
