/**
 * The live dashboard of a campaign: confirmed and pending counts, signatures by country, a timeline
 * chart (by hour or by day) and recent activity, from GET …/dashboard every 1.5 s while the tab is
 * visible. No personal data: the API sends only counts.
 *
 * The chart library (uPlot) is loaded in its own chunk when the dashboard first has data, so the
 * public pages never download it. The same figures are always available as a table.
 */
import { progressBar } from '../../ui/common.ts';
import { sourceRows, type SourceRow } from '../../embed/embed-rules.ts';
import { h, replaceChildren } from '../../app/dom.ts';
import { formatDay, formatHour, formatNumber, formatNumericDate, formatPlural, formatRelative, formatTime, locale, pluralWord } from '../../app/format.ts';
import { countryNamer } from '../../app/countries.ts';
import { fill } from '../../app/text.ts';
import { is401, orgGet, startPoller } from '../shell/common.ts';
import { activityCountries, bucketTimeline, countryRows, readDashboard, recentEntries, relativeTime, timelineKey, type Activity, type Bucket, type Dashboard, type Series } from './dashboard-rules.ts';
import { orgCampaignApiPath } from '../shell/api-paths.ts';
import type { TimelineChart } from './chart.ts';
import { live, strings } from '../../app/strings.ts';
import type { Cleanup } from '../../app/view.ts';

const t = live(() => strings.org.dashboard);

/** Rows of the chart's table: the most recent buckets only. */
const TABLE_ROWS = 48;

