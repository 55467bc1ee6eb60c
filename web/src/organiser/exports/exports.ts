/**
 * A campaign's exports (CSV of signatures, PDF delivery dossier): start one, watch its progress,
 * download it. Download links are presigned for 15 minutes, so a fresh one is fetched on each click
 * rather than kept on the page.
 */
import { h, replaceChildren } from '../../app/dom.ts';
import { formatNumber, formatPlural, formatShortDate } from '../../app/format.ts';
import { fill } from '../../app/text.ts';
import { is401, orgGet, orgSend, runAction, startPoller } from '../shell/common.ts';
import { field, select } from '../../ui/field.ts';
import { busyButton, liveStatus, messageBox } from '../../ui/form.ts';
import { hasRole, type Role } from '../shell/roles.ts';
import { isJobActive, jobPercent, mergeJobs, parseJob, parseJobList, type ExportFormat, type ExportJob } from './export-rules.ts';
import { orgCampaignApiPath, orgExportApiPath } from '../shell/api-paths.ts';
import { LANGUAGES, live, strings } from '../../app/strings.ts';
import type { Cleanup } from '../../app/view.ts';

const t = live(() => strings.org.exports);

export function renderExports(
  slug: string,
  role: Role,
  signal: AbortSignal,
  /** The campaign's translation languages now; the organiser ticks which the dossier adds. */
  translationLanguages: () => string[] = () => [],
): { el: HTMLElement; cleanup: Cleanup; refreshTranslations(): void } {
  const canExport = hasRole(role, 'editor');
  const list = h('div', {}, h('p', { class: 'loading' }, strings.loading));
  const errors = messageBox();
  const status = liveStatus();
  let jobs: ExportJob[] = [];
  /** Progress rows by job id, updated in place so focus and screen readers are not disturbed. */
  const rows = new Map<string, { el: HTMLElement; update(job: ExportJob): void }>();
  const announced = new Set<string>();
  /** Jobs seen in progress on this page: only their completion is announced. */
  const watching = new Set<string>();

  const start = (format: ExportFormat, button: HTMLButtonElement): void => {
    const busy = busyButton(button, t.starting);
    void (async () => {
      errors.show();
      const translations = format === 'pdf' ? [...ticked].filter((l) => translationLanguages().includes(l)) : [];
      // The dossier's options: the list's order, and its headings' language (none: the campaign's own).
      const dossier = format === 'pdf' ? { order: orderField.control.value, ...(langField.control.value ? { lang: langField.control.value } : {}) } : {};
      const body = { format, ...(translations.length > 0 ? { translations } : {}), ...dossier };
      const outcome = await runAction(busy, errors, () => orgSend('POST', orgCampaignApiPath(slug, '/exports'), body, signal), parseJob);
      if (!outcome?.ok) return;
      const job = outcome.value;
      status.say(t.started);
      jobs = mergeJobs(jobs, job);
      render();
      poller.poke();
    })();
  };

  const csv = h('button', { type: 'button', class: 'button button-secondary' }, t.csv);
  const pdf = h('button', { type: 'button', class: 'button button-secondary' }, t.pdf);
  csv.addEventListener('click', () => start('csv', csv));
  pdf.addEventListener('click', () => start('pdf', pdf));

  const orderField = field('export-order', t.order, select(['confirmed', 'name'] as const, t.orders, 'confirmed'));
  const languages = LANGUAGES as Record<string, string>;
  const langField = field('export-lang', t.language, select(['', ...Object.keys(languages)], { '': t.languageOriginal, ...languages }, ''));

  // Which translations the dossier prints after the original: a tick per language the campaign has.
  const ticked = new Set<string>();
  const translationChoice = h('fieldset', { class: 'field fieldset' });
  const renderChoice = (): void => {
    const langs = translationLanguages();
    translationChoice.hidden = langs.length === 0;
    replaceChildren(
      translationChoice,
      h('legend', {}, t.includeTranslations),
      ...langs.map((code) => {
        const box = h('input', { type: 'checkbox', id: `export-translation-${code}`, value: code }) as HTMLInputElement;
        box.checked = ticked.has(code);
        box.addEventListener('change', () => (box.checked ? ticked.add(code) : ticked.delete(code)));
        return h('div', { class: 'field-check' }, box, h('label', { for: box.id, lang: code }, (LANGUAGES as Record<string, string>)[code] ?? code));
      }),
    );
  };
  renderChoice();

  const el = h(
    'section',
    { class: 'org-section', 'aria-labelledby': 'exports-heading' },
    h('h2', { id: 'exports-heading' }, t.title),
    h('p', { class: 'hint' }, t.intro),
    canExport ? orderField.el : null,
    canExport ? langField.el : null,
    canExport ? translationChoice : null,
    canExport ? h('div', { class: 'button-row' }, csv, pdf) : null,
    errors.el,
    status.el,
    list,
  );

  const render = (): void => {
    if (jobs.length === 0) {
      rows.clear();
      replaceChildren(list, h('p', { class: 'muted' }, t.empty));
      return;
    }
    let ul = list.querySelector('ul.export-list');
    if (!ul) {
      ul = h('ul', { class: 'export-list' });
      replaceChildren(list, ul);
    }
    // Keep existing rows (and the focus inside them); add new ones in order.
    const wanted = new Set(jobs.map((j) => j.id));
    for (const [id, row] of rows) {
      if (!wanted.has(id)) {
        row.el.remove();
        rows.delete(id);
      }
    }
    let previous: Element | null = null;
    for (const job of jobs) {
      let row = rows.get(job.id);
      if (!row) {
        row = jobRow(job, slug, canExport, signal);
        rows.set(job.id, row);
      } else row.update(job);
      if (previous) previous.after(row.el);
      else if (ul.firstElementChild !== row.el) ul.prepend(row.el);
      previous = row.el;
      // Say once when a job someone is waiting for has finished.
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
    const parsed = res.kind === 'response' && res.ok ? parseJobList(res.body) : null;
    if (!parsed) {
      if (jobs.length === 0) replaceChildren(list, h('p', { class: 'muted' }, strings.loadFailed));
      return false;
    }
    // The list may lag a moment behind a job just created: keep ours until it shows up.
    let merged = parsed;
    for (const job of jobs) if (!merged.some((j) => j.id === job.id) && isJobActive(job)) merged = mergeJobs(merged, job);
    jobs = merged;
    render();
    // Poll only while something is in progress.
    return jobs.some(isJobActive) ? true : 'idle';
  });

  return { el, cleanup: () => poller.stop(), refreshTranslations: renderChoice };
}

