/**
 * The sign form's anti-spam check: the ALTCHA widget, a proof of work the browser solves in about a
 * second. No third-party service, no cookies, nothing about the person leaves the device.
 *
 * We bundle the widget's "external" build: unlike the default build it injects no <style> element
 * (its CSS is prepended to styles.css by web/build.ts) and creates no blob: workers (the worker is a
 * file of our own, copied by web/build.ts), so the page's CSP needs neither 'unsafe-inline' styles
 * nor blob: — see infra/security-headers.ts. The widget's code is imported only when a form that asks
 * for the check is shown (the sign form, the organisers' sign-in form), so the list, privacy and
 * email-link pages do not download it.
 */
import { h } from '../app/dom.ts';
import { strings } from '../app/strings.ts';

/** Set by web/build.ts (esbuild `define`): the worker's URL, versioned by its content. */
declare const __ALTCHA_WORKER_URL__: string;

export const CHALLENGE_URL = '/api/challenge';
/** The only algorithm our server issues (functions/rules/challenge.ts). */
const ALGORITHM = 'PBKDF2/SHA-256';
/**
 * Solutions older than this are solved again before sending, even if the widget still thinks they are
 * valid: the challenge expires after 10 minutes by the server's clock, and the phone's may be off.
 */
const MAX_SOLUTION_AGE_MS = 8 * 60 * 1000;

/**
 * The parts of the widget we use. Declared here because the package's own declarations import
 * their siblings without file extensions, which TypeScript's NodeNext resolution does not follow.
 */
interface AltchaWidget extends HTMLElement {
  getState(): string;
  reset(): void;
  verify(): Promise<{ payload?: string } | null>;
}

interface AltchaGlobal {
  algorithms: Map<string, () => Worker>;
  defaults: { set(values: Record<string, unknown>): void };
  i18n: { get(language: string): Record<string, string> | undefined; set(language: string, values: Record<string, string>): void };
}

export interface AntiSpamCheck {
  /** Where the widget goes, inside the form (it listens to the form's focus to start early). */
  el: HTMLElement;
  /** The payload for the `altcha` field, solving first if needed; null if the check could not finish. */
  solve(): Promise<string | null>;
  /** Drops the current solution (each is accepted once) and starts on a new challenge. */
  renew(): void;
}

let loading: Promise<void> | undefined;

/** Loads the widget's code once; a failed load (a dropped connection) is tried again next time. */
function loadWidget(): Promise<void> {
  loading ??= import('altcha/external').then(configure, (error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Global widget settings: our worker, our words, and nothing collected about the person. */
function configure(): void {
  const altcha = (globalThis as unknown as { $altcha: AltchaGlobal }).$altcha;
  altcha.algorithms.set(ALGORITHM, () => new Worker(__ALTCHA_WORKER_URL__));
  altcha.defaults.set({
    challenge: CHALLENGE_URL,
    // Start on the first focus inside the form: by the time the form is filled in, the work is done,
    // and nobody has to tick anything. Sending also starts it (see solve()).
    auto: 'onfocus',
    // Our words, in the page's language, are put under 'en' (applyWords, on each mount); without this the widget
    // would follow the browser's language and show its own words instead.
    language: 'en',
    name: 'altcha',
    hideLogo: true,
    hideFooter: true,
    // The widget can record pointer and keyboard timings for ALTCHA's paid service; we use none of it.
    humanInteractionSignature: false,
    // At most 4 workers: enough for a phone, and a desktop finishes quickly anyway.
    workers: Math.min(4, Math.max(1, navigator.hardwareConcurrency || 2)),
  });
}

/** The widget's labels from the page's current catalog (again on every mount: the reader may have switched language). */
function applyWords(): void {
  const altcha = (globalThis as unknown as { $altcha: AltchaGlobal }).$altcha;
  altcha.i18n.set('en', { ...altcha.i18n.get('en'), ...strings.antiSpamWidget });
}

export function createAntiSpamCheck(): AntiSpamCheck {
  const el = h('div', { class: 'anti-spam-widget' });
  let widget: Promise<AltchaWidget> | undefined;
  let payload: string | null = null;
  let solvedAt = 0;
  const waiters: ((payload: string | null) => void)[] = [];

  const settle = (result: string | null): void => {
    for (const resolve of waiters.splice(0)) resolve(result);
  };

  const onStateChange = (event: Event): void => {
    const detail = (event as CustomEvent<{ state: string; payload?: string | null }>).detail;
    if (detail.state === 'verified' && detail.payload) {
      payload = detail.payload;
      solvedAt = Date.now();
      settle(payload);
    } else if (detail.state !== 'verifying') {
      payload = null;
      settle(null);
    }
  };

  /** Creates the widget once its code is loaded, and resolves once it has mounted (its methods exist then). */
  const mount = async (): Promise<AltchaWidget> => {
    await loadWidget();
    applyWords();
    const w = document.createElement('altcha-widget') as AltchaWidget;
    w.addEventListener('statechange', onStateChange);
    const mounted = new Promise<void>((resolve) => w.addEventListener('load', () => resolve(), { once: true }));
    el.replaceChildren(w);
    await mounted;
    // Someone who started typing before the widget arrived gave no focus event for it to see.
    if (el.closest('form')?.contains(document.activeElement) && String(w.getState()) === 'unverified') void w.verify();
    return w;
  };
  const ensureWidget = (): Promise<AltchaWidget> => {
    widget ??= mount().catch((error: unknown) => {
      widget = undefined;
      throw error;
    });
    return widget;
  };
  void ensureWidget().catch(() => undefined);

  const solve = async (): Promise<string | null> => {
    let w: AltchaWidget;
    try {
      w = await ensureWidget();
    } catch {
      return null;
    }
    const state = String(w.getState());
    if (state === 'verified' && payload && Date.now() - solvedAt < MAX_SOLUTION_AGE_MS) return payload;
    if (state === 'verifying') return new Promise((resolve) => waiters.push(resolve));
    const result = await w.verify();
    return result?.payload ?? null;
  };

  const renew = (): void => {
    payload = null;
    void widget?.then((w) => {
      w.reset();
      void w.verify();
    }, () => undefined);
  };

  return { el, solve, renew };
}
