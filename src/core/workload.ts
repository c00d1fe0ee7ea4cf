import { SHUTDOWN_TIMEOUT_ENV } from './env';
import { GracefulConfigError } from './errors';
import { quitsPidOne, sharedPidNamespaceError } from './framework';
import { checkFrameworkEnv } from './framework-env';
import type { Container, WorkloadSpec } from './k8s-types';
import { planWarning, type PlanWarning } from './plan-warning';
import { comparableProbe } from './probes';
import { shellFormOf } from './shell-form';
import type { ShutdownPlan } from './shutdown-plan';
import type { WorkloadKind } from './workload-kind';

/**
 * What the checks need to know about one app container.
 * @internal
 */
export interface ContainerFacts {
  /** The container's name (`containers[].name`), used in warnings and errors. */
  readonly name: string;
  /** The preStop hook the user already set, if any. */
  readonly preStop?: unknown;
  /** The container's `readinessProbe`, if any: a missing one is warned about. */
  readonly readinessProbe?: unknown;
  /** The container's `livenessProbe`, if any: one identical to the readiness probe is warned about. */
  readonly livenessProbe?: unknown;
  /** The container's `env`: a GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS that disagrees with the plan is warned about. */
  readonly env?: ReadonlyArray<{ readonly name: string; readonly value?: unknown }>;
  /** The container's `command`: a shell form that does not exec the app is warned about. */
  readonly command?: readonly string[];
  /** The container's `args`, read with `command` for the shell-form check. */
  readonly args?: readonly string[];
}

/**
 * What the checks need to know about a workload, whatever renders it.
 * @internal
 */
export interface WorkloadFacts {
  /** Deployment or StatefulSet (a StatefulSet gets the no-surge warning). */
  readonly kind: WorkloadKind;
  /** The replica count; `undefined` when an autoscaler owns it. */
  readonly replicas?: number;
  /** Where the replica count came from when it was not written on the workload, e.g. `omitted, so 1`. */
  readonly replicasSource?: string;
  /** The app containers (`spec.template.spec.containers`; init containers are not checked). */
  readonly containers: readonly ContainerFacts[];
  /**
   * `spec.template.spec.shareProcessNamespace`: with it PID 1 is the pause process, so a plan that sends the graceful
   * quit to PID 1 (nginx, php-fpm with `quitVia: 'prestop'`) is refused.
   * @default false
   */
  readonly shareProcessNamespace?: boolean;
}

/**
 * Reads {@link WorkloadFacts} from a plain Deployment/StatefulSet spec.
 * @internal
 */
export function factsFromWorkloadSpec(kind: WorkloadKind, spec: WorkloadSpec): WorkloadFacts {
  return {
    kind,
    replicas: spec.replicas ?? 1,
    containers: spec.template.spec.containers.map(factsFromContainer),
    ...(spec.template.spec.shareProcessNamespace === true ? { shareProcessNamespace: true } : {}),
  };
}

/**
 * Reads {@link ContainerFacts} from a plain Kubernetes container.
 * @internal
 */
export function factsFromContainer(c: Container): ContainerFacts {
  return {
    name: c.name,
    preStop: c.lifecycle?.preStop,
    // Compared as the kubelet runs them (defaults filled), so identical probes are found however they are written.
    readinessProbe: comparableProbe(c, c.readinessProbe),
    livenessProbe: comparableProbe(c, c.livenessProbe),
    env: c.env,
    command: c.command,
    args: c.args,
  };
}

/**
 * The workload half of validation: throws when the workload conflicts with the plan, returns the
 * warnings for legal but risky shapes. Runs before anything is built.
 * @throws GracefulConfigError when an app container already has a preStop hook the plan would replace, when the pod
 * shares its process namespace and the plan's preStop sends the graceful quit to PID 1 (the pause process there), or
 * when a container sets a framework shutdown setting (GUNICORN_CMD_ARGS --graceful-timeout,
 * SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE, ...) to another value than the plan's
 * @internal
 */
export function checkWorkload(plan: ShutdownPlan, facts: WorkloadFacts): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  if (facts.shareProcessNamespace === true && quitsPidOne(plan)) throw sharedPidNamespaceError(plan.framework);
  for (const c of facts.containers) {
    if (c.preStop !== undefined && plan.preStop !== undefined) {
      throw new GracefulConfigError(
        `containers[${c.name}].lifecycle.preStop`,
        c.preStop,
        `is already set, but the plan owns preStop (${plan.preStopMechanism}, ${plan.drainDelaySeconds}s); ` +
          'remove the container\'s preStop and let the plan drain, or use shutdown.preStop \'app-drain\' to keep your own hook out of the plan',
      );
    }
    if (c.readinessProbe === undefined) {
      warnings.push(planWarning(
        'no-readiness-probe',
        `container '${c.name}' has no readiness probe: a new pod gets traffic as soon as it starts, before it can serve`,
        `add one (period ${plan.probes.readiness.periodSeconds}s, failureThreshold ${plan.probes.readiness.failureThreshold})`,
      ));
    } else if (c.livenessProbe !== undefined && JSON.stringify(c.livenessProbe) === JSON.stringify(c.readinessProbe)) {
      warnings.push(planWarning(
        'liveness-equals-readiness',
        `container '${c.name}' has identical liveness and readiness probes: a slow dependency restarts the pod instead of taking it out of rotation`,
        `make liveness more tolerant (period ${plan.probes.liveness.periodSeconds}s, failureThreshold ${plan.probes.liveness.failureThreshold})`,
      ));
    }
    const shellForm = shellFormOf(c.command, c.args);
    if (shellForm !== undefined && !shellForm.execsApp) {
      const shellScript = shellForm.script;
      warnings.push(planWarning(
        'shell-form-command',
        `container '${c.name}' starts through a shell (sh -c "${shellScript.length > 60 ? `${shellScript.slice(0, 57)}...` : shellScript}"): ` +
          'the shell is PID 1 and may not forward SIGTERM to the app (Alpine\'s sh does not), so the app is SIGKILLed at the grace period',
        'start the app with exec (sh -c "exec app ...") or use the exec form',
      ));
    }
    checkFrameworkEnv(c.name, c.env, plan.env);
    const budget = c.env?.find((e) => e.name === SHUTDOWN_TIMEOUT_ENV);
    if (budget?.value !== undefined && String(budget.value) !== String(plan.appBudgetSeconds)) {
      warnings.push(planWarning(
        'shutdown-env-mismatch',
        `container '${c.name}' sets ${SHUTDOWN_TIMEOUT_ENV}=${String(budget.value)} but the plan's budget is ${plan.appBudgetSeconds}`,
        'remove it from the container and let the plan set it',
      ));
    }
  }
  if (facts.replicas === 1) { // zero pods (scaled down) have nothing to drain
    warnings.push(planWarning(
      'single-replica',
      `replicas is ${facts.replicas}${facts.replicasSource ? ` (${facts.replicasSource})` : ''}: a node drain or eviction takes the only pod down and a PodDisruptionBudget cannot help`,
      'run at least 2 replicas',
    ));
  }
  if (facts.kind === 'StatefulSet') {
    const down = plan.rolloutEstimate.workloadKind === 'StatefulSet' ? plan.rolloutEstimate.podsPerStep : 1;
    warnings.push(planWarning(
      'statefulset-no-surge',
      `StatefulSets replace a pod by deleting it first (no maxSurge): capacity drops by ${down === 1 ? 'one pod' : `${down} pods`} during each rollout step, ` +
        `for up to the grace period ${plan.terminationGracePeriodSeconds}s + the pod start`,
      'size replicas for it',
    ));
  }
  return warnings;
}
