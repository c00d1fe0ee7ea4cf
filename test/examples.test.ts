import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { Cdk8sPlus34ChatChart } from '../examples/cdk8s-plus-34-chat';
import { DistrolessGoApiChart } from '../examples/distroless-go-api';
import { SpringBootRegistryChart } from '../examples/spring-boot-registry';
import { synthExamples } from '../examples/synth';
import { WebSocketGameServerChart } from '../examples/websocket-game-server';
import { validateAgainstSchema } from './helpers/schema';

function deploymentOf(chart: any) {
  const manifests = Testing.synth(chart);
  manifests.forEach(validateAgainstSchema);
  return manifests.find((m) => m.kind === 'Deployment');
}

describe('examples', () => {
  test('Spring Boot behind a 35 s registry cache: deregister (5 s) then sleep 35 s, grace 75 s, Spring told the same 30 s', () => {
    const manifest = deploymentOf(new SpringBootRegistryChart(Testing.app(), 'spring'));
    const pod = manifest.spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(5 + 35 + 30 + 5);
    expect(pod.containers[0].lifecycle.preStop.exec.command).toEqual([
      '/bin/sh',
      '-c',
      'curl -s -m 5 -X PUT "http://nacos.infra:8848/nacos/v1/ns/instance?serviceName=orders&ip=${POD_IP}&port=8080&enabled=false&namespaceId=production"; sleep 35',
    ]);
    expect(pod.containers[0].env).toEqual(expect.arrayContaining([
      { name: 'SERVER_SHUTDOWN', value: 'graceful' },
      { name: 'SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE', value: '30s' },
      { name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '30' },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    ]));
    // Nacos clients learn the new instance while the old one still serves its 35 s drain: no minReadySeconds needed.
    expect(manifest.spec.minReadySeconds).toBe(0);
    expect(manifest.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
    expect(manifest).toMatchSnapshot();
  });

  test('distroless Go API on 1.27: copied static sleep, grace 30 s', () => {
    const manifest = deploymentOf(new DistrolessGoApiChart(Testing.app(), 'go'));
    const pod = manifest.spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    expect(pod.containers[0].lifecycle.preStop).toEqual({ exec: { command: ['/graceful-k8s/bin/busybox', 'sleep', '10'] } });
    expect(pod.initContainers[0].image).toBe('busybox:1.36.1-uclibc');
    expect(manifest).toMatchSnapshot();
  });

  test('WebSocket game server: a 30-minute round gives grace 1810 s and the app a 1800 s budget', () => {
    const manifest = deploymentOf(new WebSocketGameServerChart(Testing.app(), 'ws'));
    const pod = manifest.spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(1810);
    expect(pod.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
    expect(pod.containers[0].env).toContainEqual({ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '1800' });
    expect(manifest).toMatchSnapshot();
  });

  test('no example has a warning', () => {
    for (const chart of [new SpringBootRegistryChart(Testing.app(), 'a'), new DistrolessGoApiChart(Testing.app(), 'b'), new WebSocketGameServerChart(Testing.app(), 'c')]) {
      expect(chart.deployment.warnings).toEqual([]);
    }
  });

  test('synthExamples writes one YAML file per example and returns each timeline', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'graceful-k8s-examples-'));
    const results = synthExamples(outdir);
    expect(results.map((r) => r.chart)).toEqual(['spring-boot-registry', 'distroless-go-api', 'websocket-game-server']);
    for (const result of results) {
      const docs = parseAllDocuments(readFileSync(result.file, 'utf8')).map((d) => d.toJS());
      expect(docs.map((d) => d.kind)).toEqual(['Deployment', 'PodDisruptionBudget']);
      expect(result.explain).toMatch(/t=\d+s\s+SIGKILL: terminationGracePeriodSeconds/);
      expect(docs[0].spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(0);
    }
  });
});

describe('the cdk8s-plus-34 example (graceful-k8s/cdk8s-plus-34)', () => {
  test('chat on cdk8s-plus-34: the API drains 30 s for the ALB (grace 55 s); the rooms StatefulSet keeps 10-minute connections (grace 610 s) and its canary partition', () => {
    const chart = new Cdk8sPlus34ChatChart(Testing.app(), 'chat');
    const manifests = Testing.synth(chart);
    manifests.forEach(validateAgainstSchema);
    const deployment = manifests.find((m) => m.kind === 'Deployment');
    const statefulSet = manifests.find((m) => m.kind === 'StatefulSet');
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(30 + 20 + 5);
    expect(deployment.spec.template.spec.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 30 } });
    expect(manifests.find((m) => m.kind === 'Ingress').metadata.annotations).toEqual(chart.deployment.plan.ingressAnnotations);
    const pod = statefulSet.spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(5 + 600 + 5);
    expect(pod.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
    expect(pod.containers[0].env).toContainEqual({ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '600' });
    expect(statefulSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
    expect(manifests.filter((m) => m.kind === 'PodDisruptionBudget').map((m) => m.spec.maxUnavailable)).toEqual([1, 1]);
    // The ALB needs its namespace label (graceful-k8s creates no Namespace); a StatefulSet step deletes a pod before its replacement.
    expect(chart.deployment.warnings.map((w) => w.code)).toEqual(['namespace-label']);
    expect(chart.statefulSet.warnings.map((w) => w.code)).toEqual(['statefulset-no-surge']);
  });
});
