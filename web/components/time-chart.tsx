/**
 * A time series drawn by uPlot (canvas, no inline styles: its stylesheet is bundled into app.css). Used for the home
 * score over time and DNS sparklines. The data is numbers only; labels are set as text by uPlot.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export interface Series {
  label: string;
  /** Seconds since the epoch (uPlot's time axis). */
  times: number[];
  values: number[];
}

export function TimeChart({
  series,
  height = 200,
  sparkline = false,
  ariaLabel,
}: {
  series: Series;
  height?: number;
  sparkline?: boolean;
  ariaLabel: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return undefined;
    const width = Math.max(200, element.clientWidth || 600);
    const options: uPlot.Options = {
      width,
      height,
      legend: { show: !sparkline },
      cursor: { show: !sparkline },
      axes: sparkline ? [{ show: false }, { show: false }] : [{}, { size: 40 }],
      series: [
        {},
        {
          label: series.label,
          stroke: 'currentColor',
          width: 2,
          points: { show: !sparkline && series.times.length < 30 },
        },
      ],
      scales: { x: { time: true } },
    };
    const plot = new uPlot(options, [series.times, series.values], element);
    return () => plot.destroy();
  }, [series, height, sparkline]);
  return <div class={sparkline ? 'chart spark' : 'chart'} ref={host} role="img" aria-label={ariaLabel} />;
}
