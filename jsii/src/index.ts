// The jsii package's API: the cdk8s adapters' props (jsii/src/shared, copies of src/cdk8s-common) and the constructs.
export * from './shared/enums';
export * from './shared/framework';
export * from './shared/pod-count';
export * from './shared/shutdown-props';
export * from './shared/sidecar';
export * from './shared/traffic';
export * from './graceful-deployment';
