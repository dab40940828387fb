/**
 * A queries-over-time bar chart as inline SVG: no script, no external asset, no font download, so it passes the
 * report's Content-Security-Policy and renders offline. Each device gets its own scale (the label says the peak).
 */
import { escapeHtml as h } from './sanitize-text.ts';

export interface ChartOptions {
  /** What the chart shows, for screen readers and the tooltip. */
  label: string;
  widthPx?: number;
  heightPx?: number;
  /** Most bars drawn; longer series are folded by summing neighbours. */
  maxBars?: number;
}

const AXIS_PX = 14;

/** Bars of `timeline.counts` (one per `bucketMs` from `startMs`), labelled with the peak and the time range. */
export function queriesChartSvg(
  timeline: { startMs: number; bucketMs: number; counts: readonly number[] },
  options: ChartOptions,
): string {
  const width = options.widthPx ?? 640;
  const height = options.heightPx ?? 90;
  const counts = fold(timeline.counts, options.maxBars ?? 240);
  const slotMs = (timeline.bucketMs * timeline.counts.length) / Math.max(1, counts.length);
  const peak = Math.max(0, ...counts);
  const plot = height - AXIS_PX;
  const barWidth = width / Math.max(1, counts.length);
  const bars = counts
    .map((value, index) => {
      if (value <= 0 || peak === 0) return '';
      const barHeight = Math.max(1, (value / peak) * (plot - 12));
      const at = new Date(timeline.startMs + index * slotMs).toISOString().slice(0, 16).replace('T', ' ');
      return `<rect x="${fmt(index * barWidth)}" y="${fmt(plot - barHeight)}" width="${fmt(Math.max(0.5, barWidth - 0.5))}" height="${fmt(barHeight)}" fill="#3b6ea5"><title>${h(at)} UTC: ${value} queries</title></rect>`;
    })
    .join('');
  const start = new Date(timeline.startMs).toISOString().slice(0, 16).replace('T', ' ');
  const end = new Date(timeline.startMs + timeline.bucketMs * timeline.counts.length)
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ');
  const perSlot =
    slotMs >= 86_400_000
      ? 'day'
      : slotMs >= 3_600_000
        ? `${Math.round(slotMs / 3_600_000)} h`
        : `${Math.round(slotMs / 60_000)} min`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${h(options.label)}">`,
    `<title>${h(options.label)}</title>`,
    `<line x1="0" y1="${plot}" x2="${width}" y2="${plot}" stroke="currentColor" stroke-opacity="0.5" stroke-width="1"/>`,
    bars,
    `<text x="2" y="10" font-size="10" fill="currentColor">peak ${peak} per ${perSlot}</text>`,
    `<text x="2" y="${height - 2}" font-size="10" fill="currentColor">${h(start)}</text>`,
    `<text x="${width - 2}" y="${height - 2}" font-size="10" fill="currentColor" text-anchor="end">${h(end)} UTC</text>`,
    '</svg>',
  ].join('');
}

/** Sums `counts` into at most `max` slots. */
function fold(counts: readonly number[], max: number): number[] {
  if (counts.length <= max) return [...counts];
  const result = new Array<number>(max).fill(0);
  counts.forEach((value, index) => {
    const slot = Math.min(max - 1, Math.floor((index * max) / counts.length));
    result[slot] = (result[slot] ?? 0) + value;
  });
  return result;
}

function fmt(value: number): string {
  return String(Math.round(value * 100) / 100);
}
