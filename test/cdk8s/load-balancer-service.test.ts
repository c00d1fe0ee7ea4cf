import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { GracefulDeployment } from '../../src/cdk8s-plus-27';
import { GracefulConfigError } from '../../src/core';
import { validateAgainstSchema } from '../helpers/schema';
import { APP_CONTAINER } from '../helpers/synth';

/** A GracefulDeployment with `traffic` in a fresh chart. */
function deploymentWith(traffic: Array<'aws-nlb' | 'aws-alb' | 'alibaba-clb' | 'kube-proxy'>): { chart: Chart; deployment: GracefulDeployment } {
  const chart = new Chart(Testing.app(), 'test');
  const deployment = new GracefulDeployment(chart, 'app', { containers: [APP_CONTAINER], shutdown: { appShutdownTimeout: 20, traffic } });
  return { chart, deployment };
}

describe('exposeViaService creates the Service type the load-balancer annotations need', () => {
  test('aws-nlb: the Service is of type LoadBalancer (a ClusterIP Service would carry NLB annotations no controller reads)', () => {
    const { chart, deployment } = deploymentWith(['aws-nlb']);
    deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    const service = Testing.synth(chart).find((m) => m.kind === 'Service');
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-nlb-target-type']).toBe('ip');
    validateAgainstSchema(service);
  });

  test('alibaba-clb: the Service is of type LoadBalancer, with the connection-drain annotations', () => {
    const { chart, deployment } = deploymentWith(['alibaba-clb']);
    deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    const service = Testing.synth(chart).find((m) => m.kind === 'Service');
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.metadata.annotations['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-connection-drain']).toBe('on');
  });

  test('an explicit serviceType the annotations cannot work on is an error naming the field, the value and the fix', () => {
    const { deployment } = deploymentWith(['kube-proxy', 'aws-nlb']);
    const expose = () => deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }], serviceType: kplus.ServiceType.CLUSTER_IP });
    expect(expose).toThrow(GracefulConfigError);
    expect(expose).toThrow(
      'exposeViaService.serviceType is ClusterIP but the aws-nlb annotations act only on a Service of type LoadBalancer; remove serviceType or set it to LoadBalancer',
    );
  });

  test('an explicit LoadBalancer is kept; routers without a load balancer leave the type to the user (ClusterIP by default)', () => {
    const nlb = deploymentWith(['aws-nlb']);
    nlb.deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }], serviceType: kplus.ServiceType.LOAD_BALANCER });
    expect(Testing.synth(nlb.chart).find((m) => m.kind === 'Service').spec.type).toBe('LoadBalancer');

    const inCluster = deploymentWith(['kube-proxy']);
    inCluster.deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    expect(Testing.synth(inCluster.chart).find((m) => m.kind === 'Service').spec.type).toBe('ClusterIP');
  });

  test('aws-alb behind an Ingress keeps a ClusterIP Service (IP targets need no load-balancer Service)', () => {
    const { chart, deployment } = deploymentWith(['aws-alb']);
    deployment.exposeViaIngress('/', { ports: [{ port: 80, targetPort: 8080 }] });
    const manifests = Testing.synth(chart);
    expect(manifests.find((m) => m.kind === 'Service').spec.type).toBe('ClusterIP');
    expect(manifests.find((m) => m.kind === 'Ingress').metadata.annotations['alb.ingress.kubernetes.io/target-type']).toBe('ip');
  });
});
