import { stringify } from 'yaml';
import { auditManifests, type AuditFinding } from '../../src/audit/audit';
import { planShutdown } from '../../src/core';

/** A Deployment with one container `app` (port 8080 named http, readiness probe, no preStop). */
function deployment(name: string, options: { replicas?: number; kind?: string; container?: object; pod?: object; labels?: object } = {}): object {
  return {
    apiVersion: 'apps/v1',
    kind: options.kind ?? 'Deployment',
    metadata: { name },
    spec: {
      replicas: options.replicas ?? 3,
      selector: { matchLabels: options.labels ?? { app: name } },
      template: {
        metadata: { labels: options.labels ?? { app: name } },
        spec: {
          containers: [{ name: 'app', image: 'registry.example/app:1', ports: [{ name: 'http', containerPort: 8080 }], readinessProbe: { httpGet: { path: '/ready', port: 8080 } }, ...options.container }],
          ...options.pod,
        },
      },
    },
  };
}

const service = (name: string, ports: object[], extra: object = {}, selector: object = { app: name }) =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector, ports, ...extra } });
const pdb = (app: string) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: app }, spec: { maxUnavailable: 1, selector: { matchLabels: { app } } } });

function audit(...objects: object[]): AuditFinding[] {
  return [...auditManifests([{ file: 't.yaml', text: objects.map((o) => stringify(o)).join('---\n') }]).findings];
}
const ids = (list: readonly AuditFinding[]) => list.map((f) => `${f.severity}:${f.ruleId}${f.container ? `:${f.container}` : ''}`).sort();

describe('traffic is decided per Service port', () => {
  test('a Service that only exposes a metrics port routes no requests: no drain, readiness or replica findings', () => {
    const controller = deployment('ksm', { replicas: 1, container: { ports: [{ name: 'http-metrics', containerPort: 8080 }], readinessProbe: undefined } });
    expect(audit(controller, service('ksm', [{ name: 'http-metrics', port: 8080, targetPort: 'http-metrics' }], { clusterIP: 'None' }))).toEqual([]);
  });

  test('a named targetPort maps to the container that owns it; a metrics sidecar next to it is not told to drain', () => {
    const app = deployment('mq', {
      pod: {
        containers: [
          { name: 'mq', image: 'rabbitmq:3', ports: [{ containerPort: 5672 }] },
          { name: 'exporter', image: 'exporter', ports: [{ name: 'exporter', containerPort: 9090 }] },
        ],
      },
    });
    const list = audit(app, service('mq', [{ port: 5672, targetPort: 5672 }, { name: 'exporter', port: 9090, targetPort: 'exporter' }]), pdb('mq'));
    expect(ids(list)).toEqual(['error:no-prestop-drain:mq', 'warning:no-readiness-probe:mq']);
  });

  test('a container with request ports in a routed pod serves the routed one (php-fpm behind nginx) and needs the drain too', () => {
    const app = deployment('shop', {
      pod: {
        containers: [
          { name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], readinessProbe: { tcpSocket: { port: 80 } } },
          { name: 'fpm', image: 'php:8-fpm', ports: [{ containerPort: 9000 }], readinessProbe: { tcpSocket: { port: 9000 } } },
        ],
      },
    });
    expect(ids(audit(app, service('shop', [{ port: 80 }]), pdb('shop')))).toEqual(['error:no-prestop-drain:fpm', 'error:no-prestop-drain:nginx']);
  });

  test('a webhook Service no webhook configuration names routes nothing; once one names it, the controller serves the API server', () => {
    const controller = deployment('ctl', { replicas: 1 });
    const webhookService = { ...service('ctl-validation-webhook', [{ port: 443, targetPort: 8080 }], {}, { app: 'ctl' }), metadata: { name: 'ctl-validation-webhook', namespace: 'x' } };
    const ns = (o: any) => ({ ...o, metadata: { ...o.metadata, namespace: 'x' } });
    expect(audit(ns(controller), webhookService)).toEqual([]);
    const configuration = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'ctl' },
      webhooks: [{ name: 'v.ctl', clientConfig: { service: { name: 'ctl-validation-webhook', namespace: 'x' } } }],
    };
    expect(ids(audit(ns(controller), webhookService, configuration))).toEqual(['error:no-prestop-drain:app', 'warning:single-replica-no-pdb']);
  });

  test('a client pod whose process is `sleep infinity` serves nothing, whatever Service selects it', () => {
    const curl = deployment('curl', { replicas: 1, container: { ports: undefined, readinessProbe: undefined, command: ['/bin/sleep', 'infinity'] } });
    expect(audit(curl, service('curl', [{ port: 80 }]))).toEqual([]);
  });

  test('a load generator with no ports and no readiness endpoint gets no single-replica warning', () => {
    const generator = deployment('loadgen', { replicas: 1, container: { ports: undefined, readinessProbe: { exec: { command: ['cat', '/proc/1/status'] } } } });
    expect(audit(generator, service('web', [{ port: 80 }]))).toEqual([]);
  });

  test('several Deployments behind one Service: none is "the only pod"; the advice is a PodDisruptionBudget over the Service\'s pods', () => {
    const v1 = deployment('reviews-v1', { replicas: 1, labels: { app: 'reviews', version: 'v1' }, container: { lifecycle: { preStop: { sleep: { seconds: 5 } } } } });
    const v2 = deployment('reviews-v2', { replicas: 1, labels: { app: 'reviews', version: 'v2' }, container: { lifecycle: { preStop: { sleep: { seconds: 5 } } } } });
    const list = audit(v1, v2, service('reviews', [{ port: 9080, targetPort: 8080 }], {}, { app: 'reviews' }));
    expect(ids(list)).toEqual(['info:single-replica-no-pdb', 'info:single-replica-no-pdb']);
    expect(list[0].message).toContain('with the other workloads behind Service reviews there are 2 pods');
  });

  test('a registry pod that sleeps in preStop without deregistering keeps getting requests: deregister first', () => {
    const env = [{ name: 'SPRING_CLOUD_NACOS_DISCOVERY_SERVER_ADDR', value: 'nacos:8848' }];
    const hook = (script: string) => ({ container: { env, lifecycle: { preStop: { exec: { command: ['sh', '-c', script] } } } }, pod: { terminationGracePeriodSeconds: 60 } });
    const sleeping = deployment('svc', hook('sleep 20'));
    const [finding] = audit(sleeping, pdb('svc'));
    expect(finding.message).toContain('registers in Nacos and its preStop sleeps 20s without deregistering');
    expect(finding.fix).toContain('deregister from Nacos first');
    const deregistering = deployment('svc', hook('curl -X PUT "http://nacos:8848/nacos/v1/ns/instance?enabled=false"; sleep 20'));
    expect(audit(deregistering, pdb('svc'))).toEqual([]);
  });

  test('a registry (Nacos) reaches pods no Service selects: they serve, so a missing drain is an error', () => {
    const app = deployment('svc', { container: { env: [{ name: 'SPRING_CLOUD_NACOS_DISCOVERY_SERVER_ADDR', value: 'nacos:8848' }] } });
    const list = audit(app, pdb('svc'));
    expect(ids(list)).toEqual(['error:no-prestop-drain:app']);
    expect(list[0].message).toContain('it registers in Nacos and clients call its pod IP');
  });
});

