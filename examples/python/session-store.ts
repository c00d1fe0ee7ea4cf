// The TypeScript twin of session_store.py: the same spec, for the Python parity test (test/python/test_parity.py).
import { App, Chart, Duration } from 'cdk8s';
import { GracefulStatefulSet, Traffic } from 'graceful-k8s-cdk8s-plus-34';

const app = new App();
const chart = new Chart(app, 'sessions');
new GracefulStatefulSet(chart, 'store', {
  replicas: 3,
  containers: [{ image: 'ghcr.io/example/sessions:2.1.0', portNumber: 6379 }],
  shutdown: {
    appShutdownTimeout: Duration.seconds(60),
    longConnectionBudget: Duration.minutes(5),
    traffic: [Traffic.kubeProxy()],
  },
});
app.synth();
