import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Service } from 'kubernetes-models/v1';

/* The upstream Kubernetes OpenAPI schema (kubernetes-models 4.5.x: Kubernetes 1.33), independent of cdk8s and Pulumi. */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'v1/Service': Service,
  'networking.k8s.io/v1/Ingress': Ingress,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

/** Validates one manifest against the upstream schema; throws with the schema's message. */
export function validateAgainstSchema(manifest: { apiVersion: string; kind: string }): void {
  const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (!Model) throw new Error(`no schema model registered for ${manifest.apiVersion}/${manifest.kind}`);
  new Model(manifest).validate();
}
