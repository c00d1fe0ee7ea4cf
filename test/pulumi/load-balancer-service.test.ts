// eslint-disable-next-line import/order -- Pulumi's mocks are set before the modules under test are imported
import * as pulumi from '@pulumi/pulumi';
import { registeredResource, valueOf } from './mocks';
import { GracefulConfigError } from '../../src/core';
import { GracefulDeployment, planGracefulDeployment, type GracefulDeploymentArgs } from '../../src/pulumi';
import { validateAgainstSchema } from '../helpers/schema';

const SERVICE = 'kubernetes:core/v1:Service';
const APP = { name: 'app', image: 'registry.example/app:1.0.0', ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/ready', port: 8080 } } };

let seq = 0;
/** A component with a Service; resolves once the Service is registered and returns its inputs. */
async function serviceOf(args: Omit<GracefulDeploymentArgs, 'containers'>): Promise<any> {
  const name = `lb-${++seq}`;
  const component = new GracefulDeployment(name, { containers: [APP], ...args });
  await valueOf(component.service!.urn);
  return registeredResource(SERVICE, name).inputs;
}

describe('the Service child gets the type the load-balancer annotations need', () => {
  test('alibaba-clb with no type (the README example): a LoadBalancer Service, so the drain annotations reach a CLB', async () => {
    const service = await serviceOf({ shutdown: { appShutdownTimeout: '30s', traffic: ['alibaba-clb'] }, service: { ports: [{ port: 80, targetPort: 8080 }] } });
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.metadata.annotations['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-connection-drain-timeout']).toBe('50');
    validateAgainstSchema(service);
  });

  test('aws-nlb with no type: a LoadBalancer Service', async () => {
    const service = await serviceOf({ shutdown: { appShutdownTimeout: 20, traffic: ['aws-nlb'] }, service: { ports: [{ port: 80, targetPort: 8080 }] } });
    expect(service.spec.type).toBe('LoadBalancer');
  });

  test('a router without a load balancer leaves the type unset (Kubernetes defaults to ClusterIP)', async () => {
    const service = await serviceOf({ shutdown: { appShutdownTimeout: 20, traffic: ['kube-proxy'] }, service: { ports: [{ port: 80, targetPort: 8080 }] } });
    expect(service.spec.type).toBeUndefined();
  });

  test('another plain type is an error naming service.type, the value and the fix, before any resource', () => {
    const args: GracefulDeploymentArgs = {
      containers: [APP],
      shutdown: { appShutdownTimeout: 20, traffic: ['aws-nlb'] },
      service: { ports: [{ port: 80 }], type: 'NodePort' },
    };
    expect(() => planGracefulDeployment('nlb-nodeport', args)).toThrow(GracefulConfigError);
    expect(() => planGracefulDeployment('nlb-nodeport', args)).toThrow(
      'service.type is "NodePort" but the aws-nlb annotations act only on a Service of type LoadBalancer; remove it or set \'LoadBalancer\'',
    );
  });

  test('an Output type passes through to the Service (it is checked when it resolves)', async () => {
    const service = await serviceOf({
      shutdown: { appShutdownTimeout: 20, traffic: ['alibaba-nlb'] },
      service: { ports: [{ port: 80, targetPort: 8080 }], type: pulumi.output('LoadBalancer') },
    });
    expect(service.spec.type).toBe('LoadBalancer');
  });
});