describe('draining hooks and app-declared drains count as drains', () => {
  const routed = (name: string, container: object, extra: object[] = [], pod: object = {}) =>
    audit(deployment(name, { container, pod }), service(name, [{ port: 80, targetPort: 8080 }]), pdb(name), ...extra).filter((f) => f.ruleId === 'no-prestop-drain');

  test.each([
    ['nodetool drain', { lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', 'nodetool drain'] } } } }],
    ['kong quit --wait', { lifecycle: { preStop: { exec: { command: ['/bin/bash', '-c', 'kong quit --wait=15'] } } } }],
    ['/wait-shutdown with --shutdown-grace-period', { args: ['/nginx-ingress-controller', '--shutdown-grace-period=15'], lifecycle: { preStop: { exec: { command: ['/wait-shutdown'] } } } }],
    ['an httpGet shutdown endpoint', { lifecycle: { preStop: { httpGet: { path: '/shutdown', port: 8090 } } } }],
    ['sleep $(DRAIN_SECONDS) with the env set', { env: [{ name: 'DELAY', value: '10' }], lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep $(DELAY)'] } } } }],
    ['a drain-delay env', { env: [{ name: 'SHUTDOWN_DELAY', value: '10s' }] }],
  ])('%s', (_, container) => {
    expect(routed('web', container)).toEqual([]);
  });

  test('CoreDNS\'s lameduck in the Corefile of a mounted ConfigMap', () => {
    const corefile = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns' }, data: { Corefile: '.:53 {\n  health {\n    lameduck 5s\n  }\n}\n' } };
    const pod = { volumes: [{ name: 'config', configMap: { name: 'coredns' } }] };
    expect(routed('dns', {}, [corefile], pod)).toEqual([]);
    expect(routed('dns', {}, [], pod)).toHaveLength(1);
  });

  test('a hook that does not wait is kept and made to wait: kong quit gets --wait, /wait-shutdown gets --shutdown-grace-period', () => {
    const [kong] = routed('kong', { lifecycle: { preStop: { exec: { command: ['/bin/bash', '-c', 'kong quit'] } } } });
    expect(kong.fix).toContain('kong quit --wait=5');
    const [nginx] = routed('nginx', { lifecycle: { preStop: { exec: { command: ['/wait-shutdown'] } } } });
    expect(nginx.fix).toContain('keep /wait-shutdown and add --shutdown-grace-period=5');
    for (const f of [kong, nginx]) expect(f.fix).not.toContain('replace');
  });

  test('a one-replica StatefulSet is not told to drain: no other endpoint could take the traffic', () => {
    expect(audit(deployment('db', { kind: 'StatefulSet', replicas: 1 }), service('db', [{ port: 5432, targetPort: 8080 }])).map((f) => f.ruleId)).toEqual(['single-replica-no-pdb']);
  });
});

describe('fixes never make a manifest worse', () => {
  test('a longer declared grace period is kept, not lowered to the plan\'s', () => {
    const [finding] = audit(deployment('web', { pod: { terminationGracePeriodSeconds: 300 } }), service('web', [{ port: 80, targetPort: 8080 }]), pdb('web'));
    expect(finding.fix).toContain('keep terminationGracePeriodSeconds: 300 (it covers drain 5s + app shutdown 30s + margin 5s = 40s)');
    expect(finding.fix).not.toContain('set terminationGracePeriodSeconds');
  });

  test('a LoadBalancer Service with the AWS NLB annotation sizes the drain to the load balancer', () => {
    const lb = { ...service('web', [{ port: 80, targetPort: 8080 }], { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }), metadata: { name: 'web', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } } };
    const [finding] = audit(deployment('web'), lb, pdb('web'));
    expect(finding.message).toContain('Service web is a LoadBalancer with externalTrafficPolicy: Local');
    // The AWS NLB preset's lag (120 s: AWS docs and aws-load-balancer-controller#2366, see src/core/traffic.ts).
    const nlbLag = planShutdown({ appShutdownTimeout: 30, traffic: ['aws-nlb'] }).drainDelaySeconds;
    expect(nlbLag).toBe(120);
    expect(finding.fix).toContain(`preStop {"sleep":{"seconds":${nlbLag}}}`);
  });

  test('below Kubernetes 1.30 the exec sleep fix names the copied static sleep for images without one', () => {
    const text = [deployment('web'), service('web', [{ port: 80, targetPort: 8080 }]), pdb('web')].map((o) => stringify(o)).join('---\n');
    const [finding] = auditManifests([{ file: 't.yaml', text }], { assumptions: { kubernetesVersion: '1.29' } }).findings;
    expect(finding.fix).toContain('add preStop {"exec":{"command":["sleep","5"]}} (drain 5s) (if registry.example/app:1 has no sleep binary');
    expect(finding.fix).toContain('graceful-k8s plan --image distroless');
  });

  test('publishNotReadyAddresses is called out: a preStop wait does not take the pod out of that Service', () => {
    const [finding] = audit(deployment('web'), service('web', [{ port: 80, targetPort: 8080 }], { publishNotReadyAddresses: true }), pdb('web'));
    expect(finding.message).toContain('Service web sets publishNotReadyAddresses, so terminating pods stay in its endpoints');
  });
});

describe('Spring settings and probes as the app and the kubelet see them', () => {
  const config = (text: string, key = 'application.yaml') => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config' }, data: { [key]: text } });
  const spring = deployment('web', { container: { env: [{ name: 'SPRING_PROFILES_ACTIVE', value: 'kubernetes' }], lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 10'] } } } } });
  const grace = (...extra: object[]) => audit(spring, service('web', [{ port: 80, targetPort: 8080 }]), pdb('web'), ...extra).filter((f) => f.ruleId === 'grace-period-too-short');

  test('server.shutdown: graceful in a ConfigMap means Spring\'s 30 s default: sleep 10 + 30 s under the default 30 s grace period is cut', () => {
    expect(grace()).toEqual([]);
    const [finding] = grace(config('server:\n  shutdown: graceful\n  lifecycle:\n    timeout-per-shutdown-phase: 15\n'));
    expect(finding.severity).toBe('error');
    expect(finding.message).toContain('server.lifecycle.timeout-per-shutdown-phase=15 is not a Spring key and is ignored');
    expect(finding.fix).toBe('set terminationGracePeriodSeconds: 45 (drain 10s + app shutdown 30s + margin 5s)');
  });

  test('spring.lifecycle.timeout-per-shutdown-phase in application.properties gives the app\'s time', () => {
    const [finding] = grace(config('server.shutdown=graceful\nspring.lifecycle.timeout-per-shutdown-phase=25s\n', 'application.properties'));
    expect(finding.fix).toBe('set terminationGracePeriodSeconds: 40 (drain 10s + app shutdown 25s + margin 5s)');
  });

  test('probes that differ only in Kubernetes\' defaults or an HTTP header are identical', () => {
    const probe = { httpGet: { path: '/healthz', port: 'http', httpHeaders: [{ name: 'Cookie', value: 'a' }] } };
    const list = audit(deployment('web', {
      container: {
        lifecycle: { preStop: { sleep: { seconds: 5 } } },
        readinessProbe: probe,
        livenessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP', httpHeaders: [{ name: 'Cookie', value: 'b' }] }, periodSeconds: 10, failureThreshold: 3 },
      },
    }), service('web', [{ port: 80, targetPort: 8080 }]), pdb('web'));
    expect(ids(list)).toEqual(['warning:liveness-equals-readiness:app']);
  });
});
