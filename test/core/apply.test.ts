import { applyPlanToPodSpec, applyPlanToWorkloadSpec, checkWorkload, factsFromWorkloadSpec, planShutdown, type WorkloadSpec } from '../../src/core';
import { configError } from '../helpers/config-error';

const workload = (): WorkloadSpec => ({
  replicas: 3,
  template: {
    metadata: { labels: { app: 'api' } },
    spec: {
      initContainers: [{ name: 'istio-proxy', image: 'istio/proxyv2', restartPolicy: 'Always' }],
      containers: [
        { name: 'api', image: 'api:1', env: [{ name: 'POD_IP', value: 'user-set' }, { name: 'LOG_LEVEL', value: 'info' }] },
        { name: 'worker', image: 'worker:1', lifecycle: { postStart: { exec: { command: ['warm'] } } } },
      ],
      volumes: [{ name: 'config', configMap: { name: 'api' } }],
    },
  },
});

describe('applyPlanToWorkloadSpec', () => {
  const distroless = planShutdown({ appShutdownTimeout: 30, drainDelay: 20, kubernetesVersion: '1.27', image: 'distroless' });

  test('every app container gets the preStop, the plan env and the mounts; native sidecars get no preStop', () => {
    const out = applyPlanToWorkloadSpec(workload(), distroless);
    const [api, worker] = out.template.spec.containers;
    for (const c of [api, worker]) {
      expect(c.lifecycle?.preStop).toEqual({ exec: { command: ['/graceful-k8s/bin/busybox', 'sleep', '20'] } });
      expect(c.volumeMounts).toEqual([{ name: 'graceful-k8s-bin', mountPath: '/graceful-k8s/bin', readOnly: true }]);
      expect(c.env?.map((e) => e.name)).toEqual(expect.arrayContaining(['POD_IP', 'POD_NAME', 'POD_NAMESPACE', 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS']));
    }
    expect(worker.lifecycle?.postStart).toEqual({ exec: { command: ['warm'] } });
    const sidecar = out.template.spec.initContainers!.find((c) => c.name === 'istio-proxy');
    expect(sidecar?.lifecycle).toBeUndefined();
  });

  test('an env name the container already sets is left alone', () => {
    const api = applyPlanToWorkloadSpec(workload(), distroless).template.spec.containers[0];
    expect(api.env?.filter((e) => e.name === 'POD_IP')).toEqual([{ name: 'POD_IP', value: 'user-set' }]);
    expect(api.env?.[1]).toEqual({ name: 'LOG_LEVEL', value: 'info' });
  });

  test('the copy init container runs first, existing volumes are kept', () => {
    const spec = applyPlanToWorkloadSpec(workload(), distroless).template.spec;
    expect(spec.initContainers!.map((c) => c.name)).toEqual(['graceful-k8s-copy-sleep', 'istio-proxy']);
    expect(spec.volumes!.map((v) => v.name)).toEqual(['config', 'graceful-k8s-bin']);
    expect(spec.terminationGracePeriodSeconds).toBe(55);
  });

  const behindNlbWithoutGate = planShutdown({ appShutdownTimeout: 30, drainDelay: 20, traffic: [{ kind: 'aws-nlb', lag: 20, readinessGate: false }] });

  test('a Deployment gets the rolling update, minReadySeconds and progressDeadlineSeconds', () => {
    const out = applyPlanToWorkloadSpec(workload(), behindNlbWithoutGate, 'Deployment');
    expect(out.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    expect(out.minReadySeconds).toBe(120);
    expect(out.progressDeadlineSeconds).toBe(720);
    expect(out.replicas).toBe(3);
  });

  test('a StatefulSet gets minReadySeconds but no Deployment-only fields', () => {
    const out = applyPlanToWorkloadSpec(workload(), behindNlbWithoutGate, 'StatefulSet');
    expect(out.minReadySeconds).toBe(120);
    expect(out.strategy).toBeUndefined();
    expect(out.progressDeadlineSeconds).toBeUndefined();
  });

  test('applying twice is the same as applying once', () => {
    const once = applyPlanToWorkloadSpec(workload(), distroless);
    expect(applyPlanToWorkloadSpec(once, distroless)).toEqual(once);
  });

  test('the input is not mutated and the output shares no plan objects', () => {
    const input = workload();
    const before = JSON.stringify(input);
    const out = applyPlanToPodSpec(input.template.spec, distroless);
    expect(JSON.stringify(input)).toBe(before);
    expect(out.initContainers![0]).not.toBe(distroless.initContainers[0]);
    expect(out.containers[0].lifecycle!.preStop).not.toBe(distroless.preStop);
  });

  test('a plan without a hook leaves lifecycle untouched', () => {
    const out = applyPlanToPodSpec(workload().template.spec, planShutdown({ appShutdownTimeout: 5, preStop: 'app-drain' }));
    expect(out.containers[0].lifecycle).toBeUndefined();
    expect(out.containers[1].lifecycle).toEqual({ postStart: { exec: { command: ['warm'] } } });
  });
});

describe('applyPlanToWorkloadSpec: presets', () => {
  test('a stop signal goes on every app container, with spec.os.name linux', () => {
    const plan = planShutdown({ appShutdownTimeout: 10, kubernetesVersion: '1.33', framework: { kind: 'nginx', quitVia: 'stop-signal' } });
    const spec = applyPlanToWorkloadSpec(workload(), plan).template.spec;
    expect(spec.os).toEqual({ name: 'linux' });
    for (const c of spec.containers) expect(c.lifecycle).toMatchObject({ preStop: { sleep: { seconds: 5 } }, stopSignal: 'SIGQUIT' });
  });

  test('sidecar annotations go on the pod template; a key the template already has is kept', () => {
    const plan = planShutdown({ appShutdownTimeout: 10, sidecar: 'linkerd' });
    const out = applyPlanToWorkloadSpec(workload(), plan);
    expect(out.template.metadata).toEqual({ labels: { app: 'api' }, annotations: { 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': '15' } });
    const own = workload();
    const withOwn = { ...own, template: { ...own.template, metadata: { annotations: { 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': '99' } } } };
    expect(applyPlanToWorkloadSpec(withOwn, plan).template.metadata?.annotations).toEqual({ 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': '99' });
  });

  test('framework env joins the plan env on every app container', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, framework: 'spring-boot' });
    const api = applyPlanToWorkloadSpec(workload(), plan).template.spec.containers[0];
    expect(api.env).toContainEqual({ name: 'SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE', value: '30s' });
  });
});

describe('a framework setting the container sets too (issue 23, item 10)', () => {
  const gunicorn = planShutdown({ appShutdownTimeout: 20, framework: 'gunicorn' });
  const spec = (env: Array<{ name: string; value: string }>) => ({
    template: { spec: { containers: [{ name: 'app', image: 'app:1', env }] } },
  });
  const facts = (env: Array<{ name: string; value: string }>) => ({ kind: 'Deployment' as const, replicas: 3, containers: [{ name: 'app', env, readinessProbe: {} }] });

  test('GUNICORN_CMD_ARGS of other flags is merged: the container\'s --workers 4 kept, the plan\'s --graceful-timeout appended', () => {
    const out = applyPlanToWorkloadSpec(spec([{ name: 'GUNICORN_CMD_ARGS', value: '--workers 4' }]), gunicorn);
    expect(out.template.spec.containers[0].env).toContainEqual({ name: 'GUNICORN_CMD_ARGS', value: '--workers 4 --graceful-timeout 20' });
    expect(checkWorkload(gunicorn, facts([{ name: 'GUNICORN_CMD_ARGS', value: '--workers 4' }]))).toEqual([]);
  });

  test('a --graceful-timeout of the container\'s own that disagrees with the plan is refused, naming both values', () => {
    const error = configError(() => checkWorkload(gunicorn, facts([{ name: 'GUNICORN_CMD_ARGS', value: '--workers 4 --graceful-timeout 5' }])));
    expect(error.field).toBe('containers[app].env.GUNICORN_CMD_ARGS');
    expect(error.message).toContain('sets --graceful-timeout 5, but the plan sets --graceful-timeout 20');
    expect(checkWorkload(gunicorn, facts([{ name: 'GUNICORN_CMD_ARGS', value: '--graceful-timeout=20' }]))).toEqual([]);
  });

  test('SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE is compared as Spring reads it: 20000 (ms) agrees with 20s, 5s is refused', () => {
    const spring = planShutdown({ appShutdownTimeout: 20, framework: 'spring-boot' });
    expect(checkWorkload(spring, facts([{ name: 'SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE', value: '20000' }]))).toEqual([]);
    expect(() => checkWorkload(spring, facts([{ name: 'SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE', value: '5s' }])))
      .toThrow(/^containers\[app\]\.env\.SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE sets 5s, but the plan sets 20s/);
    expect(() => checkWorkload(spring, facts([{ name: 'SERVER_SHUTDOWN', value: 'immediate' }]))).toThrow(/sets immediate, but the plan sets graceful/);
  });

  test('explain() says the plan\'s flag is appended to the container\'s own', () => {
    expect(gunicorn.explain()).toContain('appended to a GUNICORN_CMD_ARGS the container sets, whose other flags are kept');
  });
});

// pid_namespaces(7): a namespace's init gets only the signals it handles; with shareProcessNamespace PID 1 is the pause
// process (kubernetes build/pause/linux/pause.c: SIGINT, SIGTERM, SIGCHLD), so 'kill -QUIT 1' never reaches nginx.
describe('a pod that shares its process namespace', () => {
  const pod = (shareProcessNamespace: boolean): WorkloadSpec => ({
    replicas: 2,
    template: { spec: { shareProcessNamespace, containers: [{ name: 'web', image: 'nginx:1.27' }] } },
  });

  test('nginx with quitVia prestop under shareProcessNamespace is refused: kill -QUIT 1 would reach the pause process', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, framework: 'nginx' });
    expect(() => applyPlanToWorkloadSpec(pod(true), plan)).toThrow(/^shareProcessNamespace is set, so PID 1 is the pod's pause process, which ignores SIGQUIT/);
    expect(() => checkWorkload(plan, factsFromWorkloadSpec('Deployment', pod(true)))).toThrow(/quitVia 'image'/);
    expect(() => applyPlanToWorkloadSpec(pod(false), plan)).not.toThrow();
  });

  test('quitVia image and php-fpm with stop-signal are rendered: the runtime sends the stop signal to the container\'s own process', () => {
    for (const framework of [{ kind: 'nginx', quitVia: 'image' }, { kind: 'php-fpm', quitVia: 'stop-signal' }] as const) {
      const plan = planShutdown({ appShutdownTimeout: 30, kubernetesVersion: '1.33', framework });
      const spec = applyPlanToWorkloadSpec(pod(true), plan);
      expect(JSON.stringify(spec.template.spec.containers[0].lifecycle)).not.toContain('kill -QUIT 1');
    }
  });
});
