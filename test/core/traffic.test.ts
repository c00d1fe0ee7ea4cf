import { planShutdown } from '../../src/core';

describe('traffic presets', () => {
  test('without drainDelay, D is the slowest router and explain() names it', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, traffic: ['kube-proxy', 'ingress-nginx', { kind: 'aws-alb' }] });
    expect(plan.drainDelaySeconds).toBe(30);
    expect(plan.drainDelaySource).toBe('aws-alb');
    expect(plan.traffic).toEqual(['kube-proxy', 'ingress-nginx', 'aws-alb']);
    expect(plan.decisions[0]).toMatchObject({ field: 'drainDelaySeconds', value: 30 });
    expect(plan.decisions[0].reason).toMatch(/^the slowest router, aws-alb \(kube-proxy 5s, ingress-nginx 10s, aws-alb 30s\)/);
    expect(plan.explain()).toContain('drainDelay, set by aws-alb 30s');
  });

  test('a lag set by the user replaces the default', () => {
    expect(planShutdown({ appShutdownTimeout: 1, traffic: [{ kind: 'aws-nlb', lag: '45s' }] }).drainDelaySeconds).toBe(45);
  });

  test('an explicit drainDelay below a router lag is kept and warned about', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 10, traffic: ['aws-alb'] });
    expect(plan.drainDelaySeconds).toBe(10);
    expect(plan.warnings.map((w) => w.code)).toEqual(['drain-delay-below-router', 'namespace-label']);
    expect(plan.warnings[0].message).toBe('drainDelay is 10s but aws-alb may keep sending new requests for 30s; raise drainDelay to 30s or remove it to let the plan use the slowest router');
  });

  test('AWS ALB: Ingress annotations with a deregistration delay equal to the grace period, and the readiness-gate namespace label', () => {
    const plan = planShutdown({ appShutdownTimeout: 20, traffic: ['aws-alb'] });
    expect(plan.terminationGracePeriodSeconds).toBe(30 + 20 + 5);
    expect(plan.ingressAnnotations).toEqual({
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/target-group-attributes': 'deregistration_delay.timeout_seconds=55',
    });
    expect(plan.trafficAnnotations.find((a) => a.target === 'Namespace')?.annotations).toEqual({ 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' });
    expect(plan.serviceAnnotations).toEqual({});
  });

  test('AWS ALB: the plan lists the namespace label and warns with the exact command, since nothing creates it', () => {
    const plan = planShutdown({ appShutdownTimeout: 20, traffic: ['aws-alb'] });
    expect(plan.namespaceLabels).toEqual({ 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' });
    const warning = plan.warnings.find((w) => w.code === 'namespace-label');
    expect(warning?.message).toContain('kubectl label namespace <namespace> elbv2.k8s.aws/pod-readiness-gate-inject=enabled');
  });

  // The AWS Load Balancer Controller injects its readiness gate only into pods of a namespace labelled
  // elbv2.k8s.aws/pod-readiness-gate-inject: enabled, for ALB and NLB alike (LBC docs, "Pod readiness gate").
  test('AWS NLB: minReadySeconds 0 relies on the readiness gate, so the plan lists its namespace label and warns as for ALB', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, traffic: ['aws-nlb'] });
    expect(plan.rollout.minReadySeconds).toBe(0);
    expect(plan.namespaceLabels).toEqual({ 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' });
    const warning = plan.warnings.find((w) => w.code === 'namespace-label');
    expect(warning?.problem).toMatch(/^aws-nlb needs the label elbv2.k8s.aws\/pod-readiness-gate-inject=enabled/);
    expect(warning?.fix).toContain('kubectl label namespace <namespace> elbv2.k8s.aws/pod-readiness-gate-inject=enabled');
    expect(warning?.fix).toContain('set readinessGate: false on the aws-nlb traffic source, so minReadySeconds (120s) covers the registration');
    expect(plan.decisions.find((d) => d.field === 'minReadySeconds')?.reason).toContain('injected only in a namespace labelled elbv2.k8s.aws/pod-readiness-gate-inject=enabled');
  });

  test('an AWS load balancer without the gate (namespace not labelled) gets minReadySeconds from its registration lag and no label', () => {
    for (const [kind, seconds] of [['aws-nlb', 120], ['aws-alb', 30]] as const) {
      const plan = planShutdown({ appShutdownTimeout: 30, traffic: [{ kind, readinessGate: false }] });
      expect(plan.rollout.minReadySeconds).toBe(seconds);
      expect(plan.namespaceLabels).toEqual({});
      expect(plan.warnings.map((w) => w.code)).not.toContain('namespace-label');
    }
  });

  test('the NLB and Alibaba annotations need a LoadBalancer Service; ALB, GKE NEG and in-cluster routers need no type', () => {
    for (const kind of ['aws-nlb', 'alibaba-clb', 'alibaba-nlb'] as const) {
      expect(planShutdown({ appShutdownTimeout: 20, traffic: ['kube-proxy', kind] }).serviceType).toBe('LoadBalancer');
    }
    for (const kind of ['aws-alb', 'gke-neg', 'ingress-nginx', 'kube-proxy'] as const) {
      expect(planShutdown({ appShutdownTimeout: 20, traffic: [kind] }).serviceType).toBeUndefined();
    }
  });

  test('AWS NLB: Service annotations with deregistration delay and connection termination', () => {
    const plan = planShutdown({ appShutdownTimeout: 20, traffic: ['aws-nlb'] });
    expect(plan.serviceAnnotations['service.beta.kubernetes.io/aws-load-balancer-nlb-target-type']).toBe('ip');
    expect(plan.serviceAnnotations['service.beta.kubernetes.io/aws-load-balancer-target-group-attributes'])
      .toBe('deregistration_delay.timeout_seconds=145,deregistration_delay.connection_termination.enabled=true');
  });

  test('GKE NEG: the NEG annotation and the BackendConfig draining timeout in the note', () => {
    const plan = planShutdown({ appShutdownTimeout: 20, traffic: ['gke-neg'] });
    expect(plan.serviceAnnotations).toEqual({ 'cloud.google.com/neg': '{"ingress": true}' });
    expect(plan.trafficAnnotations[0].note).toContain('connectionDraining.drainingTimeoutSec: 55');
  });

  test('Alibaba CLB: connection drain on, timeout = grace period', () => {
    const plan = planShutdown({ appShutdownTimeout: 20, traffic: ['alibaba-clb'] });
    expect(plan.drainDelaySeconds).toBe(15);
    expect(plan.serviceAnnotations).toEqual({
      'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-connection-drain': 'on',
      'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-connection-drain-timeout': '40',
    });
  });

  test('Alibaba CLB with 30-minute long connections: the drain timeout is clamped to 900 s and a warning says so', () => {
    const plan = planShutdown({ appShutdownTimeout: 20, longConnectionBudget: '30m', traffic: ['alibaba-clb'] });
    expect(plan.serviceAnnotations['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-connection-drain-timeout']).toBe('900');
    expect(plan.warnings.map((w) => w.code)).toEqual(['load-balancer-drain-clamped']);
  });

  test('Alibaba CLB drain timeout is at least 10 s', () => {
    const plan = planShutdown({ appShutdownTimeout: 0, safetyMargin: 0, traffic: [{ kind: 'alibaba-clb', lag: 1 }] });
    expect(plan.serviceAnnotations['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-connection-drain-timeout']).toBe('10');
  });

  test("Nacos (the seeds' setup): deregister with $POD_IP, then wait the 35 s client cache; the grace period counts the call", () => {
    const plan = planShutdown({
      appShutdownTimeout: '30s',
      traffic: [{ kind: 'nacos', serverAddr: 'nacos.infra:8848', serviceName: 'sre-yilingyi', port: 8080, namespaceId: 'production' }],
    });
    expect(plan.drainDelaySeconds).toBe(35);
    expect(plan.preStopMechanism).toBe('exec-shell');
    expect(plan.preStop).toEqual({
      exec: {
        command: [
          '/bin/sh',
          '-c',
          'curl -s -m 5 -X PUT "http://nacos.infra:8848/nacos/v1/ns/instance?serviceName=sre-yilingyi&ip=${POD_IP}&port=8080&enabled=false&namespaceId=production"; sleep 35',
        ],
      },
    });
    expect(plan.preStopCommandSeconds).toBe(5);
    expect(plan.terminationGracePeriodSeconds).toBe(5 + 35 + 30 + 5);
    expect(plan.explain()).toMatch(/t=0-5s\s+preStop: deregister from nacos/);
    expect(plan.explain()).toMatch(/t=5-40s\s+preStop sleeps/);
  });

  test('Nacos on a distroless image is an error that says what to do instead', () => {
    expect(() => planShutdown({
      appShutdownTimeout: 30,
      image: 'distroless',
      traffic: [{ kind: 'nacos', serverAddr: 'nacos:8848', serviceName: 'api', port: 8080 }],
    })).toThrow(/^image is 'distroless' but the plan needs a command before the drain .*deregister from the app itself on SIGTERM/);
  });

  test('Nacos fields are validated: a shell-unsafe service name is rejected', () => {
    expect(() => planShutdown({ appShutdownTimeout: 1, traffic: [{ kind: 'nacos', serverAddr: 'nacos:8848', serviceName: 'a; rm -rf /', port: 8080 }] }))
      .toThrow(/^traffic\[0\]\.serviceName must be a Nacos service name/);
    expect(() => planShutdown({ appShutdownTimeout: 1, traffic: [{ kind: 'nacos', serverAddr: 'nacos:8848', serviceName: 'api', port: 0 }] }))
      .toThrow('traffic[0].port must be a port number from 1 to 65535, got 0');
  });

  test('an unknown traffic kind lists the known ones', () => {
    expect(() => planShutdown({ appShutdownTimeout: 1, traffic: ['haproxy' as any] })).toThrow(/^traffic\[0\]\.kind must be one of 'kube-proxy', 'ingress-nginx', 'aws-alb'/);
  });

  test('a user preStop command runs before the drain sleep and its timeout is counted', () => {
    const plan = planShutdown({ appShutdownTimeout: 10, drainDelay: 5, preStopCommand: { script: 'curl -s -X POST localhost:8080/drain', timeout: '3s' } });
    expect(plan.preStop?.exec?.command).toEqual(['/bin/sh', '-c', 'curl -s -X POST localhost:8080/drain; sleep 5']);
    expect(plan.terminationGracePeriodSeconds).toBe(3 + 5 + 10 + 5);
  });

  test('a pinned grace period must also cover preStop commands', () => {
    expect(() => planShutdown({ appShutdownTimeout: 10, drainDelay: 5, safetyMargin: 0, terminationGracePeriod: 15, preStopCommand: { script: 'x' } }))
      .toThrow('terminationGracePeriod is 15s but the plan needs at least 25s (preStop commands 10s + drain 5s');
  });

  test('a command with a sleep-only strategy is rejected', () => {
    expect(() => planShutdown({ appShutdownTimeout: 1, preStop: 'native-sleep', preStopCommand: { script: 'x' } })).toThrow(/^preStop is 'native-sleep', which only sleeps/);
    expect(() => planShutdown({ appShutdownTimeout: 1, preStop: 'app-drain', preStopCommand: { script: 'x' } })).toThrow(/^preStop is 'app-drain' \(no hook\)/);
  });
});

describe('router lags cite a source or say they are estimates', () => {
  const kinds = ['kube-proxy', 'ingress-nginx', 'aws-alb', 'aws-nlb', 'gke-neg', 'alibaba-clb', 'alibaba-nlb'] as const;

  test.each(kinds)('the %s default lag names its source or is labelled an estimate, in explain()', (kind) => {
    const plan = planShutdown({ appShutdownTimeout: 30, traffic: [kind] });
    const reason = plan.decisions.find((d) => d.field === 'drainDelaySeconds')!.reason;
    expect(reason).toMatch(/estimate|https:\/\/|#\d{3,}|\.go\b|\.lua\b/);
    expect(plan.explain()).toContain(reason);
  });

  // AWS: "It can take a few minutes for the deregistration process to complete" (NLB target-group docs);
  // kubernetes-sigs/aws-load-balancer-controller#2366 measured at least 2 minutes for IP targets.
  test('the NLB default reflects the documented time: 120 s, not 30 s', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, traffic: ['aws-nlb'] });
    expect(plan.drainDelaySeconds).toBe(120);
    expect(plan.decisions.find((d) => d.field === 'drainDelaySeconds')!.reason).toContain('#2366');
  });

  // kubernetes/ingress-nginx README and kubernetes.io blog "Ingress NGINX Retirement" (2025-11-11): best-effort
  // maintenance until March 2026, then no further releases, bug fixes or security updates.
  test('ingress-nginx is retired: explain() says so once, as a decision, and the preset still plans its lag', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, traffic: ['ingress-nginx', { kind: 'ingress-nginx', lag: 12 }] });
    const notes = plan.decisions.filter((d) => d.field === 'traffic ingress-nginx');
    expect(notes).toHaveLength(1);
    expect(notes[0].value).toBe('retired');
    expect(notes[0].reason).toContain('best-effort maintenance ended in March 2026');
    expect(plan.warnings).toEqual([]);
    expect(plan.drainDelaySeconds).toBe(12);
    expect(planShutdown({ appShutdownTimeout: 30, traffic: ['kube-proxy'] }).decisions.map((d) => d.field)).not.toContain('traffic ingress-nginx');
  });
});
