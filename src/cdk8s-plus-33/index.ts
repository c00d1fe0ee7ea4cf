export * from './apply-plan-to-workload';
export * from './graceful-deployment';
export * from './graceful-stateful-set';
export * from './props';
export * from '../cdk8s-common/public-api';
