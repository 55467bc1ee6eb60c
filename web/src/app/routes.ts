/**
 * Routing: the page's hashes (public and organiser) read into a Route, and the hashes and API paths
 * the pages link to. Pure: no DOM, no fetch, no globals.
 */
export type Route =
  | { name: 'list' }
  | { name: 'petition'; slug: string }
  | { name: 'confirm'; slug: string; id: string; token: string }
  | { name: 'withdraw'; slug: string; id: string; token: string }
  | { name: 'privacy' }
  | { name: 'organisation'; id: string }
  | { name: 'cosign'; slug: string; token: string }
  | OrgRoute
  | { name: 'unknown' };

/** The organiser pages, all under `#/org`. */
export type OrgRoute =
  | { name: 'orgSignIn' }
  | { name: 'orgSession'; token: string }
  | { name: 'orgHome' }
  | { name: 'orgNew' }
  | { name: 'orgCampaign'; slug: string }
  | { name: 'orgEdit'; slug: string }
  | { name: 'orgMembers' }
  | { name: 'orgTokens' }
  | { name: 'orgProfile' };

/** A link in an email: which signature, and the secret that proves the reader received that email. */
export type MailAction = 'confirm' | 'withdraw';

const MAX_SLUG_LENGTH = 200;
/** Signature ids and link tokens are URL-safe strings; anything else was mangled on the way. */
const LINK_PART = /^[A-Za-z0-9._~-]{1,512}$/;

/**
 * Parses `location.hash` into a route. `''`, `'#'`, `'#/'` → the list; `'#/p/<slug>'` (optionally
 * with a trailing slash or a `?query`) → one campaign; `'#/p/<slug>/confirm/<id>/<token>'` and
 * `…/withdraw/…` → the email links (in the hash so tokens never reach server or CDN logs);
 * `'#/privacy'` → the privacy page; anything else → unknown.
 */
export function parseRoute(hash: string): Route {
  let path = hash.startsWith('#') ? hash.slice(1) : hash;
  const query = path.indexOf('?');
  if (query !== -1) path = path.slice(0, query);
  if (path === '' || path === '/') return { name: 'list' };
  if (path === '/privacy' || path === '/privacy/') return { name: 'privacy' };
  if (path === '/org' || path.startsWith('/org/')) return parseOrgPath(path);
  // An organisation's public page (issue #17): `#/o/<id>`, its id as GET /api/campaigns?org= takes it.
  const organisation = /^\/o\/([A-Za-z0-9_-]{1,64})\/?$/.exec(path);
  if (organisation?.[1]) return { name: 'organisation', id: organisation[1] };

  const cosign = /^\/p\/([^/]+)\/cosign\/([^/]+)\/?$/.exec(path);
  if (cosign?.[1] && cosign[2]) {
    const slug = decodePart(cosign[1]);
    const token = decodePart(cosign[2]);
    if (slug === undefined || !isValidSlug(slug) || token === undefined || !LINK_PART.test(token)) return { name: 'unknown' };
    return { name: 'cosign', slug, token };
  }

  const match = /^\/p\/([^/]+)(?:\/(confirm|withdraw)\/([^/]+)\/([^/]+))?\/?$/.exec(path);
  if (!match?.[1]) return { name: 'unknown' };
  const slug = decodePart(match[1]);
  if (slug === undefined || !isValidSlug(slug)) return { name: 'unknown' };
  const action = match[2] as MailAction | undefined;
  if (!action) return { name: 'petition', slug };

  const id = decodePart(match[3] ?? '');
  const token = decodePart(match[4] ?? '');
  if (id === undefined || token === undefined || !LINK_PART.test(id) || !LINK_PART.test(token)) return { name: 'unknown' };
  return { name: action, slug, id, token };
}

/** `/org…` paths (query already removed); see parseRoute. */
function parseOrgPath(path: string): Route {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  switch (p) {
    case '/org':
      return { name: 'orgSignIn' };
    case '/org/campaigns':
      return { name: 'orgHome' };
    case '/org/new':
      return { name: 'orgNew' };
    case '/org/members':
      return { name: 'orgMembers' };
    case '/org/tokens':
      return { name: 'orgTokens' };
    case '/org/profile':
      return { name: 'orgProfile' };
  }
  const signIn = /^\/org\/sign-in\/([^/]+)$/.exec(p);
  if (signIn?.[1]) {
    const token = decodePart(signIn[1]);
    return token !== undefined && LINK_PART.test(token) ? { name: 'orgSession', token } : { name: 'unknown' };
  }
  const campaign = /^\/org\/c\/([^/]+)(\/edit)?$/.exec(p);
  if (campaign?.[1]) {
    const slug = decodePart(campaign[1]);
    if (slug === undefined || !isValidSlug(slug)) return { name: 'unknown' };
    return campaign[2] ? { name: 'orgEdit', slug } : { name: 'orgCampaign', slug };
  }
  return { name: 'unknown' };
}

