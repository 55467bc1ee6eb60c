/**
 * The dashboard as templates of its state (lit-html): `render(state)` is called on every poll and
 * on every choice, and lit-html patches only the text that changed, so the polite count line is
 * announced only when the count moves, without keys kept by hand. The chart itself (uPlot) is a
 * node the view places and dashboard.ts draws.
 */
import { html, nothing, type TemplateResult } from 'lit-html';
import type { SourceRow } from '../../embed/embed-rules.ts';
import { formatDay, formatHour, formatNumber, formatNumericDate, formatPlural, formatRelative, formatTime, pluralWord } from '../../app/format.ts';
import { fill } from '../../app/text.ts';
import { activityCountries, countryRows, recentEntries, relativeTime, type Activity, type Bucket, type Dashboard, type Series } from './dashboard-rules.ts';
import { live, strings } from '../../app/strings.ts';

const t = live(() => strings.org.dashboard);

/** Rows of the chart's table: the most recent buckets only. */
const TABLE_ROWS = 48;

export interface DashboardState {
  /** The last answer, none before the first. */
  data?: Dashboard | undefined;
  sources: SourceRow[];
  /** When the last answer came, if a later poll failed (the figures are stale). */
  staleSince?: number | undefined;
  bucket: Bucket;
  /** The timeline in the chosen buckets, none before the first answer. */
  series?: Series | undefined;
  chart: 'none' | 'loading' | 'ready' | 'failed';
}

export interface DashboardParts {
  countryName(code: string): string;
  /** The progress bar (a node: its width is set through the CSSOM, never a style attribute). */
  bar: HTMLElement | null;
  chartBox: HTMLElement;
  chooseBucket(bucket: Bucket): void;
}

export function dashboardView(s: DashboardState, parts: DashboardParts): TemplateResult {
  return html`<h2 id="dashboard-heading">${t.title}</h2>${tallyView(s, parts.bar)}<p class="notice notice-warning" role="status" ?hidden=${s.staleSince === undefined}>${s.staleSince === undefined ? '' : fill(t.stale, { time: formatTime(s.staleSince) })}</p><div class="dashboard-grid"><section aria-labelledby="timeline-heading" class="dashboard-timeline"><h3 id="timeline-heading">${t.timeline}</h3>${bucketToggle(s.bucket, parts.chooseBucket)}${parts.chartBox}<p class="muted chart-note">${chartNote(s)}</p><details class="chart-table" ?open=${s.chart === 'failed'}><summary>${t.chartTable}</summary><div>${s.series ? timelineTable(s.series, s.bucket) : nothing}</div></details></section><section aria-labelledby="countries-heading"><h3 id="countries-heading">${t.countries}</h3><div>${s.data ? countriesTable(s.data, parts.countryName) : html`<p class="loading">${strings.loading}</p>`}</div></section><section aria-labelledby="sources-heading" class="dashboard-sources"><h3 id="sources-heading">${t.sources}</h3><div>${s.data ? sourcesTable(s.sources) : nothing}</div></section><section aria-labelledby="recent-heading"><h3 id="recent-heading">${t.recent}</h3><div>${s.data ? recentView(s.data, parts.countryName) : nothing}</div></section></div>`;
}

function tallyView(s: DashboardState, bar: HTMLElement | null): TemplateResult {
  const d = s.data;
  return html`<div class="tally"><p class="tally-count" aria-live="polite" aria-atomic="true"><span class="tally-number">${d ? formatNumber(d.count) : '–'}</span> <span class="tally-word">${pluralWord(t.confirmed, d?.count ?? 0)}</span></p><p class="tally-pending" ?hidden=${d !== undefined && d.pending === 0}>${d && d.pending > 0 ? formatPlural(t.pending, d.pending) : ''}</p>${bar ?? nothing}<p class="dashboard-updated muted">${d ? fill(t.updated, { time: formatTime(d.asOf ?? Date.now()) }) : ''}</p></div>`;
}

function bucketToggle(current: Bucket, choose: (bucket: Bucket) => void): TemplateResult {
  const option = (b: Bucket) =>
    html`<input type="radio" name="timeline-bucket" id=${`bucket-${b}`} value=${b} .checked=${b === current} @change=${(e: Event) => (e.target as HTMLInputElement).checked && choose(b)}><label for=${`bucket-${b}`}>${b === 'hour' ? t.byHour : t.byDay}</label>`;
  return html`<fieldset class="segmented"><legend class="visually-hidden">${t.bucket}</legend>${option('hour')}${option('day')}</fieldset>`;
}

