import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Colours of the series, in order (the hall's blue first; each passes 3:1 against white). */
const SERIES_COLOURS = ['#1f5fa8', '#c05a00', '#2e7d32', '#7b3fa0'];
const WIDTH = 640;
const HEIGHT = 260;

export interface BarSeries {
  label: string;
  values: ReadonlyArray<number | null>;
}

/**
 * Grouped bars over named categories (counters, days), drawn by uPlot on a canvas. The numbers are
 * also in the table beside every chart on this page, so the canvas carries only a label for readers.
 */
export function BarChart({
  title,
  categories,
  series,
  testId,
}: {
  title: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  testId: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element || categories.length === 0) return;
    const groups = series.length;
    const barWidth = 0.8 / groups;
    const options: uPlot.Options = {
      width: WIDTH,
      height: HEIGHT,
      legend: { show: groups > 1, live: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, categories.length - 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        { values: (_u, splits) => splits.map((i) => (Number.isInteger(i) ? (categories[i] ?? '') : '')), splits: () => categories.map((_c, i) => i), gap: 6 },
        { size: 48 },
      ],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          fill: SERIES_COLOURS[i % SERIES_COLOURS.length],
          stroke: SERIES_COLOURS[i % SERIES_COLOURS.length],
          // Each series' bars sit side by side inside their category: left edges in scale units, widths as a share of the plot.
          paths: uPlot.paths.bars!({
            disp: {
              x0: { unit: 1, values: () => categories.map((_c, k) => k - 0.4 + barWidth * i) },
              size: { unit: 2, values: () => categories.map(() => barWidth / categories.length) },
            },
          }),
          points: { show: false },
        })),
      ],
    };
    const data: uPlot.AlignedData = [categories.map((_c, i) => i), ...series.map((s) => s.values.map((v) => v ?? null))];
    const chart = new uPlot(options, data, element);
    return () => chart.destroy();
  }, [categories, series]);
  return (
    <figure className="queue-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={host} role="img" aria-label={title} />
    </figure>
  );
}
