export * from './enums';
export * from './framework';
export * from './graceful-deployment';
export * from './shutdown-options';
export * from './sidecar';
export * from './traffic-source';