/** Under the chart: no data yet, the chart's chunk loading, or failed (the table opens instead). */
function chartNote(s: DashboardState): string {
  if (!s.series) return '';
  if (s.series.times.length === 0) return t.noTimeline;
  if (s.chart === 'failed') return t.chartFailed;
  return s.chart === 'loading' ? t.chartLoading : '';
}

function timelineTable(series: Series, bucket: Bucket): TemplateResult {
  const rows: TemplateResult[] = [];
  for (let i = series.times.length - 1; i >= 0 && rows.length < TABLE_ROWS; i--) {
    const time = series.times[i] as number;
    const label = bucket === 'hour' ? `${formatNumericDate(time)} ${formatHour(time)}` : formatNumericDate(time);
    rows.push(html`<tr><th scope="row">${label}</th><td>${formatNumber(series.counts[i] ?? 0)}</td></tr>`);
  }
  if (rows.length === 0) return html`<p class="muted">${t.noTimeline}</p>`;
  return html`<table class="data-table"><thead><tr><th scope="col">${t.chartTime}</th><th scope="col">${t.count}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function countriesTable(d: Dashboard, countryName: (code: string) => string): TemplateResult {
  const rows = countryRows(d.countries);
  if (rows.length === 0 && d.count === 0) return html`<p class="muted">${t.noCountries}</p>`;
  const notGiven = d.count - rows.reduce((sum, r) => sum + r.count, 0);
  return html`<table class="data-table"><thead><tr><th scope="col">${t.country}</th><th scope="col">${t.count}</th></tr></thead><tbody>${rows.map(
    (r) => html`<tr><th scope="row">${countryName(r.code)}</th><td>${formatNumber(r.count)}</td></tr>`,
  )}${notGiven > 0 ? html`<tr><th scope="row" class="muted">${t.noCountry}</th><td>${formatNumber(notGiven)}</td></tr>` : nothing}</tbody></table>`;
}

/** By source: the embeddable widget's sites (and tags), and our own page. */
function sourcesTable(rows: SourceRow[]): TemplateResult {
  if (rows.length === 0) return html`<p class="muted">${t.noCountries}</p>`;
  const label = (r: SourceRow): string => (r.direct ? t.sourceDirect : r.tag ? fill(t.sourceTag, { host: r.host ?? '', tag: r.tag }) : (r.host ?? ''));
  return html`<table class="data-table"><thead><tr><th scope="col">${t.source}</th><th scope="col">${t.count}</th></tr></thead><tbody>${rows.map(
    (r) => html`<tr data-source=${r.key}><th scope="row">${label(r)}</th><td>${formatNumber(r.count)}</td></tr>`,
  )}</tbody></table>`;
}

function recentView(d: Dashboard, countryName: (code: string) => string): TemplateResult {
  const now = Date.now();
  const entries = recentEntries(d, now).slice(0, 20);
  return html`${entries.length === 0
    ? html`<p class="muted">${t.noRecent}</p>`
    : html`<ul class="activity-list">${entries.map((e) => (e.kind === 'confirmed' ? activityLine(e.activity, now, countryName) : withdrawalLine(e.day, e.count)))}</ul>`}${d.withdrawals.length > 0 ? html`<p class="muted hint">${t.withdrawalsNote}</p>` : nothing}`;
}

function activityLine(a: Activity, now: number, countryName: (code: string) => string): TemplateResult {
  const countries = activityCountries(a).map((c) => `${countryName(c.code)} ${formatNumber(c.count)}`).join(', ');
  const rel = relativeTime(a.at, now);
  return html`<li>${formatPlural(t.confirmedPart, a.confirmed)}${countries ? ` · ${countries}` : ''}<span class="muted">${` — ${formatRelative(rel.value, rel.unit)}`}</span></li>`;
}

/** Withdrawals are known only by their UTC day, and say so. */
function withdrawalLine(day: string, count: number): TemplateResult {
  return html`<li class="activity-withdrawn">${formatPlural(t.withdrawnPart, count)}<span class="muted">${` — ${fill(t.utcDay, { date: formatDay(day) })}`}</span></li>`;
}
