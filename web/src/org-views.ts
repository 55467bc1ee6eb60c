/**
 * The organiser pages and the co-sign page, in one chunk that main.ts loads only when one of them
 * is opened: people signing a petition on a slow phone connection never download them.
 */
import { renderCosign } from './cosign.ts';
import type { OrgRoute, Route } from './logic.ts';
import { renderMembers, renderTokens } from './org-admin.ts';
import { renderSession, renderSignIn } from './org-auth.ts';
import { renderOrgCampaign } from './org-campaign.ts';
import { renderEditor } from './org-editor.ts';
import { renderOrgHome } from './org-home.ts';
import type { Cleanup, ViewContext } from './view.ts';

export type LazyRoute = OrgRoute | Extract<Route, { name: 'cosign' }>;

export function renderLazyRoute(main: HTMLElement, route: LazyRoute, ctx: ViewContext): Cleanup {
  switch (route.name) {
    case 'cosign':
      return renderCosign(main, route, ctx);
    case 'orgSignIn':
      return renderSignIn(main, ctx);
    case 'orgSession':
      return renderSession(main, route.token, ctx);
    case 'orgHome':
      return renderOrgHome(main, ctx);
    case 'orgNew':
      return renderEditor(main, undefined, ctx);
    case 'orgEdit':
      return renderEditor(main, route.slug, ctx);
    case 'orgCampaign':
      return renderOrgCampaign(main, route.slug, ctx);
    case 'orgMembers':
      return renderMembers(main, ctx);
    case 'orgTokens':
      return renderTokens(main, ctx);
  }
}
