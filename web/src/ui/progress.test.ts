/**
 * The progress bar's numbers.
 */
import { describe, it, expect } from 'vitest';
import { displayPercent, progressAria, progressPercent } from './progress.ts';

describe('progress', () => {
  it('computes the percentage and clamps it to 0–100', () => {
    expect(progressPercent(250, 1000)).toBe(25);
    expect(progressPercent(1500, 1000)).toBe(100);
    expect(progressPercent(-5, 1000)).toBe(0);
  });

  it('gives 0 for a goal of 0 or nonsense numbers', () => {
    expect(progressPercent(10, 0)).toBe(0);
    expect(progressPercent(10, -3)).toBe(0);
    expect(progressPercent(Number.NaN, 100)).toBe(0);
    expect(progressPercent(10, Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('never shows 100% before the goal nor 0% after a first signature', () => {
    expect(displayPercent(999, 1000)).toBe(99);
    expect(displayPercent(1, 1000)).toBe(1);
    expect(displayPercent(0, 1000)).toBe(0);
    expect(displayPercent(1000, 1000)).toBe(100);
    expect(displayPercent(5, 0)).toBe(0);
  });

  it('keeps aria-valuenow within aria-valuemax', () => {
    expect(progressAria(120, 100)).toEqual({ now: 100, max: 100 });
    expect(progressAria(42, 100)).toEqual({ now: 42, max: 100 });
    expect(progressAria(42, 0)).toBeNull();
  });
});
