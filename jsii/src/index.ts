// The jsii package's API: the cdk8s adapter's jsii-ready props (jsii/src/generated/: written from src/ by
// jsii/generate-glue.sh at build time) and the package's own constructs.
export * from './generated/cdk8s-common/enums';
export * from './generated/cdk8s-common/framework';
export * from './generated/cdk8s-common/pod-count';
export * from './generated/cdk8s-common/shutdown-props';
export * from './generated/cdk8s-common/sidecar';
export * from './generated/cdk8s-common/traffic';
export * from './generated/cdk8s-plus-34/props';
export * from './graceful-deployment';
export * from './graceful-stateful-set';
