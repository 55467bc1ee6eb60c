/**
 * Entry point: picks the language and loads its strings, fills the page chrome from them, and
 * routes on the location hash. The language switcher re-renders the current view in place.
 */
import { isDrawn, markDrawn } from './address.ts';
import { canonicalLocation, parseCampaignPath, routeOf } from './routes.ts';
import { renderList } from '../campaigns/campaign-list.ts';
import { renderOrganisation } from '../campaigns/organisation-page.ts';
import { loadingView, messageView } from '../ui/common.ts';
import { renderCampaign } from '../campaign/campaign-page.ts';
import { renderConfirm, renderWithdraw } from '../signing/mail-links.ts';
import { renderPrivacy } from '../privacy/privacy-page.ts';
import type { LazyRoute } from '../organiser/shell/views.ts';
import { replaceChildren } from './dom.ts';
import { lang, LANGUAGES, setLanguage, strings } from './strings.ts';
import { chooseLanguage, LANGUAGE_STORAGE_KEY, localeFor, type Language } from './language.ts';
import { setFormatLocale } from './format.ts';
import type { Cleanup, ViewContext } from './view.ts';

/** localStorage may be missing or refuse (private modes, blocked storage): the choice then lasts for this page only. */
function savedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

function saveLanguage(language: Language): void {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not saved: the page still switches.
  }
}

/** Loads `language`'s strings and points everything that depends on the language at it. */
async function applyLanguage(language: Language): Promise<void> {
  await setLanguage(language);
  setFormatLocale(localeFor(lang, navigator.languages ?? []));
  document.documentElement.lang = lang;
  // Static chrome: text comes from the strings object so it is translated with everything else.
  for (const el of document.querySelectorAll<HTMLElement>('[data-string]')) {
    const key = el.dataset.string as keyof typeof strings;
    const value = strings[key];
    if (typeof value === 'string') el.textContent = value;
  }
  document.title = strings.appName;
}

/** Fills the header's <select>, each language named in itself (and marked so, for screen readers). */
function setUpSwitcher(onChange: (language: Language) => Promise<void>): void {
  const select = document.getElementById('lang-select');
  if (!(select instanceof HTMLSelectElement)) return;
  for (const [code, name] of Object.entries(LANGUAGES)) {
    const option = document.createElement('option');
    option.value = code;
    option.lang = code;
    option.textContent = name;
    select.appendChild(option);
  }
  select.value = lang;
  // Afterwards it shows the language actually in use (a catalog that failed to load leaves the old one).
  select.addEventListener('change', () => void onChange(select.value as Language).then(() => (select.value = lang)));
}

async function start(): Promise<void> {
  const main = document.getElementById('main');
  if (!main) return;

  // An old `#/p/<slug>` link lands on the campaign's real path before anything is drawn.
  moveToCanonicalLocation();
  // A campaign's page in one language (`/c/<slug>/ka`) is read in it, as `?lang=ka` would be.
  const pathLanguage = parseCampaignPath(location.pathname)?.lang;
  const search = pathLanguage && !new URLSearchParams(location.search).has('lang') ? `?lang=${pathLanguage}` : location.search;
  await applyLanguage(chooseLanguage({ search, saved: savedLanguage(), preferred: navigator.languages ?? [] }));

  // The skip link must not change the hash (that would be a route change).
  document.querySelector('.skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });

  let cleanup: Cleanup | undefined;
  let navigations = 0;

  /** `inPlace`: the same view again (a language switch), so no scrolling and focus stays where it is. */
  const render = (inPlace = false): void => {
    cleanup?.();
    cleanup = undefined;
    const isNavigation = !inPlace && navigations++ > 0;
    if (isNavigation) window.scrollTo(0, 0);

    const ctx: ViewContext = {
      ready(heading, title) {
        document.title = title ? `${title} — ${strings.appName}` : strings.appName;
        if (isNavigation && heading.isConnected) heading.focus({ preventScroll: true });
      },
    };
    moveToCanonicalLocation();
    markDrawn();
    const route = routeOf(location.pathname, location.hash);
    // Organiser pages hold tables and a chart: they get a wider column.
    document.body.classList.toggle('org-area', route.name.startsWith('org'));
    switch (route.name) {
      case 'list':
        cleanup = renderList(main, ctx);
        break;
      case 'petition':
        cleanup = renderCampaign(main, route.slug, ctx);
        break;
      case 'confirm':
        cleanup = renderConfirm(main, route, ctx);
        break;
      case 'withdraw':
        cleanup = renderWithdraw(main, route, ctx);
        break;
      case 'privacy':
        renderPrivacy(main, ctx);
        break;
      case 'organisation':
        cleanup = renderOrganisation(main, route.id, ctx);
        break;
      case 'cosign':
      case 'orgSignIn':
      case 'orgSession':
      case 'orgHome':
      case 'orgNew':
      case 'orgEdit':
      case 'orgCampaign':
      case 'orgMembers':
      case 'orgTokens':
      case 'orgProfile':
        cleanup = renderLazy(main, route, ctx);
        break;
      case 'unknown': {
        const view = messageView(strings.unknownPageTitle, strings.unknownPageText);
        replaceChildren(main, view.el);
        ctx.ready(view.heading, strings.unknownPageTitle);
        break;
      }
    }
  };

  setUpSwitcher(async (language) => {
    saveLanguage(language);
    // A `?lang=` in the address would win over the saved choice on the next load: make it agree.
    const url = new URL(location.href);
    if (url.searchParams.has('lang')) {
      url.searchParams.set('lang', language);
      history.replaceState(history.state, '', url);
    }
    await applyLanguage(language);
    render(true);
  });

  // A hashchange the page dispatches itself (a retry, a refresh of the same view) always draws again.
  const onMove = (event: Event): void => {
    if (!isDrawn() || !event.isTrusted) render();
  };
  window.addEventListener('hashchange', onMove);
  // Back and forward between `/c/<slug>` and `/` change no hash: only popstate says so.
  window.addEventListener('popstate', onMove);
  render();
}

/** history.replaceState to where the address should say the page is (routes.ts canonicalLocation). */
function moveToCanonicalLocation(): void {
  const to = canonicalLocation(location.pathname, location.search, location.hash);
  if (to !== undefined) history.replaceState(history.state, '', to);
}

/** Loads the organiser pages' chunk (once; a failed load is tried again next time) and renders one. */
let lazyViews: Promise<typeof import('../organiser/shell/views.ts')> | undefined;

function renderLazy(main: HTMLElement, route: LazyRoute, ctx: ViewContext): Cleanup {
  let cancelled = false;
  let inner: Cleanup | undefined;
  replaceChildren(main, loadingView());
  lazyViews ??= import('../organiser/shell/views.ts').catch((error: unknown) => {
    lazyViews = undefined;
    throw error;
  });
  lazyViews.then(
    (views) => {
      if (!cancelled) inner = views.renderLazyRoute(main, route, ctx);
    },
    () => {
      if (cancelled) return;
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'button button-secondary';
      retry.textContent = strings.retry;
      retry.addEventListener('click', () => window.dispatchEvent(new HashChangeEvent('hashchange')));
      const view = messageView(strings.loadFailed, undefined, retry);
      replaceChildren(main, view.el);
      ctx.ready(view.heading);
    },
  );
  return () => {
    cancelled = true;
    inner?.();
  };
}

void start();