function jobRow(initial: ExportJob, slug: string, canDownload: boolean, signal: AbortSignal): { el: HTMLElement; update(job: ExportJob): void } {
  const title = h('p', { class: 'export-title' });
  const fill_ = h('div', { class: 'progress-fill' });
  const bar = h('div', { class: 'progress', role: 'progressbar', 'aria-label': t.progressLabel, 'aria-valuemin': 0, 'aria-valuemax': 100 }, fill_);
  const detail = h('p', { class: 'export-detail muted' });
  const notice = h('p', { class: 'notice notice-warning export-outdated', hidden: true });
  const actions = h('div', { class: 'export-actions' });
  const el = h('li', { class: 'export' }, title, bar, detail, notice, actions);
  let downloadReady = false;

  const update = (job: ExportJob): void => {
    title.textContent = `${t.format[job.format]} · ${t.status[job.status]}`;
    const percent = jobPercent(job);
    bar.hidden = job.status === 'failed' || job.status === 'done' || job.status === 'outdated';
    if (percent === null) {
      // Not started, or the total is not known yet: an indeterminate bar.
      bar.removeAttribute('aria-valuenow');
      bar.classList.add('progress-indeterminate');
      fill_.style.width = '';
    } else {
      bar.classList.remove('progress-indeterminate');
      bar.setAttribute('aria-valuenow', String(percent));
      fill_.style.width = `${percent}%`;
    }
    const parts = [job.createdAt ? fill(t.created, { date: formatShortDate(job.createdAt) }) : ''];
    const progress = formatPlural(t.progress, job.total, { rows: formatNumber(job.rows) });
    if (job.total > 0) parts.push(progress);
    if (job.status === 'failed' && job.error) parts.push(job.error);
    detail.textContent = parts.filter(Boolean).join(' · ');
    // Why an outdated export's file is gone, and what to do: make a new one.
    notice.textContent = job.status === 'outdated' ? t.outdated[job.reason ?? 'withdrawal'] : '';
    notice.hidden = job.status !== 'outdated';
    bar.setAttribute('aria-valuetext', job.total > 0 ? progress : t.status[job.status]);
    if (job.status === 'done' && canDownload && !downloadReady) {
      downloadReady = true;
      replaceChildren(actions, downloadButton(job, slug, signal, update));
    } else if (job.status !== 'done' && downloadReady) {
      downloadReady = false;
      replaceChildren(actions);
    }
  };
  update(initial);
  return { el, update };
}

/** `onUpdate`: the job as fetched for the link, which may turn out outdated since the list was read. */
function downloadButton(job: ExportJob, slug: string, signal: AbortSignal, onUpdate: (job: ExportJob) => void): HTMLElement {
  const button = h('button', { type: 'button', class: 'button button-primary button-inline' }, fill(t.download, { format: t.format[job.format] }));
  const busy = busyButton(button, t.downloading);
  const message = h('p', { class: 'field-error', role: 'alert', hidden: true });
  button.addEventListener('click', () => {
    void (async () => {
      message.hidden = true;
      busy.start();
      const res = await orgGet(orgExportApiPath(slug, job.id), signal);
      if (res.kind === 'aborted' || is401(res)) return;
      busy.stop();
      const fresh = res.kind === 'response' && res.ok ? parseJob(res.body) : null;
      if (fresh && fresh.status !== 'done') {
        onUpdate(fresh);
        return;
      }
      if (!fresh?.download) {
        message.textContent = t.downloadFailed;
        message.hidden = false;
        return;
      }
      // A plain navigation: the file is served as an attachment, so the page stays where it is.
      const a = h('a', { href: fresh.download.url, rel: 'noopener noreferrer', download: '' });
      document.body.append(a);
      a.click();
      a.remove();
    })();
  });
  return h('div', {}, button, message);
}
