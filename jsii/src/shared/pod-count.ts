// ~~ Copied from src/cdk8s-common/pod-count.ts by jsii/sync-shared.sh (only import paths differ). Edit that file.
import type { IntOrPercent } from './core';

/**
 * A number of pods, or a percentage of the desired replicas (a rolling update's `maxSurge` / `maxUnavailable`).
 * An enum-like class rather than `number | string`, so that it reaches every jsii language.
 */
export class PodCount {
  /** A fixed number of pods (a non-negative integer). */
  public static absolute(pods: number): PodCount {
    return new PodCount(pods);
  }

  /** A percentage of the desired replicas, 0 to 100 (Kubernetes rounds it: up for maxSurge, down for maxUnavailable). */
  public static percent(percent: number): PodCount {
    return new PodCount(`${percent}%`);
  }

  private constructor(private readonly value: IntOrPercent) {}

  /**
   * The core's form: a number, or `'25%'`.
   * @internal
   */
  public _toCore(): IntOrPercent {
    return this.value;
  }
}
