// The TypeScript twin of game_server.py: the same spec, for the Python parity test (test/python/test_parity.py).
import { App, Chart, Duration } from 'cdk8s';
import { GracefulDeployment, PodCount, Traffic } from 'graceful-k8s-cdk8s-plus-34';

const app = new App();
const chart = new Chart(app, 'game');
const server = new GracefulDeployment(chart, 'rounds', {
  replicas: 4,
  containers: [{ image: 'ghcr.io/example/game:7.0.1', portNumber: 7777 }],
  shutdown: {
    appShutdownTimeout: Duration.seconds(20),
    longConnectionBudget: Duration.minutes(30),
    traffic: [Traffic.kubeProxy(), Traffic.awsNlb()],
    rollout: { maxSurge: PodCount.absolute(1) },
  },
});
server.exposeViaService({ ports: [{ port: 443, targetPort: 7777 }] });
app.synth();
