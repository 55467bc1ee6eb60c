/**
 * A campaign's exports (CSV of signatures, PDF delivery dossier): start one, watch its progress,
 * download it. Download links are presigned for 15 minutes, so a fresh one is fetched on each click
 * rather than kept on the page. The section is a template of its state (lit-html): the job list is
 * keyed by job, so a row (and the focus in it) stays while its progress changes.
 */
import { html, nothing, render, type TemplateResult } from 'lit-html';
import { repeat } from 'lit-html/directives/repeat.js';
import { h } from '../../app/dom.ts';
import { formatNumber, formatPlural, formatShortDate } from '../../app/format.ts';
import { fill } from '../../app/text.ts';
import { is401, orgGet, orgSend, runAction, startPoller } from '../shell/common.ts';
import { field } from '../../ui/field.ts';
import { select } from '../../ui/select.ts';
import { cssWidth } from '../../ui/css-width.ts';
import { liveStatus, messageBox } from '../../ui/form.ts';
import { hasRole, type Role } from '../shell/roles.ts';
import { exportBody, isJobActive, jobPercent, mergeJobs, readJob, readJobList, type ExportFormat, type ExportJob } from './export-rules.ts';
import { orgCampaignApiPath, orgExportApiPath } from '../shell/api-paths.ts';
import { SIGNATORY_ORDERS } from '../../../../functions/rules/signatory-order.ts';
import { LANGUAGES, live, strings } from '../../app/strings.ts';
import type { Cleanup } from '../../app/view.ts';

const t = live(() => strings.org.exports);
const languages = LANGUAGES as Record<string, string>;

interface ExportsState {
  list: 'loading' | 'failed' | 'ready';
  jobs: ExportJob[];
  /** The format whose start request is in flight. */
  starting: ExportFormat | null;
  /** Translations ticked for the dossier. */
  ticked: Set<string>;
  /** Jobs whose download link is being fetched, and those whose link could not be had. */
  downloading: Set<string>;
  downloadFailed: Set<string>;
}

export function renderExports(
  slug: string,
  role: Role,
  signal: AbortSignal,
  /** The campaign's translation languages now; the organiser ticks which the dossier adds. */
  translationLanguages: () => string[] = () => [],
): { el: HTMLElement; cleanup: Cleanup; refreshTranslations(): void } {
  const canExport = hasRole(role, 'editor');
  const errors = messageBox();
  const status = liveStatus();
  const state: ExportsState = { list: 'loading', jobs: [], starting: null, ticked: new Set(), downloading: new Set(), downloadFailed: new Set() };
  const announced = new Set<string>();
  /** Jobs seen in progress on this page: only their completion is announced. */
  const watching = new Set<string>();
  const orderField = field('export-order', t.order, select(SIGNATORY_ORDERS, t.orders, 'confirmed'));
  const langField = field('export-lang', t.language, select(['', ...Object.keys(languages)], { '': t.languageOriginal, ...languages }, ''));
  const el = h('section', { class: 'org-section', 'aria-labelledby': 'exports-heading' });

  const draw = (): void => {
    const actions: ExportActions = { start, tick, download };
    render(
      html`<h2 id="exports-heading">${t.title}</h2><p class="hint">${t.intro}</p>${canExport ? html`${orderField.el}${langField.el}${translationChoice(translationLanguages(), state.ticked, tick)}<div class="button-row">${startButton('csv', t.csv, state, start)}${startButton('pdf', t.pdf, state, start)}</div>` : nothing}${errors.el}${status.el}<div>${jobList(state, canExport, actions)}</div>`,
      el,
    );
  };

  const tick = (code: string, on: boolean): void => {
    if (on) state.ticked.add(code);
    else state.ticked.delete(code);
  };

  const start = (format: ExportFormat): void => {
    void (async () => {
      errors.show();
      // The dossier's options: the translations ticked, the list's order, and its headings' language.
      const body = exportBody(format, { translations: [...state.ticked], available: translationLanguages(), order: orderField.control.value, lang: langField.control.value });
      const busy = { start: () => ((state.starting = format), draw()), stop: () => ((state.starting = null), draw()) };
      const outcome = await runAction(busy, errors, () => orgSend('POST', orgCampaignApiPath(slug, '/exports'), body, signal), readJob);
      if (!outcome?.ok) return;
      status.say(t.started);
      state.jobs = mergeJobs(state.jobs, outcome.value);
      state.list = 'ready';
      showJobs();
      poller.poke();
    })();
  };

  /** A fresh presigned link for a finished job; the job as fetched may turn out outdated meanwhile. */
  const download = (job: ExportJob): void => {
    void (async () => {
      state.downloadFailed.delete(job.id);
      state.downloading.add(job.id);
      draw();
      const res = await orgGet(orgExportApiPath(slug, job.id), signal);
      if (res.kind === 'aborted' || is401(res)) return;
      state.downloading.delete(job.id);
      const fresh = res.kind === 'response' && res.ok ? readJob(res.body) : null;
      if (fresh && fresh.status !== 'done') {
        state.jobs = state.jobs.map((j) => (j.id === fresh.id ? fresh : j));
        draw();
        return;
      }
      if (!fresh?.download) state.downloadFailed.add(job.id);
      draw();
      if (!fresh?.download) return;
      // A plain navigation: the file is served as an attachment, so the page stays where it is.
      const a = h('a', { href: fresh.download.url, rel: 'noopener noreferrer', download: '' });
      document.body.append(a);
      a.click();
      a.remove();
    })();
  };

  /** Draws the jobs and says once when a job someone is waiting for has finished. */
  const showJobs = (): void => {
    draw();
    for (const job of state.jobs) {
      if (!isJobActive(job) && !announced.has(job.id)) {
        announced.add(job.id);
        if (watching.has(job.id)) status.say(`${t.format[job.format]}: ${t.status[job.status]}`);
      }
      if (isJobActive(job)) watching.add(job.id);
    }
  };

  const poller = startPoller(async (pollSignal) => {
    const res = await orgGet(orgCampaignApiPath(slug, '/exports'), pollSignal);
    if (res.kind === 'aborted') return true;
    if (is401(res)) return 'idle';
    const parsed = res.kind === 'response' && res.ok ? readJobList(res.body) : null;
    if (!parsed) {
      if (state.jobs.length === 0) {
        state.list = 'failed';
        draw();
      }
      return false;
    }
    // The list may lag a moment behind a job just created: keep ours until it shows up.
    let merged = parsed;
    for (const job of state.jobs) if (!merged.some((j) => j.id === job.id) && isJobActive(job)) merged = mergeJobs(merged, job);
    state.jobs = merged;
    state.list = 'ready';
    showJobs();
    // Poll only while something is in progress.
    return state.jobs.some(isJobActive) ? true : 'idle';
  });

  draw();
  return { el, cleanup: () => poller.stop(), refreshTranslations: draw };
}

