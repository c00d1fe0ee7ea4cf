import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { GracefulDeployment, type GracefulDeploymentProps } from '../../src/cdk8s-plus-27';
import type { ShutdownSpec } from '../../src/core';

/** A ready-to-serve container: port 8080 and an HTTP readiness probe. */
export const APP_CONTAINER: kplus.ContainerProps = {
  name: 'app',
  image: 'registry.example/app:1.0.0',
  portNumber: 8080,
  readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
};

/** {@link APP_CONTAINER} in Pulumi's terms (a plain `k8s.types.input.core.v1.Container`): same name, image, port and readiness probe. */
export const PULUMI_APP_CONTAINER = {
  name: APP_CONTAINER.name!,
  image: APP_CONTAINER.image,
  ports: [{ containerPort: 8080 }],
  readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
};

/** Synthesizes one GracefulDeployment in a fresh chart; returns its manifest and the construct. */
export function synthDeployment(shutdown: ShutdownSpec, props: Partial<GracefulDeploymentProps> = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const deployment = new GracefulDeployment(chart, 'app', { containers: [APP_CONTAINER], ...props, shutdown });
  const manifests = Testing.synth(chart);
  return { manifest: manifests.find((m) => m.kind === 'Deployment'), manifests, deployment };
}

export function podSpecOf(manifest: any): any {
  return manifest.spec.template.spec;
}

export function preStopOf(manifest: any, containerIndex = 0): any {
  return podSpecOf(manifest).containers[containerIndex].lifecycle?.preStop;
}
