import { GRACEFUL_QUIT_SCRIPT, planShutdown } from '../../src/core';

describe('framework presets', () => {
  test('Spring Boot gets graceful shutdown and its phase timeout = A', () => {
    const plan = planShutdown({ appShutdownTimeout: '30s', framework: 'spring-boot' });
    expect(plan.env).toEqual(expect.arrayContaining([
      { name: 'SERVER_SHUTDOWN', value: 'graceful' },
      { name: 'SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE', value: '30s' },
    ]));
    expect(plan.framework).toBe('spring-boot');
    expect(plan.explain()).toContain('env.SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE = 30s');
  });

  test('gunicorn gets --graceful-timeout A through GUNICORN_CMD_ARGS, uvicorn its UVICORN_ env', () => {
    expect(planShutdown({ appShutdownTimeout: 25, framework: 'gunicorn' }).env).toContainEqual({ name: 'GUNICORN_CMD_ARGS', value: '--graceful-timeout 25' });
    expect(planShutdown({ appShutdownTimeout: 25, framework: 'uvicorn' }).env).toContainEqual({ name: 'UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN', value: '25' });
  });

  test('Node.js and Go read GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS; the setting is listed', () => {
    for (const framework of ['nodejs', 'go'] as const) {
      const plan = planShutdown({ appShutdownTimeout: 12, framework });
      expect(plan.env).toContainEqual({ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '12' });
      expect(plan.appSettings[0].setting).toMatch(/GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS/);
    }
  });

  test('nginx: after the drain sleep, preStop sends SIGQUIT to PID 1 and waits for the graceful exit', () => {
    const plan = planShutdown({ appShutdownTimeout: 20, drainDelay: 5, framework: 'nginx' });
    expect(plan.preStopMechanism).toBe('exec-shell');
    expect(plan.preStop).toEqual({ exec: { command: ['/bin/sh', '-c', `sleep 5; ${GRACEFUL_QUIT_SCRIPT}`] } });
    expect(GRACEFUL_QUIT_SCRIPT).toBe('kill -QUIT 1; while kill -0 1 2>/dev/null; do sleep 1; done');
    expect(plan.terminationGracePeriodSeconds).toBe(5 + 20 + 5);
    expect(plan.appSettings).toEqual([{ framework: 'nginx', setting: 'worker_shutdown_timeout', value: '20s', where: 'nginx.conf, main context' }]);
    expect(plan.explain()).toMatch(/preStop: nginx drains on SIGQUIT/);
  });

  test('php-fpm needs process_control_timeout >= A, listed as a setting', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, framework: 'php-fpm' });
    expect(plan.appSettings).toEqual([{ framework: 'php-fpm', setting: 'process_control_timeout', value: '30s', where: 'php-fpm.conf, [global] section' }]);
    expect(plan.preStop?.exec?.command[2]).toContain('kill -QUIT 1');
  });

  test("nginx with quitVia 'stop-signal' on 1.33 sets lifecycle.stopSignal and warns that it is alpha", () => {
    const plan = planShutdown({ appShutdownTimeout: 20, kubernetesVersion: '1.33', framework: { kind: 'nginx', quitVia: 'stop-signal' } });
    expect(plan.stopSignal).toBe('SIGQUIT');
    expect(plan.preStop).toEqual({ sleep: { seconds: 5 } });
    expect(plan.warnings.map((w) => w.code)).toEqual(['stop-signal-alpha']);
    expect(plan.explain()).toContain('SIGQUIT: the app stops accepting');
  });

  test("quitVia 'stop-signal' below 1.33 is an error", () => {
    expect(() => planShutdown({ appShutdownTimeout: 1, framework: { kind: 'php-fpm', quitVia: 'stop-signal' } }))
      .toThrow("framework.quitVia is 'stop-signal' but kubernetesVersion is 1.30: lifecycle.stopSignal exists only from 1.33 (alpha, KEP-4960); use quitVia 'prestop' (default) or 'image'");
  });

  test("quitVia 'image' trusts the image's STOPSIGNAL: a plain sleep", () => {
    expect(planShutdown({ appShutdownTimeout: 1, framework: { kind: 'nginx', quitVia: 'image' } }).preStop).toEqual({ sleep: { seconds: 5 } });
  });

  test('quitVia on a SIGTERM framework and unknown frameworks are rejected', () => {
    expect(() => planShutdown({ appShutdownTimeout: 1, framework: { kind: 'go', quitVia: 'prestop' } })).toThrow(/^framework\.quitVia applies only to nginx and php-fpm/);
    expect(() => planShutdown({ appShutdownTimeout: 1, framework: 'rails' as any })).toThrow(/^framework must be one of 'spring-boot'/);
  });

  test('nginx graceful quit on a distroless image is an error', () => {
    expect(() => planShutdown({ appShutdownTimeout: 1, image: 'distroless', framework: 'nginx' })).toThrow(/^image is 'distroless' but the plan needs the nginx graceful quit in preStop/);
  });
});

