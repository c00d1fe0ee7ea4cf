/**
 * A Go API in a distroless image (no shell, no sleep binary) on a Kubernetes 1.27 cluster, where the
 * native preStop sleep does not exist yet: the plan copies a static busybox into an emptyDir with
 * a hardened init container and execs it from preStop.
 */
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { GracefulDeployment } from 'graceful-k8s/cdk8s-plus-27';

export class DistrolessGoApiChart extends Chart {
  public readonly deployment: GracefulDeployment;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deployment = new GracefulDeployment(this, 'api', {
      replicas: 4,
      containers: [
        {
          name: 'api',
          image: 'registry.example.com/payments/api:1.12.0', // FROM gcr.io/distroless/static-debian12:nonroot
          portNumber: 8080,
          readiness: kplus.Probe.fromHttpGet('/readyz', { port: 8080 }),
          liveness: kplus.Probe.fromHttpGet('/livez', { port: 8080, failureThreshold: 6 }),
          securityContext: { user: 65532, group: 65532 },
        },
      ],
      shutdown: {
        appShutdownTimeout: '15s', // Server.Shutdown(ctx) with a 15 s context
        drainDelay: '10s', // kube-proxy + ingress-nginx reload
        kubernetesVersion: '1.27',
        image: 'distroless',
      },
    });
  }
}
