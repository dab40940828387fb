import { describe, expect, it } from 'vitest';
import { resample, sparkline } from './sparkline.ts';

describe('sparkline', () => {
  it('draws the highest slot full and zero as the lowest bar', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe('▁▂▃▅█');
  });

  it('keeps a small non-zero slot above zero', () => {
    expect(sparkline([0, 1, 1000])).toBe('▁▂█');
  });

  it('folds long series by summing, so totals survive', () => {
    expect(resample([1, 1, 1, 1, 5, 5], 3)).toEqual([2, 2, 10]);
    expect(sparkline(new Array(100).fill(1), 10)).toBe('█'.repeat(10));
  });

  it('handles empty and all-zero series', () => {
    expect(sparkline([])).toBe('');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
  });
});
