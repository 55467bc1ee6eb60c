/**
 * The live counter: confirmed signatures only. Signatures awaiting their email confirmation are not
 * shown: that figure would tell anyone who signs with someone's address whether it had signed.
 * Used on the campaign page and after confirming.
 */
import { getJson } from '../app/api.ts';
import { progressBar } from '../ui/common.ts';
import { h } from '../app/dom.ts';
import { formatNumber, pluralWord } from '../app/format.ts';
import { displayPercent } from '../ui/progress.ts';
import { fill } from '../app/text.ts';
import { isNewerReading, nextPollDelay } from '../app/polling.ts';
import { readCount, type CountReading } from './campaign-data.ts';
import { campaignApiPath } from '../app/routes.ts';
import { strings } from '../app/strings.ts';
import type { Cleanup } from '../app/view.ts';
import { countUpdatedText } from './count-updated.ts';

export interface Tally {
  el: HTMLElement;
  update(reading: CountReading): void;
}

/**
 * Only touches the DOM when a number changes, so screen readers hear changes, not ticks.
 * `showUpdated`: a line saying when the count was last updated (the campaign page shows it).
 */
export function createTally(start: CountReading, goal: number, { showUpdated = false } = {}): Tally {
  const number = h('span', { class: 'tally-number' }, formatNumber(start.count));
  const word = h('span', { class: 'tally-word' }, pluralWord(strings.signaturesWord, start.count));
  const live = h('p', { class: 'tally-count', 'aria-live': 'polite', 'aria-atomic': 'true' }, number, ' ', word);
  const bar = goal > 0 ? progressBar(start.count, goal, false) : null;
  const goalText = (count: number): string => fill(strings.goalLine, { percent: formatNumber(displayPercent(count, goal)), goal: formatNumber(goal) });
  const goalLine = goal > 0 ? h('p', { class: 'tally-goal' }, goalText(start.count)) : null;

  // When the count last changed (`asOf`): outside the live region, so it is not announced with each change.
  const updated = h('p', { class: 'tally-updated' }, showUpdated ? (countUpdatedText(start.asOf, Date.now()) ?? '') : '');
  updated.hidden = !showUpdated || updated.textContent === '';

  let count = start.count;
  let asOf = start.asOf;

  const update = (reading: CountReading): void => {
    if (!isNewerReading(reading.asOf, asOf)) return;
    asOf = reading.asOf ?? asOf;
    const line = showUpdated ? (countUpdatedText(asOf, Date.now()) ?? '') : '';
    // Only touched when the words change (once a minute at most), not on every reading.
    if (line !== updated.textContent) {
      updated.textContent = line;
      updated.hidden = line === '';
    }
    if (reading.count === count) return;
    count = reading.count;
    number.textContent = formatNumber(count);
    word.textContent = pluralWord(strings.signaturesWord, count);
    bar?.update(count);
    if (goalLine) goalLine.textContent = goalText(count);
  };
  return { el: h('section', { class: 'tally' }, live, bar?.el ?? null, goalLine, updated), update };
}

/**
 * Polls the count endpoint while the page is visible: one request at a time, every 1.5 s, backing
 * off after failures; pauses while the tab is hidden and resumes at once when it is shown again.
 * `immediately` asks for a first reading now rather than after the first interval.
 */
export function startCountPolling(slug: string, onReading: (r: CountReading) => void, immediately = false): Cleanup {
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
    const res = await getJson(campaignApiPath(slug, '/count'), request.signal, 10_000);
    inFlight = undefined;
    if (stopped || res.kind === 'aborted') return;
    const reading = res.kind === 'response' && res.ok ? readCount(res.body) : null;
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
  if (immediately && !document.hidden) void tick();
  else schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
    inFlight?.abort();
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
