/**
 * The fields a shutdown plan controls, picked from a workload's manifests: what the parity tests
 * compare between the cdk8s YAML, the Pulumi inputs and the objects an API server stored.
 */

/**
 * Every field the plan controls, read from a Deployment or StatefulSet manifest (passed as `deployment`; only the
 * app containers) and its Service and PodDisruptionBudget (when there are). `strategy` and `progressDeadlineSeconds`
 * are a Deployment's, `updateStrategy` and `podManagementPolicy` a StatefulSet's (undefined for the other kind).
 */
export function planControlledFields(manifests: { deployment: any; service?: any; pdb?: any }, planEnvNames: readonly string[]) {
  const deployment = manifests.deployment;
  const pod = deployment.spec.template.spec;
  return {
    serviceAnnotations: manifests.service?.metadata.annotations,
    podDisruptionBudgetMaxUnavailable: manifests.pdb?.spec.maxUnavailable,
    replicas: deployment.spec.replicas,
    podAnnotations: deployment.spec.template.metadata?.annotations,
    os: pod.os,
    terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
    initContainers: pod.initContainers,
    volumes: pod.volumes,
    strategy: deployment.spec.strategy,
    minReadySeconds: deployment.spec.minReadySeconds,
    progressDeadlineSeconds: deployment.spec.progressDeadlineSeconds,
    updateStrategy: deployment.spec.updateStrategy,
    podManagementPolicy: deployment.spec.podManagementPolicy,
    containers: pod.containers.map((c: any) => ({
      name: c.name,
      lifecycle: c.lifecycle,
      env: (c.env ?? []).filter((e: any) => planEnvNames.includes(e.name)),
      volumeMounts: c.volumeMounts,
    })),
  };
}
