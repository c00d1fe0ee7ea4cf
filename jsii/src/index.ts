// The jsii package's API: the cdk8s adapters' jsii-ready props (copies in jsii/src/shared) and the constructs.
export * from './shared/enums';
export * from './shared/framework';
export * from './shared/pod-count';
export * from './shared/shutdown-props';
export * from './shared/sidecar';
export * from './shared/traffic';
export * from './shared/props';
export * from './graceful-deployment';
export * from './graceful-stateful-set';
