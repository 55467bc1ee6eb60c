/**
 * What a benchmark scenario gives the harness (bench/run.ts). Speed figures carry every repetition so
 * the table can show min/median/max: these machines are noisy, and one number would hide it.
 */

export interface RunOptions {
  /** Smaller sizes and fewer repetitions, for a check in a few minutes. */
  quick: boolean;
  /** Prints progress (to stderr, so stdout stays the table). */
  log: (message: string) => void;
}

/** Repetitions of one measurement, in `unit`. */
export interface Samples {
  unit: string;
  values: number[];
}

export interface Row {
  /** What was measured, e.g. "sign: import + init". */
  measure: string;
  /** A repeated measurement (shown as min/median/max) or a single figure (a size, a model's output). */
  value: Samples | { unit: string; value: number };
  /** The same measurement of the baseline, in the same run; the table shows value ÷ baseline (medians). */
  baseline?: Samples | { unit: string; value: number };
  /** The goal, in words, e.g. "≤ 60 ms". */
  goal?: string;
  /** Whether the goal is met; absent when the row has no goal. */
  pass?: boolean;
}

export interface ScenarioResult {
  name: string;
  rows: Row[];
  /** Assumptions a model rests on, and anything a reader needs to trust the figures. */
  notes: string[];
  /** Everything else worth keeping in bench/results.json. */
  data?: unknown;
}

export interface Scenario {
  name: string;
  run(options: RunOptions): Promise<ScenarioResult>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function centre(figure: Samples | { unit: string; value: number }): number {
  return 'values' in figure ? median(figure.values) : figure.value;
}
