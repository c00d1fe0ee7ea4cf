/**
 * Every cdk8s-plus line with its graceful-k8s entry point, for the tests that run one behaviour through every
 * line. Each line's graceful module is typed as cdk8s-plus-34's (every line's classes are thin classes over the same glue; graceful-k8s/cdk8s-plus-27
 * also accepts a ShutdownSpec), and each kplus module as cdk8s-plus-34's: the tests use members every line has.
 */
import * as kplus27 from 'cdk8s-plus-27';
import * as kplus32 from 'cdk8s-plus-32';
import * as kplus33 from 'cdk8s-plus-33';
import * as kplus34 from 'cdk8s-plus-34';
import { CDK8S_PLUS_LINES, type Cdk8sPlusLineFacts } from '../../src/cdk8s-common';
import * as graceful27 from '../../src/cdk8s-plus-27';
import * as graceful32 from '../../src/cdk8s-plus-32';
import * as graceful33 from '../../src/cdk8s-plus-33';
import * as graceful34 from '../../src/cdk8s-plus-34';

export interface TestLine {
  /** The cdk8s-plus package, e.g. `cdk8s-plus-34`. */
  readonly name: string;
  readonly facts: Cdk8sPlusLineFacts;
  readonly kplus: typeof kplus34;
  readonly graceful: typeof graceful34;
}

export const TEST_LINES: readonly TestLine[] = [
  { name: 'cdk8s-plus-27', facts: CDK8S_PLUS_LINES['cdk8s-plus-27'], kplus: kplus27 as unknown as typeof kplus34, graceful: graceful27 as unknown as typeof graceful34 },
  { name: 'cdk8s-plus-32', facts: CDK8S_PLUS_LINES['cdk8s-plus-32'], kplus: kplus32 as unknown as typeof kplus34, graceful: graceful32 as unknown as typeof graceful34 },
  { name: 'cdk8s-plus-33', facts: CDK8S_PLUS_LINES['cdk8s-plus-33'], kplus: kplus33 as unknown as typeof kplus34, graceful: graceful33 as unknown as typeof graceful34 },
  { name: 'cdk8s-plus-34', facts: CDK8S_PLUS_LINES['cdk8s-plus-34'], kplus: kplus34, graceful: graceful34 },
];

/** The test app container (port 8080, HTTP readiness probe) built with one line's classes. */
export function appContainerOf(kplus: typeof kplus34): kplus34.ContainerProps {
  return {
    name: 'app',
    image: 'registry.example/app:1.0.0',
    portNumber: 8080,
    readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
  };
}
