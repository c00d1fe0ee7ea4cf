/**
 * A Pulumi program with two workloads that shut down without dropping requests:
 *
 * - `checkout`, a new HTTP service, written with the `GracefulDeployment` component (a Deployment,
 *   a Service and a PodDisruptionBudget over the same pods);
 * - `chat`, an existing WebSocket Deployment in a distroless image on a 1.27 cluster, adopting the
 *   plan in one line with `applyPlanToWorkloadArgs`.
 *
 * A complete Pulumi TypeScript project (Pulumi.yaml, package.json, tsconfig.json): `npm test` runs
 * index.test.ts under Pulumi's mocks, `pulumi up` deploys it (steps in docs/pulumi.md). The repository's
 * own tests run it under mocks too (test/pulumi/example.test.ts) and install it from the packed package
 * (test/e2e/consumer/).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { GracefulDeployment, applyPlanToWorkloadArgs } from 'graceful-k8s/pulumi';

const config = new pulumi.Config();
const namespace = new k8s.core.v1.Namespace('shop', { metadata: { name: 'shop' } });

const checkout = new GracefulDeployment('checkout', {
  namespace: namespace.metadata.name,
  replicas: 3,
  containers: [
    {
      name: 'checkout',
      image: config.get('checkoutImage') ?? 'registry.example.com/shop/checkout:2.4.1',
      ports: [{ containerPort: 8080 }],
      readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
      livenessProbe: { httpGet: { path: '/live', port: 8080 }, periodSeconds: 10, failureThreshold: 6 },
    },
  ],
  shutdown: {
    appShutdownTimeout: '30s', // the server's own shutdown timeout
    drainDelay: '10s', // kube-proxy + ingress-nginx reload
  },
  service: { ports: [{ port: 80, targetPort: 8080 }] },
  // and, by default, a PodDisruptionBudget with the plan's maxUnavailable (3 replicas >= 2)
});

const chatLabels = { app: 'chat' };
const chat = new k8s.apps.v1.Deployment(
  'chat',
  applyPlanToWorkloadArgs(
    {
      metadata: { namespace: namespace.metadata.name },
      spec: {
        replicas: 4,
        selector: { matchLabels: chatLabels },
        template: {
          metadata: { labels: chatLabels },
          spec: {
            containers: [
              {
                name: 'chat',
                image: 'registry.example.com/shop/chat:1.8.0', // FROM gcr.io/distroless/static-debian12
                ports: [{ containerPort: 9000 }],
                readinessProbe: { tcpSocket: { port: 9000 } },
              },
            ],
          },
        },
      },
    },
    {
      appShutdownTimeout: '10s',
      longConnectionBudget: '30m', // a chat session may run this long after SIGTERM
      kubernetesVersion: '1.27',
      image: 'distroless',
    },
  ),
);

export const checkoutTerminationGracePeriodSeconds = checkout.plan.terminationGracePeriodSeconds;
export const checkoutTimeline = checkout.plan.explain();
export const checkoutService = checkout.service!.metadata.name;
export const chatTerminationGracePeriodSeconds = chat.spec.template.spec.terminationGracePeriodSeconds;
