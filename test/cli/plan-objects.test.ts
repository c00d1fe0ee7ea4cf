import { runCli, yamlDocuments } from './run-cli';
import { planShutdown } from '../../src/core';

/** The `-o yaml` document of one kind. */
function documentOfKind(stdout: string, kind: string): any {
  return yamlDocuments(stdout).find((document) => document.kind === kind);
}

describe('graceful-k8s plan prints what the plan needs beside the workload spec', () => {
  test('-o yaml: nginx behind an AWS NLB adds a LoadBalancer Service document with the plan\'s annotations', async () => {
    const { code, stdout } = await runCli(['plan', '--app-shutdown', '30s', '--framework', 'nginx', '--traffic', 'aws-nlb', '-o', 'yaml']);
    expect(code).toBe(0);
    const plan = planShutdown({ appShutdownTimeout: '30s', framework: 'nginx', traffic: ['aws-nlb'] });
    expect(yamlDocuments(stdout)[0].spec.template.spec.terminationGracePeriodSeconds).toBe(plan.terminationGracePeriodSeconds);
    expect(plan.terminationGracePeriodSeconds).toBe(120 + 30 + 5);
    expect(documentOfKind(stdout, 'Service')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { annotations: plan.serviceAnnotations },
      spec: { type: 'LoadBalancer' },
    });
    expect(documentOfKind(stdout, 'Service').metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-target-group-attributes'])
      .toBe('deregistration_delay.timeout_seconds=155,deregistration_delay.connection_termination.enabled=true');
  });

  test('-o yaml: an AWS ALB adds the Ingress annotations and the namespace readiness-gate label', async () => {
    const { stdout, stderr } = await runCli(['plan', '--app-shutdown', '20s', '--traffic', 'aws-alb', '-o', 'yaml']);
    expect(documentOfKind(stdout, 'Ingress').metadata.annotations).toEqual({
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/target-group-attributes': 'deregistration_delay.timeout_seconds=55',
    });
    expect(documentOfKind(stdout, 'Namespace').metadata.labels).toEqual({ 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' });
    expect(stderr).toContain('kubectl label namespace <namespace> elbv2.k8s.aws/pod-readiness-gate-inject=enabled');
  });

  test('-o yaml and text print the PodDisruptionBudget the plan has (maxUnavailable 1, AlwaysAllow)', async () => {
    const yaml = await runCli(['plan', '--app-shutdown', '30s', '-o', 'yaml']);
    expect(documentOfKind(yaml.stdout, 'PodDisruptionBudget')).toEqual({
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });
    const text = await runCli(['plan', '--app-shutdown', '30s']);
    expect(text.stdout).toMatch(/PodDisruptionBudget for 2 or more replicas \(selector: the pod labels\):\napiVersion: policy\/v1\nkind: PodDisruptionBudget\nspec:\n {2}maxUnavailable: 1\n {2}unhealthyPodEvictionPolicy: AlwaysAllow\n/);
  });

  test('-o yaml without routers: the fragment and the PodDisruptionBudget only', async () => {
    const { stdout } = await runCli(['plan', '--app-shutdown', '30s', '-o', 'yaml']);
    expect(yamlDocuments(stdout).map((document) => document.kind ?? 'fragment')).toEqual(['fragment', 'PodDisruptionBudget']);
  });
});

describe('graceful-k8s errors name the flag as the user typed it, with one prefix', () => {
  test('a misspelt --traffic kind names --traffic and the value, not traffic[0].kind', async () => {
    const { code, stderr } = await runCli(['plan', '--app-shutdown', '30s', '--traffic', 'kube-proxy', '--traffic', 'ingres-nginx']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^graceful-k8s: error: --traffic ingres-nginx: kind must be one of 'kube-proxy', 'ingress-nginx'/);
    expect(stderr).not.toContain('traffic[');
  });

  test('a bad lag in --traffic kind=lag names that entry', async () => {
    const { stderr } = await runCli(['plan', '--app-shutdown', '30s', '--traffic', 'aws-alb=soon']);
    expect(stderr).toBe('graceful-k8s: error: --traffic aws-alb=soon: lag is not a duration: "soon"; use a number of seconds or a string like \'30s\', \'2m\', \'1h30m\', \'1500ms\'\n');
  });

  test('--nacos without the service part shows the expected format with an example', async () => {
    const { code, stderr } = await runCli(['plan', '--app-shutdown', '30s', '--nacos', 'nacos.infra']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'graceful-k8s: error: --nacos nacos.infra: expected <server host:port>/<service>:<port>[/<namespace>], e.g. nacos.infra:8848/orders:8080/production\n',
    );
  });

  test('a --nacos value the planner refuses names --nacos and the value', async () => {
    const { stderr } = await runCli(['plan', '--app-shutdown', '30s', '--traffic', 'kube-proxy', '--nacos', 'nacos.infra:8848/orders:70000']);
    expect(stderr).toBe('graceful-k8s: error: --nacos nacos.infra:8848/orders:70000: port must be a port number from 1 to 65535, got 70000\n');
  });

  test('parser errors (a bad choice, a missing option) carry the same prefix as planner errors', async () => {
    const badChoice = await runCli(['plan', '--app-shutdown', '30s', '--image', 'alpine']);
    expect(badChoice.code).toBe(2);
    expect(badChoice.stderr.split('\n')[0]).toBe("graceful-k8s: error: option '--image <kind>' argument 'alpine' is invalid. Allowed choices are shell, distroless.");
    const missing = await runCli(['plan']);
    expect(missing.stderr.split('\n')[0]).toBe("graceful-k8s: error: required option '--app-shutdown <duration>' not specified");
  });
});
