/**
 * The progress bar's numbers: percentage of the goal, its aria values and the label to show. Pure.
 */
/** Percentage of the goal reached, clamped to 0–100. A goal of 0 (or nonsense) gives 0. */
export function progressPercent(count: number, goal: number): number {
  if (!Number.isFinite(count) || !Number.isFinite(goal) || goal <= 0 || count <= 0) return 0;
  return Math.min(100, (count / goal) * 100);
}

/** Values for a role="progressbar": aria-valuenow stays within 0..aria-valuemax. Null when there is no usable goal. */
export function progressAria(count: number, goal: number): { now: number; max: number } | null {
  if (!Number.isFinite(goal) || goal <= 0) return null;
  const safeCount = Number.isFinite(count) ? Math.max(0, Math.floor(count)) : 0;
  const max = Math.floor(goal);
  return { now: Math.min(safeCount, max), max };
}

/** Percentage to show as a label: whole numbers, but never "100%" before the goal is actually met, nor "0%" once anyone signed. */
export function displayPercent(count: number, goal: number): number {
  const p = progressPercent(count, goal);
  if (p >= 100) return 100;
  if (p <= 0) return 0;
  return Math.min(99, Math.max(1, Math.floor(p)));
}
