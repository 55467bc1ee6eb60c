/** `#/p/<slug>`: one campaign, its live counter and the sign form. */
import { getJson } from './api.ts';
import { backLink, kindBadge, loadingView, messageView, progressBar } from './common.ts';
import { h, replaceChildren } from './dom.ts';
import { renderSignForm } from './form.ts';
import { formatDate, formatNumber, pluralWord } from './format.ts';
import {
  displayPercent,
  fill,
  isNewerReading,
  nextPollDelay,
  parseCount,
  parsePetition,
  petitionApiPath,
  splitParagraphs,
  type CountReading,
  type Petition,
} from './logic.ts';
import { strings } from './strings.ts';
import type { Cleanup, ViewContext } from './view.ts';

export function renderPetition(root: HTMLElement, slug: string, ctx: ViewContext): Cleanup {
  const controller = new AbortController();
  const cleanups: Cleanup[] = [];
  replaceChildren(root, loadingView());

  const load = async (): Promise<void> => {
    root.setAttribute('aria-busy', 'true');
    const res = await getJson(petitionApiPath(slug), controller.signal);
    if (res.kind === 'aborted') return;
    root.removeAttribute('aria-busy');

    if (res.kind === 'response' && res.status === 404) {
      const view = messageView(strings.notFoundTitle, strings.notFoundText);
      replaceChildren(root, view.el);
      ctx.ready(view.heading);
      return;
    }
    const petition = res.kind === 'response' && res.ok ? parsePetition(res.body) : null;
    if (!petition) {
      const retry = h('button', { type: 'button', class: 'button button-secondary' }, strings.retry);
      retry.addEventListener('click', () => {
        replaceChildren(root, loadingView());
        void load();
      });
      const view = messageView(strings.loadFailed, undefined, retry);
      replaceChildren(root, view.el);
      ctx.ready(view.heading);
      return;
    }
    showPetition(root, petition, ctx, controller.signal, cleanups);
  };
  void load();

  return () => {
    controller.abort();
    root.removeAttribute('aria-busy');
    for (const c of cleanups.splice(0)) c();
  };
}

function showPetition(root: HTMLElement, petition: Petition, ctx: ViewContext, signal: AbortSignal, cleanups: Cleanup[]): void {
  const heading = h('h1', { tabindex: -1, class: 'petition-title' }, petition.title);
  const tally = createTally(petition);
  const deadline = petition.deadline ? formatDate(petition.deadline) : undefined;

  let signArea: HTMLElement;
  let jump: HTMLElement | null = null;
  if (petition.status === 'closed') {
    signArea = h('section', { class: 'notice notice-closed' }, h('p', {}, strings.closedNotice));
  } else {
    const form = renderSignForm(petition, signal);
    cleanups.push(form.cleanup);
    signArea = form.el;
    const button = h('button', { type: 'button', class: 'button button-secondary jump' }, strings.form.heading[petition.kind]);
    button.addEventListener('click', () => form.focusFirstField());
    jump = button;
  }

  const text = h('div', { class: 'petition-text' }, ...splitParagraphs(petition.text).map((p) => h('p', {}, p)));

  replaceChildren(
    root,
    h(
      'article',
      { class: 'petition' },
      kindBadge(petition.kind),
      heading,
      petition.targets.length > 0
        ? h(
            'section',
            { class: 'addressed', 'aria-labelledby': 'addressed-label' },
            h('h2', { class: 'label', id: 'addressed-label' }, strings.addressedTo),
            h(
              'ul',
              {},
              ...petition.targets.map((t) =>
                h('li', {}, h('span', { class: 'target-name' }, t.name), t.office ? h('span', { class: 'target-office' }, t.office) : null),
              ),
            ),
          )
        : null,
      deadline ? h('p', { class: 'deadline' }, fill(strings.deadline, { date: deadline })) : null,
      tally.el,
      jump,
      text,
      signArea,
    ),
    h('p', {}, backLink()),
  );
  ctx.ready(heading, petition.title);

  cleanups.push(startCountPolling(petition.slug, (reading) => tally.update(reading)));
}

/** The big live counter with its progress bar. Only touches the DOM when the number changes, so screen readers hear changes, not ticks. */
function createTally(petition: Petition): { el: HTMLElement; update(reading: CountReading): void } {
  const number = h('span', { class: 'tally-number' }, formatNumber(petition.count));
  const word = h('span', { class: 'tally-word' }, pluralWord(strings.signaturesWord, petition.count));
  const live = h('p', { class: 'tally-count', 'aria-live': 'polite', 'aria-atomic': 'true' }, number, ' ', word);
  const bar = petition.goal > 0 ? progressBar(petition.count, petition.goal, false) : null;
  const goalText = (count: number): string =>
    fill(strings.goalLine, { percent: formatNumber(displayPercent(count, petition.goal)), goal: formatNumber(petition.goal) });
  const goalLine = petition.goal > 0 ? h('p', { class: 'tally-goal' }, goalText(petition.count)) : null;

  let count = petition.count;
  let asOf = petition.asOf;
  const update = (reading: CountReading): void => {
    if (!isNewerReading(reading.asOf, asOf)) return;
    asOf = reading.asOf ?? asOf;
    if (reading.count === count) return;
    count = reading.count;
    number.textContent = formatNumber(count);
    word.textContent = pluralWord(strings.signaturesWord, count);
    bar?.update(count);
    if (goalLine) goalLine.textContent = goalText(count);
  };
  return { el: h('section', { class: 'tally' }, live, bar?.el ?? null, goalLine), update };
}

/**
 * Polls the count endpoint while the page is visible: one request at a time, every 1.5 s, backing
 * off after failures; pauses while the tab is hidden and resumes at once when it is shown again.
 */
function startCountPolling(slug: string, onReading: (r: CountReading) => void): Cleanup {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;
  let failures = 0;

  const schedule = (): void => {
    if (stopped || document.hidden || timer !== undefined || inFlight) return;
    timer = setTimeout(tick, nextPollDelay(failures));
  };
  const tick = async (): Promise<void> => {
    timer = undefined;
    if (stopped || document.hidden || inFlight) return;
    const request = new AbortController();
    inFlight = request;
    const res = await getJson(petitionApiPath(slug, '/count'), request.signal, 10_000);
    inFlight = undefined;
    if (stopped || res.kind === 'aborted') return;
    const reading = res.kind === 'response' && res.ok ? parseCount(res.body) : null;
    if (reading) {
      failures = 0;
      onReading(reading);
    } else {
      failures++;
    }
    schedule();
  };
  const onVisibility = (): void => {
    if (document.hidden) {
      clearTimeout(timer);
      timer = undefined;
    } else if (timer === undefined && !inFlight) {
      void tick();
    }
  };

  document.addEventListener('visibilitychange', onVisibility);
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
    inFlight?.abort();
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
