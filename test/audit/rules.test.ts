import { stringify } from 'yaml';
import { auditManifests, type AuditFinding } from '../../src/audit/audit';

/** A Deployment manifest with one container; `pod` and `container` merge into the template. */
function deployment(options: { replicas?: number; strategy?: object; pod?: object; container?: object; labels?: object } = {}): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app' },
    spec: {
      ...(options.replicas !== undefined ? { replicas: options.replicas } : {}),
      ...(options.strategy ? { strategy: options.strategy } : {}),
      selector: { matchLabels: { app: 'app' } },
      template: {
        metadata: { labels: options.labels ?? { app: 'app' } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example/app:1',
              ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
              lifecycle: { preStop: { sleep: { seconds: 5 } } },
              ...options.container,
            },
          ],
          ...options.pod,
        },
      },
    },
  };
}

const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'app' }, spec: { selector: { app: 'app' } } };
const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'app' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'app' } } } };

function findings(...objects: object[]): AuditFinding[] {
  const text = objects.map((o) => stringify(o)).join('---\n');
  return [...auditManifests([{ file: 'test.yaml', text }]).findings];
}

const ids = (list: readonly AuditFinding[]) => list.map((f) => `${f.severity}:${f.ruleId}`).sort();

test('a routed Deployment with 3 replicas, a drain, a readiness probe and a PDB has no finding', () => {
  expect(findings(deployment({ replicas: 3 }), service, pdb)).toEqual([]);
});

describe('grace-period-too-short', () => {
  const spring = (grace: number) => deployment({ replicas: 3, pod: { terminationGracePeriodSeconds: grace }, container: { env: [{ name: 'SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE', value: '30s' }] } });

  test('below drain + app shutdown is an error, below drain + app + margin advice (info: safetyMargin may be 0), at the plan\'s value nothing', () => {
    expect(ids(findings(spring(34), service, pdb))).toEqual(['error:grace-period-too-short']);
    expect(ids(findings(spring(38), service, pdb))).toEqual(['info:grace-period-too-short']);
    expect(findings(spring(40), service, pdb)).toEqual([]);
  });

  test('an omitted grace period is Kubernetes\' 30s default', () => {
    const [finding] = findings(deployment({ replicas: 3, container: { env: [{ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '60' }] } }), service, pdb);
    expect(finding.message).toContain('not set (Kubernetes uses 30)');
    expect(finding.fix).toContain('terminationGracePeriodSeconds: 70');
  });
});

describe('no-prestop-drain', () => {
  const bare = deployment({ replicas: 3, container: { lifecycle: undefined } });

  test('is an error when a Service in the input routes to the workload', () => {
    expect(ids(findings(bare, service, pdb))).toEqual(['error:no-prestop-drain']);
  });

  test('is a warning when the input has no Service at all', () => {
    expect(ids(findings(bare, pdb))).toEqual(['warning:no-prestop-drain']);
  });

  test('a workload with request ports that no Service of an input with Services selects is only info: probably not a server', () => {
    const other = { ...service, spec: { selector: { app: 'other' } } };
    const list = findings(bare, other, pdb);
    expect(ids(list)).toEqual(['info:no-prestop-drain']);
    expect(list[0].message).toContain('the input has Services but none selects this pod');
  });

  test('a Service in another namespace does not route to the workload: info, not an error', () => {
    const ns = (o: any, namespace: string) => ({ ...o, metadata: { ...o.metadata, namespace } });
    expect(ids(findings(ns(bare, 'a'), ns(service, 'b'), ns(pdb, 'a')))).toEqual(['info:no-prestop-drain']);
  });

  test('the fix uses --drain-delay as D when given', () => {
    const [finding] = auditManifests([{ file: 't.yaml', text: [bare, service, pdb].map((o) => stringify(o)).join('---\n') }], {
      assumptions: { drainDelay: '15s' },
    }).findings;
    expect(finding.fix).toContain('preStop {"sleep":{"seconds":15}}');
    expect(finding.fix).toContain('terminationGracePeriodSeconds: 50');
  });
});

