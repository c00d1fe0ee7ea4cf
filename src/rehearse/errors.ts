import { GracefulError } from '../core';

/**
 * The rehearsal could not run to the end: the app did not start, a pod never became ready, or the
 * rollout made no progress before its deadline. The message says which pod and what it printed.
 */
export class RehearsalError extends GracefulError {}
