// The shared glue's barrel (the copies' `../cdk8s-common` imports, as in the root package). The jsii package's own file.
export * from './apply-plan-to-workload';
export * from './cdk8s-plus-line';
export * from './cdk8s-plus-lines';
export * from './disruption-budget';
export * from './enums';
export * from './framework';
export * from './graceful-workload';
export * from './planned-service';
export * from './pod-count';
export * from './post-synthesis-transform';
export * from './prepare-workload';
export * from './rollout-from-props';
export * from './shutdown-props';
export * from './sidecar';
export * from './to-shutdown-spec';
export * from './traffic';
export * from './warnings';