interface ExportActions {
  start(format: ExportFormat): void;
  tick(code: string, on: boolean): void;
  download(job: ExportJob): void;
}

function startButton(format: ExportFormat, label: string, state: ExportsState, start: (format: ExportFormat) => void): TemplateResult {
  const busy = state.starting === format;
  return html`<button type="button" class="button button-secondary" ?disabled=${busy} aria-busy=${busy ? 'true' : nothing} @click=${() => start(format)}>${busy ? t.starting : label}</button>`;
}

/** Which translations the dossier prints after the original: a tick per language the campaign has. */
function translationChoice(langs: string[], ticked: Set<string>, tick: (code: string, on: boolean) => void): TemplateResult {
  return html`<fieldset class="field fieldset" ?hidden=${langs.length === 0}><legend>${t.includeTranslations}</legend>${langs.map(
    (code) =>
      html`<div class="field-check"><input type="checkbox" id=${`export-translation-${code}`} value=${code} .checked=${ticked.has(code)} @change=${(e: Event) => tick(code, (e.target as HTMLInputElement).checked)}><label for=${`export-translation-${code}`} lang=${code}>${languages[code] ?? code}</label></div>`,
  )}</fieldset>`;
}

function jobList(state: ExportsState, canDownload: boolean, actions: ExportActions): TemplateResult {
  if (state.list === 'loading') return html`<p class="loading">${strings.loading}</p>`;
  if (state.list === 'failed') return html`<p class="muted">${strings.loadFailed}</p>`;
  if (state.jobs.length === 0) return html`<p class="muted">${t.empty}</p>`;
  return html`<ul class="export-list">${repeat(state.jobs, (job) => job.id, (job) => jobRow(job, state, canDownload, actions))}</ul>`;
}

function jobRow(job: ExportJob, state: ExportsState, canDownload: boolean, actions: ExportActions): TemplateResult {
  const percent = jobPercent(job);
  const progress = formatPlural(t.progress, job.total, { rows: formatNumber(job.rows) });
  const parts = [job.createdAt ? fill(t.created, { date: formatShortDate(job.createdAt) }) : ''];
  if (job.total > 0) parts.push(progress);
  if (job.status === 'failed' && job.error) parts.push(job.error);
  const finished = job.status === 'failed' || job.status === 'done' || job.status === 'outdated';
  // Not started, or the total is not known yet: an indeterminate bar. Its width is set through the
  // CSSOM (cssWidth), never a style attribute, which the CSP forbids.
  return html`<li class="export"><p class="export-title">${`${t.format[job.format]} · ${t.status[job.status]}`}</p><div class=${percent === null ? 'progress progress-indeterminate' : 'progress'} role="progressbar" aria-label=${t.progressLabel} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${percent === null ? nothing : String(percent)} aria-valuetext=${job.total > 0 ? progress : t.status[job.status]} ?hidden=${finished}><div class="progress-fill" ${cssWidth(percent === null ? '' : `${percent}%`)}></div></div><p class="export-detail muted">${parts.filter(Boolean).join(' · ')}</p><p class="notice notice-warning export-outdated" ?hidden=${job.status !== 'outdated'}>${job.status === 'outdated' ? t.outdated[job.reason ?? 'withdrawal'] : ''}</p><div class="export-actions">${job.status === 'done' && canDownload ? downloadButton(job, state, actions.download) : nothing}</div></li>`;
}

function downloadButton(job: ExportJob, state: ExportsState, download: (job: ExportJob) => void): TemplateResult {
  const busy = state.downloading.has(job.id);
  const failed = state.downloadFailed.has(job.id);
  return html`<div><button type="button" class="button button-primary button-inline" ?disabled=${busy} aria-busy=${busy ? 'true' : nothing} @click=${() => download(job)}>${busy ? t.downloading : fill(t.download, { format: t.format[job.format] })}</button><p class="field-error" role="alert" ?hidden=${!failed}>${failed ? t.downloadFailed : ''}</p></div>`;
}
