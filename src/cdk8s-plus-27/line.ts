import * as kplus from 'cdk8s-plus-27';
import { CDK8S_PLUS_LINES, type Cdk8sPlusLine } from '../cdk8s-common';

/**
 * cdk8s-plus-27 for the shared glue (src/cdk8s-common/).
 * @internal
 */
export const LINE: Cdk8sPlusLine = { ...CDK8S_PLUS_LINES['cdk8s-plus-27'], kplus };
