export * from './apply-shutdown-plan';
export * from './graceful-deployment';