describe('distroless-exec-prestop', () => {
  const distroless = (command: string[]) => deployment({ replicas: 3, container: { image: 'gcr.io/distroless/java17-debian12', lifecycle: { preStop: { exec: { command } } } } });

  test('a shell in a distroless preStop is an error; the fix on 1.29 is the copied static sleep', () => {
    const list = auditManifests([{ file: 't.yaml', text: [distroless(['/bin/sh', '-c', 'sleep 10']), service, pdb].map((o) => stringify(o)).join('---\n') }], {
      assumptions: { kubernetesVersion: '1.29' },
    }).findings;
    expect(ids(list)).toEqual(['error:distroless-exec-prestop']);
    expect(list[0].fix).toContain('graceful-k8s-copy-sleep');
    expect(list[0].fix).toContain('"sleep","10"');
  });

  test('an app binary of the image itself is not flagged', () => {
    expect(findings(distroless(['/app/drain', '--wait=10']), service, pdb).map((f) => f.ruleId)).not.toContain('distroless-exec-prestop');
  });
});

describe('max-unavailable-few-replicas', () => {
  test('maxUnavailable 50% of 2 replicas takes a pod down', () => {
    const list = findings(deployment({ replicas: 2, strategy: { rollingUpdate: { maxUnavailable: '50%' } } }), service, pdb);
    expect(ids(list)).toEqual(['warning:max-unavailable-few-replicas']);
    expect(list[0].message).toContain('1 of 2');
    expect(list[0].fix).toContain('maxUnavailable: 0 and maxSurge: "25%"');
  });

  test('the fix keeps the workload\'s own maxSurge, as applying a plan does (issue 23, item 2)', () => {
    const list = findings(deployment({ replicas: 3, strategy: { rollingUpdate: { maxSurge: 2, maxUnavailable: 1 } } }), service, pdb);
    expect(list[0].fix).toContain('maxUnavailable: 0 and maxSurge: 2 ');
  });

  test('Kubernetes\' default 25% rounds down to 0 pods for 3 replicas, and 4 replicas are not few', () => {
    expect(findings(deployment({ replicas: 3 }), service, pdb)).toEqual([]);
    expect(findings(deployment({ replicas: 4, strategy: { rollingUpdate: { maxUnavailable: 1 } } }), service, pdb)).toEqual([]);
  });
});

describe('quit-signal-server', () => {
  test('an explicit stopSignal SIGTERM on nginx is an error; SIGQUIT is fine', () => {
    const nginx = (stopSignal: string) => deployment({ replicas: 3, container: { image: 'nginx:1.27', lifecycle: { preStop: { sleep: { seconds: 5 } }, stopSignal } } });
    expect(ids(findings(nginx('SIGTERM'), service, pdb))).toEqual(['error:quit-signal-server']);
    expect(findings(nginx('SIGQUIT'), service, pdb)).toEqual([]);
  });

  test('official nginx and php fpm images set STOPSIGNAL SIGQUIT themselves; an image merely named nginx is an info saying what to check', () => {
    const image = (name: string) => deployment({ replicas: 3, container: { image: name } });
    expect(findings(image('nginx:1.27-alpine'), service, pdb)).toEqual([]);
    expect(findings(image('docker.io/library/php:8.3-fpm-alpine'), service, pdb)).toEqual([]);
    expect(findings(image('registry.k8s.io/ingress-nginx/controller:v1.11.0'), service, pdb)).toEqual([]);
    expect(ids(findings(image('bitnami/nginx:1.27'), service, pdb))).toEqual(['info:quit-signal-server']);
  });

  // pid_namespaces(7): a namespace's init gets only the signals it handles; with shareProcessNamespace PID 1 is the pause
  // process (kubernetes build/pause/linux/pause.c handles SIGINT, SIGTERM and SIGCHLD only).
  test('kill -QUIT 1 in preStop under shareProcessNamespace is an error: PID 1 is the pause process, which ignores SIGQUIT', () => {
    const quit = ['/bin/sh', '-c', 'sleep 5; kill -QUIT 1; while kill -0 1 2>/dev/null; do sleep 1; done'];
    const nginx = (pod: object) => deployment({ replicas: 3, pod, container: { image: 'nginx:1.27', lifecycle: { preStop: { exec: { command: quit } } } } });
    const list = findings(nginx({ shareProcessNamespace: true }), service, pdb);
    expect(ids(list)).toEqual(['error:quit-signal-server']);
    expect(list[0].path).toBe('spec.template.spec.containers[0].lifecycle.preStop');
    expect(list[0].message).toContain('PID 1 is the pause process');
    expect(findings(nginx({}), service, pdb)).toEqual([]);
  });
});

