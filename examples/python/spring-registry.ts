// The TypeScript twin of spring_registry.py: the same spec, for the Python parity test (test/python/test_parity.py).
import { App, Chart, Duration } from 'cdk8s';
import { Framework, GracefulDeployment, Sidecar, Traffic } from 'graceful-k8s-cdk8s-plus-34';

const app = new App();
const chart = new Chart(app, 'registry');
new GracefulDeployment(chart, 'orders', {
  replicas: 2,
  containers: [{ image: 'ghcr.io/example/orders:3.2.0', portNumber: 8080 }],
  shutdown: {
    appShutdownTimeout: Duration.seconds(30),
    kubernetesVersion: '1.27',
    framework: Framework.springBoot(),
    sidecar: Sidecar.istio(),
    traffic: [Traffic.nacos({ serverAddr: 'nacos.infra:8848', serviceName: 'orders', port: 8080 })],
  },
});
app.synth();
