export * from './apply-plan-to-workload';
export * from './graceful-deployment';
