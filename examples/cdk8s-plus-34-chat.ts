/**
 * A chat service on cdk8s-plus-34 (graceful-k8s/cdk8s-plus-34, the jsii-ready props): the HTTP API as a
 * GracefulDeployment behind an AWS Application Load Balancer, and the chat rooms as a GracefulStatefulSet whose
 * members keep their WebSocket connections up to 10 minutes after the stop signal, rolled out as a canary (only the
 * highest ordinal is updated until the partition is lowered).
 */
import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import { Framework, GracefulDeployment, GracefulStatefulSet, Traffic } from 'graceful-k8s/cdk8s-plus-34';

export class Cdk8sPlus34ChatChart extends Chart {
  public readonly deployment: GracefulDeployment;
  public readonly statefulSet: GracefulStatefulSet;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deployment = new GracefulDeployment(this, 'api', {
      replicas: 3,
      containers: [{
        name: 'api',
        image: 'registry.example.com/chat/api:2.1.0',
        portNumber: 8080,
        readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
        securityContext: { user: 1000, group: 1000 },
      }],
      shutdown: {
        appShutdownTimeout: Duration.seconds(20),
        traffic: [Traffic.awsAlb()],
        framework: Framework.nodejs(),
      },
    });
    this.deployment.exposeViaIngress('/api');

    this.statefulSet = new GracefulStatefulSet(this, 'rooms', {
      replicas: 3,
      containers: [{
        name: 'rooms',
        image: 'registry.example.com/chat/rooms:2.1.0',
        portNumber: 7000,
        readiness: kplus.Probe.fromTcpSocket({ port: 7000 }),
        securityContext: { user: 1000, group: 1000 },
      }],
      // Canary: only rooms-2 gets a new template until the partition is lowered.
      strategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: 2 }),
      shutdown: {
        appShutdownTimeout: Duration.seconds(10),
        longConnectionBudget: Duration.minutes(10), // members reconnect to another room server within a round
        drainDelay: Duration.seconds(5),
      },
    });
  }
}
