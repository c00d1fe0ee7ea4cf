/*
 * What the shared glue (the copies in this folder) imports as `../core` in the root package: here the bundled
 * graceful-k8s's public API. The jsii package's own file.
 */
export * from 'graceful-k8s';
