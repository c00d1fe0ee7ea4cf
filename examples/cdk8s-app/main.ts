// A cdk8s app with one GracefulDeployment behind an AWS NLB: `npx cdk8s synth` writes dist/shop.k8s.yaml.
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { collectWarnings, GracefulDeployment } from 'graceful-k8s/cdk8s-plus-27';

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });

const orders = new GracefulDeployment(chart, 'orders', {
  replicas: 3,
  containers: [{
    image: 'registry.example.com/shop/orders:2.7.1',
    portNumber: 8080,
    readiness: kplus.Probe.fromHttpGet('/ready', { periodSeconds: Duration.seconds(5) }),
  }],
  shutdown: {
    appShutdownTimeout: '30s', // the app's own shutdown timeout
    traffic: ['aws-nlb'], // the drain delay is the NLB preset's deregistration lag
  },
});
// A Service of type LoadBalancer with the NLB's drain annotations (the type the annotations need).
orders.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });

for (const warning of collectWarnings(app)) console.error(`warning: ${warning}`);
app.synth();
