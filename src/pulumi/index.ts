export * from './apply-plan-to-inputs';
export * from './graceful-deployment';
export * from './opaque-inputs';
export * from './with-shutdown-plan';
