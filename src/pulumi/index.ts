export * from './apply-plan-to-inputs';
export * from './graceful-deployment';
export * from './with-shutdown-plan';
