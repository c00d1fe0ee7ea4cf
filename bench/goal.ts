/** The benchmarks' goal: the library costs at most 10 % over the hand-written baseline (CPU time and peak RSS). */
export const GOAL_RATIO = 1.1;