export function renderDashboard(slug: string, goal: number): { el: HTMLElement; cleanup: Cleanup } {
  const countryName = countryNamer(locale);

  // Counts
  const number = h('span', { class: 'tally-number' }, '–');
  const word = h('span', { class: 'tally-word' }, pluralWord(t.confirmed, 0));
  const countLine = h('p', { class: 'tally-count', 'aria-live': 'polite', 'aria-atomic': 'true' }, number, ' ', word);
  const pendingLine = h('p', { class: 'tally-pending' });
  const bar = goal > 0 ? progressBar(0, goal, false) : null;
  const updated = h('p', { class: 'dashboard-updated muted' });
  const stale = h('p', { class: 'notice notice-warning', role: 'status', hidden: true });

  // By country
  const countriesBody = h('div', {}, h('p', { class: 'loading' }, strings.loading));

  // By source: the embeddable widget's sites (and tags), and our own page
  const sourcesBody = h('div', {});
  let sourcesKey = '';

  // Timeline
  let bucket: Bucket = 'hour';
  const toggle = h('fieldset', { class: 'segmented' }, h('legend', { class: 'visually-hidden' }, t.bucket));
  for (const b of ['hour', 'day'] as const) {
    const radio = h('input', { type: 'radio', name: 'timeline-bucket', id: `bucket-${b}`, value: b });
    radio.checked = b === bucket;
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      bucket = b;
      drawTimeline(true);
    });
    toggle.append(radio, h('label', { for: radio.id }, b === 'hour' ? t.byHour : t.byDay));
  }
  const chartBox = h('div', { class: 'chart', role: 'img' });
  const chartNote = h('p', { class: 'muted chart-note' });
  const tableBody = h('div', {});
  const chartTable = h('details', { class: 'chart-table' }, h('summary', {}, t.chartTable), tableBody);

  // Recent activity
  const recentBody = h('div', {});

  const el = h(
    'section',
    { class: 'org-section dashboard', 'aria-labelledby': 'dashboard-heading' },
    h('h2', { id: 'dashboard-heading' }, t.title),
    h('div', { class: 'tally' }, countLine, pendingLine, bar?.el ?? null, updated),
    stale,
    h('div', { class: 'dashboard-grid' },
      h('section', { 'aria-labelledby': 'timeline-heading', class: 'dashboard-timeline' }, h('h3', { id: 'timeline-heading' }, t.timeline), toggle, chartBox, chartNote, chartTable),
      h('section', { 'aria-labelledby': 'countries-heading' }, h('h3', { id: 'countries-heading' }, t.countries), countriesBody),
      h('section', { 'aria-labelledby': 'sources-heading', class: 'dashboard-sources' }, h('h3', { id: 'sources-heading' }, t.sources), sourcesBody),
      h('section', { 'aria-labelledby': 'recent-heading' }, h('h3', { id: 'recent-heading' }, t.recent), recentBody),
    ),
  );

  let data: Dashboard | undefined;
  let lastOk = 0;
  let shownCount = -1;
  let shownPending = -1;
  let countriesKey = '';
  let drawnKey = '';
  let chart: TimelineChart | undefined;
  let chartLoading = false;
  let chartFailed = false;
  let stopped = false;

  const series = (): Series =>
    bucketTimeline(data?.timeline ?? [], bucket, {
      offsetAt: (ms) => -new Date(ms).getTimezoneOffset(),
      until: data?.asOf ? Date.parse(data.asOf) : Date.now(),
    });

  const drawTimeline = (force = false): void => {
    if (!data) return;
    const key = `${bucket}|${timelineKey(data.timeline)}`;
    if (!force && key === drawnKey) return;
    drawnKey = key;
    const s = series();
    const label = fill(t.chartLabel, { bucket: t.chartBucket[bucket] });
    chartBox.setAttribute('aria-label', label);
    renderTable(s);
    if (s.times.length === 0) {
      chart?.destroy();
      chart = undefined;
      replaceChildren(chartBox);
      chartNote.textContent = t.noTimeline;
      return;
    }
    chartNote.textContent = chartFailed ? t.chartFailed : '';
    if (chart) {
      chart.update(s, bucket);
      return;
    }
    if (chartLoading || chartFailed) return;
    chartLoading = true;
    chartNote.textContent = t.chartLoading;
    import('./chart.ts').then(
      (mod) => {
        chartLoading = false;
        if (stopped) return;
        chartNote.textContent = '';
        chart = mod.createTimelineChart(chartBox, series(), bucket, label);
      },
      () => {
        chartLoading = false;
        chartFailed = true;
        chartNote.textContent = t.chartFailed;
        chartTable.open = true;
      },
    );
  };

  const renderTable = (s: Series): void => {
    const rows: HTMLElement[] = [];
    for (let i = s.times.length - 1; i >= 0 && rows.length < TABLE_ROWS; i--) {
      const time = s.times[i] as number;
      const label = bucket === 'hour' ? `${formatNumericDate(time)} ${formatHour(time)}` : formatNumericDate(time);
      rows.push(h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, formatNumber(s.counts[i] ?? 0))));
    }
    replaceChildren(
      tableBody,
      rows.length === 0
        ? h('p', { class: 'muted' }, t.noTimeline)
        : h('table', { class: 'data-table' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t.chartTime), h('th', { scope: 'col' }, t.count))), h('tbody', {}, ...rows)),
    );
  };

  const renderCounts = (d: Dashboard): void => {
    if (d.count !== shownCount) {
      shownCount = d.count;
      number.textContent = formatNumber(d.count);
      word.textContent = pluralWord(t.confirmed, d.count);
      bar?.update(d.count);
    }
    if (d.pending !== shownPending) {
      shownPending = d.pending;
      pendingLine.textContent = d.pending > 0 ? formatPlural(t.pending, d.pending) : '';
      pendingLine.hidden = d.pending === 0;
    }
    updated.textContent = fill(t.updated, { time: formatTime(d.asOf ?? Date.now()) });
  };

  const renderCountries = (d: Dashboard): void => {
    const rows = countryRows(d.countries);
    const given = rows.reduce((sum, r) => sum + r.count, 0);
    const key = `${rows.map((r) => `${r.code}${r.count}`).join()}|${d.count}`;
    if (key === countriesKey) return;
    countriesKey = key;
    if (rows.length === 0 && d.count === 0) {
      replaceChildren(countriesBody, h('p', { class: 'muted' }, t.noCountries));
      return;
    }
    const notGiven = d.count - given;
    replaceChildren(
      countriesBody,
      h(
        'table',
        { class: 'data-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t.country), h('th', { scope: 'col' }, t.count))),
        h(
          'tbody',
          {},
          ...rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, countryName(r.code)), h('td', {}, formatNumber(r.count)))),
          notGiven > 0 ? h('tr', {}, h('th', { scope: 'row', class: 'muted' }, t.noCountry), h('td', {}, formatNumber(notGiven))) : null,
        ),
      ),
    );
  };

  const renderSources = (rows: SourceRow[]): void => {
    const key = rows.map((r) => `${r.key}=${r.count}`).join();
    if (key === sourcesKey && sourcesBody.firstChild) return;
    sourcesKey = key;
    if (rows.length === 0) {
      replaceChildren(sourcesBody, h('p', { class: 'muted' }, t.noCountries));
      return;
    }
    const label = (r: SourceRow): string => (r.direct ? t.sourceDirect : r.tag ? fill(t.sourceTag, { host: r.host ?? '', tag: r.tag }) : (r.host ?? ''));
    replaceChildren(
      sourcesBody,
      h(
        'table',
        { class: 'data-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t.source), h('th', { scope: 'col' }, t.count))),
        h('tbody', {}, ...rows.map((r) => h('tr', { 'data-source': r.key }, h('th', { scope: 'row' }, label(r)), h('td', {}, formatNumber(r.count))))),
      ),
    );
  };

  const activityLine = (a: Activity, now: number): HTMLElement => {
    const countries = activityCountries(a).map((c) => `${countryName(c.code)} ${formatNumber(c.count)}`).join(', ');
    const rel = relativeTime(a.at, now);
    const when = formatRelative(rel.value, rel.unit);
    return h('li', {}, formatPlural(t.confirmedPart, a.confirmed), countries ? ` · ${countries}` : '', h('span', { class: 'muted' }, ` — ${when}`));
  };

  /** Withdrawals are known only by their UTC day, and say so. */
  const withdrawalLine = (day: string, count: number): HTMLElement =>
    h('li', { class: 'activity-withdrawn' }, formatPlural(t.withdrawnPart, count), h('span', { class: 'muted' }, ` — ${fill(t.utcDay, { date: formatDay(day) })}`));

  const renderRecent = (d: Dashboard): void => {
    const now = Date.now();
    const entries = recentEntries(d, now).slice(0, 20);
    replaceChildren(
      recentBody,
      entries.length === 0
        ? h('p', { class: 'muted' }, t.noRecent)
        : h('ul', { class: 'activity-list' }, ...entries.map((e) => (e.kind === 'confirmed' ? activityLine(e.activity, now) : withdrawalLine(e.day, e.count)))),
      d.withdrawals.length > 0 ? h('p', { class: 'muted hint' }, t.withdrawalsNote) : null,
    );
  };

  const poller = startPoller(async (signal) => {
    const res = await orgGet(orgCampaignApiPath(slug, '/dashboard'), signal);
    if (res.kind === 'aborted') return true;
    if (is401(res) || (res.kind === 'response' && (res.status === 404 || res.status === 403))) return 'idle';
    const d = res.kind === 'response' && res.ok ? readDashboard(res.body) : null;
    const sources = res.kind === 'response' && res.ok && typeof res.body === 'object' && res.body !== null ? sourceRows((res.body as { sources?: unknown }).sources) : [];
    if (!d) {
      if (lastOk > 0) {
        stale.textContent = fill(t.stale, { time: formatTime(lastOk) });
        stale.hidden = false;
      }
      return false;
    }
    lastOk = Date.now();
    stale.hidden = true;
    data = d;
    renderCounts(d);
    renderCountries(d);
    renderSources(sources);
    drawTimeline();
    renderRecent(d);
    return true;
  });

  return {
    el,
    cleanup: () => {
      stopped = true;
      poller.stop();
      chart?.destroy();
    },
  };
}

