import { GracefulConfigError } from '../../src/core';

/** Runs `run` and returns the GracefulConfigError it throws; fails the test when it throws nothing or something else. */
export function configError(run: () => unknown): GracefulConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof GracefulConfigError) return error;
    throw error;
  }
  throw new Error('expected a GracefulConfigError');
}
