import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { auditManifests, type AuditFinding, type AuditOptions } from '../../src/audit/audit';
import { parseSelfDrainingConfig } from '../../src/audit/suppression';

const DIR = 'test/fixtures/audit/evidence';

function audit(file: string, options: AuditOptions = {}): AuditFinding[] {
  const report = auditManifests([{ file, text: readFileSync(`${DIR}/${file}`, 'utf8') }], options);
  expect(report.problems).toEqual([]);
  return [...report.findings];
}
/** `severity rule Kind/name container`, sorted. */
const summary = (list: readonly AuditFinding[]) =>
  list.map((f) => `${f.severity} ${f.ruleId} ${f.workload.kind}/${f.workload.name} ${f.container ?? '-'}`).sort();
const of = (list: readonly AuditFinding[], workload: string) => summary(list.filter((f) => `${f.workload.kind}/${f.workload.name}` === workload));

describe('item 1: traffic from evidence, not from ports', () => {
  const findings = audit('traffic.yaml');

  test('a container a Service selects on a request port, behind an Ingress, is an error that names the Service and the Ingress', () => {
    expect(of(findings, 'Deployment/web')).toEqual(['error no-prestop-drain Deployment/web web']);
    expect(findings.find((f) => f.workload.name === 'web')!.message).toContain('Service web routes to it (Ingress shop routes to Service web)');
  });

  test('a Dapr subscriber whose only port is the app port its sidecar feeds gets no drain, readiness or replica finding', () => {
    expect(of(findings, 'Deployment/order-subscriber')).toEqual([]);
  });

  test('a controller with only metrics and health ports gets no traffic finding', () => {
    expect(of(findings, 'Deployment/operator')).toEqual([]);
  });

  test('a pod with a request port that no Service of an input with Services selects gets no-prestop-drain as info only, and no readiness or PDB finding', () => {
    expect(of(findings, 'Deployment/worker')).toEqual(['info no-prestop-drain Deployment/worker worker']);
    expect(findings.find((f) => f.workload.name === 'worker')!.message).toContain('the input has Services but none selects this pod');
  });

  test('with no Service in the input, no-prestop-drain says it is unverified and stays a warning', () => {
    const list = audit('unverified.yaml');
    expect(summary(list)).toEqual([
      'info single-replica-no-pdb Deployment/api -',
      'warning no-prestop-drain Deployment/api api',
    ]);
    for (const f of list) expect(f.message).toMatch(/unverified/);
  });

  test('a Service without a selector (its endpoints come from elsewhere) makes an unselected pod unverified, not info', () => {
    const text = readFileSync(`${DIR}/traffic.yaml`, 'utf8') + '---\n' + stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'external' }, spec: { ports: [{ port: 80 }] } });
    const list = auditManifests([{ file: 't.yaml', text }]).findings;
    expect(of(list, 'Deployment/worker')).toContain('warning no-prestop-drain Deployment/worker worker');
  });

  test('an ExternalName Service (a DNS alias) is no selectorless Service: the unselected pod stays info', () => {
    const alias = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } };
    const text = readFileSync(`${DIR}/traffic.yaml`, 'utf8') + '---\n' + stringify(alias);
    expect(of(auditManifests([{ file: 't.yaml', text }]).findings, 'Deployment/worker')).toEqual(['info no-prestop-drain Deployment/worker worker']);
  });

  test('a registry setting that turns registration off is no registry evidence', () => {
    const worker = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'client' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'client' } },
        template: {
          metadata: { labels: { app: 'client' } },
          spec: { containers: [{ name: 'client', image: 'registry.example/client:1', env: [{ name: 'EUREKA_CLIENT_REGISTERWITHEUREKA', value: 'false' }, { name: 'EUREKA_SERVICE_URL', value: 'http://eureka:8761' }] }] },
        },
      },
    };
    expect(auditManifests([{ file: 't.yaml', text: stringify(worker) }]).findings).toEqual([]);
  });
});

