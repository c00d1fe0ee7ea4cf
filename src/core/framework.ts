import { GracefulConfigError, describeValue } from './errors';
import type { EnvVar } from './k8s-types';

/** The app frameworks whose shutdown settings the plan knows: the type, the CLI's choices and the messages derive from it. */
export const FRAMEWORK_KINDS = ['spring-boot', 'nginx', 'php-fpm', 'gunicorn', 'uvicorn', 'nodejs', 'go'] as const;

/** App frameworks whose shutdown settings the plan knows. */
export type FrameworkKind = (typeof FRAMEWORK_KINDS)[number];

/** How nginx and php-fpm get their graceful quit (see {@link QuitVia}). */
export const QUIT_VIAS = ['prestop', 'stop-signal', 'image'] as const;

/**
 * How a SIGQUIT-draining server (nginx, php-fpm) gets its graceful quit:
 * - `prestop`: after the drain sleep, preStop sends SIGQUIT to PID 1 and waits for it to exit
 *   (needs a shell; the official images have one);
 * - `stop-signal`: `lifecycle.stopSignal: SIGQUIT` (alpha since Kubernetes 1.33, feature gate
 *   ContainerStopSignals, needs `spec.os.name`; KEP-4960);
 * - `image`: trust the image's own `STOPSIGNAL SIGQUIT` (the official nginx and php-fpm images set it).
 */
export type QuitVia = (typeof QUIT_VIAS)[number];

/** A framework preset. */
export interface FrameworkPreset {
  /** The app's framework. */
  readonly kind: FrameworkKind;
  /**
   * For nginx and php-fpm only: how the graceful quit (SIGQUIT) is delivered.
   * @default 'prestop'
   */
  readonly quitVia?: QuitVia;
}

/** A setting the app must have that the plan cannot set through env (shown in explain()). */
export interface AppSetting {
  /** The framework that needs the setting. */
  readonly framework: FrameworkKind;
  /** The setting as the framework names it (`worker_shutdown_timeout`), or what the app code must do on SIGTERM. */
  readonly setting: string;
  /** The value to set: the app budget in seconds, e.g. `'30s'`. */
  readonly value: string;
  /** Where to set it, e.g. `'nginx.conf, main context'` or `"app code (process.on('SIGTERM'))"`. */
  readonly where: string;
}

/**
 * What a framework preset contributes to the plan, for a given app shutdown timeout A.
 * @internal
 */
export interface FrameworkContribution {
  readonly kind: FrameworkKind;
  readonly signal: 'SIGTERM' | 'SIGQUIT';
  readonly quitVia?: QuitVia;
  readonly env: readonly EnvVar[];
  /** Why each env var, by name. */
  readonly envReasons: Readonly<Record<string, string>>;
  readonly settings: readonly AppSetting[];
  /** A script preStop runs after the drain sleep (the graceful quit), if any. */
  readonly afterDrainScript?: string;
  /** `lifecycle.stopSignal` for app containers, if any. */
  readonly stopSignal?: 'SIGQUIT';
}

const SIGQUIT_FRAMEWORKS: readonly FrameworkKind[] = ['nginx', 'php-fpm'];

/**
 * lifecycle.stopSignal: alpha in 1.33 (KEP-4960, https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/).
 * @internal
 */
export const STOP_SIGNAL_MINOR = 33;

/**
 * After the drain: ask PID 1 (the nginx or php-fpm master) to quit gracefully and wait until it has,
 * so the kubelet's own stop signal (SIGTERM, a fast shutdown for both) finds nothing left to cut.
 * @internal
 */
export const GRACEFUL_QUIT_SCRIPT = 'kill -QUIT 1; while kill -0 1 2>/dev/null; do sleep 1; done';

/**
 * Whether the plan's preStop sends the graceful quit to PID 1 ({@link GRACEFUL_QUIT_SCRIPT}, `quitVia: 'prestop'`).
 * @internal
 */
export function quitsPidOne(plan: { readonly preStopAfterDrain: ReadonlyArray<{ readonly script: string }> }): boolean {
  return plan.preStopAfterDrain.some((step) => step.script === GRACEFUL_QUIT_SCRIPT);
}

/**
 * The error for a pod with `shareProcessNamespace: true` whose plan quits PID 1: in a shared PID namespace PID 1 is the
 * pod's pause (infra) container, not the server. The kernel delivers to a namespace's init only the signals it has a
 * handler for (pid_namespaces(7), "The namespace init process"), and pause handles only SIGINT, SIGTERM and SIGCHLD
 * (kubernetes `build/pause/linux/pause.c`), so `kill -QUIT 1` is dropped, `kill -0 1` keeps succeeding and the wait
 * spins until SIGKILL while the server gets the kubelet's SIGTERM (a fast shutdown). The stop signal (the image's
 * STOPSIGNAL or `lifecycle.stopSignal`) is sent by the runtime to the container's own main process, so it still
 * reaches the server: `quitVia: 'image'` or `'stop-signal'` work there.
 * @internal
 */
