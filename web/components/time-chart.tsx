/**
 * A time series drawn by uPlot (canvas, no inline styles: its stylesheet is bundled into app.css). Used for the home
 * score over time and DNS sparklines. The data is numbers only; labels are set as text by uPlot.
 * uPlot is half of the dashboard's script, and only the pages with a chart need it, so it is a chunk of its own,
 * loaded by the first chart (the device table, for one, starts without it).
 */
import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';

let uPlotModule: Promise<typeof uPlot> | undefined;
const loadUPlot = () => {
  uPlotModule ??= import('uplot').then((m) => m.default);
  return uPlotModule;
};

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
    let plot: uPlot | undefined;
    let current = true;
    loadUPlot().then(
      (UPlot) => {
        if (current) plot = new UPlot(options, [series.times, series.values], element);
      },
      () => {
        if (current) element.textContent = 'The chart could not be loaded; reload the page.';
      },
    );
    return () => {
      current = false;
      plot?.destroy();
    };
  }, [series, height, sparkline]);
  return <div class={sparkline ? 'chart spark' : 'chart'} ref={host} role="img" aria-label={ariaLabel} />;
}
