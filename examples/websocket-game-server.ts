/**
 * A WebSocket game server: a round lasts up to 30 minutes and players of a room share one pod, so a
 * terminating pod keeps its connections until the round ends (long-connection budget 30 min).
 */
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { GracefulDeployment } from 'graceful-k8s/cdk8s-plus-27';

export class WebSocketGameServerChart extends Chart {
  public readonly deployment: GracefulDeployment;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deployment = new GracefulDeployment(this, 'rooms', {
      replicas: 6,
      containers: [
        {
          name: 'rooms',
          image: 'registry.example.com/games/rooms:5.3.0',
          portNumber: 7000,
          readiness: kplus.Probe.fromTcpSocket({ port: 7000 }),
          securityContext: { user: 1000, group: 1000 },
        },
      ],
      shutdown: {
        appShutdownTimeout: '10s', // plain HTTP requests
        longConnectionBudget: '30m', // the longest game round
        drainDelay: '5s',
      },
    });
  }
}
