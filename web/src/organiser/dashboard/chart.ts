/**
 * The dashboard's timeline chart, drawn with uPlot (small, canvas, no dependencies). This module is
 * only imported dynamically (dashboard.ts), so esbuild puts uPlot in its own chunk. uPlot's
 * stylesheet is part of styles.css (web/build.ts) and it sets only CSSOM properties, so the page's
 * CSP needs no inline styles.
 */
import uPlot from 'uplot';
import { formatDayMonth, formatHour, formatNumber } from '../../app/format.ts';
import type { Bucket, Series } from './dashboard-rules.ts';

export interface TimelineChart {
  update(series: Series, bucket: Bucket): void;
  destroy(): void;
}

const HEIGHT = 220;

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/** The width of the last bucket in seconds (a day may have 23 or 25 hours). */
function stepOf(series: Series, bucket: Bucket): number {
  const n = series.times.length;
  if (n >= 2) return ((series.times[n - 1] as number) - (series.times[n - 2] as number)) / 1000;
  return bucket === 'hour' ? 3600 : 86_400;
}

function toData(series: Series): uPlot.AlignedData {
  // uPlot's time scale counts seconds.
  return [series.times.map((t) => t / 1000), series.counts];
}

const DAY = 86_400;
const MIN_BUCKETS: Record<Bucket, number> = { hour: 24, day: 7 };

/** First and last bucket start, in seconds. */
function boundsOf(series: Series): [number, number] {
  const first = series.times[0] ?? Date.now();
  const last = series.times[series.times.length - 1] ?? first;
  return [first / 1000, last / 1000];
}
/** Tick spacing for days: never hours (a bar is a whole day), then weeks and about months. */
const DAY_INCRS = [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 56 * DAY, 91 * DAY, 182 * DAY, 364 * DAY];

export function createTimelineChart(container: HTMLElement, series: Series, bucket: Bucket, label: string): TimelineChart {
  const accent = cssVar('--accent', '#1d4a7a');
  const muted = cssVar('--muted', '#4b5259');
  const grid = cssVar('--border', '#dcd9d2');
  const width = (): number => Math.max(200, container.clientWidth || 320);
  let step = stepOf(series, bucket);
  let current = bucket;
  let bounds = boundsOf(series);

  const make = (data: Series, b: Bucket): uPlot => {
    const xAxis: uPlot.Axis = { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    if (b === 'day') {
      xAxis.incrs = DAY_INCRS;
      // One line per tick: the date (uPlot's default would add hours of the day).
      xAxis.values = (_u, splits) => splits.map((s) => formatDayMonth(s * 1000));
    } else {
      // Hours in the page's language (uPlot's default is English, "12pm"), with the date under the
      // first tick and under each midnight.
      xAxis.values = (_u, splits) =>
        splits.map((s, i) => {
          const d = new Date(s * 1000);
          return i === 0 || (d.getHours() === 0 && d.getMinutes() === 0) ? `${formatHour(s * 1000)}\n${formatDayMonth(s * 1000)}` : formatHour(s * 1000);
        });
    }
    const opts: uPlot.Options = {
      width: width(),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        // From our own data, not uPlot's arguments (a single point gives it nothing to go on). Bars
        // start at their bucket's time and are one bucket wide: room for the last one, and at least
        // a day of hours (or a week of days) so a new campaign's first bar is not a wall.
        x: {
          time: true,
          range: () => {
            const [first, last] = bounds;
            return [Math.min(first, last - (MIN_BUCKETS[current] - 1) * step), last + step];
          },
        },
        // Always from zero, and at least 0..1 so an empty stretch is not drawn mid-height.
        y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
      },
      axes: [
        xAxis,
        { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 52, values: (_u, splits) => splits.map((n) => formatNumber(n)), incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 50_000, 100_000, 500_000, 1_000_000] },
      ],
      series: [
        {},
        {
          label,
          stroke: accent,
          fill: accent,
          width: 0,
          points: { show: false },
          paths: uPlot.paths.bars?.({ size: [0.8, 96], align: 1 }),
        },
      ],
    };
    const p = new uPlot(opts, toData(data), container);
    // The canvas says nothing to a screen reader: the container carries the label (role=img) and
    // the page offers the same figures as a table.
    p.root.setAttribute('aria-hidden', 'true');
    return p;
  };
  let plot = make(series, bucket);

  let frame = 0;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => plot.setSize({ width: width(), height: HEIGHT }));
  });
  observer.observe(container);

  return {
    update(next, nextBucket) {
      step = stepOf(next, nextBucket);
      bounds = boundsOf(next);
      if (nextBucket !== current) {
        // Hours and days want different axes: start over rather than patch the options.
        current = nextBucket;
        plot.destroy();
        plot = make(next, nextBucket);
        return;
      }
      // Resets the scales too: new data may extend the range.
      plot.setData(toData(next));
    },
    destroy() {
      observer.disconnect();
      cancelAnimationFrame(frame);
      plot.destroy();
    },
  };
}