describe('item 2: workload role', () => {
  const findings = audit('single-instance.yaml');

  test('a one-replica Deployment with strategy: Recreate is a single instance: no no-prestop-drain, still a single replica', () => {
    expect(of(findings, 'Deployment/cache')).toEqual(['warning single-replica-no-pdb Deployment/cache -']);
  });

  test('a one-replica Deployment with a ReadWriteOnce claim is a single instance: no no-prestop-drain', () => {
    expect(of(findings, 'Deployment/db')).toEqual(['warning single-replica-no-pdb Deployment/db -']);
  });

  test('a one-replica Deployment whose claim is ReadWriteMany is a rolling server: a drain keeps its requests', () => {
    expect(of(findings, 'Deployment/files')).toContain('error no-prestop-drain Deployment/files files');
  });

  test('a claim the input does not hold proves no access mode: the Deployment stays a rolling server', () => {
    const text = readFileSync(`${DIR}/single-instance.yaml`, 'utf8').split('---\n').filter((d) => !d.includes('name: db-data')).join('---\n');
    expect(of(auditManifests([{ file: 't.yaml', text }]).findings, 'Deployment/db')).toContain('error no-prestop-drain Deployment/db db');
  });
});

describe('item 3: image identity', () => {
  const findings = audit('image-identity.yaml');
  const about = (container: string) => summary(findings.filter((f) => f.ruleId === 'quit-signal-server' && f.container === container));

  test('the official nginx image sets STOPSIGNAL SIGQUIT: no finding', () => {
    expect(about('official')).toEqual([]);
  });

  test('an image whose name merely contains nginx (php-fpm in it, or a controller) gets no finding', () => {
    expect(about('fpm-in-nginx-named-image')).toEqual([]);
    expect(about('controller')).toEqual([]);
  });

  test('nginx started by the command on a base image known to set no STOPSIGNAL is a warning naming the source', () => {
    expect(about('nginx-on-alpine')).toEqual(['warning quit-signal-server Deployment/shop nginx-on-alpine']);
    expect(findings.find((f) => f.container === 'nginx-on-alpine')!.message).toContain('its command starts nginx on alpine:3.20, whose stop signal is SIGTERM');
  });

  test('a local image named exactly nginx is an info that says what to check', () => {
    expect(about('local-nginx')).toEqual(['info quit-signal-server Deployment/shop local-nginx']);
    expect(findings.find((f) => f.container === 'local-nginx')!.message).toContain("docker inspect --format '{{.Config.StopSignal}}'");
  });

  test('an official nginx image older than 1.19.5 stops with SIGTERM (a warning); a current one, or a version-less tag, with SIGQUIT', () => {
    const nginx = (image: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image, lifecycle: { preStop: { sleep: { seconds: 5 } } } }] } },
      },
    });
    const quit = (image: string) => summary(auditManifests([{ file: 't.yaml', text: stringify(nginx(image)) }]).findings.filter((f) => f.ruleId === 'quit-signal-server'));
    expect(quit('nginx:1.17.6')).toEqual(['warning quit-signal-server Deployment/web nginx']);
    expect(quit('nginx:1.19.4-alpine')).toEqual(['warning quit-signal-server Deployment/web nginx']);
    expect(quit('nginx:1.18.0')).toEqual(['info quit-signal-server Deployment/web nginx']);
    expect(quit('nginx:1.27.3')).toEqual([]);
    expect(quit('nginx:stable-alpine')).toEqual([]);
  });

  test('an explicit stopSignal SIGTERM on the official php-fpm image is an error', () => {
    expect(about('fpm-sigterm')).toEqual(['error quit-signal-server Deployment/shop fpm-sigterm']);
  });
});

