import { runCli, yamlDocuments } from './run-cli';
import { planShutdown } from '../../src/core';

describe('graceful-k8s plan with presets', () => {
  test('--traffic kinds set D to the slowest router; --framework adds its env; the timeline names the router', async () => {
    const { code, stdout } = await runCli(['plan', '--app-shutdown', '30s', '--traffic', 'kube-proxy', '--traffic', 'aws-nlb', '--framework', 'spring-boot']);
    expect(code).toBe(0);
    expect(stdout).toContain('drainDelay, set by aws-nlb 120s');
    expect(stdout).toContain(planShutdown({ appShutdownTimeout: '30s', traffic: ['kube-proxy', 'aws-nlb'], framework: 'spring-boot' }).explain());
    expect(stdout).toMatch(/Service annotations for the routers in front of the pods:\napiVersion: v1\nkind: Service\nmetadata:\n {2}annotations:\n {4}service\.beta\.kubernetes\.io\/aws-load-balancer-type: external/);
  });

  test('--traffic kind=lag sets a measured lag', async () => {
    const { stdout } = await runCli(['plan', '--app-shutdown', '10s', '--traffic', 'ingress-nginx=20s', '-o', 'json']);
    expect(JSON.parse(stdout).plan.drainDelaySeconds).toBe(20);
  });

  test("--nacos deregisters with $POD_IP before the 35 s drain (the seeds' Spring Boot + Nacos service)", async () => {
    const { code, stdout } = await runCli(['plan', '--app-shutdown', '30s', '--framework', 'spring-boot', '--nacos', 'nacos.infra:8848/orders:8080/production', '-o', 'yaml']);
    expect(code).toBe(0);
    const pod = yamlDocuments(stdout)[0].spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(75);
    expect(pod.containers[0].lifecycle.preStop.exec.command[2]).toBe(
      'curl -s -m 5 -X PUT "http://nacos.infra:8848/nacos/v1/ns/instance?serviceName=orders&ip=${POD_IP}&port=8080&enabled=false&namespaceId=production"; sleep 35',
    );
  });

  test('--framework nginx --quit-via stop-signal on 1.33 sets lifecycle.stopSignal and spec.os', async () => {
    const { stdout, stderr } = await runCli(['plan', '--app-shutdown', '20s', '--k8s', '1.33', '--framework', 'nginx', '--quit-via', 'stop-signal', '-o', 'yaml']);
    const pod = yamlDocuments(stdout)[0].spec.template.spec;
    expect(pod.os).toEqual({ name: 'linux' });
    expect(pod.containers[0].lifecycle.stopSignal).toBe('SIGQUIT');
    expect(stderr).toMatch(/\[stop-signal-alpha\]/);
  });

  test('--sidecar istio puts the drain duration on the pod template', async () => {
    const { stdout } = await runCli(['plan', '--app-shutdown', '30s', '--drain-delay', '10s', '--sidecar', 'istio', '-o', 'yaml']);
    expect(yamlDocuments(stdout)[0].spec.template.metadata.annotations).toEqual({ 'proxy.istio.io/config': '{"terminationDrainDuration":"40s"}' });
  });

  test('an unknown --traffic kind is a one-line error naming the flag, exit 2', async () => {
    const { code, stderr } = await runCli(['plan', '--app-shutdown', '30s', '--traffic', 'haproxy']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/haproxy/);
  });

  test('the Nacos preset on a distroless image is an error that says what to do instead', async () => {
    const { code, stderr } = await runCli(['plan', '--app-shutdown', '30s', '--image', 'distroless', '--nacos', 'nacos:8848/api:8080']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/deregister from the app itself on SIGTERM/);
  });
});