function decodePart(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

function isValidSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= MAX_SLUG_LENGTH && !/[/\\\u0000-\u001f\u007f]/.test(slug) && slug.trim() === slug;
}

/** The hash that leads to one campaign. */
export function campaignHash(slug: string): string {
  return `#/p/${encodeURIComponent(slug)}`;
}

/** The hash of an email link (confirm or withdraw) for one signature. */
export function mailActionHash(action: MailAction, slug: string, id: string, token: string): string {
  return `${campaignHash(slug)}/${action}/${encodeURIComponent(id)}/${encodeURIComponent(token)}`;
}

export const PRIVACY_HASH = '#/privacy';

/** Hashes of the organiser pages. */
export const ORG_HASH = {
  signIn: '#/org',
  home: '#/org/campaigns',
  new: '#/org/new',
  members: '#/org/members',
  tokens: '#/org/tokens',
  profile: '#/org/profile',
} as const;

export function orgCampaignHash(slug: string, edit = false): string {
  return `#/org/c/${encodeURIComponent(slug)}${edit ? '/edit' : ''}`;
}

/** The co-sign link an organiser hands to another organisation. */
export function cosignHash(slug: string, token: string): string {
  return `${campaignHash(slug)}/cosign/${encodeURIComponent(token)}`;
}

/** API path for a campaign, with the slug safely encoded. */
export function campaignApiPath(slug: string, suffix: '' | '/count' | '/signatures' | '/signers' | '/cosigners' | '/cosigners/preview' = ''): string {
  return `/api/campaigns/${encodeURIComponent(slug)}${suffix}`;
}

/** API path that confirms or withdraws one signature. */
export function mailActionApiPath(action: MailAction | 'preview', slug: string, id: string): string {
  return `${campaignApiPath(slug, '/signatures')}/${encodeURIComponent(id)}/${action}`;
}

/**
 * The address people share for a campaign (share links, copy link, the poster's QR code):
 * `<origin>/c/<slug>`, the campaign's published page (issue #17), whose head carries its title,
 * description and share card for link previews. Every shared address goes through this one function.
 */
export function campaignUrl(origin: string, slug: string): string {
  return `${origin.replace(/\/+$/, '')}${campaignPath(slug)}`;
}

/** `/c/<slug>`: a campaign's real path (functions/rules/campaign-paths.ts is the server's twin). */
export function campaignPath(slug: string): string {
  return `/c/${encodeURIComponent(slug)}`;
}

/** The page languages a campaign's path may name (`/c/<slug>/<lang>`): the catalogue's codes. */
const PATH_LANGUAGE = /^[a-z]{2}$/;

/**
 * A campaign's real path, `/c/<slug>` or `/c/<slug>/<lang>` (a trailing slash allowed): its slug
 * and language, or undefined for any other path.
 */
export function parseCampaignPath(pathname: string): { slug: string; lang?: string } | undefined {
  const match = /^\/c\/([^/]+)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match?.[1]) return undefined;
  const slug = decodePart(match[1]);
  if (slug === undefined || !isValidSlug(slug)) return undefined;
  if (match[2] !== undefined && !PATH_LANGUAGE.test(match[2])) return undefined;
  return match[2] ? { slug, lang: match[2] } : { slug };
}

/**
 * The route of the whole location: a campaign's real path when the hash names no page, else the
 * hash's route (mail links, co-signing, privacy and organiser pages stay hash routes, so their tokens
 * never reach a server or CDN log).
 */
export function routeOf(pathname: string, hash: string): Route {
  const page = parseCampaignPath(pathname);
  if (page && !hash.startsWith('#/')) return { name: 'petition', slug: page.slug };
  return parseRoute(hash);
}

/**
 * Where the address bar should say the page is, or undefined when it already does. An old link to a
 * campaign (`#/p/<slug>`, shared before campaigns had real paths) moves to `/c/<slug>`; on a
 * campaign's path, a hash route (a link to the privacy page, the list, a mail link) moves to `/` with
 * its hash, where those pages live. The page calls history.replaceState with it: nothing reloads.
 */
export function canonicalLocation(pathname: string, search: string, hash: string): string | undefined {
  const route = parseRoute(hash);
  if (route.name === 'petition') return `${campaignPath(route.slug)}${search}`;
  if (parseCampaignPath(pathname) && hash.startsWith('#/')) return `/${search}${hash}`;
  return undefined;
}

/** The hash of an organisation's public page: its campaigns, open and archived (issue #17). */
export function organisationHash(id: string): string {
  return `#/o/${encodeURIComponent(id)}`;
}
