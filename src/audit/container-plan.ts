import { keepsExistingGracePeriod, planShutdown, type Container, type ShutdownPlan, type ShutdownSpec } from '../core';
import { ASSUMED_APP_SHUTDOWN_SECONDS, type AuditAssumptions, type AuditContext } from './context';
import { declaredAppShutdown, declaredDrain, imageKindOf, type DeclaredAppShutdown, type DeclaredDrain } from './declared';
import { springConfigShutdown } from './spring-config';
import { gracePeriodOf, type AuditedWorkload } from './workload';

/**
 * The plan the library would make for one container, from what its manifest declares.
 * @internal
 */
export interface ContainerPlan {
  /** The drain the container's `lifecycle.preStop` declares. */
  readonly drain: DeclaredDrain;
  /** `undefined` when nothing in the container declares it (the plan then uses the assumption). */
  readonly appShutdown?: DeclaredAppShutdown;
  /** The spec fed to `planShutdown`. */
  readonly spec: ShutdownSpec;
  /** The core planner's plan for `spec`. */
  readonly plan: ShutdownPlan;
}

/**
 * Plans a container with the core planner, taking D from its preStop sleep (or the assumed drain
 * delay when it has none), A from its declared shutdown timeout (or the assumption), and the image
 * kind from its image reference. Every number a fix suggests comes from this plan.
 * @throws GracefulConfigError when an assumption is invalid (the CLI checks them first)
 * @internal
 */
export function planForContainer(container: Container, assumptions: AuditAssumptions, fromConfig?: DeclaredAppShutdown): ContainerPlan {
  const cached = PLANS.get(container);
  if (cached?.assumptions === assumptions && cached.fromConfig === fromConfig?.source) return cached.planned;
  const planned = planContainer(container, assumptions, fromConfig);
  PLANS.set(container, { assumptions, fromConfig: fromConfig?.source, planned });
  return planned;
}

/**
 * {@link planForContainer} for a container of a workload, with the app shutdown time its Spring
 * config in a ConfigMap of the input declares (env and arguments of the container win).
 * @internal
 */
export function planFor(workload: AuditedWorkload, container: Container, context: AuditContext): ContainerPlan {
  return planForContainer(container, context.assumptions, springConfigShutdown(workload, container, context));
}

/** Every rule plans the same container: plan it once per container and assumptions object. */
const PLANS = new WeakMap<Container, { readonly assumptions: AuditAssumptions; readonly fromConfig?: string; readonly planned: ContainerPlan }>();

function planContainer(container: Container, assumptions: AuditAssumptions, fromConfig: DeclaredAppShutdown | undefined): ContainerPlan {
  const drain = declaredDrain(container);
  const appShutdown = declaredAppShutdown(container) ?? fromConfig;
  const spec: ShutdownSpec = {
    appShutdownTimeout: appShutdown?.seconds ?? assumptions.appShutdownTimeout ?? ASSUMED_APP_SHUTDOWN_SECONDS,
    ...(drain.kind === 'sleep' && drain.seconds > 0
      ? { drainDelay: drain.seconds }
      : assumptions.drainDelay !== undefined ? { drainDelay: assumptions.drainDelay } : {}),
    ...(assumptions.kubernetesVersion !== undefined ? { kubernetesVersion: assumptions.kubernetesVersion } : {}),
    image: imageKindOf(container.image),
  };
  return { drain, ...(appShutdown ? { appShutdown } : {}), spec, plan: planShutdown(spec) };
}

/**
 * The plan's preStop handler as one-line YAML-ish JSON for a fix, e.g. `{"sleep":{"seconds":35}}`.
 * @internal
 */
export function describePlannedPreStop(plan: ShutdownPlan): string {
  if (plan.preStop === undefined) return 'no preStop hook';
  const text = `preStop ${JSON.stringify(plan.preStop)}`;
  return plan.preStopMechanism === 'copied-sleep'
    ? `${text} with the init container '${plan.initContainers[0]?.name}' that copies a static sleep (graceful-k8s plan --image distroless prints it)`
    : text;
}

/**
 * `terminationGracePeriodSeconds: G (drain D + max(app A, long connections L) + margin M)`.
 * @internal
 */
export function describePlannedGrace(plan: ShutdownPlan): string {
  return `terminationGracePeriodSeconds: ${plan.terminationGracePeriodSeconds} (drain ${plan.drainDelaySeconds}s + app shutdown ` +
    `${plan.appBudgetSeconds}s + margin ${plan.safetyMarginSeconds}s)`;
}

/**
 * The grace period part of a fix, never lowering what the workload declares: a longer declared grace
 * period may cover work the audit does not know about (the same rule as the adapters, issue 12), so
 * it is kept; a shorter or missing one is raised to the plan's.
 * @internal
 */
export function describeGraceFix(plan: ShutdownPlan, workload: AuditedWorkload): string {
  const grace = gracePeriodOf(workload);
  if (grace.declared && keepsExistingGracePeriod(grace.seconds, plan.terminationGracePeriodSeconds)) {
    return `keep terminationGracePeriodSeconds: ${grace.seconds} (it covers drain ${plan.drainDelaySeconds}s + app shutdown ${plan.appBudgetSeconds}s + margin ` +
      `${plan.safetyMarginSeconds}s = ${plan.terminationGracePeriodSeconds}s)`;
  }
  return `set ${describePlannedGrace(plan)}`;
}