describe('item 4: self-draining apps', () => {
  const selfDrainingImages = parseSelfDrainingConfig(readFileSync(`${DIR}/self-draining.config.yaml`, 'utf8'));

  test('without the declaration, the proxy is told to add a preStop drain', () => {
    expect(of(audit('self-draining.yaml'), 'Deployment/edge')).toEqual(['error no-prestop-drain Deployment/edge proxy']);
  });

  test('a declared 45 s self-drain is a drain, and a default 30 s grace period that ends inside it is an error whose fix covers it', () => {
    const findings = audit('self-draining.yaml', { selfDrainingImages });
    expect(of(findings, 'Deployment/edge')).toEqual(['error grace-period-too-short Deployment/edge proxy']);
    const grace = findings.find((f) => f.ruleId === 'grace-period-too-short')!;
    expect(grace.message).toContain('keeps serving 45s by itself');
    expect(grace.message).toContain('edge-proxy README');
    expect(grace.fix).toContain('terminationGracePeriodSeconds: 80 (drain 45s + app shutdown 30s + margin 5s)');
  });

  test('a grace period that covers the declared drain gives no finding', () => {
    expect(of(audit('self-draining.yaml', { selfDrainingImages }), 'Deployment/edge-covered')).toEqual([]);
  });

  test('a project-known self-draining image (Skipper, 45 s by default) counts as draining, and its flag overrides the default', () => {
    const edge = (args: string[]) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'router' },
      spec: {
        replicas: 3,
        strategy: { rollingUpdate: { maxUnavailable: 0 } },
        selector: { matchLabels: { app: 'router' } },
        template: {
          metadata: { labels: { app: 'router' } },
          spec: {
            terminationGracePeriodSeconds: 60,
            containers: [{ name: 'router', image: 'registry.opensource.zalan.do/teapot/skipper:v0.21', args, ports: [{ containerPort: 9090 }], readinessProbe: { httpGet: { path: '/ready', port: 9090 } } }],
          },
        },
      },
    });
    const others = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'router' }, spec: { selector: { app: 'router' }, ports: [{ port: 80, targetPort: 9090 }] } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'router' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'router' } } } },
    ];
    const run = (args: string[]) => auditManifests([{ file: 't.yaml', text: [edge(args), ...others].map((o) => stringify(o)).join('---\n') }]).findings;
    expect(summary(run(['skipper']))).toEqual([]);
    expect(summary(run(['skipper', '-wait-for-healthcheck-interval=0']))).toEqual(['error no-prestop-drain Deployment/router router']);
    expect(summary(run(['skipper', '-wait-for-healthcheck-interval=90s']))).toEqual(['error grace-period-too-short Deployment/router router']);
  });

  test('a selfDraining entry without a source is refused', () => {
    expect(() => parseSelfDrainingConfig('selfDraining: [{image: a/b, seconds: 10}]')).toThrow(/source/);
  });
});

