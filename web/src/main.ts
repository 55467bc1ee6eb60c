/** Entry point: fills the page chrome from the strings and routes on the location hash. */
import { parseRoute } from './logic.ts';
import { renderList } from './list.ts';
import { loadingView, messageView } from './common.ts';
import { renderPetition } from './petition.ts';
import { renderConfirm, renderWithdraw } from './mail-links.ts';
import { renderPrivacy } from './privacy.ts';
import type { LazyRoute } from './org-views.ts';
import { replaceChildren } from './dom.ts';
import { strings } from './strings.ts';
import type { Cleanup, ViewContext } from './view.ts';

function start(): void {
  const main = document.getElementById('main');
  if (!main) return;

  // Static chrome: text comes from the strings object so it is translated with everything else.
  for (const el of document.querySelectorAll<HTMLElement>('[data-string]')) {
    const key = el.dataset.string as keyof typeof strings;
    const value = strings[key];
    if (typeof value === 'string') el.textContent = value;
  }
  document.title = strings.appName;

  // The skip link must not change the hash (that would be a route change).
  document.querySelector('.skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });

  let cleanup: Cleanup | undefined;
  let navigations = 0;

  const render = (): void => {
    cleanup?.();
    cleanup = undefined;
    const isNavigation = navigations++ > 0;
    if (isNavigation) window.scrollTo(0, 0);

    const ctx: ViewContext = {
      ready(heading, title) {
        document.title = title ? `${title} — ${strings.appName}` : strings.appName;
        if (isNavigation && heading.isConnected) heading.focus({ preventScroll: true });
      },
    };
    const route = parseRoute(location.hash);
    // Organiser pages hold tables and a chart: they get a wider column.
    document.body.classList.toggle('org-area', route.name.startsWith('org'));
    switch (route.name) {
      case 'list':
        cleanup = renderList(main, ctx);
        break;
      case 'petition':
        cleanup = renderPetition(main, route.slug, ctx);
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
      case 'cosign':
      case 'orgSignIn':
      case 'orgSession':
      case 'orgHome':
      case 'orgNew':
      case 'orgEdit':
      case 'orgCampaign':
      case 'orgMembers':
      case 'orgTokens':
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

  window.addEventListener('hashchange', render);
  render();
}

/** Loads the organiser pages' chunk (once; a failed load is tried again next time) and renders one. */
let lazyViews: Promise<typeof import('./org-views.ts')> | undefined;

function renderLazy(main: HTMLElement, route: LazyRoute, ctx: ViewContext): Cleanup {
  let cancelled = false;
  let inner: Cleanup | undefined;
  replaceChildren(main, loadingView());
  lazyViews ??= import('./org-views.ts').catch((error: unknown) => {
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

start();
