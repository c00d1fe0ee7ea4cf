// ~~ Copied from src/cdk8s-common/post-synthesis-transform.ts by jsii/sync-shared.sh (only import paths differ). Edit that file.
import type { ApiObject } from 'cdk8s';

/**
 * A pure transform of one synthesized Kubernetes object.
 * @internal
 */
export type ManifestTransform = (manifest: any) => any;

const TRANSFORMS = Symbol.for('graceful-k8s.postSynthesisTransforms');

/**
 * Runs `transform` on the object's JSON after everything else, including the pruning that
 * every cdk8s-plus line's generated classes do in `toJson()` *after* JSON patches: they drop every key the
 * line's Kubernetes schema does not know, so `addJsonPatch()` cannot add `lifecycle.preStop.sleep` on
 * cdk8s-plus-27 nor `lifecycle.stopSignal` on cdk8s-plus-27 and -32 (DESIGN.md §3; see `CDK8S_PLUS_LINES`). Wrapping `toJson` of this one instance is the only hook that runs later.
 * Transforms run in the order they were added.
 * @internal
 */
export function addPostSynthesisTransform(apiObject: ApiObject, transform: ManifestTransform): void {
  const holder = apiObject as ApiObject & { [TRANSFORMS]?: ManifestTransform[] };
  if (holder[TRANSFORMS]) {
    holder[TRANSFORMS].push(transform);
    return;
  }
  const transforms: ManifestTransform[] = [transform];
  holder[TRANSFORMS] = transforms;
  const toJson = apiObject.toJson.bind(apiObject);
  apiObject.toJson = () => transforms.reduce((manifest, t) => t(manifest), toJson());
}