describe('evidence from the pod spec itself', () => {
  const deployment = (name: string, spec: object, extra: object = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec }, ...extra },
  });
  const run = (...objects: object[]) => summary(auditManifests([{ file: 't.yaml', text: objects.map((o) => stringify(o)).join('---\n') }]).findings);

  test('maxSurge 0 with the default 25 % maxUnavailable on 3 replicas: both round to 0, so Kubernetes takes 1 pod down (a warning)', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'edge' }, spec: { selector: { app: 'edge' }, ports: [{ port: 80, targetPort: 8080 }] } };
    const edge = deployment('edge', {
      containers: [{ name: 'edge', image: 'registry.example/edge:1', ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/ready', port: 8080 } }, lifecycle: { preStop: { sleep: { seconds: 5 } } } }],
    }, { replicas: 3, strategy: { rollingUpdate: { maxSurge: 0 } } });
    const list = auditManifests([{ file: 't.yaml', text: [edge, service].map((o) => stringify(o)).join('---\n') }]).findings;
    expect(list.filter((f) => f.ruleId === 'max-unavailable-few-replicas').map((f) => f.message)).toEqual([expect.stringContaining('take 1 of 3 pod(s) down')]);
  });

  test('ports that --metrics-bind-address and --health-probe-bind-address give the metrics and health role carry no requests, named or not', () => {
    const manager = deployment('manager', {
      containers: [{
        name: 'manager',
        image: 'registry.example/manager:1',
        args: ['--leader-elect', '--metrics-bind-address=:8080', '--health-probe-bind-address', ':8081'],
        ports: [{ containerPort: 8080 }, { containerPort: 8081 }],
        readinessProbe: { httpGet: { path: '/readyz', port: 8081 } },
      }],
    });
    expect(run(manager)).toEqual([]);
  });

  test('a Service named for metrics (kubebuilder\'s controller-manager-metrics-service, port https) routes no requests', () => {
    const manager = deployment('manager', { containers: [{ name: 'manager', image: 'registry.example/manager:1', ports: [{ name: 'https', containerPort: 8443 }] }] });
    const metrics = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'controller-manager-metrics-service' }, spec: { selector: { app: 'manager' }, ports: [{ name: 'https', port: 8443, targetPort: 'https' }] } };
    expect(run(manager, metrics)).toEqual([]);
  });

  test('a sidecar whose port a metrics Service targets is not taken for a localhost backend of the routed container', () => {
    const manager = deployment('manager', {
      containers: [
        { name: 'manager', image: 'registry.example/manager:1', ports: [{ name: 'webhook', containerPort: 9443 }], readinessProbe: { httpGet: { path: '/readyz', port: 8081 } }, lifecycle: { preStop: { sleep: { seconds: 5 } } } },
        { name: 'metrics-proxy', image: 'registry.example/auth-proxy:1', ports: [{ name: 'https', containerPort: 8443 }] },
      ],
    });
    const metrics = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manager-metrics-service' }, spec: { selector: { app: 'manager' }, ports: [{ name: 'https', port: 8443, targetPort: 'https' }] } };
    const api = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'manager-api' }, spec: { selector: { app: 'manager' }, ports: [{ port: 443, targetPort: 9443 }] } };
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'manager' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'manager' } } } };
    expect(run(manager, metrics, api, pdb)).toEqual([]);
  });

  test('when every Service that routes to the pod keeps terminating pods (publishNotReadyAddresses), a missing drain is only info: a wait would not help', () => {
    const peers = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'peers' }, spec: { clusterIP: 'None', publishNotReadyAddresses: true, selector: { app: 'store' }, ports: [{ port: 7000 }] } };
    const store = deployment('store', { containers: [{ name: 'store', image: 'registry.example/store:1', ports: [{ containerPort: 7000 }], readinessProbe: { tcpSocket: { port: 7000 } } }] }, { replicas: 3 });
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'store' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'store' } } } };
    expect(run(store, peers, pdb)).toEqual(['info no-prestop-drain Deployment/store store']);
  });

  test('a shell script that traps TERM handles the stop signal itself: no shell-form-command finding; without the trap, a warning', () => {
    const worker = (script: string) => deployment('worker', { containers: [{ name: 'worker', image: 'registry.example/worker:1', command: ['/bin/sh', '-c', script] }] });
    expect(run(worker('app --serve & pid=$!; trap "kill -TERM $pid" TERM; wait $pid'))).toEqual([]);
    expect(run(worker('setup; app --serve'))).toEqual(['warning shell-form-command Deployment/worker worker']);
  });

  test('a DaemonSet no Service routes to is a node agent: no drain or readiness finding, since no other pod serves that node meanwhile', () => {
    const agent = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'registry.example/agent:1', ports: [{ containerPort: 8125, hostPort: 8125 }] }] } },
      },
    };
    expect(run(agent)).toEqual([]);
    const withoutHostPort = JSON.parse(JSON.stringify(agent).replace(', "hostPort":8125', '').replace(',"hostPort":8125', ''));
    expect(run(withoutHostPort)).toEqual([]);
  });

  test('a flag that keeps the server serving after SIGTERM (--shutdown-grace-period, --graceful-shutdown-delay) is its drain', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'proxy' }, spec: { selector: { app: 'proxy' }, ports: [{ port: 80, targetPort: 8080 }] } };
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'proxy' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'proxy' } } } };
    const proxy = (args: string[]) => deployment('proxy', {
      containers: [{ name: 'proxy', image: 'registry.example/proxy:1', args, ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/ready', port: 8080 } } }],
    }, { replicas: 4 });
    expect(run(proxy([]), service, pdb)).toEqual(['error no-prestop-drain Deployment/proxy proxy']);
    expect(run(proxy(['--shutdown-grace-period=10']), service, pdb)).toEqual([]);
    expect(run(proxy(['--graceful-shutdown-delay', '10s']), service, pdb)).toEqual([]);
  });

  test('a single instance still gets single-replica-no-pdb, with a fix that does not tell it to scale out', () => {
    const report = auditManifests([{ file: 's.yaml', text: readFileSync(`${DIR}/single-instance.yaml`, 'utf8') }]);
    const cache = report.findings.find((f) => f.workload.name === 'cache' && f.ruleId === 'single-replica-no-pdb')!;
    expect(cache.fix).toContain('strategy: Recreate');
    expect(cache.fix).not.toContain('run at least 2 replicas');
  });
});
