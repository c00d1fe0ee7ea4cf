// The TypeScript twin of web_api.py: the same spec, for the Python parity test (test/python/test_parity.py).
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { GracefulDeployment } from 'graceful-k8s-cdk8s-plus-34';

const app = new App();
const chart = new Chart(app, 'web-api');
const api = new GracefulDeployment(chart, 'api', {
  replicas: 3,
  containers: [{ image: 'ghcr.io/example/api:1.4.2', portNumber: 8080 }],
  shutdown: { appShutdownTimeout: Duration.seconds(30) },
});
api.exposeViaService();
app.synth();
