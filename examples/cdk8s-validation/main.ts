// A cdk8s app whose `cdk8s synth` runs the graceful-k8s audit as a validation plugin (cdk8s.yaml, docs/cdk8s-validation.md).
// EXAMPLE_WORKLOAD=hand-written synthesizes a plain cdk8s-plus-34 Deployment behind a Service, without a preStop:
// synth reports no-prestop-drain [error] with the construct path and exits 2. The default, a GracefulDeployment
// of the same app, passes.
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { GracefulDeployment, Traffic } from 'graceful-k8s/cdk8s-plus-34';

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
const container = {
  name: 'orders',
  image: 'registry.example.com/shop/orders:2.7.1',
  portNumber: 8080,
  readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
  securityContext: { user: 1000, group: 1000 },
};

if (process.env.EXAMPLE_WORKLOAD === 'hand-written') {
  const orders = new kplus.Deployment(chart, 'orders', { replicas: 3, containers: [container] });
  orders.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
} else {
  const orders = new GracefulDeployment(chart, 'orders', {
    replicas: 3,
    containers: [container],
    shutdown: { appShutdownTimeout: Duration.seconds(30), traffic: [Traffic.kubeProxy()] },
  });
  orders.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
}
app.synth();
