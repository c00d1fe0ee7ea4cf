export * from './apply-plan-to-inputs';
export * from './graceful-deployment';
export * from './graceful-workload-args';
export * from './graceful-statefulset';
export * from './apply-plan-to-workload-args';