describe('framework presets explain themselves', () => {
  test.each(['spring-boot', 'nginx', 'php-fpm', 'gunicorn', 'uvicorn', 'nodejs', 'go'] as const)('every %s decision has its own reason', (framework) => {
    const plan = planShutdown({ appShutdownTimeout: 30, framework });
    for (const decision of plan.decisions) expect(decision.reason).not.toMatch(/undefined/);
    const envReasons = plan.decisions.filter((d) => d.field.startsWith('env.') && d.reason.startsWith(framework)).map((d) => d.reason);
    expect(new Set(envReasons).size).toBe(envReasons.length);
  });
});

describe('framework timeouts agree with the manifest', () => {
  // Spring Framework DefaultLifecycleProcessor: timeout-per-shutdown-phase applies to each SmartLifecycle phase.
  test('Spring Boot with long connections: the per-phase timeout equals GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS and the plan says it is per phase', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, longConnectionBudget: 600, framework: 'spring-boot' });
    const env = Object.fromEntries(plan.env.map((e) => [e.name, e.value]));
    expect(env.SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE).toBe('600s');
    expect(env.GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS).toBe('600');
    expect(plan.terminationGracePeriodSeconds).toBe(5 + 600 + 5);
    const reason = plan.decisions.find((d) => d.field === 'env.SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE')!.reason;
    expect(reason).toContain('The timeout is per phase');
    expect(reason).toContain('raise safetyMargin by that time');
  });

  // encode/uvicorn uvicorn/main.py: click's auto_envvar_prefix "UVICORN" is on the `main` command only; uvicorn.run()
  // and uvicorn/workers.py (gunicorn's UvicornWorker) never read the env.
  test('uvicorn: explain() says UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN is read only by the uvicorn command, not uvicorn.run() or gunicorn workers', () => {
    const reason = planShutdown({ appShutdownTimeout: 30, framework: 'uvicorn' }).decisions
      .find((d) => d.field === 'env.UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN')!.reason;
    expect(reason).toContain('read only when the app is started by the uvicorn command');
    expect(reason).toContain('uvicorn.run() reads no env (pass timeout_graceful_shutdown=30 yourself)');
    expect(reason).toContain('under gunicorn with uvicorn workers use the gunicorn preset');
  });

  // Spring Framework DefaultLifecycleProcessor.stopBeans stops the phases from the highest down; Spring Boot's
  // WebServerGracefulShutdownLifecycle runs at SmartLifecycle.DEFAULT_PHASE - 1024, so default-phase beans (and Spring
  // Kafka's listener containers at Integer.MAX_VALUE - 100) stop before it, each phase with up to the timeout.
  test('Spring phase order: explain() says higher phases stop before the web server, not that the web server stops first', () => {
    const reason = planShutdown({ appShutdownTimeout: 30, framework: 'spring-boot' }).decisions
      .find((d) => d.field === 'env.SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE')!.reason;
    expect(reason).not.toMatch(/first (lifecycle )?phase to stop/);
    expect(reason).toContain('Spring stops the highest phase first');
    expect(reason).toContain('SmartLifecycle.DEFAULT_PHASE - 1024');
    expect(reason).toContain('SmartLifecycle beans of higher phases stop before it');
    expect(reason).toContain("Kafka's listener containers (Integer.MAX_VALUE - 100)");
    expect(reason).toContain('The grace period assumes those earlier phases finish within safetyMargin');
  });

  test.each([
    ['gunicorn', 'GUNICORN_CMD_ARGS', '--graceful-timeout 120'],
    ['uvicorn', 'UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN', '120'],
  ] as const)('%s gets the same app budget as GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS when long connections outlast the app shutdown', (framework, name, value) => {
    const plan = planShutdown({ appShutdownTimeout: 30, longConnectionBudget: 120, framework });
    expect(plan.env.find((e) => e.name === name)!.value).toBe(value);
  });

  // KEP-4960; kubernetes pkg/api/pod/util.go dropContainerStopSignals drops the field without the gate, and the
  // runtime then uses the image's STOPSIGNAL, else SIGTERM (KEP README); containerd supports it from v2.3.0.
  test('the stop-signal warning says the container gets the image STOPSIGNAL without the gate and that the runtime must support it', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, kubernetesVersion: '1.33', framework: { kind: 'nginx', quitVia: 'stop-signal' } });
    const warning = plan.warnings.find((w) => w.code === 'stop-signal-alpha')!;
    expect(warning.message).toContain("the container gets its image's STOPSIGNAL (SIGTERM if the image sets none)");
    expect(warning.message).toContain('the container runtime must support the field too');
    expect(warning.message).not.toMatch(/the container gets SIGTERM;/);
  });
});
