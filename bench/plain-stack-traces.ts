/*
 * Imported first by the worker. ts-node (which runs the bench scripts) installs source-map-support,
 * whose `Error.prepareStackTrace` maps every stack trace through source maps. The Pulumi runtime
 * takes `new Error().stack` for every promise and resource it creates, so under ts-node each
 * registration pays for source-map lookups a user running the built package never pays. Restoring
 * V8's default formatting makes the worker measure what `node program.js` does.
 */
Reflect.deleteProperty(Error, 'prepareStackTrace');

export {};