export function sharedPidNamespaceError(framework: string | undefined): GracefulConfigError {
  return new GracefulConfigError(
    'shareProcessNamespace',
    true,
    'is set, so PID 1 is the pod\'s pause process, which ignores SIGQUIT (pid_namespaces(7): a namespace\'s init gets only the signals it handles); ' +
      `the plan's preStop 'kill -QUIT 1' would never reach ${framework ?? 'the server'} and its wait would spin until SIGKILL. ` +
      "Use framework.quitVia 'image' (the image's STOPSIGNAL SIGQUIT, which the runtime sends to the container's own process) or 'stop-signal', " +
      'or remove shareProcessNamespace',
  );
}

/**
 * Validates a framework preset (an object or a bare kind). Part of the one validation step.
 * @internal
 */
export function resolveFramework(value: FrameworkPreset | FrameworkKind | undefined, kubernetesMinor: number): FrameworkPreset | undefined {
  if (value === undefined) return undefined;
  const preset: FrameworkPreset = typeof value === 'string' ? { kind: value } : value;
  if (preset == null || typeof preset !== 'object' || !(FRAMEWORK_KINDS as readonly unknown[]).includes(preset.kind)) {
    const given = (preset as { kind?: unknown } | null)?.kind ?? preset;
    throw new GracefulConfigError('framework', given, `must be one of ${FRAMEWORK_KINDS.map((k) => `'${k}'`).join(', ')}, got ${describeValue(given)}`);
  }
  if (preset.quitVia !== undefined) {
    if (!(QUIT_VIAS as readonly unknown[]).includes(preset.quitVia)) {
      throw new GracefulConfigError('framework.quitVia', preset.quitVia, `must be one of ${QUIT_VIAS.map((k) => `'${k}'`).join(', ')}, got ${describeValue(preset.quitVia)}`);
    }
    if (!SIGQUIT_FRAMEWORKS.includes(preset.kind)) {
      throw new GracefulConfigError('framework.quitVia', preset.quitVia, `applies only to nginx and php-fpm (they drain on SIGQUIT); ${preset.kind} drains on SIGTERM, remove quitVia`);
    }
    if (preset.quitVia === 'stop-signal' && kubernetesMinor < STOP_SIGNAL_MINOR) {
      throw new GracefulConfigError(
        'framework.quitVia',
        preset.quitVia,
        `is 'stop-signal' but kubernetesVersion is 1.${kubernetesMinor}: lifecycle.stopSignal exists only from 1.${STOP_SIGNAL_MINOR} (alpha, KEP-4960); ` +
          "use quitVia 'prestop' (default) or 'image'",
      );
    }
  }
  return preset;
}

/**
 * What the preset adds, for the app's budget after the stop signal in whole seconds: max(appShutdownTimeout,
 * longConnectionBudget), the same number as GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS, so the framework's own timeout,
 * the env and the grace period agree.
 * @internal
 */
