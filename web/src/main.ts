/** Entry point: fills the page chrome from the strings and routes on the location hash. */
import { parseRoute } from './logic.ts';
import { renderList } from './list.ts';
import { messageView } from './common.ts';
import { renderPetition } from './petition.ts';
import { renderConfirm, renderWithdraw } from './mail-links.ts';
import { renderPrivacy } from './privacy.ts';
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

start();
