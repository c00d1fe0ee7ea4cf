/**
 * A Spring Boot service found through a Nacos registry whose clients cache instances for 30 s and
 * refresh within 5 s more. preStop first disables the instance in Nacos (at most 5 s), then waits
 * the 35 s cache lag; Spring's graceful shutdown phase takes up to 30 s. The seeds' hand-written
 * config had a 60 s grace period for that work; the plan gives 75 s (5 + 35 + 30 + 5 s margin) and
 * tells Spring the same 30 s.
 */
import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { GracefulDeployment } from 'graceful-k8s/cdk8s-plus-27';

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
          securityContext: { user: 1000, group: 1000 },
        },
      ],
      shutdown: {
        appShutdownTimeout: '30s',
        framework: 'spring-boot', // SERVER_SHUTDOWN=graceful, SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE=30s
        traffic: [
          'kube-proxy',
          // Nacos client cache 30 s + refresh: the drain delay becomes 35 s
          { kind: 'nacos', serverAddr: 'nacos.infra:8848', serviceName: 'orders', port: 8080, namespaceId: 'production' },
        ],
      },
    });
  }
}
