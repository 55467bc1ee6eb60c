/**
 * The organiser pages and the co-sign page, in one chunk that main.ts loads only when one of them
 * is opened: people signing a campaign on a slow phone connection never download them.
 */
import { renderCosign } from '../cosigning/cosign-page.ts';
import type { OrgRoute, Route } from '../../app/routes.ts';
import { renderMembers, renderTokens } from '../members/members.ts';
import { renderProfile } from '../profile/profile.ts';
import { renderSession, renderSignIn } from './sign-in.ts';
import { renderOrgCampaign } from '../campaign/campaign-page.ts';
import { renderEditor } from '../editor/editor.ts';
import { renderOrgHome } from './home.ts';
import type { Cleanup, ViewContext } from '../../app/view.ts';

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
    case 'orgProfile':
      return renderProfile(main, ctx);
  }
}
