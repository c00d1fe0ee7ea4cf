export * from './apply-shutdown-plan';
export * from './graceful-deployment';
export * from './post-synthesis-transform';
