/**
 * A unit test of this program under Pulumi's mocks: no cluster, no Pulumi CLI, no cloud credentials.
 * `npm test` type-checks the project and runs this file with Node's test runner (through tsx). Copy it
 * next to your own program and change the expectations: the mocks record every resource the program
 * registers, with the inputs the engine would receive.
 */
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as pulumi from '@pulumi/pulumi';

interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: any;
}

const registered: Registered[] = [];

// The mocks must be set before the program is imported: importing it registers its resources.
void pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  },
  'graceful-k8s-pulumi-example',
  'test',
);

/** The inputs of the resource of this type and name. */
function inputsOf(type: string, name: string): any {
  const resource = registered.find((r) => r.type === type && r.name === name);
  assert.ok(resource, `${type} ${name} was not registered; registered: ${registered.map((r) => `${r.type} ${r.name}`).join(', ')}`);
  return resource.inputs;
}

/** The value of an Output, once the mocked engine resolved it. */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

let program: typeof import('./index.js');

before(async () => {
  program = await import('./index.js');
  // The stack outputs resolve once the resources they come from are registered.
  await Promise.all([valueOf(program.checkoutService), valueOf(program.chatTerminationGracePeriodSeconds)]);
});

test('checkout: a 10 s drain and a 30 s app shutdown give a 45 s grace period and a native 10 s preStop sleep', () => {
  const deployment = inputsOf('kubernetes:apps/v1:Deployment', 'checkout');
  const pod = deployment.spec.template.spec;
  assert.equal(pod.terminationGracePeriodSeconds, 10 + 30 + 5);
  assert.deepEqual(pod.containers[0].lifecycle.preStop, { sleep: { seconds: 10 } });
  assert.deepEqual(deployment.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
  assert.equal(program.checkoutTerminationGracePeriodSeconds, 45);
});

test('checkout: the Service and the PodDisruptionBudget select exactly the Deployment\'s pods; unready pods do not block a node drain', () => {
  const selector = inputsOf('kubernetes:apps/v1:Deployment', 'checkout').spec.selector.matchLabels;
  assert.deepEqual(inputsOf('kubernetes:core/v1:Service', 'checkout').spec.selector, selector);
  const budget = inputsOf('kubernetes:policy/v1:PodDisruptionBudget', 'checkout').spec;
  assert.deepEqual(budget, { maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
});

test('chat: the one-line adoption on a 1.27 distroless image copies a static sleep and covers the 30 min connection budget', async () => {
  const pod = inputsOf('kubernetes:apps/v1:Deployment', 'chat').spec.template.spec;
  assert.equal(pod.terminationGracePeriodSeconds, 5 + 1800 + 5);
  assert.equal(await valueOf(program.chatTerminationGracePeriodSeconds), 1810);
  assert.deepEqual(pod.containers[0].lifecycle.preStop, { exec: { command: ['/graceful-k8s/bin/busybox', 'sleep', '5'] } });
  assert.equal(pod.initContainers[0].name, 'graceful-k8s-copy-sleep');
});
