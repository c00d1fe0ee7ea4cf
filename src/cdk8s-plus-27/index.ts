// ~~ Generated from projenrc/cdk8s-lines.ts (one template for every cdk8s-plus line). To modify, edit it and run "npx projen".
export * from './apply-plan-to-workload';
export * from './graceful-deployment';
export * from './graceful-stateful-set';
export * from '../cdk8s-common/public-api';
