/**
 * The provider's await, skipped: the local control plane has no nodes, so no pod ever runs and the
 * Kubernetes provider would wait for a Deployment's ready replicas and a Service's endpoints until its
 * timeout (10 minutes). The `pulumi.com/skipAwait: "true"` annotation makes it return once the API
 * server has stored the object (pulumi-kubernetes provider/pkg/metadata/overrides.go, SkipAwaitLogic;
 * the annotation key in annotations.go, AnnotationSkipAwait). The tests put it on their objects and
 * leave it out of every comparison: it is the test's, not the plan's.
 */
import * as pulumi from '@pulumi/pulumi';

export const SKIP_AWAIT_ANNOTATION = 'pulumi.com/skipAwait';

/** The annotations that skip the provider's await. */
export const SKIP_AWAIT: Readonly<Record<string, string>> = { [SKIP_AWAIT_ANNOTATION]: 'true' };

/**
 * A stack transform that adds {@link SKIP_AWAIT} to every Kubernetes resource's metadata but
 * Namespaces', for a program the test does not write (examples/pulumi). A Namespace's await needs no
 * node (it waits for the Active phase, and on delete until the namespace is gone, which the test wants).
 * Call inside the program, before it creates resources.
 */
export function skipAwaitEverywhere(): void {
  pulumi.runtime.registerResourceTransform((args) => {
    if (!args.type.startsWith('kubernetes:') || args.type === 'kubernetes:core/v1:Namespace') return undefined;
    const metadata = pulumi.output(args.props.metadata ?? {}).apply((m: any) => ({
      ...m,
      annotations: { ...m?.annotations, ...SKIP_AWAIT },
    }));
    return { props: { ...args.props, metadata }, opts: args.opts };
  });
}

/** `annotations` without {@link SKIP_AWAIT_ANNOTATION}; undefined when nothing else is left. */
export function withoutSkipAwait(annotations: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!annotations) return undefined;
  const { [SKIP_AWAIT_ANNOTATION]: _, ...rest } = annotations;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
