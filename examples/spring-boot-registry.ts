/**
 * A Spring Boot service found through a Nacos registry whose clients cache instances for 30 s and
 * refresh within 5 s more: routers need 35 s to forget a pod (drain delay), and Spring's graceful
 * shutdown phase takes up to 30 s. The seeds' hand-written config had a 60 s grace period for
 * 35 s + 30 s of work; the plan gives 70 s (35 + 30 + 5 s margin).
 */
import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { GracefulDeployment } from 'graceful-k8s/cdk8s';

/** Spring's own shutdown phase timeout and the plan's appShutdownTimeout are the same number. */
const APP_SHUTDOWN = '30s';

export class SpringBootRegistryChart extends Chart {
  public readonly deployment: GracefulDeployment;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deployment = new GracefulDeployment(this, 'orders', {
      replicas: 3,
      containers: [
        {
          name: 'orders',
          image: 'registry.example.com/shop/orders:2.7.1',
          portNumber: 8080,
          readiness: kplus.Probe.fromHttpGet('/actuator/health/readiness', { port: 8080, periodSeconds: Duration.seconds(5) }),
          liveness: kplus.Probe.fromHttpGet('/actuator/health/liveness', { port: 8080, periodSeconds: Duration.seconds(10), failureThreshold: 6 }),
          envVariables: {
            SERVER_SHUTDOWN: kplus.EnvValue.fromValue('graceful'),
            SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE: kplus.EnvValue.fromValue(APP_SHUTDOWN),
          },
          securityContext: { user: 1000, group: 1000 },
        },
      ],
      shutdown: {
        appShutdownTimeout: APP_SHUTDOWN,
        drainDelay: '35s', // Nacos client cache 30 s + refresh
      },
    });
  }
}
