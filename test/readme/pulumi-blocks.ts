/**
 * The Pulumi outputs of docs/pulumi.md: that page's programs run under Pulumi's mocks, in this process. The mocks
 * are set once, before the adapter is imported; every registered resource is recorded with its inputs.
 */
import * as pulumi from '@pulumi/pulumi';
import { compactJson } from './compact-json';

interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: any;
}

const registered: Registered[] = [];
let mocksSet = false;

async function pulumiAdapter(): Promise<typeof import('../../src/pulumi')> {
  if (!mocksSet) {
    mocksSet = true;
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      'graceful-k8s-readme',
      'readme',
    );
  }
  return import('../../src/pulumi');
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** docs/pulumi.md's checkout container. */
const CHECKOUT_CONTAINER = {
  name: 'checkout',
  image: 'registry.example.com/shop/checkout:2.4.1',
  ports: [{ containerPort: 8080 }],
  readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
};

/** docs/pulumi.md's component, registered once (under the name `checkout`). */
let checkout: Promise<{ resources: Registered[] }> | undefined;
function checkoutProgram(): Promise<{ resources: Registered[] }> {
  checkout ??= (async () => {
    const { GracefulDeployment } = await pulumiAdapter();
    const component = new GracefulDeployment('checkout', {
      replicas: 3,
      containers: [CHECKOUT_CONTAINER],
      shutdown: { appShutdownTimeout: '30s', traffic: ['alibaba-clb'] },
      service: { ports: [{ port: 80, targetPort: 8080 }] },
    });
    await Promise.all([valueOf(component.deployment.urn), valueOf(component.service!.urn), valueOf(component.podDisruptionBudget!.urn)]);
    return { resources: registered.filter((r) => r.name === 'checkout') };
  })();
  return checkout;
}

function inputsOf(resources: Registered[], type: string): any {
  return resources.find((r) => r.type === type)!.inputs;
}

/** docs/pulumi.md's `applyPlanToWorkloadArgs` example: an existing WebSocket Deployment in a distroless image on 1.27. */
async function withShutdownPlanSummary(): Promise<string> {
  const { applyPlanToWorkloadArgs } = await pulumiAdapter();
  const labels = { app: 'chat' };
  const existingArgs = {
    spec: {
      replicas: 4,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'chat', image: 'registry.example.com/shop/chat:1.8.0', ports: [{ containerPort: 9000 }], readinessProbe: { tcpSocket: { port: 9000 } } }] },
      },
    },
  };
  const args: any = applyPlanToWorkloadArgs(existingArgs, {
    appShutdownTimeout: '10s',
    longConnectionBudget: '30m',
    kubernetesVersion: '1.27',
    image: 'distroless',
  });
  const pod = args.spec.template.spec;
  const summary = {
    terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
    preStop: pod.containers[0].lifecycle.preStop,
    initContainers: pod.initContainers.map((c: any) => `${c.name} (${c.image})`),
    volumes: pod.volumes,
    strategy: args.spec.strategy,
    minReadySeconds: args.spec.minReadySeconds,
  };
  return compactJson(summary);
}

/** What `pulumi.log.warn` receives for a component with a drain delay below its router's lag and one replica. */
async function warnings(): Promise<string> {
  const { GracefulDeployment } = await pulumiAdapter();
  const lines: string[] = [];
  const warn = pulumi.log.warn;
  pulumi.log.warn = async (message: string) => {
    lines.push(`warning: ${message}`);
  };
  try {
    const component = new GracefulDeployment('checkout-warned', {
      replicas: 1,
      containers: [CHECKOUT_CONTAINER],
      shutdown: { appShutdownTimeout: '30s', drainDelay: '10s', traffic: ['alibaba-clb'] },
    });
    await valueOf(component.deployment.urn);
  } finally {
    pulumi.log.warn = warn;
  }
  return lines.join('\n');
}

/** The error of a pinned grace period below the plan's, and how many resources were registered after it. */
async function configError(): Promise<string> {
  const { GracefulDeployment } = await pulumiAdapter();
  const before = registered.length;
  try {
    new GracefulDeployment('checkout-too-short', {
      containers: [CHECKOUT_CONTAINER],
      shutdown: { appShutdownTimeout: '30s', drainDelay: '35s', safetyMargin: 0, terminationGracePeriod: '60s' },
    });
    throw new Error('the component did not refuse a grace period below the plan');
  } catch (error) {
    return `${String(error)}\nresources registered after the error: ${registered.length - before}`;
  }
}

/** The body of a `pulumi NAME` output block. */
export async function pulumiBlock(name: string): Promise<string> {
  switch (name) {
    case 'checkout-resources':
      return (await checkoutProgram()).resources.map((r) => `${r.type} ${r.name}`).join('\n');
    case 'checkout-service-and-budget': {
      const { resources } = await checkoutProgram();
      const service = inputsOf(resources, 'kubernetes:core/v1:Service');
      const budget = inputsOf(resources, 'kubernetes:policy/v1:PodDisruptionBudget');
      return `${compactJson({ type: service.spec.type, annotations: service.metadata.annotations }, 60)}\n${JSON.stringify(budget.spec)}`;
    }
    case 'checkout-deployment-spec': {
      const { replicas: _replicas, selector: _selector, ...spec } = inputsOf((await checkoutProgram()).resources, 'kubernetes:apps/v1:Deployment').spec;
      return compactJson(spec);
    }
    case 'with-shutdown-plan':
      return withShutdownPlanSummary();
    case 'warnings':
      return warnings();
    case 'config-error':
      return configError();
    default:
      throw new Error(`unknown Pulumi output block '${name}'`);
  }
}
