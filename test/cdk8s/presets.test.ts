import { Chart, Testing } from 'cdk8s';
import { GracefulDeployment } from '../../src/cdk8s-plus-27';
import { validateAgainstSchema } from '../helpers/schema';
import { APP_CONTAINER, podSpecOf, synthDeployment } from '../helpers/synth';

describe('GracefulDeployment with presets', () => {
  test('a PodDisruptionBudget (maxUnavailable 1, AlwaysAllow) selects the pods when replicas >= 2', () => {
    const { manifests, manifest } = synthDeployment({ appShutdownTimeout: 30 }, { replicas: 3 });
    const pdb = manifests.find((m) => m.kind === 'PodDisruptionBudget');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: manifest.spec.selector.matchLabels } });
    validateAgainstSchema(pdb);
  });

  test("no PodDisruptionBudget for one replica or with podDisruptionBudget 'none'", () => {
    expect(synthDeployment({ appShutdownTimeout: 30 }, { replicas: 1 }).manifests.map((m) => m.kind)).toEqual(['Deployment']);
    expect(synthDeployment({ appShutdownTimeout: 30 }, { podDisruptionBudget: 'none' }).manifests.map((m) => m.kind)).toEqual(['Deployment']);
  });

  test('exposeViaService puts the plan load-balancer annotations on the Service', () => {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new GracefulDeployment(chart, 'app', { containers: [APP_CONTAINER], shutdown: { appShutdownTimeout: 20, traffic: ['alibaba-clb'] } });
    deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
    const service = Testing.synth(chart).find((m) => m.kind === 'Service');
    expect(service.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-connection-drain': 'on',
      'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-connection-drain-timeout': '40',
    });
    validateAgainstSchema(service);
  });

  test('exposeViaIngress puts the ALB annotations on the Ingress', () => {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new GracefulDeployment(chart, 'app', { containers: [APP_CONTAINER], shutdown: { appShutdownTimeout: 20, traffic: ['aws-alb'] } });
    deployment.exposeViaIngress('/', { ports: [{ port: 80, targetPort: 8080 }] });
    const ingress = Testing.synth(chart).find((m) => m.kind === 'Ingress');
    expect(ingress.metadata.annotations['alb.ingress.kubernetes.io/target-group-attributes']).toBe('deregistration_delay.timeout_seconds=55');
  });

  test('Istio drain annotation reaches the pod template', () => {
    const { manifest } = synthDeployment({ appShutdownTimeout: 30, drainDelay: 10, sidecar: 'istio' });
    expect(manifest.spec.template.metadata.annotations).toEqual({ 'proxy.istio.io/config': '{"terminationDrainDuration":"40s"}' });
  });

  test('lifecycle.stopSignal and spec.os survive cdk8s-plus-27 pruning and validate against the 1.33 schema', () => {
    const { manifest } = synthDeployment({ appShutdownTimeout: 20, kubernetesVersion: '1.33', framework: { kind: 'nginx', quitVia: 'stop-signal' } });
    const pod = podSpecOf(manifest);
    expect(pod.os).toEqual({ name: 'linux' });
    expect(pod.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } }, stopSignal: 'SIGQUIT' });
    validateAgainstSchema(manifest);
  });

  test("the seeds' Spring Boot + Nacos service: deregistration then 35 s drain, grace 75 s, Spring told 30 s", () => {
    const { manifest } = synthDeployment({
      appShutdownTimeout: '30s',
      framework: 'spring-boot',
      traffic: [{ kind: 'nacos', serverAddr: 'nacos.infra:8848', serviceName: 'orders', port: 8080 }],
    });
    const pod = podSpecOf(manifest);
    expect(pod.terminationGracePeriodSeconds).toBe(75);
    expect(pod.containers[0].lifecycle.preStop.exec.command[2]).toMatch(/^curl -s -m 5 -X PUT "http:\/\/nacos\.infra:8848\/nacos\/v1\/ns\/instance\?serviceName=orders&ip=\$\{POD_IP\}.*"; sleep 35$/);
    expect(pod.containers[0].env).toContainEqual({ name: 'SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE', value: '30s' });
    validateAgainstSchema(manifest);
  });

  test('a shell-form container command warns on the construct', () => {
    const { deployment } = synthDeployment({ appShutdownTimeout: 30 }, { containers: [{ ...APP_CONTAINER, command: ['/bin/sh', '-c', 'java -jar app.jar'] }] });
    expect(deployment.warnings.map((w) => w.code)).toEqual(['shell-form-command']);
  });
});
