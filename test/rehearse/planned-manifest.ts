import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { stringify } from 'yaml';
import type { ShutdownSpec } from '../../src/core';
import { synthDeployment } from '../helpers/synth';

/** The app container: port 8080, readiness GET /ready every second (the smallest Kubernetes allows). */
export const REHEARSED_CONTAINER: kplus.ContainerProps = {
  name: 'app',
  image: 'registry.example/app:1.0.0',
  portNumber: 8080,
  readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080, periodSeconds: Duration.seconds(1) }),
};

/** A GracefulDeployment synthesized by cdk8s (`Testing.synth`), as multi-document YAML. */
export function plannedManifest(shutdown: ShutdownSpec, replicas = 2): { yaml: string; manifest: any } {
  const { manifests, manifest } = synthDeployment(shutdown, { containers: [REHEARSED_CONTAINER], replicas });
  return { yaml: manifests.map((m) => stringify(m)).join('---\n'), manifest };
}