describe('shell-form-command', () => {
  test('sh -c app is flagged; a script that ends with exec is not', () => {
    const cmd = (command: string[]) => deployment({ replicas: 3, container: { command } });
    expect(ids(findings(cmd(['/bin/sh', '-c', 'java -jar app.jar']), service, pdb))).toEqual(['warning:shell-form-command']);
    expect(findings(cmd(['/bin/sh', '-c', 'prepare; exec java -jar app.jar']), service, pdb)).toEqual([]);
    expect(findings(cmd(['java', '-jar', 'app.jar']), service, pdb)).toEqual([]);
  });
});

describe('probes', () => {
  test('identical liveness and readiness probes are flagged at livenessProbe, with the planner\'s liveness timing in the fix', () => {
    const probe = { httpGet: { path: '/health', port: 8080 }, periodSeconds: 10 };
    const [finding] = findings(deployment({ replicas: 3, container: { readinessProbe: probe, livenessProbe: probe } }), service, pdb);
    expect(finding.ruleId).toBe('liveness-equals-readiness');
    expect(finding.path).toBe('spec.template.spec.containers[0].livenessProbe');
    expect(finding.fix).toContain('period 10s, failureThreshold 6');
  });

  test('a routed container without a readiness probe is flagged with the planner\'s readiness timing', () => {
    const [finding] = findings(deployment({ replicas: 3, container: { readinessProbe: undefined } }), service, pdb);
    expect(finding.ruleId).toBe('no-readiness-probe');
    expect(finding.fix).toContain('period 5s, failureThreshold 2');
  });
});

describe('single-replica-no-pdb', () => {
  test('one replica is a warning, several without a PDB an info, several with a PDB nothing', () => {
    expect(ids(findings(deployment({ replicas: 1 }), service, pdb))).toEqual(['warning:single-replica-no-pdb']);
    expect(ids(findings(deployment({ replicas: 2 }), service))).toEqual(['info:single-replica-no-pdb']);
    expect(findings(deployment({ replicas: 2 }), service, pdb)).toEqual([]);
  });
});

describe('prestop-exceeds-grace', () => {
  // kuberuntime_container.go killContainer: after a preStop that outlasts the grace period the kubelet still
  // sends the stop signal, with minimumGracePeriodInSeconds (2 s) before SIGKILL.
  test('says the stop signal comes at the grace period and SIGKILL 2 s later, not that the app never gets SIGTERM', () => {
    const sleep30 = { lifecycle: { preStop: { sleep: { seconds: 30 } } } };
    const long = deployment({ replicas: 3, pod: { terminationGracePeriodSeconds: 30 }, container: sleep30 });
    const finding = findings(long, service, pdb).find((f) => f.ruleId === 'prestop-exceeds-grace')!;
    expect(finding.message).toContain('at the grace period the kubelet sends the stop signal and SIGKILL 2s later');
    expect(finding.message).not.toContain('before the app gets SIGTERM');
  });
});
