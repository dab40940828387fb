/**
 * Terminal sparklines: a row of block characters, one per time slot. Zero gets the lowest bar and any non-zero
 * slot at least the second, so "nothing" and "a little" stay distinguishable at a glance.
 */

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * Draws `counts` in at most `width` characters. Longer series are folded by summing neighbouring slots, so the
 * total is kept and bursts are not averaged away.
 */
export function sparkline(counts: readonly number[], width = 48): string {
  if (counts.length === 0 || width <= 0) return '';
  const slots = resample(counts, Math.min(width, counts.length));
  const max = Math.max(...slots);
  if (max <= 0) return BARS[0].repeat(slots.length);
  return slots
    .map((value) => {
      if (value <= 0) return BARS[0];
      const level = Math.max(1, Math.ceil((value / max) * (BARS.length - 1)));
      return BARS[Math.min(level, BARS.length - 1)];
    })
    .join('');
}

/** Sums `counts` into `slots` equal parts (the last ones absorb the remainder). */
export function resample(counts: readonly number[], slots: number): number[] {
  if (slots >= counts.length) return [...counts];
  const result = new Array<number>(slots).fill(0);
  counts.forEach((value, index) => {
    const slot = Math.min(slots - 1, Math.floor((index * slots) / counts.length));
    result[slot] = (result[slot] ?? 0) + value;
  });
  return result;
}
