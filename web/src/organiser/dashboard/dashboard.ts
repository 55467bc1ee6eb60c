/**
 * The live dashboard of a campaign: confirmed and pending counts, signatures by country, a timeline
 * chart (by hour or by day) and recent activity, from GET …/dashboard every 1.5 s while the tab is
 * visible. No personal data: the API sends only counts.
 *
 * The chart library (uPlot) is loaded in its own chunk when the dashboard first has data, so the
 * public pages never download it. The same figures are always available as a table. The page itself
 * is a template of its state (dashboard-view.ts), drawn again after every poll.
 */
import { render } from 'lit-html';
import { progressBar } from '../../ui/common.ts';
import { sourceRows } from '../../embed/embed-rules.ts';
import { h } from '../../app/dom.ts';
import { locale } from '../../app/format.ts';
import { countryNamer } from '../../app/countries.ts';
import { fill } from '../../app/text.ts';
import { is401, orgGet, startPoller } from '../shell/common.ts';
import { bucketTimeline, readDashboard, timelineKey, type Bucket } from './dashboard-rules.ts';
import { dashboardView, type DashboardState } from './dashboard-view.ts';
import { orgCampaignApiPath } from '../shell/api-paths.ts';
import type { TimelineChart } from './chart.ts';
import { live, strings } from '../../app/strings.ts';
import type { Cleanup } from '../../app/view.ts';

const t = live(() => strings.org.dashboard);

export function renderDashboard(slug: string, goal: number): { el: HTMLElement; cleanup: Cleanup } {
  const el = h('section', { class: 'org-section dashboard', 'aria-labelledby': 'dashboard-heading' });
  const bar = goal > 0 ? progressBar(0, goal, false) : null;
  const chartBox = h('div', { class: 'chart', role: 'img' });
  const state: DashboardState = { sources: [], bucket: 'hour', chart: 'none' };
  const parts = {
    countryName: countryNamer(locale),
    bar: bar?.el ?? null,
    chartBox,
    chooseBucket: (bucket: Bucket): void => {
      state.bucket = bucket;
      drawTimeline(true);
      update();
    },
  };
  const update = (): void => {
    bar?.update(state.data?.count ?? 0);
    render(dashboardView(state, parts), el);
  };

  let chart: TimelineChart | undefined;
  let drawnKey = '';
  let lastOk = 0;
  let stopped = false;

  /** Buckets the timeline again and redraws the chart, only when the timeline or the bucket changed. */
  const drawTimeline = (force = false): void => {
    const data = state.data;
    if (!data) return;
    const key = `${state.bucket}|${timelineKey(data.timeline)}`;
    if (!force && key === drawnKey) return;
    drawnKey = key;
    const series = bucketTimeline(data.timeline, state.bucket, {
      offsetAt: (ms) => -new Date(ms).getTimezoneOffset(),
      until: data.asOf ? Date.parse(data.asOf) : Date.now(),
    });
    state.series = series;
    const label = fill(t.chartLabel, { bucket: t.chartBucket[state.bucket] });
    chartBox.setAttribute('aria-label', label);
    if (series.times.length === 0) {
      chart?.destroy();
      chart = undefined;
      chartBox.replaceChildren();
      return;
    }
    if (chart) {
      chart.update(series, state.bucket);
      return;
    }
    if (state.chart === 'loading' || state.chart === 'failed') return;
    state.chart = 'loading';
    import('./chart.ts').then(
      (mod) => {
        if (stopped) return;
        state.chart = 'ready';
        chart = mod.createTimelineChart(chartBox, state.series ?? series, state.bucket, label);
        update();
      },
      () => {
        state.chart = 'failed';
        update();
      },
    );
  };

  const poller = startPoller(async (signal) => {
    const res = await orgGet(orgCampaignApiPath(slug, '/dashboard'), signal);
    if (res.kind === 'aborted') return true;
    if (is401(res) || (res.kind === 'response' && (res.status === 404 || res.status === 403))) return 'idle';
    const d = res.kind === 'response' && res.ok ? readDashboard(res.body) : null;
    if (!d) {
      if (state.data) {
        state.staleSince = lastOk;
        update();
      }
      return false;
    }
    lastOk = Date.now();
    state.staleSince = undefined;
    state.data = d;
    state.sources = res.kind === 'response' && typeof res.body === 'object' && res.body !== null ? sourceRows((res.body as { sources?: unknown }).sources) : [];
    drawTimeline();
    update();
    return true;
  });
  update();

  return {
    el,
    cleanup: () => {
      stopped = true;
      poller.stop();
      chart?.destroy();
    },
  };
}