export function frameworkContribution(preset: FrameworkPreset, appBudgetSeconds: number): FrameworkContribution {
  const a = appBudgetSeconds;
  switch (preset.kind) {
    case 'spring-boot':
      // Spring Boot graceful shutdown: server.shutdown=graceful and spring.lifecycle.timeout-per-shutdown-phase,
      // bound from env by relaxed binding (Spring Boot reference, "Graceful Shutdown" and "Binding From Environment Variables").
      return {
        kind: preset.kind,
        signal: 'SIGTERM',
        env: [
          { name: 'SERVER_SHUTDOWN', value: 'graceful' },
          { name: 'SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE', value: `${a}s` },
        ],
        envReasons: {
          SERVER_SHUTDOWN: 'server.shutdown=graceful: on SIGTERM the web server stops accepting and lets active requests finish',
          // Spring Framework DefaultLifecycleProcessor.stopBeans stops the phases from the highest down (a TreeMap in reverse order), each
          // waiting up to the timeout (LifecycleGroup.stop). Spring Boot's web server graceful shutdown runs at
          // WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE = SmartLifecycle.DEFAULT_PHASE - 1024 (WebServerGracefulShutdownLifecycle), so
          // beans of a higher phase stop before it: default-phase (Integer.MAX_VALUE) ones such as Spring JMS listener containers
          // (AbstractJmsListeningContainer), Spring Kafka's listener containers (MAX_VALUE - 100), executors and schedulers in Spring
          // Framework 6.1 (6.2 moved them to MAX_VALUE / 2, after the web server: ExecutorConfigurationSupport.DEFAULT_PHASE).
          SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE: `spring.lifecycle.timeout-per-shutdown-phase = the app budget ${a}s (GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS). ` +
            'The timeout is per phase, and Spring stops the highest phase first (DefaultLifecycleProcessor): the web server\'s graceful shutdown, where ' +
            'requests and long connections finish, runs at SmartLifecycle.DEFAULT_PHASE - 1024 (WebServerGracefulShutdownLifecycle), so SmartLifecycle ' +
            'beans of higher phases stop before it, each phase with up to this timeout: default-phase beans such as JMS listener containers, Spring ' +
            'Kafka\'s listener containers (Integer.MAX_VALUE - 100), executors and schedulers on Spring Framework 6.1 (6.2 stops them after the web ' +
            'server). The web server keeps serving meanwhile. The grace period assumes those earlier phases finish within safetyMargin ' +
            '(it counts the app budget once): where one may take long, raise safetyMargin by that time (up to the phase timeout per such phase), ' +
            'or its requests are SIGKILLed before they finish',
        },
        settings: [],
      };
    case 'gunicorn':
      // gunicorn reads extra command-line settings from GUNICORN_CMD_ARGS (gunicorn docs, "Settings").
      return {
        kind: preset.kind,
        signal: 'SIGTERM',
        env: [{ name: 'GUNICORN_CMD_ARGS', value: `--graceful-timeout ${a}` }],
        envReasons: {
          GUNICORN_CMD_ARGS: `workers get the app budget ${a}s (GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS) to finish requests after SIGTERM; ` +
            'appended to a GUNICORN_CMD_ARGS the container sets, whose other flags are kept (its own --graceful-timeout is refused)',
        },
        settings: [],
      };
    case 'uvicorn':
      // uvicorn reads its options from UVICORN_* env vars only through its command line: click's auto_envvar_prefix "UVICORN" on
      // `main` (uvicorn/main.py). `uvicorn.run()` takes keyword arguments and reads no env; gunicorn's UvicornWorker (uvicorn/workers.py)
      // builds its Config from gunicorn's settings without timeout_graceful_shutdown (gunicorn's --graceful-timeout applies there).
      return {
        kind: preset.kind,
        signal: 'SIGTERM',
        env: [{ name: 'UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN', value: String(a) }],
        envReasons: {
          UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN: `--timeout-graceful-shutdown = the app budget ${a}s (GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS), read only when ` +
            'the app is started by the uvicorn command (click\'s UVICORN_ env prefix, uvicorn/main.py); uvicorn.run() reads no env (pass ' +
            `timeout_graceful_shutdown=${a} yourself) and under gunicorn with uvicorn workers use the gunicorn preset`,
        },
        settings: [],
      };
    case 'nodejs':
      return appCodeShutdown(preset.kind, a, 'server.close(), server.closeIdleConnections(), exit after GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', 'process.on(\'SIGTERM\')');
    case 'go':
      return appCodeShutdown(
        preset.kind,
        a,
        'http.Server.Shutdown(ctx) with a GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS context; hijacked (WebSocket) connections via RegisterOnShutdown',
        'signal.NotifyContext',
      );
    case 'nginx':
    case 'php-fpm': {
      const quitVia = preset.quitVia ?? 'prestop';
      const settings: AppSetting[] = preset.kind === 'php-fpm'
        // php-fpm waits for children on a graceful quit only up to process_control_timeout (php-fpm configuration docs).
        ? [{ framework: preset.kind, setting: 'process_control_timeout', value: `${a}s`, where: 'php-fpm.conf, [global] section' }]
        : [{ framework: preset.kind, setting: 'worker_shutdown_timeout', value: `${a}s`, where: 'nginx.conf, main context' }];
      return {
        kind: preset.kind,
        signal: 'SIGQUIT',
        quitVia,
        env: [],
        envReasons: {},
        settings,
        ...(quitVia === 'prestop' ? { afterDrainScript: GRACEFUL_QUIT_SCRIPT } : {}),
        ...(quitVia === 'stop-signal' ? { stopSignal: 'SIGQUIT' as const } : {}),
      };
    }
  }
}

/** A SIGTERM framework whose shutdown is app code reading GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS. */
function appCodeShutdown(kind: FrameworkKind, appBudgetSeconds: number, onSigterm: string, hook: string): FrameworkContribution {
  return {
    kind,
    signal: 'SIGTERM',
    env: [],
    envReasons: {},
    settings: [{ framework: kind, setting: `on SIGTERM: ${onSigterm}`, value: `${appBudgetSeconds}s`, where: `app code (${hook})` }],
  };
}
